"""The API described: an OpenAPI 3.1 document generated from the pydantic models, and a readable page at /api.

The document covers every route that is not an HTML page: the JSON API, the teaching layer's endpoints,
CDS Hooks and the documents the pages link to (web.openapi_teaching).
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from flask import Blueprint, Response, jsonify, render_template
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from her2_cds.engine import DISCLAIMER, Answer, Case
from her2_cds.web import schemas
from her2_cds.web.forms import FIELDS
from her2_cds.web.openapi_fhir import FHIR_MODELS, add_cors, fhir_paths
from her2_cds.web.openapi_teaching import TEACHING_MODELS, page_error_responses, teaching_paths

bp = Blueprint("openapi", __name__)

REF = "#/components/schemas/{model}"
ERRORS = {
    "400": "Malformed JSON: bad syntax, NaN or Infinity, a duplicated key, nesting too deep, not UTF-8",
    "413": "The body is larger than 1 MB",
    "404": "No such resource: an unknown teaching case or CDS service (the message says where the list is)",
    "415": "The body is not declared as application/json",
    "422": "The input cannot be evaluated: the errors list names every bad field and what it allows",
    "500": "A server error; the message quotes a request id that is in the server log",
}
MODELS: list[tuple[type[BaseModel], JsonSchemaMode]] = [
    (Case, "validation"),
    (Answer, "serialization"),
    (schemas.ErrorBody, "serialization"),
    (schemas.BatchRequest, "validation"),
    (schemas.BatchResponse, "serialization"),
    (schemas.RegimenList, "serialization"),
    (schemas.StudyList, "serialization"),
    (schemas.ApprovalList, "serialization"),
    (schemas.ReferenceList, "serialization"),
    (schemas.KnowledgeBaseSummary, "serialization"),
    *TEACHING_MODELS,
    *FHIR_MODELS,
]


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _operation(
    op_id: str, summary: str, description: str, ok: str, body: str | None, errors: tuple[str, ...]
) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "OK", "content": _json({"$ref": REF.format(model=ok)})}}
    for code in (*errors, "500"):
        responses[code] = {"$ref": f"#/components/responses/Error{code}"}
    operation: dict[str, Any] = {
        "operationId": op_id,
        "summary": summary,
        "description": f"{description}\n\n{DISCLAIMER}",
        "responses": responses,
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": _json({"$ref": REF.format(model=body)})}
    return operation


def _query_parameters() -> list[dict[str, Any]]:
    """The case's fields as form strings, as the answer page's links carry them."""
    params = []
    for field in FIELDS:
        schema: dict[str, Any] = {"type": "string"}
        if field.choices:
            schema["enum"] = list(field.values)
        elif field.kind == "date":
            schema["format"] = "date"
        required = field.required
        description = f"{field.label}: {field.allowed}"
        if not required:
            # the form's blank choice: an empty optional field means "not given", as in the JSON API
            schema = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
            description += "; empty means not given"
        params.append(
            {"name": field.name, "in": "query", "required": required, "schema": schema, "description": description}
        )
    return params


@functools.cache
def _document() -> dict[str, Any]:
    refs, defs = models_json_schema(MODELS, ref_template=REF)
    assert all(r["$ref"].startswith("#/components/") for r in refs.values())
    kb_ops = [
        ("/api/v1/regimens", "listRegimens", "The regimens", "RegimenList"),
        ("/api/v1/studies", "listStudies", "The studies, with their findings and corrections", "StudyList"),
        ("/api/v1/approvals", "listApprovals", "The FDA approvals (the review's Table 1, corrected)", "ApprovalList"),
        ("/api/v1/references", "listReferences", "The review's reference list, with confidence", "ReferenceList"),
        ("/api/v1/knowledge-base", "getKnowledgeBase", "Version, cut-off, sha256 and counts", "KnowledgeBaseSummary"),
    ]
    paths: dict[str, Any] = {
        "/api/v1/recommendations": {
            "post": _operation(
                "recommend", "Evaluate one case",
                "Every regimen that bears on the case, with its status, evidence and reasoning; why the others"
                " do not apply; the rules that fired; the knowledge base's version. Each study is described once,"
                " in `studies` (keyed by study id); a recommendation's `evidence` lists the ids it rests on, so a"
                " study cited by several regimens is not repeated.",
                "Answer", "Case", ("400", "413", "415", "422"),
            )
        },
        "/api/v1/recommendations/batch": {
            "post": _operation(
                "recommendBatch", "Evaluate up to 1,000 cases",
                "Answers in the order given; a bad case is reported at its index without failing the others."
                " More than 1,000 cases is a 422.",
                "BatchResponse", "BatchRequest", ("400", "413", "415", "422"),
            )
        },
        **{path: {"get": _operation(op, text, text + ".", model, None, ())} for path, op, text, model in kb_ops},
        "/answer.json": {
            "get": {
                **_operation(
                    "answerFromQuery", "Evaluate one case given in the query string",
                    "The answer page's JSON twin: the case's fields as form strings (true/false, numbers as"
                    " text); an empty field is left out.",
                    "Answer", None, ("422",),
                ),
                "parameters": _query_parameters(),
            }
        },
        **teaching_paths(_operation, _query_parameters(), DISCLAIMER),
        **fhir_paths(_operation),
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "summary": "This document",
                "responses": {"200": {"description": "OK", "content": _json({"type": "object"})}},
            }
        },
    }  # fmt: skip
    add_cors(paths)
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "her2-cds",
            "version": "1.0.0",
            "summary": "Educational decision support for HER2-positive breast cancer, from one 2014 review.",
            "description": DISCLAIMER,
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": paths,
        "components": {
            "schemas": defs["$defs"],
            "responses": {
                **{
                    f"Error{code}": {"description": text, "content": _json({"$ref": REF.format(model="ErrorBody")})}
                    for code, text in ERRORS.items()
                },
                **page_error_responses(REF.format(model="ErrorBody")),
            },
        },
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document (a fresh copy: callers may change it)."""
    return copy.deepcopy(_document())


@bp.get("/api/v1/openapi.json")
def openapi_json() -> Response:
    return jsonify(_document())


@bp.get("/api")
def api_page() -> str:
    return render_template("api.html", spec=_document(), fields=FIELDS)
