"""CDS Hooks endpoints: GET /cds-services (discovery) and POST /cds-services/<id> (cards).

Errors are JSON here too (web.errors treats /cds-services as API): a bad case gets the same 422 body,
`{"errors": [...]}` naming every bad field, as the JSON API. The bodies go through the models below,
which the OpenAPI document describes: what is served is what is documented. CORS is open, as the CDS Hooks
specification asks of services that browser-based clients call.

Educational use only, not for clinical decisions.
"""

from __future__ import annotations

from typing import Literal

from flask import Blueprint, Response, request, url_for
from pydantic import BaseModel, ConfigDict, Field
from werkzeug.exceptions import HTTPException

from engine import Case, CaseError, FieldError
from render import cds_fhir
from render.cds_hooks import SERVICE_ID, SUMMARY_LIMIT, cards, case_from_request, discovery
from web.api import json_response
from web.errors import InvalidInput, error_response, refusal
from web.jsonbody import read_json
from web.limits import shorten
from web.services import current_engine, public_url
from web.teaching import case_query

bp = Blueprint("cds_hooks", __name__, url_prefix="/cds-services")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CdsService(_Strict):
    hook: str
    id: str = Field(pattern=r"^[A-Za-z0-9._~-]+$")
    title: str
    description: str
    prefetch: dict[str, str] | None = Field(
        default=None, description="key -> FHIR query template the EHR runs before calling (patient-view only)"
    )


class CdsDiscovery(_Strict):
    """The CDS Hooks 2.0 discovery document: the services of this server."""

    services: list[CdsService]


class CdsContext(BaseModel):
    """The hook's context: the her2-cds case as `case`; other context fields are accepted and not used."""

    model_config = ConfigDict(extra="allow", frozen=True)

    case: Case


class CdsRequest(BaseModel):
    """A CDS Hooks request. Only `context.case` is used; `hook`, if given, must be this service's hook.

    The specification's other fields (hookInstance, fhirServer, fhirAuthorization, prefetch) are accepted
    and not used: the case is all the service needs.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    hook: Literal["org.her2-cds.case-review"] | None = None  # render.cds_hooks.HOOK
    context: CdsContext


class CdsLink(_Strict):
    label: str
    url: str = Field(description="absolute: this case in the her2-cds web app, or a trial's registry record")
    type: Literal["absolute", "smart"]


class CdsSource(_Strict):
    label: str
    url: str


class CdsCard(_Strict):
    uuid: str
    summary: str = Field(max_length=SUMMARY_LIMIT)
    indicator: Literal["info", "warning", "critical"]
    detail: str = Field(description="GitHub-flavoured Markdown: status, approval, reasoning, cautions, evidence, rules")
    source: CdsSource
    links: list[CdsLink]


class CdsResponse(_Strict):
    """One card per option of the engine's answer (one warning card when none applies)."""

    cards: list[CdsCard]


def _error(status: int, message: str, errors: list[FieldError] | None = None) -> Response:
    # the app's one error shape; under /cds-services it is always JSON (web.errors.wants_json)
    return error_response(status, message, errors)


# CDS Hooks clients run in the EHR's browser page: any origin, the bearer token and JSON bodies allowed;
# a preflight may be cached for 10 minutes
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Max-Age": "600",
}


def cors(response: Response) -> Response:
    """Open CORS, as browser-based CDS Hooks clients need it (preflight OPTIONS included)."""
    response.headers.update(CORS_HEADERS)
    return response


bp.after_request(cors)


@bp.get("")
def services() -> Response:
    kb = current_engine().kb
    document = discovery(kb)
    document["services"].append(cds_fhir.service(kb))
    body = CdsDiscovery.model_validate(document).model_dump_json(exclude_none=True)  # no "prefetch": null
    return Response(body, mimetype="application/json")


def answer_cards(case: Case) -> list[dict[str, object]]:
    """The engine's answer to a case as cards, linking to the case in the web app."""
    engine = current_engine()
    answer = engine.evaluate(case)
    query = case_query(answer.case.stated())
    links = [  # on the configured public URL, never the Host header: a client sets that
        (engine.kb.words.card("link_answer"), f"{public_url(url_for('pages.answer'))}?{query}"),
        (engine.kb.words.card("link_what_if"), f"{public_url(url_for('teaching.what_if_page'))}?{query}"),
    ]
    return cards(answer, engine.kb, links)


# `<service>`, not `<service_id>`: tools that read an OpenAPI document link a discovered `id` to a path
# parameter named `..._id` whatever its enum says, and would send her2-patient-view's id (its own path)
@bp.post("/<service>")
def service(service: str) -> Response:
    if service != SERVICE_ID:
        return _error(404, refusal("no_service", service=shorten(repr(service))))
    try:
        body = read_json(request)
        case = case_from_request(body, current_engine().kb.case_checks)
    except HTTPException as exc:
        return _error(exc.code or 400, str(exc.description))
    except CaseError as exc:  # the JSON API's 422, word for word
        return _error(422, str(InvalidInput(exc.errors).description), exc.errors)
    return json_response(CdsResponse.model_validate({"cards": answer_cards(case)}))
