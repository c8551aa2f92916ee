"""The answer page's one view model: everything GET /answer shows, built once per request from one answer.

The case's answer, and the same case as the review saw it and at the cut-off (the "what changed" panel), are
the engine's: evaluate answers them from its cache, so the other two dates cost a lookup once any case of
their class was answered. Chart rows come from the app's chart view of the answer's day, built once per view.
The links that carry the case's query are made per request (`page_links`): a page kept for a class of cases
(web/page_cache.py) is rendered with a slot in their place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from flask import url_for

from engine import Answer, Case, Engine
from engine.knowledge import Reference
from teaching.scope import OutOfScope, out_of_scope
from teaching.since import Change, since_the_review
from web.charts import ChartView
from web.figures import NOTES, FigurePlan, plan_figures
from web.present import CaseRow, case_rows, cited_references
from web.services import public_url
from web.verdict import Depth, VerdictRow, depth, verdict_rows


@dataclass(frozen=True)
class AnswerPage:
    answer: Answer
    reasoning: bool  # the engine's reasoning shown (rule ids, field names)
    verdict: list[VerdictRow]
    depth: Depth
    names: dict[str, str]  # regimen id -> name
    case_rows: list[CaseRow]
    references: list[Reference]
    linked_refs: set[int]
    figures: FigurePlan
    chart_as_of: str | None  # the day the charts are drawn as of, when it is not the cut-off
    since_review: str
    since_today: str
    since_changes: list[Change]
    links: Mapping[str, str]  # the page's links that carry the case's query (page_links)
    on_review: bool  # the case is dated the review's day
    on_cutoff: bool  # the case is dated the knowledge base's cut-off
    form_kinds: dict[str, str]  # each kind of dated note on a regimen in words
    out_of_scope: OutOfScope | None  # why the case is out of scope, for the engine's reasoning (None in scope)
    notes_key: ClassVar[str] = NOTES  # where the figures called for by the notes alone are drawn


def answer_page(
    engine: Engine,
    view: ChartView,
    answer: Answer,
    query: dict[str, str],
    reasoning: bool,
    links: Mapping[str, str],
    case: Case | None = None,
) -> AnswerPage:
    """The page for one answer and the chart view of its day; `case` is the case the other two dates are
    answered for, when `answer` carries a slotted one (web/page_slots.py)."""
    figures = plan_figures(answer, view)
    references = cited_references(answer, engine.kb, figures.refs)
    since_review, since_today, since_changes = since_the_review(engine, case or answer.case)
    info = engine.kb.info
    return AnswerPage(
        answer=answer,
        reasoning=reasoning,
        verdict=verdict_rows(engine, answer),
        depth=depth(engine, answer),
        names={r.id: r.name for r in engine.kb.regimens.values()},
        form_kinds=engine.kb.words.form_kinds,
        case_rows=case_rows(answer, set(query), engine.kb.words),
        references=references,
        linked_refs={r.n for r in references},
        figures=figures,
        chart_as_of=None if view.kb is engine.kb else answer.case.as_of.isoformat(),
        since_review=since_review,
        since_today=since_today,
        since_changes=since_changes,
        links=links,
        on_review=answer.case.as_of == info.review_published,
        on_cutoff=answer.case.as_of == info.evidence_cutoff,
        out_of_scope=out_of_scope(engine, answer),
    )


def page_links(engine: Engine, entered: dict[str, str], as_of: dt.date) -> dict[str, str]:
    """The answer page's links that carry the case's query, as entered (in the request's context)."""
    query: dict[str, Any] = dict(entered)
    info = engine.kb.info
    on = {
        "review": info.review_published.isoformat(),
        "today": info.evidence_cutoff.isoformat(),
        "bookmark": as_of.isoformat(),  # pinned even when left to its default, so the link keeps this answer's date
    }
    links = {name: url_for("pages.answer", **dict(query, as_of=day)) for name, day in on.items()}
    links["page_url"] = public_url(url_for("pages.answer", **query))
    for name, endpoint in LINKED.items():
        links[name] = url_for(endpoint, **query)
    links["reasoning"] = url_for("pages.answer", reasoning="on", **query)
    return links


LINKED = {
    "index": "pages.index",
    "self": "pages.answer",
    "json": "pages.answer_json",
    "what_if": "teaching.what_if_page",
    "learn": "teaching.learn_any",
    "timeline": "teaching.timeline",
    "handout_page": "teaching.handout_page",
    "handout": "teaching.handout",
}
LINKS = ("review", "today", "bookmark", "page_url", *LINKED, "reasoning")
