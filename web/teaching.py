"""The teaching pages: the case library and its walkthroughs, learner mode, what-if, the timeline,
the evidence charts and the Markdown handout. Every number and status on them is the engine's.

Educational use only, not for clinical decisions.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request, url_for

from engine import Answer, Case, CaseError, FieldError
from engine.case import ALLOWED
from engine.knowledge import TeachingCase
from render.handout import render_handout
from teaching.filters import FILTERS, chosen_filters, filter_cases, filter_words
from teaching.library import check_case, setting_label, walkthrough
from teaching.scope import out_of_scope
from teaching.seminar import library_titles
from teaching.timeline import approvals, case_timeline, folded
from teaching.whatif import what_if
from web.charts import CHARTS, charts_for
from web.errors import InvalidInput, one_arg, refusal
from web.forms import BY_NAME, case_from_form
from web.limits import shorten
from web.present import field_label, readable
from web.services import current_charts, current_engine, current_views
from web.verdict import case_summary, verdict_rows

bp = Blueprint("teaching", __name__)


def case_query(case: dict[str, Any]) -> str:
    """A case as the query string of the case form (booleans as true/false; nulls, not known, left out)."""
    values = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in case.items() if v is not None}
    return urlencode(values)


def library_case(case_id: str) -> TeachingCase:
    case = current_engine().kb.cases.get(case_id)
    if case is None:
        abort(404, description=refusal("no_case_page", case=shorten(repr(case_id))))
    return case


def query_case() -> tuple[Case, dict[str, str]]:
    """The case of this request's query string, or 422 naming every bad field."""
    try:
        return case_from_form(request.args, current_engine().kb.case_checks)
    except CaseError as exc:
        raise InvalidInput(exc.errors) from None


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _common() -> dict[str, Any]:
    words = current_engine().kb.words
    return {
        "readable": partial(readable, words),
        "case_query": case_query,
        "field_label": partial(field_label, words),
        # a library case's title for a student: its facts and number, never the answer its teaching title names
        "library_titles": library_titles(current_engine().kb.cases.values(), words),
    }


@bp.get("/cases")
def cases() -> str:
    engine = current_engine()
    chosen, errors = chosen_filters(request.args)
    if errors:
        raise InvalidInput(errors, refusal("filter_refused"))
    review = engine.kb.info.review_published
    shown = filter_cases(engine.kb.cases.values(), chosen, review)
    filters = {
        name: [(v, filter_words(engine.kb.words, name, v, review)) for v in allowed]
        for name, allowed in FILTERS.items()
    }
    return render_template(
        "teaching/cases.html",
        rows=[(c, setting_label(c)) for c in shown],
        total=len(engine.kb.cases),
        filters=filters,
        chosen=chosen,
        **_common(),
    )


@bp.get("/cases/<case_id>")
def case_page(case_id: str) -> str:
    engine = current_engine()
    teaching = library_case(case_id)
    steps = walkthrough(engine, teaching.case, case_id)
    view = current_views().on(steps.answer.case.as_of)  # charts show only what was public then
    return render_template(
        "teaching/case.html",
        teaching=teaching,
        steps=steps,
        options=steps.answer.recommendations,
        check=check_case(engine, teaching),
        whatif=what_if(engine, steps.answer.case),
        charts=charts_for(steps.answer, view),
        chart_as_of=None if view.kb is engine.kb else steps.answer.case.as_of.isoformat(),
        query=case_query(teaching.case),
        reasoning=one_arg("reasoning") in ("on", "1", "true"),
        out_of_scope=out_of_scope(engine, steps.answer),
        **_common(),
    )


@bp.get("/timeline")
def timeline() -> str:
    engine = current_engine()
    timeline = None
    every = approvals(engine)
    if any(name in request.args for name in BY_NAME):  # a link's tracking parameters alone are not a case
        case, _ = query_case()
        timeline = case_timeline(engine, case)
    columns: list[str] = []
    rows, unchanged = folded(timeline, every) if timeline is not None else ([], [])
    if timeline is not None:
        seen = {r for p in timeline.points for r in p.options}
        columns = [r for r in engine.kb.regimen_ids if r in seen]
    names = {r.id: r.name for r in engine.kb.regimens.values()}
    return render_template(
        "teaching/timeline.html",
        approvals=every,
        timeline=timeline,
        rows=rows,
        unchanged=unchanged,
        columns=columns,
        names=names,
        unknown=engine.kb.words.marks.unknown(
            [engine.kb.words.noun(f) for f in timeline.depends_on] if timeline else []
        ),
        library=list(engine.kb.cases.values()),
        **_common(),
    )


@bp.get("/evidence")
def evidence() -> str:
    view = current_views().on(None)  # the charts at the cut-off: their rows read once per app, not per request
    return render_template(
        "teaching/evidence.html",
        charts=view.charts,
        pcr=view.rows["pcr"],
        hr_gap=view.rows["hr-gap"],
        hazards=view.rows["hazard-ratios"],
        sources=view.sources,
        **_common(),
    )


def _chart_date(text: str | None) -> dt.date | None:
    """A chart's optional as_of (YYYY-MM-DD): draw only what was public on that date."""
    if not text:
        return None
    try:
        if _ISO_DAY.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    message = refusal("not_a_date", text=repr(text[:40]), allowed=ALLOWED["as_of"])
    raise InvalidInput([FieldError(field="as_of", message=message)])


def _cited(text: str | None) -> frozenset[str]:
    """A chart's optional `cite`: comma-separated study ids to highlight (the studies an answer cites)."""
    ids = frozenset(t for t in (text or "").split(",") if t)
    unknown = sorted(ids - set(current_engine().kb.studies))
    if unknown:
        shown = ", ".join(repr(u[:40]) for u in unknown[:5])
        raise InvalidInput([FieldError(field="cite", message=refusal("not_a_study", ids=shown))])
    return ids


@bp.get("/evidence/<name>.svg")
def chart_svg(name: str) -> Response:
    if name not in CHARTS:
        abort(404, description=refusal("no_chart", name=shorten(repr(name)), charts=", ".join(CHARTS)))
    as_of = _chart_date(one_arg("as_of"))
    cited = _cited(",".join(request.args.getlist("cite")))  # ?cite=a&cite=b cites both, as ?cite=a,b does
    response = Response(current_charts().svg(name, current_views().on(as_of), cited), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def _markdown(text: str, filename: str) -> Response:
    response = Response(text, mimetype="text/markdown")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/handout.md")
def handout() -> Response:
    case, _ = query_case()
    engine = current_engine()
    return _markdown(render_handout(engine, engine.evaluate(case)), "her2-cds-handout.md")


def _handout_page(answer: Answer, teaching: TeachingCase | None, answer_url: str, markdown_url: str) -> str:
    # (text, first public after the review): a library case's learning points, else the answer's notes
    points = (
        [(p, False) for p in teaching.learning_points]
        if teaching is not None
        else [(n.text, n.after_review) for n in answer.notes]
    )
    return render_template(
        "teaching/handout.html",
        title=teaching.title if teaching is not None else current_engine().kb.words.printed("title"),
        teaching=teaching,
        answer=answer,
        summary=case_summary(current_engine(), answer),
        verdict=verdict_rows(current_engine(), answer),
        points=points,
        answer_url=answer_url,
        markdown_url=markdown_url,
        **_common(),
    )


@bp.get("/handout")
def handout_page() -> str:
    """The printable handout (HTML, one or two A4 pages): the case, the verdict, the key trials, the teaching points."""
    case, values = query_case()
    answer = current_engine().evaluate(case)
    query = urlencode(values)
    return _handout_page(answer, None, f"{url_for('pages.answer')}?{query}", f"{url_for('teaching.handout')}?{query}")


@bp.get("/cases/<case_id>/handout")
def case_handout_page(case_id: str) -> str:
    teaching = library_case(case_id)
    answer = current_engine().evaluate(teaching.case)
    return _handout_page(
        answer,
        teaching,
        url_for("teaching.case_page", case_id=case_id),
        url_for("teaching.case_handout", case_id=case_id),
    )


@bp.get("/cases/<case_id>/handout.md")
def case_handout(case_id: str) -> Response:
    teaching = library_case(case_id)
    engine = current_engine()
    return _markdown(render_handout(engine, engine.evaluate(teaching.case), teaching), f"her2-cds-{teaching.id}.md")
