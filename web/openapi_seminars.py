"""Seminars in the OpenAPI document: create one, answer its cases, read the class's results with the teacher's
token (an HTTP bearer scheme). Schemas are generated from the models web.seminars serves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode

from web.openapi_case import past_date
from web.seminars import ResponseRecorded, SeminarCreated, SeminarRequest, SeminarResponseRequest, SeminarResults

SEMINAR_MODELS: list[tuple[type[BaseModel], JsonSchemaMode]] = [
    (SeminarRequest, "validation"),
    (SeminarCreated, "serialization"),
    (SeminarResponseRequest, "validation"),
    (ResponseRecorded, "serialization"),
    (SeminarResults, "serialization"),
]
SECURITY_SCHEMES = {
    "teacherToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "the teacher_token given once when the seminar was created",
    }
}
CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "the seminar's code, as given at creation (an unknown code is a 404, as is a case_id the"
    " seminar does not have)",
}


def _operation(
    op_id: str, summary: str, description: str, ok: tuple[str, str], body: str | None, errors: tuple[str, ...]
) -> dict[str, Any]:
    status, model = ok
    responses: dict[str, Any] = {
        status: {
            "description": "Created" if status == "201" else "OK",
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}},
        }
    }
    for code in (*errors, "500"):
        responses[code] = {"$ref": f"#/components/responses/Error{code}"}
    operation: dict[str, Any] = {
        "operationId": op_id,
        "summary": summary,
        "description": description,
        "responses": responses,
    }
    if body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}},
        }
    return operation


def seminar_paths(disclaimer: str) -> dict[str, Any]:
    body_errors = ("400", "413", "415", "422", "429")
    return {
        "/api/v1/seminars": {
            "post": _operation(
                "createSeminar", "Create a seminar from library cases",
                "A title, up to 12 library case ids in order and optionally a date: answers a short code for the"
                " students, the teacher's secret token (shown once; only its hash is kept), the links to the"
                " students' page, the projector, the worksheet and the results, and when the seminar and its"
                f" responses are deleted. At most 30 seminars a minute per server (429).\n\n{disclaimer}",
                ("201", "SeminarCreated"), "SeminarRequest", body_errors,
            )
        },
        "/api/v1/seminars/{code}/responses": {
            "post": {
                **_operation(
                    "answerSeminarCase", "Answer one case of a seminar (anonymous)",
                    "A case of the seminar and the choices, as POST /api/v1/learner/score takes them; answers the"
                    " score, item by item with reasons. Nothing about the student is stored. A seminar takes at"
                    " most 300 responses a minute and 3,000 in all (429); an ended seminar is a 410.\n\n"
                    f"{disclaimer}",
                    ("201", "ResponseRecorded"), "SeminarResponseRequest", ("404", "410", *body_errors),
                ),
                "parameters": [CODE],
            }
        },
        "/api/v1/seminars/{code}/results": {
            "get": {
                **_operation(
                    "getSeminarResults", "How the class answered (the teacher's)",
                    "For each case: how many answered, and per regimen the count of each choice beside the"
                    " engine's answer and its reason. Needs Authorization: Bearer <teacher_token>: without it a"
                    f" 401, with another seminar's a 403.\n\n{disclaimer}",
                    ("200", "SeminarResults"), None, ("401", "403", "404", "410"),
                ),
                "parameters": [CODE],
                "security": [{"teacherToken": []}],
            }
        },
    }  # fmt: skip


def export_path(case_ids: tuple[str, ...], disclaimer: str) -> dict[str, Any]:
    """GET /api/v1/cases/export: a document (Moodle XML or a QTI zip), or an error as JSON."""
    responses: dict[str, Any] = {
        "200": {
            "description": "Moodle XML (format=moodle-xml) or an IMS QTI 1.2 content package, a zip (format=qti)",
            "content": {
                "application/xml": {"schema": {"type": "string"}},
                "application/zip": {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **{code: {"$ref": f"#/components/responses/Error{code}"} for code in ("404", "410", "422", "500")},
    }
    parameters = [
        {"name": "format", "in": "query", "required": True, "schema": {"type": "string", "enum": ["moodle-xml", "qti"]},
         "description": "moodle-xml: Moodle's question import format; qti: IMS QTI 1.2, as Canvas imports it"},
        {"name": "case_ids", "in": "query", "required": False, "style": "form", "explode": False,
         "schema": {"type": "array", "items": {"type": "string", "enum": list(case_ids)}},
         "description": "library case ids, comma-separated (default: the whole library, or the seminar's cases)"},
        {"name": "seminar", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "a seminar's code: its cases, in its order, on its date (with case_ids: those of them)"},
    ]  # fmt: skip
    return {
        "/api/v1/cases/export": {
            "get": {
                "operationId": "exportCases",
                "summary": "Library cases as questions a learning platform imports",
                "description": "Per case, a single-answer question for each regimen asked about (the engine's"
                " status scores; its reason is the feedback) and an essay for each library question (the model"
                " answer for the grader). Titles name the setting only."
                f"\n\n{disclaimer}",
                "parameters": parameters,
                "responses": responses,
            }
        }
    }


def seminar_rules(
    defs: dict[str, Any], case_ids: tuple[str, ...], regimen_ids: tuple[str, ...], today: dt.date
) -> None:
    """What the server checks beyond the models: library case ids, regimen ids, and a date not in the future."""
    defs["SeminarRequest"]["properties"]["case_ids"]["items"]["enum"] = list(case_ids)
    defs["SeminarResponseRequest"]["properties"]["choices"]["propertyNames"] = {"enum": list(regimen_ids)}
    defs["SeminarResponseRequest"]["properties"]["case_id"]["enum"] = list(case_ids)
    as_of = defs["SeminarRequest"]["properties"]["as_of"]
    defs["SeminarRequest"]["properties"]["as_of"] = {**past_date(today), "description": as_of.get("description", "")}
