"""The CDS Hooks endpoints (web/cds_hooks.py): discovery, cards, and the JSON API's 422 for a bad case."""

from __future__ import annotations

import jsonschema
from cds_hooks_schema import DISCOVERY, RESPONSE
from flask.testing import FlaskClient

CASE = {
    "setting": "neoadjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "positive",
    "tumor_size_cm": 3.0,
    "node_status": "negative",
}


def _request(case: object) -> dict[str, object]:
    return {
        "hook": "org.her2-cds.case-review",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"case": case},
    }


def test_discovery(client: FlaskClient) -> None:
    response = client.get("/cds-services")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    jsonschema.validate(response.get_json(), DISCOVERY)
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_case_gets_one_card_per_option(client: FlaskClient) -> None:
    response = client.post("/cds-services/her2-case-review", json=_request(CASE))
    assert response.status_code == 200
    body = response.get_json()
    jsonschema.validate(body, RESPONSE)
    answer = client.post("/api/v1/recommendations", json=CASE).get_json()
    assert len(body["cards"]) == len(answer["recommendations"])
    assert {c["indicator"] for c in body["cards"]} == {"info", "warning", "critical"}
    links = [link["url"] for card in body["cards"] for link in card["links"]]
    assert any(url.startswith("http://localhost/what-if?") for url in links)


def test_a_bad_case_gets_the_json_api_422(client: FlaskClient) -> None:
    bad = {"setting": "neoadjuvant", "her2_status": "positive", "hormone_receptor_status": "positive"}
    hook = client.post("/cds-services/her2-case-review", json=_request(bad))
    api = client.post("/api/v1/recommendations", json=bad)
    assert hook.status_code == api.status_code == 422
    assert hook.mimetype == "application/json"
    assert hook.get_json()["errors"] == api.get_json()["errors"]
    assert hook.get_json()["message"] == api.get_json()["message"]


def test_a_request_without_a_case_names_context_case(client: FlaskClient) -> None:
    response = client.post("/cds-services/her2-case-review", json={"hook": "org.her2-cds.case-review", "context": {}})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "context.case"


def test_malformed_json_and_unknown_services_answer_in_json(client: FlaskClient) -> None:
    broken = client.post("/cds-services/her2-case-review", data="{", content_type="application/json")
    assert broken.status_code == 400
    assert broken.get_json()["message"]
    unknown = client.post("/cds-services/patient-view", json=_request(CASE))
    assert unknown.status_code == 404
    assert "patient-view" in unknown.get_json()["message"]
