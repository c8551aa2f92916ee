"""How each evidence chart is drawn (matplotlib): legible labels, a legend, the cited trials highlighted.

Sizes are in points on a figure shown at 96 px per inch (4/3 px per point): 8.5 pt and more is at least
11 px on a 1280 px screen. Every unverified value is marked "*" in its label, as the caption promises.

The studies an answer cites are highlighted without drawing again: each study's label, bars and marks
carry an SVG id naming the study (`row-<study>--<n>`; a forest mark is drawn twice, `lo-` plain and
`hi-` highlighted), and web.charts adds the CSS that makes the cited ones' labels bold, outlines their
bars in black and shows their highlighted marks. A chart drawn `marked` has the legend entry for cited
studies and draws the uncited forest marks lighter; one drawn unmarked highlights nothing.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Sequence

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import NullFormatter

from engine.case_fields import EARLY_ALL
from engine.loader import KnowledgeBase
from engine.phrasing import ClinicalWords
from engine.view_says import PCR_MEASURES
from teaching.evidence import Citation, HazardRow, citations, hazard_rows, hr_gap_rows, pcr_rows

COLORS = {"single": "#8c8c8c", "dual": "#1f5f99", "dual, no chemotherapy": "#7fb3e0", "none": "#cccccc"}
HR_COLORS = ("#b2182b", "#2166ac")  # HR-negative, HR-positive
TEXT, LABEL, TITLE = 8.5, 9.0, 11.0  # pt: annotations and sources, axis labels, titles
CITED_EDGE = "#000000"
BLUE, LIGHT = "#1f5f99", "#6b7b8c"  # a forest mark, and an uncited one beside cited ones


def tex_safe(text: str) -> str:
    return text.replace("$", r"\$")


def short(study: str) -> str:
    return study.split(" (")[0]


def cite(fig: Figure, sources: Sequence[Citation], words: ClinicalWords) -> None:
    """The sources under the chart, as a figure-level label that the layout makes room for."""
    say = words.chart
    refs = ["".join(say("reference", n=str(n)) for n in c.refs) for c in sources]
    parts = [say("source", study=short(c.study), refs=r).strip() for c, r in zip(sources, refs, strict=True)]
    text = say("sources", sources=say("source_join").join(parts))
    fig.supxlabel(tex_safe("\n".join(textwrap.wrap(text, 120))), fontsize=TEXT, x=0.01, ha="left")


class Gids:
    """The SVG ids of one drawing, numbered from 0 (a chart is drawn the same way every time)."""

    def __init__(self) -> None:
        self._next = itertools.count()

    def __call__(self, kind: str, study_id: str) -> str:
        """An id naming a study's row (unique within the chart), which web.charts' CSS selects by prefix."""
        return f"{kind}-{study_id}--{next(self._next)}"


def _tag_rows(gid: Gids, ax: Axes, ids: Sequence[str], bars: Sequence[Artist] = ()) -> None:
    """Tag each row's tick label (and bars, if any) with its study (in the axis' row order)."""
    for label, study_id in zip(ax.get_yticklabels(), ids, strict=True):
        label.set_gid(gid("row", study_id))
    if bars:
        for bar, study_id in zip(bars, ids, strict=True):
            bar.set_gid(gid("row", study_id))


def _key(fig: Figure, title: str, handles: Sequence[Artist], columns: int) -> None:
    """The chart's title and its legend as one block above the plot (a separate title and an outside legend
    overlap in matplotlib's constrained layout)."""
    fig.legend(handles=handles, loc="outside upper left", ncols=columns, fontsize=TEXT, title=title,
               title_fontsize=TITLE, alignment="left", frameon=False)  # fmt: skip


def _cited_handles(marked: bool, words: ClinicalWords) -> list[Patch]:
    if not marked:
        return []
    return [Patch(facecolor="#ffffff", edgecolor=CITED_EDGE, linewidth=1.5, label=words.chart("cited"))]


def _label(words: ClinicalWords, row: str, verified: bool, **slots: str) -> str:
    """A row's label, marked where not all its values are verified."""
    return tex_safe(words.chart(row, **slots) + ("" if verified else words.chart("unverified")))


def draw_pcr(fig: Figure, kb: KnowledgeBase, marked: bool) -> None:
    rows, gid, say = pcr_rows(kb), Gids(), kb.words.chart
    measures = list(dict.fromkeys(r.measure for r in rows))
    axes = fig.subplots(
        len(measures), 1, squeeze=False, height_ratios=[max(1, sum(r.measure == m for r in rows)) for m in measures]
    )
    for ax, measure in zip(axes[:, 0], measures, strict=True):
        group = [r for r in rows if r.measure == measure][::-1]
        labels = [_label(kb.words, "row", r.verified, study=short(r.study), arm=r.arm) for r in group]
        bars = ax.barh(range(len(group)), [r.value for r in group], color=[COLORS[r.blockade] for r in group],
                       edgecolor="none", linewidth=1.5)  # fmt: skip
        for y, r in enumerate(group):
            ax.text(r.value + 0.8, y, say("percent", value=f"{r.value:g}"), va="center", fontsize=TEXT)
        ax.set_yticks(range(len(group)), labels, fontsize=TEXT)
        _tag_rows(gid, ax, [r.study_id for r in group], list(bars))
        ax.set_xlim(0, 100)
        ax.set_title(measure, fontsize=LABEL + 1, loc="left")
        ax.set_xlabel(say("pcr_axis"), fontsize=LABEL)
    handles = [
        Patch(color=c, label=say("blockade", kind=kb.words.blockades(k))) for k, c in COLORS.items() if k != "none"
    ]
    _key(fig, kb.words.chart_titles("pcr"), [*handles, *_cited_handles(marked, kb.words)], 2)
    cite(fig, citations(kb, [r.study_id for r in rows]), kb.words)


def draw_hr_gap(fig: Figure, kb: KnowledgeBase, marked: bool) -> None:
    rows, gid, say = hr_gap_rows(kb)[::-1], Gids(), kb.words.chart
    ax = fig.subplots()
    ys = range(len(rows))
    kinds = (say("hr_negative"), say("hr_positive"))
    negative = ax.barh([y + 0.2 for y in ys], [r.hr_negative for r in rows], height=0.4, color=HR_COLORS[0],
                       label=kinds[0], edgecolor="none", linewidth=1.5)  # fmt: skip
    positive = ax.barh([y - 0.2 for y in ys], [r.hr_positive for r in rows], height=0.4, color=HR_COLORS[1],
                       label=kinds[1], edgecolor="none", linewidth=1.5)  # fmt: skip
    for y, r in enumerate(rows):
        ax.text(r.hr_negative + 0.8, y + 0.2, say("percent", value=f"{r.hr_negative:g}"), va="center", fontsize=TEXT)
        ratio = say("percent_ratio", value=f"{r.hr_positive:g}", ratio=f"{r.ratio:g}")
        ax.text(r.hr_positive + 0.8, y - 0.2, ratio, va="center", fontsize=TEXT)
    where = {kb.words.measures(key): kb.words.measure_tags(key) for key in PCR_MEASURES}  # a row names its measure
    labels = [
        _label(kb.words, "row_measure", r.verified, study=short(r.study), arm=r.arm, measure=where[r.measure])
        for r in rows
    ]
    ax.set_yticks(list(ys), labels, fontsize=TEXT)
    _tag_rows(gid, ax, [r.study_id for r in rows], list(negative))
    _tag_rows(gid, ax, [r.study_id for r in rows], list(positive))
    ax.set_xlim(0, 100)
    ax.set_xlabel(say("pcr_axis"), fontsize=LABEL)
    handles = [Patch(color=c, label=k) for k, c in zip(kinds, HR_COLORS, strict=True)]
    _key(fig, kb.words.chart_titles("hr-gap"), [*handles, *_cited_handles(marked, kb.words)], 3)
    cite(fig, citations(kb, [r.study_id for r in rows]), kb.words)


def _forest(gid: Gids, ax: Axes, rows: list[HazardRow], marked: bool, title: str, words: ClinicalWords) -> None:
    say = words.chart
    for y, r in enumerate(rows):
        has_ci = r.ci_low is not None and r.ci_high is not None
        if r.ci_low is not None and r.ci_high is not None:
            ax.plot([r.ci_low, r.ci_high], [y, y], color="#333333", linewidth=1.2)
        # marked: the plain mark lighter, and a highlighted one (hidden unless cited) drawn over it
        looks = (
            [("lo", "#6b7b8c", "#6b7b8c"), ("hi", "#1f5f99", CITED_EDGE)] if marked else [("", "#1f5f99", "#1f5f99")]
        )
        for kind, color, edge in looks:
            (mark,) = ax.plot([r.hazard_ratio], [y], marker="s" if has_ci else "o", color=color,
                              markerfacecolor=color if has_ci else "white", markersize=6,
                              markeredgecolor=edge)  # fmt: skip
            if kind:
                mark.set_gid(gid(kind, r.study_id))
        ci = say("no_interval")
        if has_ci:
            ci = say("interval", level=f"{r.ci_level}", low=f"{r.ci_low:g}", high=f"{r.ci_high:g}")
        ax.annotate(say("hazard", hr=f"{r.hazard_ratio:g}", ci=ci), (1.02, y), xycoords=("axes fraction", "data"),
                    va="center", fontsize=TEXT)  # fmt: skip
    ax.axvline(1.0, color="#999999", linestyle="--", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlim(0.2, 2.5)
    ax.set_xticks([0.25, 0.5, 1, 2], ["0.25", "0.5", "1", "2"], fontsize=TEXT)
    ax.xaxis.set_minor_formatter(NullFormatter())
    labels = [
        _label(words, "row_result", r.verified, study=short(r.study), endpoint=r.endpoint, as_in=r.as_in) for r in rows
    ]
    ax.set_yticks(range(len(rows)), labels, fontsize=TEXT)
    _tag_rows(gid, ax, [r.study_id for r in rows])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_title(title, fontsize=LABEL + 1, loc="left")


def setting_words(words: ClinicalWords, setting: str) -> str:
    """A hazard ratio's setting as the case form labels it ("Adjuvant (after surgery)")."""
    return words.label_of("setting", setting) if setting else words.chart("other_settings")


def hazard_panels(rows: Sequence[HazardRow], words: ClinicalWords) -> list[tuple[list[HazardRow], str]]:
    """Randomized treatment effects by setting, before surgery to metastatic disease, then the prognostic
    landmarks (pCR vs no pCR) apart: one is what a treatment did, the other how patients who reached pCR fared,
    and they must not be read side by side; nor are hazard ratios of different settings comparable."""
    panels = []
    for setting in (*EARLY_ALL, "metastatic", ""):
        group = [r for r in rows if not r.prognostic and r.setting == setting][::-1]
        if group:
            panels.append(
                (group, words.chart("treatment_effects", setting=setting_words(words, setting).split(" (")[0]))
            )
    landmark = [r for r in rows if r.prognostic][::-1]
    if landmark:
        panels.append((landmark, words.chart("prognostic")))
    return panels


def draw_hazards(fig: Figure, kb: KnowledgeBase, marked: bool) -> None:
    rows, gid, say = hazard_rows(kb), Gids(), kb.words.chart
    panels = hazard_panels(rows, kb.words)
    axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=[max(1, len(p)) for p, _ in panels])
    for ax, (group, title) in zip(axes[:, 0], panels, strict=True):
        _forest(gid, ax, group, marked, title, kb.words)
    axes[-1, 0].set_xlabel(say("hazard_axis"), fontsize=LABEL)
    handles = [
        Line2D([], [], marker="s", color="#1f5f99", linestyle="-", label=say("with_interval_key")),
        Line2D(
            [], [], marker="o", color="#1f5f99", markerfacecolor="white", linestyle="", label=say("no_interval_key")
        ),
        *_cited_handles(marked, kb.words),
    ]
    _key(fig, say("hazards_key"), handles, 3)
    cite(fig, citations(kb, [r.study_id for r in rows]), kb.words)
