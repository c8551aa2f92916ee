"""Step definitions for features/training_ehr.feature: a training EHR calls patient-view with its patient's record.

The patients are the realistic FHIR R4 records of tests/support/fhir_records.py, named in the feature in a
clinician's words; the service is the app's, through Flask's test client.
"""

from __future__ import annotations

from typing import Any

from cds_cards import cards as _cards
from cds_cards import plain as _plain
from fhir_records import (
    NEGATIVE,
    RECORDS,
    UNKNOWN_MODIFIER,
    do_not_give_trastuzumab,
    her2_ihc,
    patient,
    prefetch,
    trastuzumab,
)
from flask.testing import FlaskClient
from pytest_bdd import given, parsers, scenarios, then, when
from werkzeug.test import TestResponse

scenarios("training_ehr.feature")

URL = "/cds-services/her2-patient-view"
PATIENTS: dict[str, list[dict[str, Any]]] = {
    "newly metastatic disease, HER2 positive, estrogen receptor positive, postmenopausal": RECORDS[
        "metastatic first line"
    ],
    "metastatic relapse after adjuvant trastuzumab, trastuzumab restarted": RECORDS["metastatic pretreated"],
    "a cT2 cN1 tumor, not yet operated on": RECORDS["neoadjuvant"],
    "a 1.8 cm node-negative tumor, removed by partial mastectomy": RECORDS["adjuvant"],
    "metastatic disease, HER2 2+ by immunohistochemistry and not amplified": RECORDS["HER2-low"],
    "a cT3 tumor and no receptor or node results": RECORDS["missing data"],
    "metastatic disease, HER2 negative by immunohistochemistry, then amplified by in situ hybridization": RECORDS[
        "contradictory results"
    ],
    "a HER2 result dated 30 February": [patient(), her2_ihc("her2", "2024-02-30", NEGATIVE)],
    "newly metastatic disease and an order not to give trastuzumab": [
        *RECORDS["metastatic first line"],
        do_not_give_trastuzumab("no-trastuzumab", "2024-11-01"),
    ],
    "newly metastatic disease and a trastuzumab order carrying an unknown modifier": [
        *RECORDS["metastatic first line"],
        trastuzumab("t1", "2024-11-01", "MedicationRequest") | {"modifierExtension": [UNKNOWN_MODIFIER]},
    ],
}


def _request(record: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "hook": "patient-view",
        "hookInstance": "a7c3e1f0-6f0e-4f5e-9a43-2f1f0c9e0b11",
        "context": {"patientId": "p1", "userId": "Practitioner/student"},
        "prefetch": prefetch(*record),
        "extension": {"her2-cds": {"as_of": "2025-01-15"}},
    }


@given("the her2-cds CDS Hooks service", target_fixture="service")
def the_service(client: FlaskClient) -> FlaskClient:
    return client


@given(parsers.parse("the training patient with {description}"), target_fixture="record")
def the_patient(description: str) -> list[dict[str, Any]]:
    return PATIENTS[description]


@when("the training EHR opens the patient's chart on 15 January 2025", target_fixture="response")
def opens_chart(service: FlaskClient, record: list[dict[str, Any]]) -> TestResponse:
    return service.post(URL, json=_request(record))


@when("the training EHR opens the patient's chart without sending the observations", target_fixture="response")
def opens_chart_without_observations(service: FlaskClient, record: list[dict[str, Any]]) -> TestResponse:
    body = _request(record)
    del body["prefetch"]["observations"]
    return service.post(URL, json=body)


@when(
    "the training EHR, naming its FHIR server, opens the patient's chart without sending the observations",
    target_fixture="response",
)
def opens_chart_with_server_without_observations(service: FlaskClient, record: list[dict[str, Any]]) -> TestResponse:
    body = _request(record) | {"fhirServer": "https://ehr.example.org/fhir"}
    del body["prefetch"]["observations"]
    return service.post(URL, json=body)


@then(parsers.parse('the EHR is told the precondition failed: "{field}" is required'))
def precondition_failed(response: TestResponse, field: str) -> None:
    assert response.status_code == 412
    assert [e["field"] for e in response.get_json()["errors"]] == [field]


@then("no option card is shown")
def no_option_card(response: TestResponse) -> None:
    summaries = [str(c["summary"]) for c in _cards(response)]
    assert not any(s.startswith(("FDA-approved", "Supported", "Investigational", "Not recommended")) for s in summaries)
    assert "No HER2 result in the record: no option is shown (educational)" in summaries


@then(parsers.parse('the record card reads "{text}"'))
def record_card_reads(response: TestResponse, text: str) -> None:
    record_card = next(c for c in _cards(response) if "How the record became a case" in c["detail"])
    assert text in _plain(record_card)


@then(parsers.parse("a card shows {regimen} as {status}"))
def card_shows(response: TestResponse, regimen: str, status: str) -> None:
    summaries = [str(c["summary"]).lower() for c in _cards(response)]
    assert f"{status}: {regimen} (educational)".lower() in summaries


@then("every card says it is for educational use only")
def educational(response: TestResponse) -> None:
    assert all("Educational use only" in c["detail"] for c in _cards(response))


@then("no HER2-directed option is offered")
def nothing_offered(response: TestResponse) -> None:
    cards = _cards(response)
    assert cards[-1]["summary"] == "No HER2-directed option for this case (educational)"
    assert not any(str(c["summary"]).startswith(("FDA-approved", "Supported")) for c in cards)


@then(parsers.parse('a card says the record lacks "{what}", settled by "{resource}"'))
def lacks(response: TestResponse, what: str, resource: str) -> None:
    card = next(c for c in _cards(response) if "What would settle each" in str(c["detail"]))
    line = next(line for line in _plain(card).splitlines() if line.startswith(f"- {what}:"))
    assert resource in line


@then(parsers.parse('a warning says "{text}"'))
def warning_says(response: TestResponse, text: str) -> None:
    assert any(c["indicator"] == "warning" and text in _plain(c) for c in _cards(response))


@then("a card asks for the observations prefetch")
def asks_for_prefetch(response: TestResponse) -> None:
    card = _cards(response)[0]
    assert card["summary"] == "Send the prefetch: observations (educational)"
    assert "Observation?patient={{context.patientId}}" in card["detail"]


@then(parsers.parse('the EHR is told that "{field}" is wrong'))
def told_wrong(response: TestResponse, field: str) -> None:
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == [field]
