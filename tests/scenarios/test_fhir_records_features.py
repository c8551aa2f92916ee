"""Step definitions for features/fhir_records.feature: real records (tests/records/data) and records built around
them, sent to the patient-view service and to the FHIR case API through Flask's test client."""

from __future__ import annotations

from typing import Any

from cds_cards import cards as _cards
from cds_cards import plain as _plain
from fhir_records import (
    LOINC,
    NEGATIVE,
    POSITIVE,
    SNOMED,
    breast_cancer,
    er,
    her2_ihc,
    patient,
    pr,
    prefetch,
    staging,
    surgery,
    trastuzumab,
    tumor_size,
)
from flask.testing import FlaskClient
from pytest_bdd import given, parsers, scenarios, then, when
from real_records import JENNY, SYNTHEA_IV, find, load, patient_id, resources
from werkzeug.test import TestResponse

scenarios("fhir_records.feature")

URL = "/cds-services/her2-patient-view"
JENNY_HER2 = "tumor-marker-test-her2-jenny-m"
V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
# a HER2 result's value, by the words of the feature's examples
VALUES: dict[str, dict[str, Any]] = {
    'the LOINC answer "Negative"': {"valueCodeableConcept": {"coding": [{"system": LOINC, "code": "LA6577-6"}]}},
    'SNOMED CT "Negative"': {"valueCodeableConcept": {"coding": [{"system": SNOMED, "code": NEGATIVE[1]}]}},
    'the words "Negative"': {"valueString": "Negative"},
    'the score "0"': {"valueString": "0"},
    'the ratio "less than 1.8"': {"valueString": "less than 1.8"},
    'the interpretation code "NEG"': {"interpretation": [{"coding": [{"system": V3, "code": "NEG"}]}]},
}


def _her2_positive(record: dict[str, Any]) -> dict[str, Any]:
    find(record, JENNY_HER2)["valueCodeableConcept"]["coding"][0] |= {"code": "LA6576-8", "display": "Positive"}
    return record


def _cm1(record: dict[str, Any]) -> dict[str, Any]:
    m = find(record, "tnm-clinical-distant-metastases-category-jenny-m")
    m["valueCodeableConcept"]["coding"][0] |= {
        "code": "1229903009",
        "display": "American Joint Committee on Cancer cM1 (qualifier value)",
    }
    return record


@given("the her2-cds CDS Hooks service", target_fixture="service")
def the_service(client: FlaskClient) -> FlaskClient:
    return client


@given("Jenny M's record without her HER2 result", target_fixture="record")
def jenny_without_her2() -> dict[str, Any]:
    record = load(JENNY)
    record["entry"] = [e for e in record["entry"] if e["resource"]["id"] != JENNY_HER2]
    return record


@given(parsers.parse("Jenny M's record with her HER2 result as LOINC {code} with {value}"), target_fixture="record")
def jenny_her2_as(code: str, value: str) -> dict[str, Any]:
    record = load(JENNY)
    her2 = find(record, JENNY_HER2)
    del her2["valueCodeableConcept"]
    her2["code"]["coding"][0] = {"system": LOINC, "code": code}
    her2.update(VALUES[value])
    return record


@given(
    "Jenny M's record, HER2-positive, with axillary lymph-node disease coded ICD-10-CM C77.3", target_fixture="record"
)
def jenny_nodes() -> dict[str, Any]:
    record = _her2_positive(load(JENNY))
    # found at her surgery, after her cN0 staging
    nodes = breast_cancer("nodes", "2018-04-01") | {"subject": {"reference": "Patient/cancer-patient-jenny-m"}}
    nodes["code"] = {"coding": [{"system": ICD10CM, "code": "C77.3"}]}
    record["entry"].append({"resource": nodes})
    return record


@given("Jenny M's record, HER2-positive, staged cM1 by SNOMED CT", target_fixture="record")
def jenny_cm1() -> dict[str, Any]:
    return _cm1(_her2_positive(load(JENNY)))


@given("Jenny M's record, HER2-positive, staged cM1 by SNOMED CT, for a man", target_fixture="record")
def jenny_man() -> dict[str, Any]:
    record = _cm1(_her2_positive(load(JENNY)))
    next(r for r in resources(record) if r["resourceType"] == "Patient")["gender"] = "male"
    return record


@given(
    "Jenny M's record, HER2-positive, staged cM1 by SNOMED CT, without her medication records", target_fixture="record"
)
def jenny_no_medications() -> dict[str, Any]:
    record = _cm1(_her2_positive(load(JENNY)))
    record["entry"] = [e for e in record["entry"] if not e["resource"]["resourceType"].startswith("Medication")]
    return record


@given("Jenny M's record with a Synthea patient's record added", target_fixture="record")
def jenny_and_another() -> dict[str, Any]:
    record = load(JENNY)
    record["entry"] += load(SYNTHEA_IV)["entry"]
    return record


def _neoadjuvant(ypn: str, residual_ihc: bool) -> dict[str, Any]:
    built = [
        patient(), breast_cancer("bc1", "2024-01-05"), her2_ihc("biopsy", "2024-01-10", "3+"),
        er("er", "2024-01-10", POSITIVE), pr("pr", "2024-01-10", POSITIVE),
        trastuzumab("t1", "2024-02-01"), trastuzumab("t2", "2024-04-20"), surgery("surg1", "2024-06-01"),
        tumor_size("size", "2024-06-01", 1.2),
        staging("ypt", "21899-0", "Primary tumor.pathology [Class] Cancer", "2024-06-01", "ypT1c"),
        staging("ypn", "21900-6", "Regional lymph nodes.pathology [Class] Cancer", "2024-06-01", ypn),
    ]  # fmt: skip
    if residual_ihc:
        built.append(her2_ihc("residual", "2024-06-01", "1+"))
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in built]}


@given(
    "a patient with IHC 3+ on the biopsy, neoadjuvant trastuzumab, then IHC 1+ and ypT1c ypN0 at surgery",
    target_fixture="record",
)
def her2_lost() -> dict[str, Any]:
    return _neoadjuvant("ypN0", residual_ihc=True)


@given(
    "a patient with IHC 3+ on the biopsy, neoadjuvant trastuzumab, then ypT1c ypN1 at surgery", target_fixture="record"
)
def residual() -> dict[str, Any]:
    return _neoadjuvant("ypN1", residual_ihc=False)


@when("the EHR opens the patient's chart on 15 January 2025", target_fixture="response")
def opens_chart(service: FlaskClient, record: dict[str, Any]) -> TestResponse:
    body = {
        "hook": "patient-view",
        "hookInstance": "5f0c7a2e-8d43-4c5e-9a1b-2f3e4d5c6b7a",
        "context": {"patientId": patient_id(record)},
        "prefetch": prefetch(*resources(record)),
        "extension": {"her2-cds": {"as_of": "2025-01-15"}},
    }
    return service.post(URL, json=body)


@when("the EHR sends the Bundle to the FHIR case API", target_fixture="response")
def sends_bundle(service: FlaskClient, record: dict[str, Any]) -> TestResponse:
    return service.post("/api/v1/fhir/case?as_of=2025-01-15", json=record, content_type="application/fhir+json")


@then("no option card is shown")
def no_option_card(response: TestResponse) -> None:
    summaries = [str(c["summary"]) for c in _cards(response)]
    assert not any(s.startswith(("FDA-approved", "Supported", "Investigational", "Not recommended")) for s in summaries)


@then(parsers.parse('a card says "{text}"'))
def card_says(response: TestResponse, text: str) -> None:
    assert any(text in _plain(c) for c in _cards(response))


@then(parsers.parse('the FHIR case API reads HER2 status as "{status}"'))
def api_reads(service: FlaskClient, record: dict[str, Any], status: str) -> None:
    case = service.post("/api/v1/fhir/case?as_of=2025-01-15", json=record).get_json()["case"]
    assert case["her2_status"] == status


@then("the FHIR case API reads prior trastuzumab as not known")
def api_reads_not_known(service: FlaskClient, record: dict[str, Any]) -> None:
    case = service.post("/api/v1/fhir/case?as_of=2025-01-15", json=record).get_json()["case"]
    assert case["prior_trastuzumab"] is None


@then(parsers.parse('the record card reads "{text}"'))
def record_card_reads(response: TestResponse, text: str) -> None:
    record_card = next(c for c in _cards(response) if "How the record became a case" in c["detail"])
    assert text.lower() in _plain(record_card).lower()


@then("no HER2-directed option is offered")
def nothing_offered(response: TestResponse) -> None:
    cards = _cards(response)
    assert cards[-1]["summary"] == "No HER2-directed option for this case (educational)"
    assert not any(str(c["summary"]).startswith(("FDA-approved", "Supported")) for c in cards)


@then(parsers.parse('a warning says "{text}"'))
def warning_says(response: TestResponse, text: str) -> None:
    assert any(c["indicator"] == "warning" and text in _plain(c) for c in _cards(response))


@then(parsers.parse("a card shows {regimen} as {status}"))
def card_shows(response: TestResponse, regimen: str, status: str) -> None:
    summaries = [str(c["summary"]).lower() for c in _cards(response)]
    assert f"{status}: {regimen} (educational)".lower() in summaries


@then("no card shows lapatinib + letrozole")
def no_lapatinib_letrozole(response: TestResponse) -> None:
    assert not any("lapatinib + letrozole (educational)" in str(c["summary"]).lower() for c in _cards(response))


@then("the record is refused, naming the other Patient and each of its resources by path")
def refused(response: TestResponse) -> None:
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["case"] is None
    errors = answer["other_patients"]
    assert errors[0]["message"].startswith("Patient/8be62b06-5994-47fe-aad8-a27a02e054fa, id:")
    assert all(e["field"].endswith((".id", ".subject.reference")) for e in errors)


@then("no card asks for menopausal status")
def no_menopause(response: TestResponse) -> None:
    assert not any("menopausal status**:" in str(c["detail"]) for c in _cards(response))
