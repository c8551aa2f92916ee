"""The JSON API, /api/v1 (web/api.py), through Flask's test client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from packaged import DISCLAIMER
from web_cases import CASES

from engine import Engine
from web.schemas import MAX_BATCH

API = "/api/v1"


def post(client: FlaskClient, path: str, body: Any) -> Any:
    return client.post(API + path, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("name", CASES)
def test_recommendations_answer_is_the_engines_answer(client: FlaskClient, engine: Engine, name: str) -> None:
    """POST /recommendations answers a case in every setting with exactly the engine's answer as JSON."""
    response = post(client, "/recommendations", CASES[name])
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == engine.evaluate(CASES[name]).model_dump(mode="json")


def test_each_study_is_described_once_and_cited_by_id(client: FlaskClient) -> None:
    """A neoadjuvant answer describes each study once under studies; recommendations cite them by id."""
    body = post(client, "/recommendations", CASES["neoadjuvant"]).json
    cited = [i for r in body["recommendations"] for i in r["evidence"]]
    assert len(cited) > len(set(cited))  # some study backs several regimens: the case this shape is for
    assert list(body["studies"]) == list(dict.fromkeys(cited))
    assert all(body["studies"][i]["study_id"] == i for i in cited)


def test_recommendations_carry_disclaimer_and_knowledge_base(client: FlaskClient, engine: Engine) -> None:
    """Every answer carries the disclaimer and the knowledge base's version, cut-off and sha256."""
    body = post(client, "/recommendations", CASES["neoadjuvant"]).json
    assert body["disclaimer"] == DISCLAIMER
    assert body["knowledge_base"] == {
        "version": engine.kb.info.version,
        "evidence_cutoff": engine.kb.info.evidence_cutoff.isoformat(),
        "sha256": engine.kb.sha256,
    }


def test_neoadjuvant_and_adjuvant_dual_blockade_differ(client: FlaskClient) -> None:
    """The review's teaching point: lapatinib + trastuzumab + chemotherapy is supported before surgery, not after."""
    statuses = {
        name: {
            r["regimen_id"]: r["status"] for r in post(client, "/recommendations", CASES[name]).json["recommendations"]
        }
        for name in ("neoadjuvant", "adjuvant")
    }
    assert statuses["neoadjuvant"]["lapatinib_trastuzumab_chemotherapy"] == "supported"
    assert statuses["adjuvant"]["lapatinib_trastuzumab_chemotherapy"] == "not_recommended"


def test_invalid_case_names_every_bad_field(client: FlaskClient) -> None:
    """A case with several bad fields is a 422 naming each of them, with the disclaimer."""
    bad = {
        "setting": "adjuvant",
        "her2_status": "positive",
        "hormone_receptor_status": "maybe",
        "tumor_size_cm": "2.5",
        "colour": "blue",
    }
    response = post(client, "/recommendations", bad)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json["errors"]}
    assert fields == {"hormone_receptor_status", "tumor_size_cm", "colour", "node_status"}
    assert all(e["message"] for e in response.json["errors"])
    assert response.json["disclaimer"] == DISCLAIMER


@pytest.mark.parametrize("body", [[], [CASES["adjuvant"]], "adjuvant", 3, True, None])
def test_array_or_scalar_body_is_422(client: FlaskClient, body: Any) -> None:
    """A JSON array or scalar is not a case: 422 with a message saying a case is an object."""
    response = post(client, "/recommendations", body)
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "(case)"
    assert "JSON object" in response.json["errors"][0]["message"]


def test_batch_answers_in_order_with_errors_at_their_index(client: FlaskClient, engine: Engine) -> None:
    """A batch answers every good case in order and reports each bad one at its index without failing the rest."""
    cases = [CASES["adjuvant"], {"setting": "adjuvant"}, CASES["metastatic first-line"], ["not", "a", "case"]]
    response = post(client, "/recommendations/batch", {"cases": cases})
    assert response.status_code == 200
    body = response.json
    assert [r["index"] for r in body["results"]] == [0, 1, 2, 3]
    assert body["results"][0]["answer"] == engine.evaluate(cases[0]).model_dump(mode="json")
    assert body["results"][2]["answer"] == engine.evaluate(cases[2]).model_dump(mode="json")
    assert {e["field"] for e in body["results"][1]["errors"]} == {
        "her2_status",
        "hormone_receptor_status",
        "tumor_size_cm",
        "node_status",
    }
    assert body["results"][3]["errors"][0]["field"] == "(case)"
    assert (body["answered"], body["invalid"]) == (2, 2)
    assert body["disclaimer"] == DISCLAIMER
    assert body["knowledge_base"]["sha256"] == engine.kb.sha256


def test_batch_of_exactly_the_limit_is_answered(client: FlaskClient) -> None:
    """1,000 cases, the limit, are all answered."""
    response = post(client, "/recommendations/batch", {"cases": [CASES["adjuvant"]] * MAX_BATCH})
    assert response.status_code == 200
    assert response.json["answered"] == MAX_BATCH
    assert response.json["results"][-1]["index"] == MAX_BATCH - 1


def test_batch_over_the_limit_is_422(client: FlaskClient) -> None:
    """1,001 cases are refused with 422 naming the cases field and the limit."""
    response = post(client, "/recommendations/batch", {"cases": [{}] * (MAX_BATCH + 1)})
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "cases"
    assert "1000" in response.json["errors"][0]["message"]


def test_empty_batch_is_an_empty_answer(client: FlaskClient) -> None:
    """An empty batch is answered with no results."""
    body = post(client, "/recommendations/batch", {"cases": []}).json
    assert (body["results"], body["answered"], body["invalid"]) == ([], 0, 0)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ([CASES["adjuvant"]], {"(body)"}),
        ({}, {"cases"}),
        ({"cases": CASES["adjuvant"]}, {"cases"}),
        ({"cases": [], "case": []}, {"case"}),
    ],
    ids=["array", "no cases", "cases not an array", "unknown key"],
)
def test_batch_envelope_errors_name_the_field(client: FlaskClient, body: Any, fields: set[str]) -> None:
    """A batch that is not {"cases": [...]} is a 422 naming what is wrong."""
    response = post(client, "/recommendations/batch", body)
    assert response.status_code == 422
    assert {e["field"] for e in response.json["errors"]} == fields


@pytest.mark.parametrize(
    ("path", "key", "expected"),
    [
        ("/regimens", "regimens", lambda kb: [r.model_dump(mode="json") for r in kb.regimens.values()]),
        ("/studies", "studies", lambda kb: [s.model_dump(mode="json") for s in kb.studies.values()]),
        ("/approvals", "approvals", lambda kb: [a.model_dump(mode="json") for a in kb.approvals.values()]),
        ("/references", "references", lambda kb: [r.model_dump(mode="json") for r in kb.references.values()]),
    ],
)
def test_knowledge_base_lists(client: FlaskClient, engine: Engine, path: str, key: str, expected: Any) -> None:
    """Each list endpoint gives the knowledge base's records, its stamp and the disclaimer."""
    response = client.get(API + path)
    assert response.status_code == 200
    assert response.json[key] == expected(engine.kb)
    assert response.json["knowledge_base"]["version"] == engine.kb.info.version
    assert response.json["disclaimer"] == DISCLAIMER


def test_knowledge_base_summary(client: FlaskClient, engine: Engine) -> None:
    """GET /knowledge-base gives version, cut-off, sha256 and counts, with the disclaimer."""
    body = client.get(API + "/knowledge-base").json
    kb = engine.kb
    assert (body["version"], body["evidence_cutoff"], body["sha256"]) == (
        kb.info.version,
        kb.info.evidence_cutoff.isoformat(),
        kb.sha256,
    )
    assert body["counts"] == {
        "regimens": len(kb.regimens),
        "studies": len(kb.studies),
        "approvals": len(kb.approvals),
        "references": len(kb.references),
        "rules": len(kb.rules),
        "teaching_cases": len(kb.cases),
    }
    assert body["counts"]["regimens"] == 21
    assert body["disclaimer"] == DISCLAIMER


def test_get_on_the_recommendations_endpoint_is_405(client: FlaskClient) -> None:
    """Recommendations are POSTed: a GET is a JSON 405 naming the allowed methods."""
    response = client.get(API + "/recommendations")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "POST" in response.json["message"]
