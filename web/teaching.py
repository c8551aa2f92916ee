"""The teaching pages: the case library and its walkthroughs, learner mode, what-if, the timeline,
the evidence charts and the Markdown handout. Every number and status on them is the engine's.

Educational use only, not for clinical decisions.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import UnsupportedMediaType

from her2_cds.engine import Case, CaseError, FieldError, parse_case
from her2_cds.engine.case import ALLOWED
from her2_cds.engine.knowledge import TeachingCase
from her2_cds.engine.vocabulary import REGIMEN_IDS, STATUS_WORDS
from her2_cds.render.handout import render_handout
from her2_cds.teaching.evidence import citations, hazard_rows, hr_gap_rows, known_on, pcr_rows
from her2_cds.teaching.learner import CHOICES, parse_commitment, score
from her2_cds.teaching.library import check_case, setting_label, walkthrough
from her2_cds.teaching.timeline import approvals, case_timeline
from her2_cds.teaching.whatif import what_if
from her2_cds.web import current_engine
from her2_cds.web.charts import CHARTS, charts_for, render_svg
from her2_cds.web.errors import InvalidInput
from her2_cds.web.forms import BY_NAME, case_from_form
from her2_cds.web.present import effect_size, readable, status_groups

bp = Blueprint("teaching", __name__)

CHOICE_PREFIX = "choice-"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
CHOICE_LABELS: dict[str, str] = {"not_offered": "Not offered", **{s: w.short for s, w in STATUS_WORDS.items()}}


def case_query(case: dict[str, Any]) -> str:
    """A case as the query string of the case form (booleans as true/false)."""
    values = {k: (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in case.items() if v is not None}
    return urlencode(values)


def library_case(case_id: str) -> TeachingCase:
    case = current_engine().kb.cases.get(case_id)
    if case is None:
        abort(404, description=f"There is no teaching case {case_id!r}; the library is at /cases.")
    return case


def query_case() -> tuple[Case, dict[str, str]]:
    """The case of this request's query string, or 422 naming every bad field."""
    try:
        return case_from_form(request.args)
    except CaseError as exc:
        raise InvalidInput(exc.errors) from None


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _common() -> dict[str, Any]:
    return {"readable": readable, "effect_size": effect_size, "case_query": case_query}


@bp.get("/cases")
def cases() -> str:
    engine = current_engine()
    rows = [(c, setting_label(c)) for c in engine.kb.cases.values()]
    return render_template("teaching/cases.html", rows=rows, **_common())


@bp.get("/cases/<case_id>")
def case_page(case_id: str) -> str:
    engine = current_engine()
    teaching = library_case(case_id)
    steps = walkthrough(engine, teaching.case, case_id)
    view = known_on(engine.kb, steps.answer.case.as_of)  # charts show only what was public then
    return render_template(
        "teaching/case.html",
        teaching=teaching,
        steps=steps,
        groups=status_groups(steps.answer),
        check=check_case(engine, teaching),
        whatif=what_if(engine, steps.answer.case),
        charts=charts_for(steps.answer, view),
        chart_as_of=None if view is engine.kb else steps.answer.case.as_of.isoformat(),
        query=case_query(teaching.case),
        **_common(),
    )


def _learn_context(case: Case, teaching: TeachingCase | None, query: str) -> dict[str, Any]:
    engine = current_engine()
    names = {r.id: r.name for r in engine.kb.regimens.values()}
    return {
        "teaching": teaching,
        "case": case,
        "case_fields": case.model_dump(exclude_none=True),
        "regimens": [(r, names[r]) for r in REGIMEN_IDS],
        "choices": [(c, CHOICE_LABELS[c]) for c in CHOICES[-1:] + CHOICES[:-1]],
        "prefix": CHOICE_PREFIX,
        "query": query,
        **_common(),
    }


def _commitment(form: MultiDict[str, str]) -> dict[str, str]:
    repeated = [k for k in form if len(form.getlist(k)) > 1]
    if repeated:
        errors = [FieldError(field=k, message=f"is given {len(form.getlist(k))} times; give it once") for k in repeated]
        raise InvalidInput(errors, "The choices cannot be scored: each regimen takes one choice.")
    chosen = {k.removeprefix(CHOICE_PREFIX): v for k, v in form.items() if k.startswith(CHOICE_PREFIX)}
    unknown = [k for k in form if not k.startswith(CHOICE_PREFIX)]
    if unknown:
        chosen.update({k: form[k] for k in unknown})  # reported by parse_commitment as unknown regimens
    return chosen


def _reveal(case: Case, teaching: TeachingCase | None, query: str) -> str:
    if request.mimetype not in FORM_TYPES:
        given = request.mimetype or "no Content-Type"
        raise UnsupportedMediaType(
            f"The choices are a form (application/x-www-form-urlencoded), not {given}; a JSON client scores"
            " with POST /api/v1/learner/score."
        )
    engine = current_engine()
    try:
        commitment = parse_commitment(_commitment(request.form))
    except CaseError as exc:
        raise InvalidInput(exc.errors, "The choices cannot be scored: each must be a status or not offered.") from None
    answer = engine.evaluate(case)
    result = score(engine, answer, commitment)
    context = _learn_context(case, teaching, query)
    return render_template("teaching/reveal.html", result=result, answer=answer, labels=CHOICE_LABELS, **context)


@bp.route("/cases/<case_id>/learn", methods=["GET", "POST"])
def learn_case(case_id: str) -> str:
    teaching = library_case(case_id)
    try:
        case = parse_case(teaching.case)
    except CaseError as exc:  # a library case that no longer validates is a server bug, named
        raise InvalidInput(exc.errors) from None
    query = case_query(teaching.case)
    if request.method == "POST":
        return _reveal(case, teaching, query)
    return render_template("teaching/learn.html", **_learn_context(case, teaching, query))


@bp.route("/learn", methods=["GET", "POST"])
def learn_any() -> str:
    case, values = query_case()
    query = urlencode(values)
    if request.method == "POST":
        return _reveal(case, None, query)
    return render_template("teaching/learn.html", **_learn_context(case, None, query))


@bp.get("/what-if")
def what_if_page() -> str:
    case, values = query_case()
    engine = current_engine()
    answer = engine.evaluate(case)
    return render_template(
        "teaching/whatif.html",
        answer=answer,
        groups=status_groups(answer),
        whatif=what_if(engine, case),
        query=urlencode(values),
        **_common(),
    )


@bp.get("/timeline")
def timeline() -> str:
    engine = current_engine()
    timeline = None
    if any(name in request.args for name in BY_NAME):  # a link's tracking parameters alone are not a case
        case, _ = query_case()
        timeline = case_timeline(engine, case)
    columns: list[str] = []
    if timeline is not None:
        seen = {r for p in timeline.points for r in p.options}
        columns = [r for r in REGIMEN_IDS if r in seen]
    names = {r.id: r.name for r in engine.kb.regimens.values()}
    return render_template(
        "teaching/timeline.html",
        approvals=approvals(engine),
        timeline=timeline,
        columns=columns,
        names=names,
        library=list(engine.kb.cases.values()),
        **_common(),
    )


@bp.get("/evidence")
def evidence() -> str:
    kb = current_engine().kb
    return render_template(
        "teaching/evidence.html",
        charts=CHARTS,
        pcr=pcr_rows(kb),
        hr_gap=hr_gap_rows(kb),
        hazards=hazard_rows(kb),
        sources={name: citations(kb, chart.studies(kb)) for name, chart in CHARTS.items()},
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
    raise InvalidInput([FieldError(field="as_of", message=f"{text[:40]!r} is not a date; allowed: {ALLOWED['as_of']}")])


@bp.get("/evidence/<name>.svg")
def chart_svg(name: str) -> Response:
    if name not in CHARTS:
        abort(404, description=f"There is no chart {name!r}; the charts are: {', '.join(CHARTS)}.")
    as_of = _chart_date(request.args.get("as_of"))
    response = Response(render_svg(name, known_on(current_engine().kb, as_of)), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def _markdown(text: str, filename: str) -> Response:
    response = Response(text, mimetype="text/markdown")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/handout.md")
def handout() -> Response:
    case, _ = query_case()
    return _markdown(render_handout(current_engine().evaluate(case)), "her2-cds-handout.md")


@bp.get("/cases/<case_id>/handout.md")
def case_handout(case_id: str) -> Response:
    teaching = library_case(case_id)
    answer = current_engine().evaluate(teaching.case)
    return _markdown(render_handout(answer, teaching), f"her2-cds-{teaching.id}.md")
