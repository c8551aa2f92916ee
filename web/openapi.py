"""The API described: an OpenAPI 3.1 document generated from the pydantic models, and a readable page at /api.

The document covers every route that is not an HTML page: the JSON API, the teaching layer's endpoints,
CDS Hooks and the documents the pages link to (web.openapi_teaching).
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from typing import Any

import jsonschema_rs
from flask import Blueprint, Flask, Response, current_app, jsonify, render_template
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from engine import Answer, Case
from engine.loader import KnowledgeBase
from teaching.learner import pass_rule
from web import FHIR_MAX_BODY_BYTES, MAX_BODY_BYTES, schemas
from web.forms import FIELDS
from web.openapi_case import described_field, form_case, json_case, past_date
from web.openapi_fhir import FHIR_MODELS, add_cors, fhir_paths, fhir_schemas
from web.openapi_seminars import SECURITY_SCHEMES, SEMINAR_MODELS, export_path, seminar_paths, seminar_rules
from web.openapi_teaching import TEACHING_MODELS, page_error_responses, teaching_paths
from web.services import engine_of

bp = Blueprint("openapi", __name__)

REF = "#/components/schemas/{model}"
ERRORS = {
    "400": "Malformed JSON: bad syntax, NaN or Infinity, a duplicated key, nesting too deep, not UTF-8",
    "401": "No credentials: send Authorization: Bearer <teacher_token> (a seminar's results)",
    "403": "The token is not this seminar's teacher token",
    "404": "No such resource: an unknown teaching case, CDS service or seminar (the message says where to look)",
    "410": "The seminar has ended: it and its responses are deleted (the message gives the day)",
    "412": "CDS Hooks: a prefetch key was not sent and no fhirServer was named; the errors list each key",
    "413": f"The body is larger than the route's limit: {MAX_BODY_BYTES // 2**20} MB ({FHIR_MAX_BODY_BYTES // 2**20} MB"
    " for a FHIR record)",
    "415": "The body is not declared as application/json (or application/fhir+json for a FHIR record)",
    "429": "A bound is reached (seminars a minute, a seminar's responses a minute or in all); Retry-After says when",
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
    *SEMINAR_MODELS,
]


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _operation(
    op_id: str, summary: str, description: str, ok: str, body: str | None, errors: tuple[str, ...], disclaimer: str
) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "OK", "content": _json({"$ref": REF.format(model=ok)})}}
    for code in (*errors, "500"):
        responses[code] = {"$ref": f"#/components/responses/Error{code}"}
    operation: dict[str, Any] = {
        "operationId": op_id,
        "summary": summary,
        "description": f"{description}\n\n{disclaimer}",
        "responses": responses,
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": _json({"$ref": REF.format(model=body)})}
    return operation


def _query_parameters() -> list[dict[str, Any]]:
    """The case's fields as form strings, as the answer page's links carry them: one object, each field
    its own query parameter (form style, exploded), so that the rules across fields can be said."""
    return [
        {
            "name": "case",
            "in": "query",
            "required": True,
            "style": "form",
            "explode": True,
            "schema": {"$ref": REF.format(model="CaseForm")},
            "description": "the case's fields, each as a query parameter (setting=adjuvant&tumor_size_cm=2.5&...)",
        }
    ]


# the as_of query parameters that the server refuses in the future (a chart may be asked for any date)
PAST_DATES = ("/api/v1/open-questions", "/api/v1/fhir/case")


def _rules(defs: dict[str, Any], paths: dict[str, Any], kb: KnowledgeBase, today: dt.date) -> None:
    """What the server checks beyond each field's type, in the schemas: the case's rules across fields,
    its form-string twin, the knowledge base's library case ids, regimen ids and cut-off (a case's default
    date), and dates that may not be in the future."""
    defs["Case"]["properties"]["as_of"]["default"] = kb.evidence_cutoff.isoformat()
    for field in FIELDS:  # pydantic's Case says what each field allows; the form's label is the knowledge base's
        defs["Case"]["properties"][field.name]["description"] = described_field(field, kb.words)
    defs["Case"], branches = json_case(defs["Case"], today, kb.case_checks)
    defs.update(branches)
    defs["CaseForm"] = form_case(today, kb.case_checks, kb.words)
    case_ids = tuple(kb.cases)
    defs["LearnerScoreRequest"]["properties"]["case_id"]["enum"] = list(case_ids)
    defs["LearnerScoreRequest"]["properties"]["choices"]["propertyNames"] = {"enum": list(kb.regimen_ids)}
    defs["LearnerScore"]["properties"]["pass_rule"]["const"] = pass_rule(kb)  # what a pass needs, in its words
    seminar_rules(defs, case_ids, kb.regimen_ids, today)
    fhir_schemas(defs, past_date(today))
    for path in PAST_DATES:
        for parameter in paths[path]["get" if "get" in paths[path] else "post"]["parameters"]:
            if parameter["name"] == "as_of":  # an empty as_of, where allowed, stays allowed
                empty = parameter["schema"].get("anyOf", [])[1:]
                parameter["schema"] = {"anyOf": [past_date(today), *empty]} if empty else past_date(today)


def _document(kb: KnowledgeBase, today: dt.date) -> dict[str, Any]:
    refs, defs = models_json_schema(MODELS, ref_template=REF)
    operation = functools.partial(_operation, disclaimer=kb.disclaimer)  # each description ends with it
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
            "post": operation(
                "recommend", "Evaluate one case",
                "Every regimen that bears on the case, with its status, evidence and reasoning; why the others"
                " do not apply; the rules that fired; the knowledge base's version. Each study is described once,"
                " in `studies` (keyed by study id); a recommendation's `evidence` lists the ids it rests on, so a"
                " study cited by several regimens is not repeated.",
                "Answer", "Case", ("400", "413", "415", "422"),
            )
        },
        "/api/v1/recommendations/batch": {
            "post": operation(
                "recommendBatch", "Evaluate up to 1,000 cases",
                "Answers in the order given; a bad case is reported at its index without failing the others."
                " More than 1,000 cases is a 422.",
                "BatchResponse", "BatchRequest", ("400", "413", "415", "422"),
            )
        },
        **{path: {"get": operation(op, text, text + ".", model, None, ())} for path, op, text, model in kb_ops},
        "/answer.json": {
            "get": {
                **operation(
                    "answerFromQuery", "Evaluate one case given in the query string",
                    "The answer page's JSON twin: the case's fields as form strings (true/false, numbers as"
                    " text); an empty field is left out.",
                    "Answer", None, ("422",),
                ),
                "parameters": _query_parameters(),
            }
        },
        **teaching_paths(operation, _query_parameters(), kb.disclaimer),
        **fhir_paths(operation),
        **seminar_paths(kb.disclaimer),
        **export_path(tuple(kb.cases), kb.disclaimer),
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "summary": "This document",
                "responses": {"200": {"description": "OK", "content": _json({"type": "object"})}},
            }
        },
    }  # fmt: skip
    add_cors(paths)
    _rules(defs["$defs"], paths, kb, today)
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "her2-cds",
            "version": "1.0.0",
            "summary": f"Educational decision support for HER2-positive breast cancer: one 2014 review as the lens, the"
            f" evidence to the knowledge base's cut-off, {kb.evidence_cutoff.isoformat()}.",
            "description": kb.disclaimer,
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": paths,
        "components": {
            "schemas": defs["$defs"],
            "securitySchemes": SECURITY_SCHEMES,
            "responses": {
                **{
                    f"Error{code}": {"description": text, "content": _json({"$ref": REF.format(model="ErrorBody")})}
                    for code, text in ERRORS.items()
                },
                **page_error_responses(REF.format(model="ErrorBody")),
            },
        },
    }


def openapi_document(kb: KnowledgeBase, today: dt.date | None = None) -> dict[str, Any]:
    """The OpenAPI 3.1 document for a knowledge base on a day (made afresh: callers may change it). The day
    matters: a case dated after it is refused."""
    return _document(kb, today or dt.date.today())


class ServedDocument:
    """An app's OpenAPI document and the request validators read from it, made once a day (a case dated after
    the day is refused) from the app's knowledge base, and kept on the app (install), never in this module."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._lock = threading.Lock()  # one making at a time: a request waits for the document, never makes another
        self._day: dt.date | None = None
        self._document: dict[str, Any] = {}
        self._validators: dict[str, Any] = {}

    def _on(self, today: dt.date) -> dict[str, Any]:
        if today != self._day:
            self._day, self._document, self._validators = today, _document(self._kb, today), {}
        return self._document

    def document(self, today: dt.date) -> dict[str, Any]:
        """The document as served on `today` (shared: never changed by a caller)."""
        with self._lock:
            return self._on(today)

    def validator(self, name: str, today: dt.date) -> tuple[Any, dict[str, Any]]:
        """A validator for one of the document's schemas, and the components it reads."""
        with self._lock:
            components = self._on(today)["components"]
            if name not in self._validators:
                root = {"$ref": REF.format(model=name), "components": components}
                self._validators[name] = jsonschema_rs.validator_for(root, validate_formats=True)
            return self._validators[name], components


DOCUMENT_KEY = "her2_cds.openapi"


def install(app: Flask) -> None:
    """Give the app its served document, of its engine's knowledge base (create_app calls this once)."""
    app.extensions[DOCUMENT_KEY] = ServedDocument(engine_of(app).kb)


def _served() -> dict[str, Any]:
    served: ServedDocument = current_app.extensions[DOCUMENT_KEY]
    return served.document(dt.date.today())


def request_validator(name: str) -> tuple[Any, dict[str, Any]]:
    """A validator for one of the served document's schemas, and the components it reads: the server
    checks a request with the very schema the document gives for it."""
    served: ServedDocument = current_app.extensions[DOCUMENT_KEY]
    return served.validator(name, dt.date.today())


@bp.get("/api/v1/openapi.json")
def openapi_json() -> Response:
    return jsonify(_served())


@bp.get("/api")
def api_page() -> str:
    labels = {field.name: engine_of(current_app).kb.words.label(field.name) for field in FIELDS}
    return render_template("api.html", spec=_served(), fields=FIELDS, labels=labels)
