"""Step definitions for features/api.feature: the JSON API's behaviour, through Flask's test client.

Regimens, statuses and fields are named in the clinic's words (tests/support/clinic_words.py); the bodies posted
are the JSON a client sends, since what the API does with them is the behaviour. A case is given as every feature
gives one (the shared steps of tests/scenarios/conftest.py), and posted as the JSON it is."""

from __future__ import annotations

import json
from typing import Any

from clinic_words import TYPES, field_list
from flask.testing import FlaskClient
from packaged import DISCLAIMER
from pytest_bdd import given, parsers, scenarios, then, when
from web_cases import CASES
from werkzeug.test import TestResponse

from engine import Engine

scenarios("api.feature")


# ---- given ----


@given("the her2-cds web app", target_fixture="api")
def the_web_app(client: FlaskClient) -> FlaskClient:
    return client


@given(parsers.parse("the raw case {text}"), target_fixture="case_fields")
def a_raw_case(text: str) -> Any:
    return json.loads(text)


@given(parsers.parse("a batch of {count:d} cases in which case {bad:d} is invalid"), target_fixture="body")
def a_batch_with_one_bad_case(count: int, bad: int) -> dict[str, Any]:
    cases: list[Any] = [CASES["adjuvant"]] * count
    cases[bad] = {"setting": "metastatic", "her2_status": "positive", "metastatic_line": "first"}
    return {"cases": cases}


# ---- when ----


@when("the case is posted to /api/v1/recommendations", target_fixture="response")
def post_the_case(api: FlaskClient, case_fields: Any) -> TestResponse:
    return api.post("/api/v1/recommendations", data=json.dumps(case_fields), content_type="application/json")


@when("the batch is posted to /api/v1/recommendations/batch", target_fixture="response")
def post_the_batch(api: FlaskClient, body: Any) -> TestResponse:
    return api.post("/api/v1/recommendations/batch", data=json.dumps(body), content_type="application/json")


@when(parsers.parse("the body {text} is posted as {content_type}"), target_fixture="response")
def post_a_raw_body(api: FlaskClient, text: str, content_type: str) -> TestResponse:
    return api.post("/api/v1/recommendations", data=text.strip(), content_type=content_type)


@when(parsers.parse("a body of {size:d} bytes is posted"), target_fixture="response")
def post_a_large_body(api: FlaskClient, size: int) -> TestResponse:
    return api.post("/api/v1/recommendations", data=b" " * size, content_type="application/json")


@when(parsers.parse("GET /api/v1/{endpoint} is requested"), target_fixture="response")
def get_an_endpoint(api: FlaskClient, endpoint: str) -> TestResponse:
    return api.get(f"/api/v1/{endpoint}")


# ---- then ----


@then(parsers.parse("the response status is {status:d}"))
def the_status_is(response: TestResponse, status: int) -> None:
    assert response.status_code == status, response.text[:300]
    assert response.mimetype == "application/json"


@then(parsers.parse("{regimen:Regimen} is {status:Status}", TYPES))
def the_regimen_has_status(response: TestResponse, regimen: str, status: str) -> None:
    statuses = {r["regimen_id"]: r["status"] for r in response.json["recommendations"]}
    assert statuses.get(regimen) == status


@then("the answer carries the disclaimer and the knowledge-base version")
def the_answer_is_stamped(response: TestResponse, engine: Engine) -> None:
    assert response.json["disclaimer"] == DISCLAIMER
    assert response.json["knowledge_base"]["version"] == engine.kb.info.version


@then(parsers.parse("the errors name exactly {fields}"))
def the_errors_name(response: TestResponse, fields: str) -> None:
    assert sorted(e["field"] for e in response.json["errors"]) == sorted(field_list(fields))
    assert all(e["message"] for e in response.json["errors"])


@then("the error carries the disclaimer")
@then("the body carries the disclaimer")
def the_body_carries_the_disclaimer(response: TestResponse) -> None:
    assert response.json["disclaimer"] == DISCLAIMER


@then(parsers.parse("results {first:d} and {second:d} are answers"))
def results_are_answers(response: TestResponse, first: int, second: int) -> None:
    results = response.json["results"]
    for index in (first, second):
        assert results[index]["index"] == index
        assert "answer" in results[index]


@then(parsers.parse("result {index:d} reports errors for {field:Field}", TYPES))
def result_reports_errors(response: TestResponse, index: int, field: str) -> None:
    result = response.json["results"][index]
    assert result["index"] == index
    assert "answer" not in result
    assert field in {e["field"] for e in result["errors"]}


@then(parsers.parse('the message mentions "{words}"'))
def the_message_mentions(response: TestResponse, words: str) -> None:
    assert words in response.json["message"]


@then(parsers.parse("the knowledge base has {count:d} regimens and the engine's version and sha256"))
def the_knowledge_base_summary(response: TestResponse, engine: Engine, count: int) -> None:
    body = response.json
    assert body["counts"]["regimens"] == count
    assert (body["version"], body["sha256"]) == (engine.kb.info.version, engine.kb.sha256)
