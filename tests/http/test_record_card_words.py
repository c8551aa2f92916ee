"""The standard patient-view hook's cards about the record, and each service's title and description in discovery,
are the knowledge base's sentences ([record_card] and [card] in rules/case-words.toml): an app over a reworded copy
says the new words on the cards of a whole record, one that lacks inputs, one with no HER2 result, one missing a
prefetch key and one of another patient, and in the discovery document."""

from __future__ import annotations

from typing import Any

import pytest
from fhir_records import RECORDS, patient_view
from flask import Flask
from flask.testing import FlaskClient
from rules_copy import loaded

from web import create_app

URL = "/cds-services/her2-patient-view"
REWORDED = [
    ('"How the record became a case: each value', '"From the record to the case: each value'),
    ('where = "{resource}, {path}"', 'where = "{resource} at {path}"'),
    ('value = "- **{field}**: {value} ({where}; {note})"', 'value = "- **{field}** = {value} [{where}; {note}]"'),
    ('read = "Case read from the record"', 'read = "The record, read as a case"'),
    ('missing_summary = "Not in the record: {items}"', 'missing_summary = "The record lacks {items}"'),
    ('missing_item = "- **{what}**: {send}.{decides}"', 'missing_item = "- **{what}**: {send}!{decides}"'),
    ('"No HER2 result in the record: no option is shown"', '"No HER2 result, so no option"'),
    ('prefetch_summary = "Send the prefetch: {items}"', 'prefetch_summary = "Please send {items}"'),
    ('"The record sent is another patient\'s: nothing was read"', '"Another patient\'s record: not read"'),
    ('service = "HER2-positive breast cancer case review (educational)"', 'service = "A case review (for teaching)"'),
    ('patient_view = "HER2-positive breast cancer: this patient', 'patient_view = "For teaching: this patient'),
    ('"{disclaimer} Send a case as context.case', '"{disclaimer} Post a case as context.case'),
]


@pytest.fixture(scope="module")
def reworded(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return create_app({"TESTING": True, "ENGINE": loaded(tmp_path_factory.mktemp("reworded"), *REWORDED)})


def _cards(client: FlaskClient, record: list[dict[str, Any]], **more: Any) -> list[dict[str, Any]]:
    body = patient_view(record)
    for key, value in more.items():
        if key == "without":
            del body["prefetch"][value]
            body["fhirServer"] = "https://ehr.example/fhir"
        else:
            body["context"]["patientId"] = value
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.get_json()
    cards: list[dict[str, Any]] = response.get_json()["cards"]
    return cards


def test_reworded_record_cards_reach_the_patient_view(reworded: Flask) -> None:
    client = reworded.test_client()
    whole = _cards(client, RECORDS["metastatic first line"])
    assert whole[0]["summary"] == "The record, read as a case (educational)"
    assert whole[0]["detail"].startswith("From the record to the case: each value")
    assert "- **HER2 status** = HER2-positive [Observation/her2 at valueCodeableConcept; " in whole[0]["detail"]
    lacking = _cards(client, RECORDS["missing data"])
    (missing,) = [c for c in lacking if c["summary"].startswith("The record lacks ")]
    assert "**lymph-node status**: an N category Observation (LOINC 21906-3" in missing["detail"]
    assert "!" in missing["detail"]
    no_her2 = [r for r in RECORDS["metastatic first line"] if not r["id"].startswith("her2")]
    assert "No HER2 result, so no option (educational)" in [c["summary"] for c in _cards(client, no_her2)]
    unsent = _cards(client, RECORDS["adjuvant"], without="medicationRequests")
    assert unsent[0]["summary"] == "Please send medicationRequests (educational)"
    (other,) = _cards(client, RECORDS["adjuvant"], patient="p2")
    assert other["summary"] == "Another patient's record: not read (educational)"


def test_reworded_service_words_reach_the_discovery_document(reworded: Flask) -> None:
    services = {s["id"]: s for s in reworded.test_client().get("/cds-services").get_json()["services"]}
    assert services["her2-case-review"]["title"] == "A case review (for teaching)"
    assert "Educational use only" in services["her2-case-review"]["description"]
    assert (
        ". Post a case as context.case (the fields of the her2-cds case)" in services["her2-case-review"]["description"]
    )
    assert services["her2-patient-view"]["title"].startswith("For teaching: this patient's options")
