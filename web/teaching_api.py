"""The teaching endpoints of the JSON API (/api/v1): the case library, learner scoring, what-if,
the timeline and the evidence charts' numbers. Errors are the API's: 422 with every bad field named.

Educational use only, not for clinical decisions.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, request, url_for
from pydantic import ConfigDict, Field
from pydantic.config import JsonDict
from pydantic.json_schema import SkipJsonSchema

from engine import Case, CaseError, FieldError
from engine.answer import KnowledgeBaseStamp
from engine.frozen import Frozen
from engine.knowledge import TeachingCase
from teaching.evidence import (
    Citation,
    HazardRow,
    HrGapRow,
    PcrRow,
)
from teaching.learner import Choice, LearnerScore, learner_items, parse_commitment, score
from teaching.library import CaseCheck, Walkthrough, check_case, setting_label, walkthrough
from teaching.seminar import library_titles
from teaching.timeline import CaseTimeline, TimelineApproval, approvals, case_timeline
from teaching.whatif import what_if
from web.api import json_response, valid_case
from web.charts import CHARTS
from web.errors import InvalidInput, refusal
from web.jsonbody import read_json
from web.limits import shorten
from web.services import current_engine, current_views

bp = Blueprint("teaching_api", __name__, url_prefix="/api/v1")
LEARNER_FIELDS = ("case", "case_id", "choices")


class _Body(Frozen):
    """A JSON body of the web layer."""


class CaseLinks(_Body):
    page: str
    learn: str
    api: str
    handout: str


class CaseQuestion(_Body):
    text: str
    answer: str = Field(description="The model answer, for the student to read after committing.")


class CaseSummary(_Body):
    id: str
    title: str = Field(description="The teaching title, which may name the answer: for the teacher.")
    student_title: str = Field(
        description="A title for students that names the case's setting and number in the library, not its answer."
    )
    setting: str
    vignette: str
    case: dict[str, Any]
    learning_points: list[str]
    questions: list[CaseQuestion]
    expect: dict[str, str]
    expect_absent: list[str]
    rules_exercised: list[str]
    links: CaseLinks


class CaseList(_Body):
    cases: list[CaseSummary]
    knowledge_base: KnowledgeBaseStamp
    disclaimer: str


class CaseDetail(_Body):
    case: CaseSummary
    check: CaseCheck
    walkthrough: Walkthrough
    disclaimer: str


def _no_default(schema: JsonDict) -> None:
    """An optional field documented without its default: null is not a value a client may send."""
    schema.pop("default", None)


class LearnerScoreRequest(_Body):
    """A learner's commitment: exactly one of `case` or `case_id`, and a status (or not_offered) per regimen.

    Documents the body of POST /api/v1/learner/score; the view checks it field by field, so that every
    problem is named in the 422.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"oneOf": [{"required": ["case"]}, {"required": ["case_id"]}]},
    )

    case: Case | SkipJsonSchema[None] = Field(
        default=None, description="a case, as for /api/v1/recommendations", json_schema_extra=_no_default
    )
    case_id: str | SkipJsonSchema[None] = Field(
        default=None, description="a library case's id (GET /api/v1/cases)", json_schema_extra=_no_default
    )
    choices: dict[str, Choice] = Field(
        description="regimen id (GET /api/v1/regimens) -> status or not_offered; a regimen left out is not_offered",
    )  # the served document names the knowledge base's regimen ids (web/openapi.py)


class ScoreResponse(_Body):
    case: Case
    case_id: str | None
    score: LearnerScore
    knowledge_base: KnowledgeBaseStamp
    disclaimer: str


class TimelineResponse(_Body):
    approvals: list[TimelineApproval]
    timeline: CaseTimeline | None
    knowledge_base: KnowledgeBaseStamp
    disclaimer: str


class EvidenceResponse(_Body):
    pcr: list[PcrRow]
    hr_gap: list[HrGapRow]
    hazard_ratios: list[HazardRow]
    sources: dict[str, list[Citation]]
    charts: dict[str, str]
    knowledge_base: KnowledgeBaseStamp
    disclaimer: str


def _summary(case: TeachingCase, student_titles: dict[str, str]) -> CaseSummary:
    return CaseSummary.view_of(
        case,
        student_title=student_titles[case.id],
        setting=setting_label(case),
        questions=[CaseQuestion.view_of(q) for q in case.questions],
        links=CaseLinks(
            page=url_for("teaching.case_page", case_id=case.id),
            learn=url_for("teaching.learn_case", case_id=case.id),
            api=url_for("teaching_api.case_detail", case_id=case.id),
            handout=url_for("teaching.case_handout", case_id=case.id),
        ),
    )


def _library_case(case_id: str) -> TeachingCase:
    case = current_engine().kb.cases.get(case_id)
    if case is None:
        abort(404, description=refusal("no_case_api", case=shorten(repr(case_id))))
    return case


@bp.get("/cases")
def case_list() -> Response:
    engine = current_engine()
    titles = library_titles(engine.kb.cases.values(), engine.kb.words)
    cases = [_summary(c, titles) for c in engine.kb.cases.values()]
    return json_response(CaseList(cases=cases, knowledge_base=engine.stamp, disclaimer=engine.kb.disclaimer))


@bp.get("/cases/<case_id>")
def case_detail(case_id: str) -> Response:
    engine = current_engine()
    case = _library_case(case_id)
    return json_response(
        CaseDetail(
            case=_summary(case, library_titles(engine.kb.cases.values(), engine.kb.words)),
            check=check_case(engine, case),
            walkthrough=walkthrough(engine, case.case, case.id),
            disclaimer=engine.kb.disclaimer,
        )
    )


@bp.post("/learner/score")
def learner_score() -> Response:
    """Body: {"case": {...}} or {"case_id": "..."}, and "choices": {regimen id: status or "not_offered"}."""
    body = read_json(request)
    if not isinstance(body, dict):
        raise InvalidInput([FieldError(field="(body)", message=refusal("score_body"))])
    not_ours = refusal("not_a_field", allowed=", ".join(LEARNER_FIELDS))
    errors = [FieldError(field=shorten(k), message=not_ours) for k in body if k not in LEARNER_FIELDS]
    if ("case" in body) == ("case_id" in body):
        errors.append(FieldError(field="case", message=refusal("one_case")))
    if "choices" not in body:
        errors.append(FieldError(field="choices", message=refusal("choices_required")))
    if errors:
        raise InvalidInput(errors)
    case_id = body.get("case_id")
    if "case_id" in body and (not isinstance(case_id, str) or case_id not in current_engine().kb.cases):
        raise InvalidInput(
            [FieldError(field="case_id", message=refusal("not_library_case", case=shorten(repr(case_id))))]
        )
    case = valid_case(current_engine().kb.cases[case_id].case if isinstance(case_id, str) else body["case"])
    try:
        commitment = parse_commitment(body["choices"], current_engine().kb)
    except CaseError as exc:
        raise InvalidInput(exc.errors, refusal("unscored_status")) from None
    engine = current_engine()
    answer = engine.evaluate(case)
    # a library case asks the regimens that bear on it and its distractors; any other case, every regimen
    asked = learner_items(engine, answer, engine.kb.cases[case_id]) if isinstance(case_id, str) else None
    result = score(engine, answer, commitment, asked)
    return json_response(
        ScoreResponse(
            case=case, case_id=case_id, score=result, knowledge_base=engine.stamp, disclaimer=engine.kb.disclaimer
        )
    )


@bp.post("/what-if")
def what_if_endpoint() -> Response:
    """Body: a case, as for /recommendations."""
    return json_response(what_if(current_engine(), valid_case(read_json(request))))


@bp.get("/timeline")
def timeline_approvals() -> Response:
    engine = current_engine()
    return json_response(
        TimelineResponse(
            approvals=approvals(engine), timeline=None, knowledge_base=engine.stamp, disclaimer=engine.kb.disclaimer
        )
    )


@bp.post("/timeline")
def timeline_case() -> Response:
    """Body: a case; its options at each approval date from 1998 to the cut-off."""
    engine = current_engine()
    case = valid_case(read_json(request))
    return json_response(
        TimelineResponse(
            approvals=approvals(engine),
            timeline=case_timeline(engine, case),
            knowledge_base=engine.stamp,
            disclaimer=engine.kb.disclaimer,
        )
    )


@bp.get("/evidence")
def evidence() -> Response:
    engine = current_engine()
    view = current_views().on(None)  # the charts at the cut-off: their rows read once per app, not per request
    return json_response(
        EvidenceResponse(
            pcr=list(view.rows["pcr"]),
            hr_gap=list(view.rows["hr-gap"]),
            hazard_ratios=list(view.rows["hazard-ratios"]),
            sources=view.sources,
            charts={name: url_for("teaching.chart_svg", name=name) for name in CHARTS},
            knowledge_base=engine.stamp,
            disclaimer=engine.kb.disclaimer,
        )
    )
