"""Seminars in the JSON API: create, answer anonymously, read the results with the teacher's token; every
refusal (422, 429, 401, 403, 404, 410) names why, and every body conforms to the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from engine import Engine
from engine.loader import KnowledgeBase
from storage import Limits
from web import create_app
from web.openapi import openapi_document
from web.store import current_store

CASES = ["first-line-dual-blockade", "tdm1-after-trastuzumab", "her2-negative-selection"]


@pytest.fixture
def seminar_app(engine: Engine, tmp_path: Path) -> Flask:
    """An app of the test's own over an empty SQLite file, with small bounds a test can reach."""
    limits = Limits(responses_per_minute=5, seminars_per_minute=3)
    return create_app(
        {"TESTING": True, "ENGINE": engine, "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}", "SEMINAR_LIMITS": limits}
    )


@pytest.fixture
def api(seminar_app: Flask) -> FlaskClient:
    return seminar_app.test_client()


def conforms(model: str, body: Any, library: KnowledgeBase) -> None:
    spec = openapi_document(library)
    schema = {"$ref": f"#/components/schemas/{model}", "components": spec["components"]}
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(body)


def create(api: FlaskClient, **body: Any) -> Any:
    response = api.post("/api/v1/seminars", json={"title": "Week 3", "case_ids": CASES} | body)
    assert response.status_code == 201, response.json
    return response.json


def test_a_created_seminar_gives_a_code_a_token_its_links_and_its_end(api: FlaskClient, engine: Engine) -> None:
    made = create(api, as_of="2019-05-03")
    conforms("SeminarCreated", made, engine.kb)
    code = made["code"]
    assert made["links"] == {
        "students": f"/s/{code}",
        "present": f"/s/{code}/present",
        "worksheet": f"/s/{code}/worksheet",
        "results": f"/s/{code}/results",
    }
    assert made["case_ids"] == CASES
    assert made["as_of"] == "2019-05-03"
    created = dt.datetime.fromisoformat(made["created_at"])
    assert dt.datetime.fromisoformat(made["expires_at"]) - created == dt.timedelta(days=made["limits"]["days"])
    assert made["teacher_token"] not in str(api.get(f"/s/{code}").data)
    for link in made["links"].values():
        assert api.get(link).status_code == 200


def test_the_class_answers_and_the_teacher_sees_the_count_of_each_choice(api: FlaskClient, engine: Engine) -> None:
    made = create(api)
    code, token = made["code"], made["teacher_token"]
    for choice in ("approved", "not_offered"):
        sent = api.post(
            f"/api/v1/seminars/{code}/responses",
            json={"case_id": CASES[0], "choices": {"pertuzumab_trastuzumab_chemotherapy": choice}},
        )
        assert sent.status_code == 201
        conforms("ResponseRecorded", sent.json, engine.kb)
    results = api.get(f"/api/v1/seminars/{code}/results", headers={"Authorization": f"Bearer {token}"})
    assert results.status_code == 200
    conforms("SeminarResults", results.json, engine.kb)
    first, second, third = results.json["cases"]
    assert [c["case_id"] for c in results.json["cases"]] == CASES
    assert (first["responses"], second["responses"], third["responses"]) == (2, 0, 0)
    counts = first["choices"]["pertuzumab_trastuzumab_chemotherapy"]
    assert (counts["approved"], counts["not_offered"], counts["unsure"]) == (1, 1, 0)
    row = next(r for r in first["regimens"] if r["regimen_id"] == "pertuzumab_trastuzumab_chemotherapy")
    assert row["key"] == "approved"
    assert row["reason"].startswith("FDA-approved")
    assert first["title"] == "Case 1: metastatic, first line; hormone receptor-negative; on 2014-07-31"


def test_the_results_are_the_teachers_alone(api: FlaskClient) -> None:
    made = create(api)
    other = create(api)
    url = f"/api/v1/seminars/{made['code']}/results"
    missing = api.get(url)
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in missing.json["message"]
    assert api.get(url, headers={"Authorization": f"Basic {made['teacher_token']}"}).status_code == 401
    wrong = api.get(url, headers={"Authorization": f"Bearer {other['teacher_token']}"})
    assert wrong.status_code == 403
    assert "not this seminar's teacher token" in wrong.json["message"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"title": "", "case_ids": CASES}, "title", "at least 1 character"),
        ({"title": "x" * 121, "case_ids": CASES}, "title", "at most 120 characters"),
        ({"title": "t", "case_ids": []}, "case_ids", "at least 1 item"),
        ({"title": "t", "case_ids": CASES * 5}, "case_ids", "at most 12 items"),
        ({"title": "t", "case_ids": ["no-such-case"]}, "case_ids.0", "is not a library case"),
        ({"title": "t", "case_ids": [CASES[0], CASES[0]]}, "case_ids.1", "given twice"),
        ({"title": "t", "case_ids": CASES, "as_of": "2999-01-01"}, "as_of", "in the future"),
        ({"title": "t", "case_ids": CASES, "as_of": "1 May"}, "as_of", "valid date"),
        ({"title": "t", "case_ids": CASES, "as_of": None}, "as_of", "null is not a date"),
        ({"title": "t", "case_ids": CASES, "as_of": 0}, "as_of", "YYYY-MM-DD"),
        ({"title": "t", "case_ids": CASES, "student": "Ann"}, "student", "Extra inputs are not permitted"),
    ],
)
def test_a_seminar_that_cannot_be_made_is_a_422_naming_the_field(
    api: FlaskClient, body: dict[str, Any], field: str, words: str
) -> None:
    response = api.post("/api/v1/seminars", json=body)
    assert response.status_code == 422
    named = {e["field"]: e["message"] for e in response.json["errors"]}
    assert field in named, named
    assert words in named[field]


def test_a_response_that_cannot_be_recorded_names_the_field(api: FlaskClient) -> None:
    code = create(api)["code"]
    url = f"/api/v1/seminars/{code}/responses"
    not_here = api.post(url, json={"case_id": "neoadjuvant-large-tumor", "choices": {}})
    assert not_here.status_code == 404  # the seminar has no such case
    assert not_here.json["errors"][0]["field"] == "case_id"
    assert "not a case of this seminar" in not_here.json["errors"][0]["message"]
    bad = api.post(url, json={"case_id": CASES[0], "choices": {"neratinib": "maybe"}})
    assert bad.status_code == 422
    assert bad.json["errors"][0]["field"] == "choices.neratinib"
    unknown = api.post(url, json={"case_id": CASES[0], "choices": {"aspirin": "approved"}})
    assert unknown.status_code == 422
    assert "aspirin" in str(unknown.json["errors"])


def test_an_unknown_code_is_a_404(api: FlaskClient) -> None:
    for response in (
        api.get("/api/v1/seminars/aaaaaaaaaa/results", headers={"Authorization": "Bearer x"}),
        api.post("/api/v1/seminars/aaaaaaaaaa/responses", json={"case_id": CASES[0], "choices": {}}),
        api.get("/s/aaaaaaaaaa"),
        api.get("/s/not-a-code/present"),
    ):
        assert response.status_code == 404
        assert "no seminar with this code" in response.get_data(as_text=True)


def test_bounds_are_a_429_saying_why_and_when(api: FlaskClient) -> None:
    code = create(api)["code"]
    url = f"/api/v1/seminars/{code}/responses"
    for _ in range(5):
        assert api.post(url, json={"case_id": CASES[0], "choices": {}}).status_code == 201
    refused = api.post(url, json={"case_id": CASES[0], "choices": {}})
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    assert "5 responses in the last minute" in refused.json["message"]
    create(api)
    create(api)
    many = api.post("/api/v1/seminars", json={"title": "t", "case_ids": CASES})
    assert many.status_code == 429
    assert "3 seminars were created" in many.json["errors"][0]["message"]


def test_an_ended_seminar_is_a_410_with_its_end(seminar_app: Flask, api: FlaskClient) -> None:
    code = create(api)["code"]
    with seminar_app.app_context():
        store = current_store()
    store.clock = lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=31)
    for response in (api.get(f"/s/{code}"), api.post(f"/api/v1/seminars/{code}/responses", json={})):
        assert response.status_code == 410
        assert "This seminar ended on" in response.get_data(as_text=True)


def test_the_projector_s_answer_key_is_in_the_engine_s_order(api: FlaskClient, engine: Engine) -> None:
    """Students are asked in the vocabulary's order; the revealed key lists the options as the engine orders them,
    then what is not offered."""
    made = create(api)
    revealed = api.post(f"/s/{made['code']}/present", data={"reveal": "1", "token": made["teacher_token"]})
    page = revealed.get_data(as_text=True)
    first = page[page.index('id="case-1"') : page.index('id="case-2"')]
    key = first[first.index("<tbody>") :]
    answer = engine.evaluate(engine.kb.cases[CASES[0]].case)
    offered = [r.name for r in answer.recommendations]
    positions = [key.index(f'<th scope="row">{name}</th>') for name in offered]
    assert positions == sorted(positions)
    assert max(positions) < key.index("Not offered")


def test_the_link_to_an_answer_pins_its_date_even_when_left_to_the_default(client: FlaskClient, engine: Engine) -> None:
    """A shared link once dropped the date when it was the default, so it changed meaning after an update."""
    query = (
        "setting=metastatic&metastatic_line=first&her2_status=positive&hormone_receptor_status=negative"
        "&prior_trastuzumab=false"
    )
    page = client.get(f"/answer?{query}").get_data(as_text=True)
    cutoff = engine.kb.info.evidence_cutoff.isoformat()
    link = page[: page.index('rel="bookmark"')].rsplit('href="', 1)[1]
    assert f"as_of={cutoff}" in link
    assert f"knowledge base {engine.kb.info.version}" in page
