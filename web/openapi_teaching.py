"""The teaching layer in the OpenAPI document: the case library, learner scoring, what-if, the timeline,
the evidence numbers, CDS Hooks, and the documents the pages link to (chart SVGs, Markdown handouts).

Schemas are generated from the models the views serve (web.teaching_api, web.cds_hooks, teaching.whatif);
web.openapi merges these paths and models into its document. HTML pages are not described.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode

from render.cds_hooks import SERVICE_ID
from teaching.questions import OpenQuestions
from teaching.whatif import WhatIf
from web.cds_hooks import CdsDiscovery, CdsRequest, CdsResponse
from web.charts import CHARTS
from web.teaching_api import (
    CaseDetail,
    CaseList,
    EvidenceResponse,
    LearnerScoreRequest,
    ScoreResponse,
    TimelineResponse,
)

Operation = Callable[[str, str, str, str, str | None, tuple[str, ...]], dict[str, Any]]
BODY_ERRORS = ("400", "413", "415", "422")

TEACHING_MODELS: list[tuple[type[BaseModel], JsonSchemaMode]] = [
    (CaseList, "serialization"),
    (CaseDetail, "serialization"),
    (LearnerScoreRequest, "validation"),
    (ScoreResponse, "serialization"),
    (WhatIf, "serialization"),
    (TimelineResponse, "serialization"),
    (EvidenceResponse, "serialization"),
    (OpenQuestions, "serialization"),
    (CdsDiscovery, "serialization"),
    (CdsRequest, "validation"),
    (CdsResponse, "serialization"),
]

# Errors of the pages' documents: an HTML page, or ErrorBody for a client that prefers application/json.
PAGE_ERRORS = {
    "404": "No such chart or teaching case",
    "422": "The case in the query cannot be evaluated: the page (or JSON) names every bad field",
    "500": "A server error; the message quotes a request id that is in the server log",
}


def page_error_responses(error_body_ref: str) -> dict[str, Any]:
    """The components/responses for PAGE_ERRORS."""
    content = {"text/html": {"schema": {"type": "string"}}, "application/json": {"schema": {"$ref": error_body_ref}}}
    return {f"PageError{code}": {"description": text, "content": content} for code, text in PAGE_ERRORS.items()}


def _path_parameter(name: str, description: str, enum: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if enum is not None:
        schema["enum"] = enum
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": description}


def _document(op_id: str, summary: str, description: str, media: str, errors: tuple[str, ...]) -> dict[str, Any]:
    """A GET that answers a document (not JSON): a chart or a handout."""
    responses: dict[str, Any] = {"200": {"description": "OK", "content": {media: {"schema": {"type": "string"}}}}}
    for code in (*errors, "500"):
        responses[code] = {"$ref": f"#/components/responses/PageError{code}"}
    return {"operationId": op_id, "summary": summary, "description": description, "responses": responses}


def _with(operation: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {**operation, **extra}


def teaching_paths(op: Operation, case_query: list[dict[str, Any]], disclaimer: str) -> dict[str, Any]:
    """The teaching layer's paths; `op` builds a JSON operation, `case_query` is a case as query parameters."""
    case_id = _path_parameter("case_id", "a library case's id, as listed by GET /api/v1/cases")
    handout = "A Markdown handout (an attachment): the case, its options, the evidence and the disclaimer."
    return {
        "/api/v1/cases": {
            "get": op(
                "listCases", "The teaching-case library",
                "Every library case: vignette, the case's fields, learning points, questions with their model"
                " answers, its expected statuses and links to its page, learner mode, JSON and handout.",
                "CaseList", None, (),
            )
        },
        "/api/v1/cases/{case_id}": {
            "get": _with(
                op(
                    "getCase", "One teaching case, walked through",
                    "The case, the check of the engine's answer against the case's expectations, and the"
                    " step-by-step walkthrough (features, derived facts, rules fired, options, evidence).",
                    "CaseDetail", None, ("404",),
                ),
                parameters=[case_id],
            )
        },
        "/api/v1/learner/score": {
            "post": op(
                "scoreLearner", "Score a learner's choices against the engine",
                "Send exactly one of case or case_id, and choices: a status (or not_offered) per regimen."
                " Every regimen is scored, item by item, with the engine's reason. Nothing is stored.",
                "ScoreResponse", "LearnerScoreRequest", BODY_ERRORS,
            )
        },
        "/api/v1/what-if": {
            "post": op(
                "whatIf", "Flip each decisive feature of a case",
                "For each feature the rules test (thresholds, other choices, approval dates), the options whose"
                " status changes and the rule behind the change.",
                "WhatIf", "Case", BODY_ERRORS,
            )
        },
        "/api/v1/timeline": {
            "get": op(
                "listTimeline", "The FDA approvals on a timeline",
                "The approvals in date order, corrected against the record, each with the review's own Table 1"
                " row as a teaching note; timeline is null.",
                "TimelineResponse", None, (),
            ),
            "post": op(
                "caseTimeline", "A case through time",
                "The approvals, and the case evaluated at every date on which its answer can change, from"
                " before the first approval to the evidence cut-off.",
                "TimelineResponse", "Case", BODY_ERRORS,
            ),
        },
        "/api/v1/open-questions": {
            "get": _with(
                op(
                    "listOpenQuestions", "The review's open questions, answered",
                    "Each question the review left open, in its words, beside what happened (trial, result, date,"
                    " status change, teaching point); as of a date only what was public then.",
                    "OpenQuestions", None, ("422",),
                ),
                parameters=[
                    {
                        "name": "as_of", "in": "query", "required": False,
                        "schema": {"type": "string", "format": "date"},
                        "description": "YYYY-MM-DD, not in the future (default: the evidence cut-off)",
                    }
                ],
            )
        },
        "/api/v1/evidence": {
            "get": op(
                "getEvidence", "The numbers behind the evidence charts",
                "The pCR, hormone-receptor and hazard-ratio series, each chart's sources, and the charts' URLs.",
                "EvidenceResponse", None, (),
            )
        },
        "/cds-services": {
            "get": op(
                "cdsDiscovery", "CDS Hooks discovery",
                f"The CDS Hooks 2.0 services of this server: {SERVICE_ID}, for a custom hook carrying a case,"
                " and her2-patient-view, for the standard patient-view hook with the FHIR record as prefetch"
                " (its prefetch templates are in its entry). CORS is open.",
                "CdsDiscovery", None, (),
            )
        },
        "/cds-services/{service}": {
            "post": _with(
                op(
                    "cdsService", "CDS Hooks cards for a case",
                    "The case as context.case; one card per option of the engine's answer, each saying that"
                    " it is for educational use only, with links to the case in the web app.",
                    "CdsResponse", "CdsRequest", ("400", "404", "413", "415", "422"),
                ),
                parameters=[_path_parameter("service", "the service's id, from discovery", [SERVICE_ID])],
            )
        },
        "/evidence/{name}.svg": {
            "get": _with(
                _document(
                    "getChart", "An evidence chart as SVG",
                    "Drawn by the server from the knowledge base, sources cited in the figure; no script. The same"
                    f" numbers are in GET /api/v1/evidence.\n\n{disclaimer}",
                    "image/svg+xml", ("404", "422"),
                ),
                parameters=[
                    _path_parameter("name", "the chart", list(CHARTS)),
                    {
                        "name": "as_of", "in": "query", "required": False,
                        "schema": {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}]},
                        "description": "draw only the studies and results already public on this date (YYYY-MM-DD);"
                        " empty means not given",
                    },
                ],
            )
        },
        "/handout.md": {
            "get": _with(
                _document("getHandout", "A handout for a case given in the query string",
                          f"{handout}\n\n{disclaimer}", "text/markdown", ("422",)),
                parameters=case_query,
            )
        },
        "/cases/{case_id}/handout.md": {
            "get": _with(
                _document("getCaseHandout", "A teaching case's handout",
                          f"{handout} With the case's learning points and questions.\n\n{disclaimer}",
                          "text/markdown", ("404",)),
                parameters=[case_id],
            )
        },
    }  # fmt: skip
