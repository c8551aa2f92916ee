"""Evidence charts as server-rendered SVG (matplotlib, Agg-free SVG backend): no script, text kept as text.

Each chart draws one series of her2_cds.teaching.evidence, cites its studies in the figure, and has the same
numbers as a table on the page (its text alternative). Rendering is serialized (matplotlib's global
rc state is not thread-safe) and cached per distinct content (see render_svg).
"""

from __future__ import annotations

import hashlib
import io
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import NullFormatter

from her2_cds.engine.answer import Answer
from her2_cds.engine.loader import KnowledgeBase
from her2_cds.teaching.evidence import Citation, citations, hazard_rows, hr_gap_rows, pcr_rows

COLORS = {"single": "#8c8c8c", "dual": "#1f5f99", "dual, no chemotherapy": "#7fb3e0", "none": "#cccccc"}
HR_COLORS = ("#b2182b", "#2166ac")  # HR-negative, HR-positive
CACHE_SIZE = 64  # charts kept per process: above the distinct charts any dates can ask for (a test counts them)
_LOCK = threading.Lock()
_CACHE: OrderedDict[str, bytes] = OrderedDict()


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    alt: str
    studies: Callable[[KnowledgeBase], list[str]]
    draw: Callable[[Figure, KnowledgeBase], None]


def _tex_safe(text: str) -> str:
    return text.replace("$", r"\$")


def _short(study: str) -> str:
    return study.split(" (")[0]


def _cite(fig: Figure, sources: Sequence[Citation]) -> None:
    """The sources under the chart, as a figure-level label that the layout makes room for."""
    parts = [f"{_short(c.study)} {''.join(f'[{n}]' for n in c.refs)}".strip() for c in sources]
    text = "Sources (review reference numbers): " + "; ".join(parts) + ". Numbers from the her2-cds knowledge base;"
    text += " * = not all values verified against the primary publication."
    fig.supxlabel(_tex_safe("\n".join(textwrap.wrap(text, 150))), fontsize=7, x=0.01, ha="left")


def _pcr_studies(kb: KnowledgeBase) -> list[str]:
    return [r.study_id for r in pcr_rows(kb)]


def _draw_pcr(fig: Figure, kb: KnowledgeBase) -> None:
    rows = pcr_rows(kb)
    measures = list(dict.fromkeys(r.measure for r in rows))
    axes = fig.subplots(
        len(measures), 1, squeeze=False, height_ratios=[max(1, sum(r.measure == m for r in rows)) for m in measures]
    )
    for ax, measure in zip(axes[:, 0], measures, strict=True):
        group = [r for r in rows if r.measure == measure][::-1]
        labels = [_tex_safe(f"{_short(r.study)}: {r.arm}" + ("" if r.verified else " *")) for r in group]
        ax.barh(range(len(group)), [r.value for r in group], color=[COLORS[r.blockade] for r in group])
        for y, r in enumerate(group):
            ax.text(r.value + 0.8, y, f"{r.value:g}%", va="center", fontsize=7)
        ax.set_yticks(range(len(group)), labels, fontsize=7)
        ax.set_xlim(0, 100)
        ax.set_title(measure, fontsize=9, loc="left")
        ax.set_xlabel("pCR (%)", fontsize=8)
    handles = [Patch(color=c, label=k) for k, c in COLORS.items() if k != "none"]
    axes[0, 0].legend(handles=handles, loc="lower right", fontsize=7, title="HER2 blockade", title_fontsize=7)
    fig.suptitle("pCR by trial and arm: single vs dual HER2 blockade", fontsize=10, x=0.01, ha="left")
    _cite(fig, citations(kb, _pcr_studies(kb)))


def _hr_studies(kb: KnowledgeBase) -> list[str]:
    return [r.study_id for r in hr_gap_rows(kb)]


def _draw_hr_gap(fig: Figure, kb: KnowledgeBase) -> None:
    rows = hr_gap_rows(kb)[::-1]
    ax = fig.subplots()
    ys = range(len(rows))
    ax.barh([y + 0.2 for y in ys], [r.hr_negative for r in rows], height=0.4, color=HR_COLORS[0], label="HR-negative")
    ax.barh([y - 0.2 for y in ys], [r.hr_positive for r in rows], height=0.4, color=HR_COLORS[1], label="HR-positive")
    for y, r in enumerate(rows):
        ax.text(r.hr_negative + 0.8, y + 0.2, f"{r.hr_negative:g}%", va="center", fontsize=7)
        ax.text(r.hr_positive + 0.8, y - 0.2, f"{r.hr_positive:g}% (ratio {r.ratio:g})", va="center", fontsize=7)
    short = {"breast pCR (ypT0/is)": "breast", "breast and axilla pCR (ypT0/is ypN0)": "breast+axilla"}
    labels = [
        _tex_safe(
            f"{_short(r.study)}: {r.arm} [{r.blockade}; {short.get(r.measure, r.measure)}]"
            + ("" if r.verified else " *")
        )
        for r in rows
    ]
    ax.set_yticks(list(ys), labels, fontsize=7)
    ax.set_xlim(0, 100)
    ax.set_xlabel("pCR (%)", fontsize=8)
    ax.legend(fontsize=7, loc="lower right")
    fig.suptitle("pCR in hormone receptor-negative vs -positive disease", fontsize=10, x=0.01, ha="left")
    _cite(fig, citations(kb, _hr_studies(kb)))


def _hazard_studies(kb: KnowledgeBase) -> list[str]:
    return [r.study_id for r in hazard_rows(kb)]


def _draw_hazards(fig: Figure, kb: KnowledgeBase) -> None:
    rows = hazard_rows(kb)[::-1]
    ax = fig.subplots()
    for y, r in enumerate(rows):
        has_ci = r.ci_low is not None and r.ci_high is not None
        if r.ci_low is not None and r.ci_high is not None:
            ax.plot([r.ci_low, r.ci_high], [y, y], color="#333333", linewidth=1.2)
        ax.plot(
            [r.hazard_ratio],
            [y],
            marker="s" if has_ci else "o",
            color="#1f5f99",
            markerfacecolor="#1f5f99" if has_ci else "white",
            markersize=5,
        )
        ci = f" ({r.ci_level or '95%'} CI {r.ci_low:g}-{r.ci_high:g})" if has_ci else " (no CI given)"
        ax.annotate(
            f"HR {r.hazard_ratio:g}{ci}", (1.02, y), xycoords=("axes fraction", "data"), va="center", fontsize=7
        )
    ax.axvline(1.0, color="#999999", linestyle="--", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlim(0.2, 2.5)
    ax.set_xticks([0.25, 0.5, 1, 2], ["0.25", "0.5", "1", "2"])
    ax.xaxis.set_minor_formatter(NullFormatter())
    labels = [_tex_safe(f"{_short(r.study)}: {r.endpoint} [{r.as_in}]") for r in rows]
    ax.set_yticks(range(len(rows)), labels, fontsize=6.5)
    ax.set_xlabel("hazard ratio (log scale); < 1 favours the first arm named", fontsize=8)
    fig.suptitle("Hazard ratios with confidence intervals where given", fontsize=10, x=0.01, ha="left")
    _cite(fig, citations(kb, _hazard_studies(kb)))


CHARTS: dict[str, Chart] = {
    "pcr": Chart(
        "pcr",
        "pCR by trial and arm: single vs dual HER2 blockade",
        "Horizontal bars of pathologic complete response by trial and arm, single and dual HER2 blockade;"
        " the numbers are in the table below.",
        _pcr_studies,
        _draw_pcr,
    ),
    "hr-gap": Chart(
        "hr-gap",
        "pCR in hormone receptor-negative vs -positive disease",
        "Paired bars of pCR in hormone receptor-negative and -positive disease by trial and arm;"
        " the numbers are in the table below.",
        _hr_studies,
        _draw_hr_gap,
    ),
    "hazard-ratios": Chart(
        "hazard-ratios",
        "Hazard ratios with confidence intervals",
        "A forest plot of hazard ratios, with confidence intervals where the sources give them;"
        " the numbers are in the table below.",
        _hazard_studies,
        _draw_hazards,
    ),
}
_SIZES = {"pcr": (9.0, 11.0), "hr-gap": (10.0, 6.5), "hazard-ratios": (10.0, 6.5)}


def _fingerprint(name: str, kb: KnowledgeBase) -> str:
    """What chart `name` draws from `kb`: its rows and sources. Dates that show the same findings share it."""
    rows = {"pcr": pcr_rows, "hr-gap": hr_gap_rows, "hazard-ratios": hazard_rows}[name](kb)
    drawn = repr((name, rows, citations(kb, CHARTS[name].studies(kb))))
    return hashlib.sha256(drawn.encode()).hexdigest()


def render_svg(name: str, kb: KnowledgeBase) -> bytes:
    """The chart as SVG bytes (KeyError for an unknown name), drawn once per distinct content.

    A knowledge base seen on different dates mostly draws the same chart: the cache is keyed on what
    is drawn, not on the date, so a client asking for thousands of dates costs a few renders, and
    the cache holds at most CACHE_SIZE charts (least recently used dropped first).
    """
    chart = CHARTS[name]
    key = _fingerprint(name, kb)
    with _LOCK:
        svg = _CACHE.get(key)
        if svg is not None:
            _CACHE.move_to_end(key)
            return svg
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "her2-cds", "font.size": 8}):
            fig = Figure(figsize=_SIZES[name], layout="constrained")
            if chart.studies(kb):
                chart.draw(fig, kb)
            else:  # e.g. a case dated before any trial of this series had reported
                fig.suptitle(chart.title, fontsize=10, x=0.01, ha="left")
                fig.text(0.5, 0.5, "No study of this series had reported by this date.", ha="center", va="center")
            out = io.BytesIO()
            # Creator names the program, not matplotlib's version (which tells an attacker what to try)
            fig.savefig(out, format="svg", metadata={"Date": None, "Title": chart.title, "Creator": "her2-cds"})
        svg = out.getvalue()
        _CACHE[key] = svg
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
        return svg


def size_px(name: str) -> tuple[int, int]:
    """The chart's size in CSS pixels (96 per inch), for its <img> width and height: the page does not shift."""
    width, height = _SIZES[name]
    return round(width * 96), round(height * 96)


def charts_for(answer: Answer, kb: KnowledgeBase) -> list[Chart]:
    """The charts that draw on a study this answer cites (to show beside its evidence)."""
    cited = {ev.study_id for rec in answer.recommendations for ev in rec.evidence}
    cited |= {s for note in answer.notes for s in note.study_ids}
    return [c for c in CHARTS.values() if cited & set(c.studies(kb))]
