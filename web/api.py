"""The JSON API, /api/v1: recommendations for one case or a batch, and the knowledge base's contents."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, request
from pydantic import BaseModel

from engine import Case, CaseError, FieldError
from web.errors import InvalidInput
from web.jsonbody import read_json
from web.limits import shorten
from web.schemas import (
    MAX_BATCH,
    ApprovalList,
    BatchErrors,
    Counts,
    KnowledgeBaseSummary,
    ReferenceList,
    RegimenList,
    StudyList,
)
from web.services import current_engine

bp = Blueprint("api", __name__, url_prefix="/api/v1")
YIELD_EVERY = 20  # batch answers between pauses that let other requests in (about 5 ms of work)


def json_response(body: BaseModel, status: int = 200) -> Response:
    """A model as a JSON response, serialized by pydantic (the same JSON as model_dump(mode="json"))."""
    return Response(body.model_dump_json(), status=status, mimetype="application/json")


def valid_case(data: object) -> Case:
    """One case, or 422 naming every bad field."""
    try:
        return current_engine().parse(data)
    except CaseError as exc:
        raise InvalidInput(exc.errors) from None


@bp.post("/recommendations")
def recommendations() -> Response:
    case = valid_case(read_json(request))
    return Response(current_engine().answer_json_for(case), mimetype="application/json")


def _batch_cases(body: Any) -> list[Any]:
    """The envelope {"cases": [...]}, checked so that its errors name the field."""
    say = current_engine().kb.words.batch
    if not isinstance(body, dict):
        problem = FieldError(field="(body)", message=say("not_an_object"))
        raise InvalidInput([problem], say("unreadable"))
    not_ours = say("not_a_field", allowed="cases")
    errors = [FieldError(field=shorten(key), message=not_ours) for key in body if key != "cases"]
    cases = body.get("cases")
    if not isinstance(cases, list):
        errors.append(FieldError(field="cases", message=say("required", most=str(MAX_BATCH))))
    elif len(cases) > MAX_BATCH:
        errors.append(FieldError(field="cases", message=say("too_many", count=str(len(cases)), most=str(MAX_BATCH))))
    elif not errors:
        return cases
    shown = say("join").join(say("problem", field=e.field, message=e.message) for e in errors[:3])
    raise InvalidInput(errors, say("cannot_read", problems=shown + (say("more") if len(errors) > 3 else "")))


@bp.post("/recommendations/batch")
def batch() -> Response:
    engine = current_engine()
    parsed: list[Case | CaseError] = []
    for data in _batch_cases(read_json(request)):
        try:
            parsed.append(engine.parse(data))
        except CaseError as exc:
            parsed.append(exc)
    answered = sum(isinstance(p, Case) for p in parsed)

    def body() -> Iterator[bytes]:
        # Answers are made and sent one at a time: a worker holds one answer (up to ~110 kB), never a
        # thousand. count leads and complete ends the object, so a client can tell a cut stream.
        head = f'{{"count":{len(parsed)},"answered":{answered},"invalid":{len(parsed) - answered},"results":['
        yield head.encode()
        for index, item in enumerate(parsed):
            comma = b"," if index else b""
            # a BatchAnswer's JSON, with the answer's text as the single-case endpoint writes it
            if isinstance(item, Case):
                yield b'%s{"index":%d,"answer":%s}' % (comma, index, engine.answer_json_for(item))
            else:
                yield comma + BatchErrors(index=index, errors=item.errors).model_dump_json().encode()
            if index % YIELD_EVERY == YIELD_EVERY - 1:
                time.sleep(0)  # let the worker serve other clients between chunks of a long batch
        tail = f'],"knowledge_base":{engine.stamp.model_dump_json()},"disclaimer":{json.dumps(engine.kb.disclaimer)},'
        yield tail.encode() + b'"complete":true}'

    return Response(body(), mimetype="application/json")


@bp.get("/regimens")
def regimens() -> Response:
    engine = current_engine()
    return json_response(
        RegimenList(
            regimens=list(engine.kb.regimens.values()), knowledge_base=engine.stamp, disclaimer=engine.kb.disclaimer
        )
    )


@bp.get("/studies")
def studies() -> Response:
    engine = current_engine()
    return json_response(
        StudyList(
            studies=list(engine.kb.studies.values()), knowledge_base=engine.stamp, disclaimer=engine.kb.disclaimer
        )
    )


@bp.get("/approvals")
def approvals() -> Response:
    engine = current_engine()
    return json_response(
        ApprovalList(
            approvals=list(engine.kb.approvals.values()), knowledge_base=engine.stamp, disclaimer=engine.kb.disclaimer
        )
    )


@bp.get("/references")
def references() -> Response:
    engine = current_engine()
    return json_response(
        ReferenceList(
            references=list(engine.kb.references.values()), knowledge_base=engine.stamp, disclaimer=engine.kb.disclaimer
        )
    )


@bp.get("/knowledge-base")
def knowledge_base() -> Response:
    kb = current_engine().kb
    counts = Counts(
        regimens=len(kb.regimens),
        studies=len(kb.studies),
        approvals=len(kb.approvals),
        references=len(kb.references),
        rules=len(kb.rules),
        teaching_cases=len(kb.cases),
    )
    summary = KnowledgeBaseSummary(
        version=kb.info.version,
        evidence_cutoff=kb.info.evidence_cutoff,
        sha256=kb.sha256,
        title=kb.info.title,
        review=kb.info.review,
        review_doi=kb.info.review_doi,
        counts=counts,
        disclaimer=kb.disclaimer,
    )
    return json_response(summary)
