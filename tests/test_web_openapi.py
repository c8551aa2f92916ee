"""The OpenAPI 3.1 document (web/openapi.py): valid, complete, and true of what the server answers."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from schemathesis.checks import positive_data_acceptance
from web_cases import CASES, as_form

from engine import DISCLAIMER
from web.openapi import openapi_document

HTML_PAGES = {"/", "/answer", "/api"}
DOCUMENTED_BLUEPRINTS = {"api", "openapi", "pages"}  # the teaching layer (issue 4) describes its own routes


def conforms(spec: dict[str, Any], model: str, body: Any) -> None:
    """Validate a body against a component schema of the document (refs resolved within it)."""
    schema = {"$ref": f"#/components/schemas/{model}", "components": spec["components"]}
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(body)


def test_document_is_valid_openapi_3_1(client: FlaskClient) -> None:
    """GET /api/v1/openapi.json is a valid OpenAPI 3.1 document carrying the disclaimer."""
    spec = client.get("/api/v1/openapi.json").json
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    assert spec["info"]["description"] == DISCLAIMER
    assert spec == openapi_document()


def test_document_is_generated_from_the_models() -> None:
    """The case and answer schemas are pydantic's own (validation for the case, serialization for the answer)."""
    from engine import Answer, Case

    schemas = openapi_document()["components"]["schemas"]
    assert schemas["Case"]["properties"].keys() == Case.model_json_schema()["properties"].keys()
    assert schemas["Case"]["additionalProperties"] is False
    answer = Answer.model_json_schema(mode="serialization", ref_template="#/components/schemas/{model}")
    assert schemas["Answer"]["properties"] == answer["properties"]
    assert {"ErrorBody", "BatchRequest", "BatchResponse", "KnowledgeBaseSummary"} <= schemas.keys()


def test_every_route_is_documented(app: Flask) -> None:
    """Every JSON route of the API blueprints is in the document; the rest are HTML pages."""
    paths = openapi_document()["paths"]
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in DOCUMENTED_BLUEPRINTS or rule.rule in HTML_PAGES:
            continue
        assert rule.rule in paths, f"{rule.rule} is not documented"
        documented = {m.upper() for m in paths[rule.rule]}
        assert documented == set(rule.methods or ()) - {"HEAD", "OPTIONS"}


def test_openapi_document_is_a_fresh_copy() -> None:
    """Changing a returned document does not change the served one."""
    openapi_document()["paths"].clear()
    assert openapi_document()["paths"]


def test_answers_and_lists_conform_to_their_schemas(client: FlaskClient) -> None:
    """Real answers, batches and knowledge-base lists validate against the document's schemas."""
    spec = openapi_document()
    for case in CASES.values():
        conforms(spec, "Answer", client.post("/api/v1/recommendations", json=case).json)
        conforms(spec, "Answer", client.get("/answer.json", query_string=as_form(case)).json)
    batch = client.post("/api/v1/recommendations/batch", json={"cases": [*CASES.values(), {}]}).json
    conforms(spec, "BatchResponse", batch)
    for path, model in [
        ("/api/v1/regimens", "RegimenList"),
        ("/api/v1/studies", "StudyList"),
        ("/api/v1/approvals", "ApprovalList"),
        ("/api/v1/references", "ReferenceList"),
        ("/api/v1/knowledge-base", "KnowledgeBaseSummary"),
    ]:
        conforms(spec, model, client.get(path).json)


@pytest.mark.parametrize(
    "request_error",
    [
        lambda c: c.post("/api/v1/recommendations", data="{", content_type="application/json"),
        lambda c: c.post("/api/v1/recommendations", data="{}", content_type="text/plain"),
        lambda c: c.post("/api/v1/recommendations", data=b" " * (1024 * 1024 + 1), content_type="application/json"),
        lambda c: c.post("/api/v1/recommendations", json={"setting": 1}),
        lambda c: c.get("/api/v1/none"),
        lambda c: c.put("/api/v1/studies"),
    ],
    ids=["400", "415", "413", "422", "404", "405"],
)
def test_errors_conform_to_the_error_schema(client: FlaskClient, request_error: Any) -> None:
    """Every kind of JSON error validates against ErrorBody."""
    response = request_error(client)
    assert response.status_code >= 400
    conforms(openapi_document(), "ErrorBody", response.json)


fuzzed = schemathesis.openapi.from_dict(openapi_document())


@pytest.mark.slow
@fuzzed.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document_under_fuzzing(case: schemathesis.Case, app: Flask) -> None:
    """Generated requests (valid and invalid) never cause a 5xx, and every response matches the document."""
    # positive-data acceptance is not checked: the case's cross-field rules (a metastatic case needs
    # its line, for example) cannot be said in JSON Schema, so a schema-valid case may rightly be a 422
    case.call_and_validate(app=app, excluded_checks=[positive_data_acceptance])
