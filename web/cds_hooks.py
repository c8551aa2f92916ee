"""CDS Hooks endpoints: GET /cds-services (discovery) and POST /cds-services/<id> (cards).

Errors are JSON here too (these paths are not under /api/): a bad case gets the same 422 body,
`{"errors": [...]}` naming every bad field, as the JSON API. CORS is open, as the CDS Hooks
specification asks of services that browser-based clients call.

Educational use only, not for clinical decisions.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from engine import CaseError, FieldError
from engine.cds_hooks import SERVICE_ID, cards, case_from_request, discovery
from web import current_engine
from web.errors import InvalidInput
from web.jsonbody import read_json
from web.schemas import ErrorBody
from web.security import request_id
from web.teaching import case_query

bp = Blueprint("cds_hooks", __name__, url_prefix="/cds-services")


def _error(status: int, message: str, errors: list[FieldError] | None = None) -> Response:
    body = ErrorBody(
        status=status,
        error=HTTP_STATUS_CODES.get(status, "Error"),
        message=message,
        errors=errors or [],
        request_id=request_id(),
    )
    response = jsonify(body.model_dump(mode="json"))
    response.status_code = status
    return response


@bp.after_request
def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Authorization"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    return response


@bp.get("")
def services() -> Response:
    return jsonify(discovery(current_engine().kb))


@bp.post("/<service_id>")
def service(service_id: str) -> Response:
    if service_id != SERVICE_ID:
        return _error(404, f"There is no CDS service {service_id!r}; GET /cds-services lists them.")
    try:
        body = read_json(request)
        case = case_from_request(body)
    except HTTPException as exc:
        return _error(exc.code or 400, str(exc.description))
    except CaseError as exc:  # the JSON API's 422, word for word
        return _error(422, str(InvalidInput(exc.errors).description), exc.errors)
    engine = current_engine()
    answer = engine.evaluate(case)
    query = case_query(answer.case.model_dump(exclude_none=True))
    root = request.url_root.rstrip("/")
    links = [
        ("The full answer (her2-cds, educational)", f"{root}{url_for('pages.answer')}?{query}"),
        ("What if? (her2-cds, educational)", f"{root}{url_for('teaching.what_if_page')}?{query}"),
    ]
    return jsonify({"cards": cards(answer, engine.kb, links)})
