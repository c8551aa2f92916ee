"""POST /api/v1/fhir/case: a FHIR R4 Bundle in, the her2-cds case it describes out, with where each field came from.

A teaching tool shows students how a record became a case. Bad FHIR is a 422 naming each resource and
element path (never a 500); the Bundle size limit is intake.read.MAX_ENTRIES. Nothing is fetched from
anywhere: the service reads only what it is sent.

Educational use only, not for clinical decisions.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, request

from her2_cds.engine import FieldError
from her2_cds.intake import FhirInputError, case_from_bundle, problems_as_errors
from her2_cds.web.api import json_response
from her2_cds.web.errors import InvalidInput
from her2_cds.web.jsonbody import read_json

bp = Blueprint("fhir_case", __name__, url_prefix="/api/v1/fhir")
ALLOWED_DATE = "a date YYYY-MM-DD, not in the future (default: today)"


def as_of_date(text: object, field: str, today: dt.date | None = None) -> dt.date:
    """The date a record is read on: `text` (YYYY-MM-DD, not in the future) or today; 422 naming `field`."""
    today = today or dt.date.today()
    if text is None or text == "":
        return today
    try:
        if not isinstance(text, str) or len(text) != 10:
            raise ValueError
        when = dt.date.fromisoformat(text)
    except ValueError:
        problem = FieldError(field=field, message=f"{str(text)[:40]!r} is not allowed; allowed: {ALLOWED_DATE}")
        raise InvalidInput([problem], "The date to read the record on cannot be read.") from None
    if when > today:
        problem = FieldError(field=field, message=f"{text} is in the future; allowed: {ALLOWED_DATE}")
        raise InvalidInput([problem], "The date to read the record on cannot be read.")
    return when


def refuse(exc: FhirInputError) -> InvalidInput:
    """FHIR that cannot be read, as the API's 422: each error names the resource and the element path."""
    count = "1 problem" if len(exc.problems) == 1 else f"{len(exc.problems)} problems"
    return InvalidInput(problems_as_errors(exc.problems), f"The FHIR input cannot be read: {count}, each named.")


@bp.post("/case")
def fhir_case() -> Response:
    as_of = as_of_date(request.args.get("as_of"), "as_of")
    try:
        result = case_from_bundle(read_json(request), as_of)
    except FhirInputError as exc:
        raise refuse(exc) from None
    return json_response(result)
