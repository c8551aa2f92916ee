"""Realistic FHIR R4 records for the tests, built from the codes mCODE and synthetic-patient generators use.

Each builder returns one resource as JSON; `bundle` wraps them as a searchset Bundle, and `prefetch`
splits them into a patient-view prefetch. The settings of the teaching scenarios are at the bottom.
"""

from __future__ import annotations

from typing import Any

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
AJCC = "http://cancerstaging.org"
PATIENT = "Patient/p1"
POSITIVE = (SNOMED, "10828004", "Positive (qualifier value)")
NEGATIVE = (SNOMED, "260385009", "Negative (qualifier value)")

Resource = dict[str, Any]
# a local modifier extension as an EHR might send one: its meaning is the sender's, unknown here
UNKNOWN_MODIFIER = {"url": "http://example.org/fhir/StructureDefinition/order-on-trial-hold", "valueBoolean": True}


def _concept(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def patient(birth: str = "1968-04-12", rid: str = "p1") -> Resource:
    return {"resourceType": "Patient", "id": rid, "gender": "female", "birthDate": birth}


def marker(rid: str, loinc: str, display: str, when: str, value: tuple[str, str, str] | str) -> Resource:
    """A tumor-marker Observation: a coded result (system, code, display) or an IHC score such as '2+'."""
    obs: Resource = {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "category": [_concept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Lab")],
        "code": _concept(LOINC, loinc, display),
        "subject": {"reference": PATIENT},
        "effectiveDateTime": when,
    }
    if isinstance(value, str):
        obs["valueString"] = value
    else:
        obs["valueCodeableConcept"] = _concept(*value)
    return obs


def her2_ihc(rid: str, when: str, value: tuple[str, str, str] | str) -> Resource:
    return marker(rid, "85319-2", "HER2 [Presence] in Breast cancer specimen by Immune stain", when, value)


def her2_ish(rid: str, when: str, value: tuple[str, str, str]) -> Resource:
    return marker(rid, "85318-4", "HER2 [Presence] in Breast cancer specimen by FISH", when, value)


def er(rid: str, when: str, value: tuple[str, str, str]) -> Resource:
    return marker(
        rid, "85337-4", "Estrogen receptor Ag [Presence] in Breast cancer specimen by Immune stain", when, value
    )


def pr(rid: str, when: str, value: tuple[str, str, str]) -> Resource:
    return marker(
        rid, "85339-0", "Progesterone receptor Ag [Presence] in Breast cancer specimen by Immune stain", when, value
    )


def staging(rid: str, loinc: str, display: str, when: str, code: str) -> Resource:
    """A TNM category or stage group Observation with an AJCC value (e.g. cT2, pN1, 4)."""
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "code": _concept(LOINC, loinc, display),
        "subject": {"reference": PATIENT},
        "effectiveDateTime": when,
        "valueCodeableConcept": {"coding": [{"system": AJCC, "code": code}]},
    }


def tumor_size(rid: str, when: str, cm: float) -> Resource:
    """Tumor size as mCODE writes it: 21889-1 with the maximum dimension (33728-7) in a component."""
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "code": _concept(LOINC, "21889-1", "Size Tumor"),
        "subject": {"reference": PATIENT},
        "effectiveDateTime": when,
        "component": [
            {
                "code": _concept(LOINC, "33728-7", "Size.maximum dimension in Tumor"),
                "valueQuantity": {"value": cm, "unit": "cm", "system": "http://unitsofmeasure.org", "code": "cm"},
            }
        ],
    }


def breast_cancer(rid: str = "bc1", onset: str = "2020-01-10") -> Resource:
    return {
        "resourceType": "Condition",
        "id": rid,
        "clinicalStatus": _concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"),
        "verificationStatus": _concept(
            "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"
        ),
        "code": _concept(SNOMED, "254837009", "Malignant neoplasm of breast (disorder)"),
        "subject": {"reference": PATIENT},
        "onsetDateTime": onset,
    }


def metastasis(rid: str = "met1", onset: str = "2022-06-01") -> Resource:
    condition = breast_cancer(rid, onset)
    condition["code"] = _concept(SNOMED, "94225005", "Secondary malignant neoplasm of brain")
    return condition


def surgery(rid: str = "surg1", when: str = "2020-03-02") -> Resource:
    return {
        "resourceType": "Procedure",
        "id": rid,
        "status": "completed",
        "code": _concept(SNOMED, "64368001", "Partial mastectomy (procedure)"),
        "subject": {"reference": PATIENT},
        "performedDateTime": when,
    }


def trastuzumab(rid: str, when: str, kind: str = "MedicationAdministration") -> Resource:
    med: Resource = {
        "resourceType": kind,
        "id": rid,
        "status": "completed",
        "medicationCodeableConcept": _concept(RXNORM, "224905", "trastuzumab"),
        "subject": {"reference": PATIENT},
    }
    if kind == "MedicationRequest":
        med.update(intent="order", authoredOn=when)
    else:
        med["effectiveDateTime"] = when
    return med


def do_not_give_trastuzumab(rid: str, when: str) -> Resource:
    """An active order not to give trastuzumab (MedicationRequest.doNotPerform true)."""
    return trastuzumab(rid, when, "MedicationRequest") | {"status": "active", "doNotPerform": True}


def menopause(rid: str, when: str, post: bool) -> Resource:
    code = ("76498008", "Postmenopausal state (finding)") if post else ("22636003", "Premenopausal state (finding)")
    return {
        "resourceType": "Condition",
        "id": rid,
        "code": _concept(SNOMED, *code),
        "subject": {"reference": PATIENT},
        "onsetDateTime": when,
    }


def bundle(*resources: Resource) -> Resource:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [{"fullUrl": f"urn:uuid:{r['resourceType']}-{r['id']}", "resource": r} for r in resources],
    }


PREFETCH_OF = {
    "Condition": "conditions",
    "Observation": "observations",
    "MedicationRequest": "medicationRequests",
    "MedicationStatement": "medicationStatements",
    "MedicationAdministration": "medicationAdministrations",
    "Procedure": "procedures",
}


def prefetch(*resources: Resource) -> dict[str, Any]:
    """The patient-view prefetch of these resources: every key present (empty Bundles where none)."""
    result: dict[str, Any] = {"patient": next((r for r in resources if r["resourceType"] == "Patient"), patient())}
    for kind, key in PREFETCH_OF.items():
        result[key] = bundle(*[r for r in resources if r["resourceType"] == kind])
    return result


def patient_view(record: list[Resource], as_of: str = "2025-01-15") -> dict[str, Any]:
    """A patient-view hook request for patient p1 with this record as its prefetch, answered as of `as_of`."""
    return {
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"patientId": "p1", "userId": "Practitioner/teacher"},
        "prefetch": prefetch(*record),
        "extension": {"her2-cds": {"as_of": as_of}},
    }


# ---- the teaching settings, each a patient's record ----

HER2_POSITIVE = [
    her2_ihc("her2", "2020-01-12", "3+"),
    er("er", "2020-01-12", NEGATIVE),
    pr("pr", "2020-01-12", NEGATIVE),
]

RECORDS: dict[str, list[Resource]] = {
    "metastatic first line": [
        patient(),
        breast_cancer("bc1", "2022-05-20"),
        metastasis("met1", "2022-06-01"),
        staging("stage", "21908-9", "Stage group.clinical Cancer", "2022-06-01", "4"),
        her2_ihc("her2", "2022-05-22", POSITIVE),
        er("er", "2022-05-22", POSITIVE),
        pr("pr", "2022-05-22", NEGATIVE),
        menopause("meno", "2019-01-01", post=True),
    ],
    "metastatic pretreated": [
        patient(),
        breast_cancer("bc1", "2019-02-01"),
        surgery("surg1", "2019-03-01"),
        *HER2_POSITIVE,
        trastuzumab("t1", "2019-04-01"),
        trastuzumab("t2", "2020-03-20"),
        metastasis("met1", "2021-09-15"),
        trastuzumab("t3", "2021-10-01", "MedicationRequest"),
    ],
    "neoadjuvant": [
        patient(),
        breast_cancer("bc1", "2024-02-01"),
        *HER2_POSITIVE,
        staging("t", "21905-5", "Primary tumor.clinical [Class] Cancer", "2024-02-03", "cT2"),
        staging("n", "21906-3", "Regional lymph nodes.clinical [Class] Cancer", "2024-02-03", "cN1"),
    ],
    "adjuvant": [
        patient(),
        breast_cancer("bc1", "2024-02-01"),
        surgery("surg1", "2024-03-01"),
        *HER2_POSITIVE,
        tumor_size("size", "2024-03-01", 1.8),
        staging("n", "21900-6", "Regional lymph nodes.pathology [Class] Cancer", "2024-03-01", "pN0"),
    ],
    "HER2-low": [
        patient(),
        breast_cancer("bc1", "2023-01-05"),
        metastasis("met1", "2023-01-20"),
        her2_ihc("her2", "2023-01-06", "2+"),
        her2_ish("ish", "2023-01-09", NEGATIVE),
        er("er", "2023-01-06", POSITIVE),
        pr("pr", "2023-01-06", POSITIVE),
    ],
    "missing data": [
        patient(),
        breast_cancer("bc1", "2024-02-01"),
        her2_ihc("her2", "2024-02-02", POSITIVE),
        staging("t", "21905-5", "Primary tumor.clinical [Class] Cancer", "2024-02-03", "cT3"),
    ],
    "contradictory results": [
        patient(),
        breast_cancer("bc1", "2021-01-05"),
        metastasis("met1", "2021-01-20"),
        her2_ihc("her2-old", "2021-01-06", NEGATIVE),
        her2_ish("her2-new", "2021-02-10", POSITIVE),
        er("er", "2021-01-06", NEGATIVE),
        pr("pr", "2021-01-06", NEGATIVE),
    ],
}
