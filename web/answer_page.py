"""The answer page's one view model: everything GET /answer shows, built once per request from one answer.

The case's answer, and the same case as the review saw it and at the cut-off (the "what changed" panel), are
the engine's: evaluate answers them from its cache, so the other two dates cost a lookup once any case of
their class was answered. Chart rows come from the app's chart view of the answer's day, built once per view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from engine import Answer, Engine
from engine.knowledge import Reference
from render.regimen_forms import FORM_KINDS
from teaching.since import Change, since_the_review
from web.charts import ChartView
from web.figures import NOTES, FigurePlan, plan_figures
from web.present import CaseRow, case_rows, cited_references
from web.verdict import Depth, VerdictRow, depth, verdict_rows


@dataclass(frozen=True)
class AnswerPage:
    answer: Answer
    query: dict[str, str]  # the case's fields as entered, for the page's links
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
    notes_key: ClassVar[str] = NOTES  # where the figures called for by the notes alone are drawn
    form_kinds: ClassVar[dict[str, str]] = FORM_KINDS


def answer_page(engine: Engine, view: ChartView, answer: Answer, query: dict[str, str], reasoning: bool) -> AnswerPage:
    """The page for one answer and the chart view of its day."""
    figures = plan_figures(answer, view)
    references = cited_references(answer, engine.kb, figures.refs)
    since_review, since_today, since_changes = since_the_review(engine, answer.case)
    return AnswerPage(
        answer=answer,
        query=query,
        reasoning=reasoning,
        verdict=verdict_rows(engine, answer),
        depth=depth(engine, answer),
        names={r.id: r.name for r in engine.kb.regimens.values()},
        case_rows=case_rows(answer, set(query)),
        references=references,
        linked_refs={r.n for r in references},
        figures=figures,
        chart_as_of=None if view.kb is engine.kb else answer.case.as_of.isoformat(),
        since_review=since_review,
        since_today=since_today,
        since_changes=since_changes,
    )
