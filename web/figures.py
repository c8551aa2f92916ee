"""An answer's evidence charts as numbered figures, each placed beside the evidence it draws.

A figure is one chart of web.charts (`charts_for`): the server-rendered SVG, its numbers as a table
(the chart's text alternative; the rows of studies this answer cites are marked) and its sources.
It is drawn in the first option, in page order, whose evidence it charts; later options citing its
studies point back to it. A chart that only a note's studies call for is drawn with the notes.
Every chart draws its whole series from the knowledge base, so the figure says which rows this
answer cites: a study reported after the case's as-of date can be in the chart but not the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from engine.answer import Answer
from engine.vocabulary import STATUSES
from teaching.evidence import ChartRow, Citation
from web.charts import Chart, ChartView, charts_for

NOTES = "(notes)"  # where a figure called for by the notes alone is drawn


@dataclass(frozen=True)
class AnswerFigure:
    number: int
    chart: Chart
    rows: Sequence[ChartRow]
    sources: list[Citation]
    cited: frozenset[str]  # the charted studies that this answer cites
    size: tuple[int, int]  # as drawn from the knowledge base of the case's date, in CSS pixels

    @property
    def anchor(self) -> str:
        return f"figure-{self.chart.name}"

    @property
    def cited_names(self) -> list[str]:
        return [c.study for c in self.sources if c.study_id in self.cited]


@dataclass(frozen=True)
class FigurePlan:
    figures: list[AnswerFigure] = field(default_factory=list)
    drawn: dict[str, list[AnswerFigure]] = field(default_factory=dict)  # regimen id (or NOTES) -> figures
    also: dict[str, list[AnswerFigure]] = field(default_factory=dict)  # regimen id -> figures drawn earlier

    @property
    def refs(self) -> set[int]:
        """The review's reference numbers that the figures' sources cite."""
        return {n for f in self.figures for c in f.sources for n in c.refs}


def plan_figures(answer: Answer, view: ChartView) -> FigurePlan:
    """Number the answer's charts in page order and say where each is drawn."""
    charts = {c.name: (c, set(view.studies[c.name])) for c in charts_for(answer, view)}
    cited = {ev.study_id for rec in answer.recommendations for ev in rec.evidence}
    cited |= {s for note in answer.notes for s in note.study_ids}
    plan = FigurePlan()

    def draw(chart: Chart, studies: set[str], where: str) -> None:
        figure = AnswerFigure(
            number=len(plan.figures) + 1,
            chart=chart,
            rows=view.rows[chart.name],
            sources=view.sources[chart.name],
            cited=frozenset(studies & cited),
            size=view.sizes[chart.name],
        )
        plan.figures.append(figure)
        plan.drawn.setdefault(where, []).append(figure)

    placed: dict[str, AnswerFigure] = {}
    for status in STATUSES:  # in the statuses' order, as the page groups them
        for rec in (r for r in answer.recommendations if r.status == status):
            own = {ev.study_id for ev in rec.evidence}
            for name, (chart, studies) in charts.items():
                if not own & studies:
                    continue
                if name in placed:
                    plan.also.setdefault(rec.regimen_id, []).append(placed[name])
                else:
                    draw(chart, studies, rec.regimen_id)
                    placed[name] = plan.figures[-1]
    for name, (chart, studies) in charts.items():
        if name not in placed:
            draw(chart, studies, NOTES)
    return plan
