"""The seminar's pages: the teacher's form, the students' page, the projector, the worksheet and the results.

Each case is shown under a title that names its setting only (library titles name the answer). The students'
page and the results page draw on the JSON API from static/seminar.js; the projector and the worksheet are
whole without a script.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request

from engine import Answer, FieldError
from engine.knowledge import Question, TeachingCase
from engine.vocabulary import NOT_OFFERED
from storage import Refused, Seminar
from teaching.learner import learner_items, pass_rule, reason_for
from teaching.seminar import neutral_title, seminar_case
from web.errors import InvalidInput, refusal
from web.practice import choice_labels
from web.seminar_view import answers, load_seminar
from web.seminars import create_seminar, links, too_many
from web.services import current_engine, public_url
from web.store import current_store
from web.verdict import case_summary

bp = Blueprint("seminar_pages", __name__)
FORM_CASES = 12  # the form's case slots: the store's bound on cases per seminar
TOKEN_CHARS = 200  # longer than any teacher token: a longer field is cut, never hashed whole


@dataclass(frozen=True)
class KeyRow:
    name: str
    status: str  # as the pages title it
    reason: str


@dataclass(frozen=True)
class CaseView:
    position: int
    case_id: str
    title: str
    vignette: str
    summary: str
    case_json: str  # the case as the seminar asks it, for scoring an item at once (POST /api/v1/learner/score)
    items: list[tuple[str, str]]  # (regimen id, name) asked about
    questions: list[Question]
    key: list[KeyRow]  # the answer: every regimen asked about, with its status and reason
    scope_note: str  # why the case is out of scope, said once above the key ("" in scope)


def _view(position: int, teaching: TeachingCase, answer: Answer, as_of: dt.date | None) -> CaseView:
    engine = current_engine()
    names = {r.id: r.name for r in engine.kb.regimens.values()}
    offered = {r.regimen_id: r.status for r in answer.recommendations}
    items = learner_items(engine, answer, teaching)
    return CaseView(
        position=position,
        case_id=teaching.id,
        title=neutral_title(position, teaching, engine.kb.words),
        vignette=teaching.vignette,
        summary=case_summary(engine, answer),
        case_json=json.dumps(seminar_case(teaching, as_of)),
        items=[(r, names[r]) for r in items],
        questions=list(teaching.questions),
        # the key in the engine's order (the order a teacher names the options, with its reasons on the answer
        # page), then what is not offered; the students are asked in the vocabulary's order, which gives nothing away
        key=[
            KeyRow(
                names[r],
                engine.kb.words.title(offered.get(r, NOT_OFFERED)),
                reason_for(engine, answer, r, scope_said=True)[0],
            )
            for r in sorted(items, key=lambda r: list(offered).index(r) if r in offered else len(offered))
        ],
        scope_note="" if answer.in_scope else answer.scope_note,
    )


def _page(template: str, seminar: Seminar, **extra: Any) -> str:
    views = [_view(i, t, a, seminar.as_of) for i, (t, a) in enumerate(answers(seminar), start=1)]
    return render_template(
        template,
        seminar=seminar,
        cases=views,
        links=links(seminar.code),
        choices=list(choice_labels(current_engine().kb.words).items()),
        pass_rule=pass_rule(current_engine().kb),
        **extra,
    )


@bp.get("/s/<code>")
def student(code: str) -> str:
    return _page("seminar/student.html", load_seminar(code))


@bp.get("/s/<code>/present")
def present(code: str) -> str:
    """The projector: each case and its questions; no answer is in the page until the teacher reveals it."""
    return _page("seminar/present.html", load_seminar(code), revealed=frozenset(), token="", error="")


@bp.post("/s/<code>/present")
def reveal(code: str) -> tuple[str, int]:
    """The projector with the answers the teacher has revealed: `reveal` (a case's position) joins `revealed`
    (those shown already), once the form's `token` is this seminar's teacher token."""
    seminar = load_seminar(code)
    token = request.form.get("token", "").strip()[:TOKEN_CHARS]
    problem, status = "", 200
    if not token:
        problem, status = refusal("no_token"), 401
    elif not current_store().token_matches(code, token):
        problem, status = refusal("wrong_token"), 403
    if problem:
        return _page("seminar/present.html", seminar, revealed=frozenset(), token="", error=problem), status
    wanted = [request.form.get("reveal", ""), *request.form.get("revealed", "").split(",")]
    positions = {int(p) for p in wanted if p.strip().isdigit() and len(p.strip()) <= 3}
    if not positions or not positions <= set(range(1, len(seminar.case_ids) + 1)):
        raise InvalidInput(
            [FieldError(field="reveal", message=refusal("reveal_position", count=str(len(seminar.case_ids))))],
            refusal("which_reveal"),
        )
    return _page("seminar/present.html", seminar, revealed=frozenset(positions), token=token, error=""), 200


@bp.get("/s/<code>/worksheet")
def worksheet(code: str) -> str:
    return _page("seminar/worksheet.html", load_seminar(code))


@bp.get("/s/<code>/results")
def results(code: str) -> str:
    return _page("seminar/results.html", load_seminar(code))


def _library() -> list[tuple[str, str]]:
    return [(c.id, c.title) for c in current_engine().kb.cases.values()]


def _form_body() -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": request.form.get("title", ""),
        "case_ids": [c for i in range(1, FORM_CASES + 1) if (c := request.form.get(f"case-{i}", ""))],
    }
    if request.form.get("as_of"):
        body["as_of"] = request.form["as_of"]
    return body


@bp.get("/seminars/new")
def new() -> str:
    return render_template("seminar/new.html", library=_library(), slots=FORM_CASES, form={}, errors=[])


@bp.post("/seminars/new")
def create() -> str | tuple[str, int]:
    body = _form_body()
    form = {"title": body["title"], "as_of": request.form.get("as_of", "")} | {
        f"case-{i}": request.form.get(f"case-{i}", "") for i in range(1, FORM_CASES + 1)
    }
    try:
        seminar, token = create_seminar(body)
    except InvalidInput as exc:
        errors: list[FieldError] = exc.errors
        page = render_template("seminar/new.html", library=_library(), slots=FORM_CASES, form=form, errors=errors)
        return page, 422
    except Refused as refusal:
        return too_many(refusal).get_data(as_text=True), 429
    shown = links(seminar.code)
    return render_template(
        "seminar/created.html",
        seminar=seminar,
        token=token,
        links={name: public_url(path) for name, path in shown.model_dump().items()},
        results_link=public_url(f"{shown.results}#token={token}"),
        present_link=public_url(f"{shown.present}#token={token}"),
        limits=current_store().limits,
        today=dt.date.today(),
    )
