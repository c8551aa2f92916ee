"""FHIR R4 records in: POST /api/v1/fhir/case and the standard CDS Hooks patient-view service.

/api/v1/fhir/case: a Bundle in, the her2-cds case it describes out, with where each field came from.
POST /cds-services/her2-patient-view: the same record as a patient-view prefetch, answered with the
cards about the record (render.cds_fhir) and then the custom hook's cards for the case. A teaching tool
shows students how a record became a case. Bad FHIR is a 422 naming each resource and element path
(never a 500); the Bundle size limit is intake.schema.MAX_ENTRIES. Nothing is fetched from anywhere:
the service reads only what it is sent.

Educational use only, not for clinical decisions.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, request
from pydantic import ValidationError

from engine import FieldError
from engine.loader import KnowledgeBase
from intake import (
    FhirCase,
    FhirInputError,
    absent_keys,
    case_from_bundle,
    check_prefetch,
    problems_as_errors,
    read_prefetch,
)
from intake.check import describe
from render import cds_fhir
from render.cds_fhir import her2_unknown, notes_card, record_cards, wrong_patient_card
from web import FHIR_MAX_BODY_BYTES
from web.api import json_response
from web.cds_hooks import CdsResponse, answer_cards, cors
from web.errors import InvalidInput, error_response, one_arg, refusal
from web.fhir_models import ALLOWED_DATE, FhirCaseBody, PatientViewRequest
from web.jsonbody import body_words, json_bytes, parse_json
from web.offload import off_loop
from web.openapi import request_validator
from web.services import current_engine

bp = Blueprint("fhir_case", __name__, url_prefix="/api/v1/fhir")
# FHIR's own JSON media type is accepted beside plain JSON
MEDIA_TYPES = ("application/json", "application/fhir+json")


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
        problem = FieldError(field=field, message=refusal("not_a_day", text=repr(str(text)[:40]), allowed=ALLOWED_DATE))
        raise InvalidInput([problem], refusal("day_unread")) from None
    if when > today:
        problem = FieldError(field=field, message=refusal("future_day", text=text, allowed=ALLOWED_DATE))
        raise InvalidInput([problem], refusal("day_unread"))
    return when


def refuse(exc: FhirInputError) -> InvalidInput:
    """FHIR that cannot be read, as the API's 422: each error names the resource and the element path."""
    count = refusal("one_problem") if len(exc.problems) == 1 else refusal("problems", n=str(len(exc.problems)))
    return InvalidInput(problems_as_errors(exc.problems), refusal("fhir_unread", count=count))


def _bundle_case(raw: bytes, as_of: dt.date, kb: KnowledgeBase) -> FhirCase:
    return case_from_bundle(parse_json(raw, kb.words.json_body), as_of, kb)


@bp.post("/case")
def fhir_case() -> Response:
    as_of = as_of_date(one_arg("as_of"), "as_of")
    request.max_content_length = FHIR_MAX_BODY_BYTES
    raw = json_bytes(request, MEDIA_TYPES)
    engine = current_engine()
    try:  # parsing and reading a whole record is long work: off the worker's event loop (web.offload)
        result = off_loop(_bundle_case, raw, as_of, engine.kb)
    except FhirInputError as exc:
        raise refuse(exc) from None
    if result.case is not None:  # the case as the engine answers it: dated, the cut-off where it gives no date
        result = result.model_copy(update={"case": engine.dated(result.case)})
    return json_response(FhirCaseBody(**dict(result), disclaimer=engine.kb.disclaimer))


# ---- the standard patient-view hook: the record comes as prefetch ----

hooks = Blueprint("cds_patient_view", __name__, url_prefix="/cds-services")
hooks.after_request(cors)


def _request_errors(exc: ValidationError) -> list[FieldError]:
    return [
        FieldError(field=".".join(str(p) for p in e["loc"])[:80] or "(body)", message=str(e["msg"])[:200])
        for e in exc.errors()
    ]


def _as_of(hook: PatientViewRequest) -> dt.date:
    ours = (hook.extension or {}).get("her2-cds")
    return as_of_date(ours.get("as_of") if isinstance(ours, dict) else None, 'extension["her2-cds"].as_of')


def _precondition_failed(keys: list[str]) -> Response:
    """CDS Hooks 2.0: required prefetch absent and no FHIR server to fetch it from -> 412, naming each key."""
    errors = [FieldError(field=f"prefetch.{key}", message=refusal("prefetch_required")) for key in keys]
    return error_response(412, refusal("no_prefetch", keys=", ".join(keys)), errors)


@hooks.post(f"/{cds_fhir.SERVICE_ID}")
def patient_view() -> Response:
    request.max_content_length = FHIR_MAX_BODY_BYTES
    body = off_loop(parse_json, json_bytes(request), body_words())
    # the request as the document says it (its prefetch is the intake's to check and name)
    outside = {k: v for k, v in body.items() if k != "prefetch"} if isinstance(body, dict) else body
    validator, components = request_validator("PatientViewRequest")
    said = (describe(e, "patient-view request", components) for e in validator.iter_errors(outside))
    errors = [FieldError(field=p or "(body)", message=m) for p, m in said][:50]
    if errors:
        raise InvalidInput(errors, refusal("hook_unread"))
    try:
        hook = PatientViewRequest.model_validate(body)
    except ValidationError as exc:
        raise InvalidInput(_request_errors(exc), refusal("hook_unread")) from None
    absent = absent_keys(hook.prefetch)
    server = body.get("fhirServer")
    if absent and not (isinstance(server, str) and server):
        return _precondition_failed(absent)
    try:
        off_loop(check_prefetch, hook.prefetch or {})
    except FhirInputError as exc:
        raise refuse(exc) from None
    kb = current_engine().kb
    patient = (hook.prefetch or {}).get("patient")
    sent = patient.get("id") if isinstance(patient, dict) and patient.get("resourceType") == "Patient" else None
    if sent is not None and sent != hook.context.patientId:
        # a well-formed request with another patient's record: a card the clinician sees (an EHR may only log
        # an error), and nothing of the record read
        card = wrong_patient_card(str(sent), hook.context.patientId, kb)
        return json_response(CdsResponse.model_validate({"cards": [card]}))
    try:
        result = off_loop(read_prefetch, hook.prefetch, _as_of(hook), kb, hook.context.patientId)
    except FhirInputError as exc:
        raise refuse(exc) from None
    found = record_cards(result, kb)
    # no option without a HER2 result: the missing card says what the record lacks and why it matters
    if result.case is None or her2_unknown(result):
        return json_response(CdsResponse.model_validate({"cards": found}))
    notes = [note.text for note in current_engine().evaluate(result.case).notes]
    found += [notes_card(notes, kb)] if notes else []
    return json_response(CdsResponse.model_validate({"cards": found + answer_cards(result.case)}))
