"""The standard patient-view hook (web/fhir_case.py, render/cds_fhir.py): a FHIR R4 prefetch in, cards out."""

from __future__ import annotations

import copy
import re
import socket
from typing import Any

import jsonschema
import pytest
from cds_hooks_schema import DISCOVERY, RESPONSE
from fhir_records import NEGATIVE, RECORDS, her2_ihc, patient, patient_view, prefetch
from flask.testing import FlaskClient

from engine.vocabulary import CASE_FIELDS
from intake import PREFETCH

URL = "/cds-services/her2-patient-view"
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a field name such as her2_status


def _hook(record: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    return patient_view(record) | changes


def _cards(client: FlaskClient, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.get_json()
    jsonschema.validate(response.get_json(), RESPONSE)
    cards: list[dict[str, Any]] = response.get_json()["cards"]
    return cards


def test_discovery_lists_patient_view_with_its_prefetch(client: FlaskClient) -> None:
    """Discovery has the custom hook and patient-view, whose prefetch templates ask for the patient's record."""
    document = client.get("/cds-services").get_json()
    jsonschema.validate(document, DISCOVERY)
    services = {s["hook"]: s for s in document["services"]}
    assert set(services) == {"org.her2-cds.case-review", "patient-view"}
    view = services["patient-view"]
    assert view["id"] == "her2-patient-view"
    assert set(view["prefetch"]) == set(PREFETCH)
    assert view["prefetch"]["patient"] == "Patient/{{context.patientId}}"
    assert all("{{context.patientId}}" in template for template in view["prefetch"].values())
    assert "prefetch" not in services["org.her2-cds.case-review"]


@pytest.mark.parametrize("name", RECORDS)
def test_the_answer_cards_are_the_custom_hooks_cards(client: FlaskClient, name: str) -> None:
    """After the record's cards come exactly the cards the custom hook gives for the mapped case."""
    cards = _cards(client, _hook(RECORDS[name]))
    case = client.post("/api/v1/fhir/case?as_of=2025-01-15", json=_bundle(name)).get_json()["case"]
    custom = client.post(
        "/cds-services/her2-case-review",
        json={
            "hook": "org.her2-cds.case-review",
            # a field said to be not known stays null: left out, it would be read as its default
            "context": {"case": {k: v for k, v in case.items() if v is not None or CASE_FIELDS[k].nullable}},
        },
    ).get_json()["cards"]
    assert _without_uuids(cards[-len(custom) :]) == _without_uuids(custom)
    assert cards[0]["summary"].startswith("Case read from the record")


def _without_uuids(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in card.items() if k != "uuid"} for card in cards]


def _bundle(name: str) -> dict[str, Any]:
    from fhir_records import bundle

    return bundle(*RECORDS[name])


@pytest.mark.parametrize("name", RECORDS)
def test_cards_are_in_clinical_words(client: FlaskClient, name: str) -> None:
    """No card summary or detail names a case field the way the JSON does."""
    for card in _cards(client, _hook(RECORDS[name])):
        assert not SNAKE.findall(card["summary"] + card["detail"]), card["summary"]
        assert "Educational use only" in card["detail"]


def test_her2_low_first_line_gets_no_option_its_line_rules_out(client: FlaskClient) -> None:
    """IHC 2+ without amplification in metastatic disease, read as first line: the record card says HER2-low, and
    T-DXd's HER2-low indications (after chemotherapy, or endocrine therapy, for metastatic disease) do not apply,
    not even conditionally, since first line means no such treatment yet."""
    cards = _cards(client, _hook(RECORDS["HER2-low"]))
    assert "HER2-low" in cards[0]["detail"]
    options = [c["summary"] for c in cards if c["summary"].startswith(("FDA-approved", "Supported", "No HER2"))]
    assert options == ["No HER2-directed option for this case (educational)"]


def test_contradictory_results_get_a_warning_naming_both(client: FlaskClient) -> None:
    """Two HER2 results that disagree with no therapy between: a warning card names both; the positive counts."""
    cards = _cards(client, _hook(RECORDS["contradictory results"]))
    (conflict,) = [c for c in cards if c["summary"].startswith("HER2 results in the record disagree")]
    assert conflict["indicator"] == "warning"
    assert "Observation/her2-old" in conflict["detail"]
    assert "Observation/her2-new" in conflict["detail"]
    assert any(c["summary"].startswith("FDA-approved") for c in cards)


def test_missing_inputs_get_a_card_naming_each_and_its_resource(client: FlaskClient) -> None:
    """Missing receptors and nodes: one warning card lists each with the resource that would settle it."""
    cards = _cards(client, _hook(RECORDS["missing data"]))
    (missing,) = [c for c in cards if c["summary"].startswith("Not in the record")]
    assert missing["indicator"] == "warning"
    assert "**lymph-node status**: an N category Observation (LOINC 21906-3" in missing["detail"]
    assert "85337-4" in missing["detail"]


def test_a_missing_prefetch_gets_a_card_saying_which_to_send(client: FlaskClient) -> None:
    """Without the observations prefetch (a fhirServer named), a card names the key and its query; nothing is
    fetched."""
    body = _hook(RECORDS["adjuvant"], fhirServer="https://ehr.example.org/fhir")
    del body["prefetch"]["observations"]
    (card, *_) = _cards(client, body)
    assert card["summary"] == "Send the prefetch: observations (educational)"
    assert PREFETCH["observations"][0] in card["detail"]


def test_no_prefetch_at_all_gets_cards_and_no_answer(client: FlaskClient) -> None:
    """A request without prefetch but with a fhirServer: the prefetch to send, and no answer yet."""
    body = _hook([], fhirServer="https://ehr.example.org/fhir")
    del body["prefetch"]
    summaries = [c["summary"] for c in _cards(client, body)]
    assert summaries[0].startswith("Send the prefetch: patient, conditions")
    assert summaries[-1] == "No answer yet: the record does not give a full case (educational)"


def test_the_service_makes_no_network_call(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """With sockets refused and a fhirServer given, the hook still answers from the prefetch alone."""

    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("the service tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    body = _hook(RECORDS["neoadjuvant"], fhirServer="https://ehr.example.org/fhir")
    body["fhirAuthorization"] = {
        "access_token": "x",
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "p",
        "subject": "s",
    }
    assert len(_cards(client, body)) > 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hook": "order-select"}, "hook"),
        ({"context": {"userId": "Practitioner/1"}}, "context.patientId"),
        ({"extension": {"her2-cds": {"as_of": "2999-01-01"}}}, 'extension["her2-cds"].as_of'),
    ],
)
def test_a_bad_request_is_a_422_naming_the_field(client: FlaskClient, change: dict[str, Any], field: str) -> None:
    """A wrong hook, no patient in context or a future date is refused."""
    response = client.post(URL, json=_hook(RECORDS["adjuvant"], **change))
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == field


def test_another_patients_prefetch_gets_one_critical_card_and_no_option(client: FlaskClient) -> None:
    """A prefetch whose Patient is not the patient in context: one critical card naming both, nothing read."""
    response = client.post(URL, json=_hook(RECORDS["adjuvant"], prefetch=prefetch(patient(rid="someone-else"))))
    assert response.status_code == 200
    (card,) = response.get_json()["cards"]
    assert card["indicator"] == "critical"
    assert "Patient/someone-else" in card["detail"]


def test_bad_fhir_in_the_prefetch_is_a_422_naming_resource_and_path(client: FlaskClient) -> None:
    """A malformed Observation in the prefetch is named with its key, entry and element, never a 500."""
    body = _hook([patient(), her2_ihc("her2", "2024-02-30", NEGATIVE)])
    response = client.post(URL, json=body)
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    assert error["field"] == "prefetch.observations.entry[0].resource.effectiveDateTime"
    assert error["message"].startswith("Observation/her2, effectiveDateTime: ")


def test_a_preflight_gets_the_cors_headers(client: FlaskClient) -> None:
    """OPTIONS from a browser: 200 with any origin and the Authorization and Content-Type headers allowed."""
    response = client.options(
        URL,
        headers={
            "Origin": "https://sandbox.example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert set(response.headers["Access-Control-Allow-Headers"].split(", ")) == {"Authorization", "Content-Type"}
    assert "POST" in response.headers["Access-Control-Allow-Methods"]


def test_answers_and_errors_carry_cors_and_security_headers(client: FlaskClient) -> None:
    """Cards and 422s alike are readable cross-origin and keep the app's security headers."""
    for body in (_hook(RECORDS["adjuvant"]), {"hook": "patient-view"}):
        response = client.post(URL, json=body)
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_without_any_medication_prefetch_trastuzumab_history_is_missing(client: FlaskClient) -> None:
    """No medication prefetch at all: prior trastuzumab is named as not in the record, with the options it decides
    (read off the rules), never silently taken as none."""
    body = _hook(RECORDS["metastatic first line"], fhirServer="https://ehr.example.org/fhir")
    for key in ("medicationRequests", "medicationStatements", "medicationAdministrations"):
        del body["prefetch"][key]
    (missing,) = [c for c in _cards(client, body) if str(c["summary"]).startswith("Not in the record")]
    assert "**whether trastuzumab was given before**: the record does not show trastuzumab given" in missing["detail"]
    assert "It decides whether these options apply: " in missing["detail"]
    assert "T-DM1" in missing["detail"].partition("It decides")[2]


@pytest.mark.parametrize("sent", ["absent", "null", "empty"])
def test_medications_absent_null_or_empty_leave_prior_trastuzumab_not_known(client: FlaskClient, sent: str) -> None:
    """Medication prefetch keys not sent, null (queried, nothing found) or empty Bundles: prior trastuzumab is not
    known (null in the case), never false; the case-review link leaves it out, which the form reads as not known."""
    body = _hook(RECORDS["metastatic first line"], fhirServer="https://ehr.example.org/fhir")
    for key in ("medicationRequests", "medicationStatements", "medicationAdministrations"):
        if sent == "absent":
            del body["prefetch"][key]
        else:
            body["prefetch"][key] = None if sent == "null" else {"resourceType": "Bundle", "type": "searchset"}
    cards = _cards(client, body)
    (record,) = [c for c in cards if str(c["summary"]).startswith("Case read from the record")]
    assert "**Prior trastuzumab**: prior trastuzumab not known" in record["detail"]
    links = [link["url"] for card in cards for link in card.get("links", []) if "setting=" in link["url"]]
    if sent == "absent":  # nor is the line of treatment known then: no case, no option, no link
        assert links == []
    else:
        assert links
        assert not any("prior_trastuzumab" in url for url in links)


def test_a_resource_about_another_patient_gets_one_critical_card_naming_its_path(client: FlaskClient) -> None:
    """An Observation whose subject is someone else, in this patient's prefetch: one critical card naming it by
    path, and nothing of the record read (no case, no option)."""
    body = copy.deepcopy(_hook(RECORDS["adjuvant"]))  # the records are shared: change a copy
    body["prefetch"]["observations"]["entry"][0]["resource"]["subject"] = {"reference": "Patient/p2"}
    (card,) = _cards(client, body)
    assert card["indicator"] == "critical"
    assert "prefetch.observations.entry[0].resource.subject.reference" in card["detail"]
    assert "Patient/p2" in card["detail"]
