"""Seminars in the JSON API (/api/v1/seminars): a teacher creates one from library cases, students answer
anonymously, the teacher reads how the class answered with the token given at creation.

Educational use only, not for clinical decisions.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Blueprint, Response, request, url_for
from pydantic import AwareDatetime, ConfigDict, Field, ValidationError, field_validator
from pydantic.config import JsonDict
from pydantic.json_schema import SkipJsonSchema
from werkzeug.exceptions import NotFound

from engine import CaseError, FieldError
from engine.frozen import Frozen
from storage import Refused, Seminar
from storage.store import MAX_CASES
from teaching.learner import Choice, LearnerScore, learner_items, parse_commitment, score
from teaching.seminar import CaseTally, tally
from web.errors import InvalidInput, error_response, refusal
from web.jsonbody import read_json
from web.limits import shorten
from web.seminar_view import answers, load_seminar, seminar_answer
from web.services import current_engine
from web.store import current_store

bp = Blueprint("seminars", __name__, url_prefix="/api/v1/seminars")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _no_default(schema: JsonDict) -> None:
    """An optional field documented without its default: null is not a value a client may send."""
    schema.pop("default", None)


class _Body(Frozen):
    """A JSON body of the web layer."""


class SeminarRequest(_Body):
    """A new seminar: its title, library case ids in the order the class takes them, and optionally a date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, max_length=120, description="shown to the class; control characters become spaces")
    case_ids: list[str] = Field(
        min_length=1,
        max_length=MAX_CASES,
        json_schema_extra={"uniqueItems": True},
        description=f"library case ids (GET /api/v1/cases), each once, in order; at most {MAX_CASES}",
    )
    as_of: dt.date | SkipJsonSchema[None] = Field(
        default=None,
        description="YYYY-MM-DD, not in the future: the date of every case that has none of its own",
        json_schema_extra=_no_default,
    )

    @field_validator("as_of", mode="before")
    @classmethod
    def _written_date(cls, value: object) -> object:
        """A date as JSON writes one, YYYY-MM-DD: never a number read as seconds since 1970."""
        if value is not None and not isinstance(value, str):
            raise ValueError("give the date as a string YYYY-MM-DD")
        return value


class SeminarLinks(_Body):
    students: str = Field(description="the students' page: each case in learner mode")
    present: str = Field(description="the projector: the case first, each answer hidden until revealed")
    worksheet: str = Field(description="printable: vignettes and questions, no statuses or answers")
    results: str = Field(description="the teacher's view of the class's answers (asks for the token)")


class SeminarLimits(_Body):
    max_cases: int
    responses_per_minute: int
    max_responses: int
    days: int = Field(description="the seminar and its responses are deleted this many days after creation")


class SeminarCreated(_Body):
    code: str = Field(description="what students type or open: /s/<code>")
    teacher_token: str = Field(description="secret: send it as Authorization: Bearer <token> for the results")
    title: str
    case_ids: list[str]
    as_of: dt.date | None
    created_at: AwareDatetime
    expires_at: AwareDatetime
    limits: SeminarLimits
    links: SeminarLinks
    disclaimer: str


class SeminarResponseRequest(_Body):
    """One student's answer to one case of the seminar: choices as POST /api/v1/learner/score takes them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_id: str = Field(description="one of the seminar's case ids")
    choices: dict[str, Choice] = Field(
        description="regimen id (GET /api/v1/regimens) -> status, not_offered or unsure; a regimen left out is"
        " not_offered",
    )  # the served document names the knowledge base's regimen ids (web/openapi_seminars.py)


class ResponseRecorded(_Body):
    code: str
    case_id: str
    score: LearnerScore
    disclaimer: str


class SeminarResults(_Body):
    code: str
    title: str
    as_of: dt.date | None
    created_at: AwareDatetime
    expires_at: AwareDatetime
    responses: int = Field(description="responses to all the cases")
    cases: list[CaseTally]
    disclaimer: str


def links(code: str) -> SeminarLinks:
    return SeminarLinks(
        students=url_for("seminar_pages.student", code=code),
        present=url_for("seminar_pages.present", code=code),
        worksheet=url_for("seminar_pages.worksheet", code=code),
        results=url_for("seminar_pages.results", code=code),
    )


_BRANCHES = ("date", "none")  # pydantic names the branch of an optional date: the field is what a client sent


def _errors(exc: ValidationError) -> list[FieldError]:
    named: dict[str, str] = {}
    for e in exc.errors():
        if e["type"] == "none_required":
            continue
        field = ".".join(str(p) for p in e["loc"] if p not in _BRANCHES) or "(body)"
        named.setdefault(shorten(field, 80), shorten(str(e["msg"]), 200))
    return [FieldError(field=f, message=m) for f, m in named.items()]


def utc(moment: dt.datetime) -> dt.datetime:
    """A stored time (UTC, kept without its zone) as the API says it: with its zone."""
    return moment.replace(tzinfo=dt.UTC)


def too_many(refused: Refused) -> Response:
    response = error_response(429, refused.message, [FieldError(field=refused.field, message=refused.message)])
    response.headers["Retry-After"] = str(refused.retry_after)
    return response


def create_seminar(body: Any) -> tuple[Seminar, str]:
    """Check a new seminar field by field (422 naming each problem) and store it; Refused when a bound is reached."""
    if isinstance(body, dict) and "as_of" in body and body["as_of"] is None:
        problem = FieldError(field="as_of", message=refusal("null_date"))
        raise InvalidInput([problem], refusal("seminar_uncreated"))
    try:
        wanted = SeminarRequest.model_validate(body)
    except ValidationError as exc:
        raise InvalidInput(_errors(exc), refusal("seminar_uncreated")) from None
    library = current_engine().kb.cases
    errors = [
        FieldError(field=f"case_ids.{i}", message=refusal("not_library_case", case=shorten(repr(c))))
        for i, c in enumerate(wanted.case_ids)
        if c not in library
    ]
    errors += [
        FieldError(field=f"case_ids.{i}", message=refusal("case_twice", case=repr(c)))
        for i, c in enumerate(wanted.case_ids)
        if c in wanted.case_ids[:i]
    ]
    if wanted.as_of is not None and wanted.as_of > dt.date.today():
        errors.append(FieldError(field="as_of", message=refusal("future_as_of", day=str(wanted.as_of))))
    if errors:
        raise InvalidInput(errors, refusal("seminar_uncreated"))
    title = _CONTROL.sub(" ", wanted.title)
    return current_store().create(title, wanted.case_ids, wanted.as_of)


@bp.post("")
def create() -> Response:
    try:
        seminar, token = create_seminar(read_json(request))
    except Refused as refused:
        return too_many(refused)
    limits = current_store().limits
    body = SeminarCreated(
        code=seminar.code,
        teacher_token=token,
        title=seminar.title,
        case_ids=list(seminar.case_ids),
        as_of=seminar.as_of,
        created_at=utc(seminar.created_at),
        expires_at=utc(seminar.expires_at),
        limits=SeminarLimits(
            max_cases=limits.max_cases,
            responses_per_minute=limits.responses_per_minute,
            max_responses=limits.max_responses,
            days=limits.days,
        ),
        links=links(seminar.code),
        disclaimer=current_engine().kb.disclaimer,
    )
    response = Response(body.model_dump_json(), status=201, mimetype="application/json")
    response.headers["Location"] = url_for("seminar_pages.student", code=seminar.code)
    return response


@bp.post("/<code>/responses")
def respond(code: str) -> Response:
    seminar = load_seminar(code)
    body = read_json(request)
    try:
        answer_to = SeminarResponseRequest.model_validate(body)
    except ValidationError as exc:
        raise InvalidInput(_errors(exc), refusal("response_unrecorded")) from None
    if answer_to.case_id not in seminar.case_ids:
        given, cases = shorten(repr(answer_to.case_id)), ", ".join(seminar.case_ids)
        message = refusal("not_seminar_case", case=given, cases=cases)
        # a 404: the seminar has no such case to answer (as an unknown code has no seminar), the field named
        raise NoSuchCase([FieldError(field="case_id", message=message)])
    try:
        commitment = parse_commitment(dict(answer_to.choices), current_engine().kb)
    except CaseError as exc:
        raise InvalidInput(exc.errors, refusal("unscored_regimen")) from None
    engine = current_engine()
    teaching, answer = seminar_answer(seminar, answer_to.case_id)
    try:
        current_store().add_response(code, answer_to.case_id, dict(answer_to.choices))
    except Refused as refused:
        return too_many(refused)
    result = score(engine, answer, commitment, learner_items(engine, answer, teaching))
    body_out = ResponseRecorded(code=code, case_id=answer_to.case_id, score=result, disclaimer=engine.kb.disclaimer)
    return Response(body_out.model_dump_json(), status=201, mimetype="application/json")


class NoSuchCase(NotFound):
    """404 naming the case_id: the seminar has no such case."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__(errors[0].message)


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@bp.get("/<code>/results")
def results(code: str) -> Response:
    seminar = load_seminar(code)
    token = _bearer()
    if token is None:
        response = error_response(401, refusal("results_teachers"))
        response.headers["WWW-Authenticate"] = 'Bearer realm="her2-cds seminar"'
        return response
    if not current_store().token_matches(code, token):
        return error_response(403, refusal("not_teachers"))
    cases = tally(current_engine(), answers(seminar), current_store().responses(code))
    body = SeminarResults(
        code=seminar.code,
        title=seminar.title,
        as_of=seminar.as_of,
        created_at=utc(seminar.created_at),
        expires_at=utc(seminar.expires_at),
        responses=sum(c.responses for c in cases),
        cases=cases,
        disclaimer=current_engine().kb.disclaimer,
    )
    return Response(body.model_dump_json(), mimetype="application/json")
