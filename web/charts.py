"""Evidence charts as server-rendered SVG (matplotlib, Agg-free SVG backend): no script, text kept as text.

Each chart draws one series of teaching.evidence, cites its studies in the figure, and has the same
numbers as a table on the page (its text alternative). Rendering is serialized (matplotlib's global
rc state is not thread-safe) and kept per distinct content (ChartStore, one per app). The studies an answer
cites (`?cite=`) are highlighted by CSS added to the cached drawing, never by drawing again: however
many cite sets are asked for, a chart is drawn at most twice per content (with and without the key).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from engine.answer import Answer
from engine.loader import KnowledgeBase
from engine.phrasing import ClinicalWords
from engine.published import finding_public, study_public
from engine.view_says import CHART_NAMES
from teaching.evidence import CHART_ROWS, ChartRow, Citation, citations, hazard_rows, hr_gap_rows, known_on, pcr_rows
from web.chart_draw import CITED_EDGE, TEXT, TITLE, draw_hazards, draw_hr_gap, draw_pcr, hazard_panels

# charts kept per app: above the distinct charts any dates to the cut-off can ask for (104, each with and
# without the key; a test counts them), about 6 MB of SVG in all
CACHE_SIZE = 128


@dataclass(frozen=True)
class Series:
    """How a chart is drawn: the studies of its series in a knowledge base, and its drawing."""

    studies: Callable[[KnowledgeBase], list[str]]
    draw: Callable[[Figure, KnowledgeBase, bool], None]


@dataclass(frozen=True)
class Chart:
    """A chart as a page shows it: its name, and its title and text alternative in the knowledge base's words."""

    name: str
    title: str
    alt: str

    @classmethod
    def of(cls, name: str, words: ClinicalWords) -> Chart:
        return cls(name, words.chart_titles(name), words.chart_alts(name))

    def studies(self, kb: KnowledgeBase) -> list[str]:
        """The studies of its series in `kb`."""
        return CHARTS[self.name].studies(kb)


def _pcr_studies(kb: KnowledgeBase) -> list[str]:
    return [r.study_id for r in pcr_rows(kb)]


def _hr_studies(kb: KnowledgeBase) -> list[str]:
    return [r.study_id for r in hr_gap_rows(kb)]


def _hazard_studies(kb: KnowledgeBase) -> list[str]:
    return [r.study_id for r in hazard_rows(kb)]


# the charts by name, in the knowledge base's order of their words ([chart_title], [chart_alt])
CHARTS: dict[str, Series] = dict(
    zip(
        CHART_NAMES,
        (Series(_pcr_studies, draw_pcr), Series(_hr_studies, draw_hr_gap), Series(_hazard_studies, draw_hazards)),
        strict=True,
    )
)
_SIZES = {"pcr": (10.0, 14.0), "hr-gap": (11.0, 8.0), "hazard-ratios": (11.0, 11.0)}


def _fingerprint(name: str, kb: KnowledgeBase, marked: bool) -> str:
    """What chart `name` draws from `kb`: its rows and sources, and whether it has the key for cited studies.
    Dates that show the same findings share it; the cited studies themselves are not drawn (see highlight)."""
    return ChartView.of(kb).fingerprint(name, marked)


def draw_svg(name: str, kb: KnowledgeBase, marked: bool = False) -> bytes:
    """Draw chart `name` of `kb` with matplotlib (hundreds of milliseconds): uncached, in this process."""
    chart, title = CHARTS[name], kb.words.chart_titles(name)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "her2-cds", "font.size": TEXT}):
        fig = Figure(figsize=size_in(name, kb), layout="constrained")
        if chart.studies(kb):
            chart.draw(fig, kb, marked)
        else:  # e.g. a case dated before any trial of this series had reported
            fig.suptitle(title, fontsize=TITLE, x=0.01, ha="left")
            fig.text(0.5, 0.5, kb.words.chart("none_reported"), ha="center", va="center")
        out = io.BytesIO()
        # Creator names the program, not matplotlib's version (which tells an attacker what to try)
        fig.savefig(out, format="svg", metadata={"Date": None, "Title": title, "Creator": "her2-cds"})
    return out.getvalue()


def highlight(svg: bytes, cited: frozenset[str]) -> bytes:
    """A chart drawn `marked` with the cited studies highlighted: CSS added to its own style sheet
    (labels bold, bars outlined, the highlighted forest marks shown); microseconds, not a drawing."""
    rules = ['g[id^="hi-"]{display:none}']
    for study_id in sorted(cited):  # ids of the knowledge base: lowercase letters, digits and "_"
        rules += [
            f'g[id^="row-{study_id}--"] text{{font-weight:bold !important}}',
            f'g[id^="row-{study_id}--"] path{{stroke:{CITED_EDGE} !important;stroke-width:1.5px !important}}',
            f'g[id^="hi-{study_id}--"]{{display:inline}}',
            f'g[id^="lo-{study_id}--"]{{display:none}}',
        ]
    return svg.replace(b"</style>", "\n".join(rules).encode() + b"\n</style>", 1)


# How a missing chart is drawn: in this process by default; the server's worker (web.worker) draws
# in a short-lived child process instead, with a time cap, so neither its memory nor its loop pays.
Drawer = Callable[[str, KnowledgeBase, bool], bytes]


class ChartStore:
    """An app's evidence charts as SVG, each drawn once per distinct content and kept (create_app builds one).

    A knowledge base seen on different dates mostly draws the same chart: the store is keyed on what
    is drawn, not on the date or the cited studies, so a client asking for thousands of dates or cite
    sets costs a few renders, and it holds at most `size` charts (least recently used dropped first).
    Cited studies outside the chart's series change nothing and are dropped. Drawing is serialized
    (matplotlib's global rc state is not thread-safe).
    """

    def __init__(self, size: int = CACHE_SIZE, drawer: Drawer = draw_svg) -> None:
        self.size = size
        self.drawer = drawer
        self._lock = threading.Lock()
        self._drawn: OrderedDict[str, bytes] = OrderedDict()

    def svg(self, name: str, view: ChartView, cited: frozenset[str] = frozenset()) -> bytes:
        """The chart as SVG bytes (KeyError for an unknown name), with the cited studies highlighted."""
        cited = cited & frozenset(view.studies[name])
        key = view.fingerprint(name, bool(cited))
        with self._lock:
            svg = self._drawn.get(key)
            if svg is not None:
                self._drawn.move_to_end(key)
            else:
                svg = self.drawer(name, view.kb, bool(cited))
                self._drawn[key] = svg
                while len(self._drawn) > self.size:
                    self._drawn.popitem(last=False)
        return highlight(svg, cited) if cited else svg

    def __len__(self) -> int:
        return len(self._drawn)


def change_dates(kb: KnowledgeBase) -> list[dt.date]:
    """The dates on which a chart can change (a study or a result became public), and the day before the first."""
    days = {study_public(kb, sid) for sid in kb.studies}
    days |= {finding_public(kb, s, f) for s in kb.studies.values() for f in [*s.findings, *s.arms]}
    days = {d for d in days if d <= kb.info.evidence_cutoff}
    return sorted(days | {min(days) - dt.timedelta(days=1)}) if days else []


def size_in(name: str, kb: KnowledgeBase | None = None) -> tuple[float, float]:
    """The chart's size in inches. The forest plot grows with its rows and setting panels (about 0.24 in a row,
    so labels of 11 px stay apart) as trials report; the others have a fixed size."""
    width, height = _SIZES[name]
    if name == "hazard-ratios" and kb is not None:
        panels = hazard_panels(hazard_rows(kb), kb.words)
        height = max(5.0, 2.8 + 0.55 * len(panels) + 0.24 * sum(len(rows) for rows, _ in panels))
    return width, height


def size_px(name: str, kb: KnowledgeBase | None = None) -> tuple[int, int]:
    """The chart's size in CSS pixels (96 per inch), for its <img> width and height: the page does not shift."""
    width, height = size_in(name, kb)
    return round(width * 96), round(height * 96)


def charts_for(answer: Answer, view: ChartView) -> list[Chart]:
    """The charts that draw on a study this answer cites (to show beside its evidence)."""
    cited = {ev.study_id for rec in answer.recommendations for ev in rec.evidence}
    cited |= {s for note in answer.notes for s in note.study_ids}
    return [view.charts[name] for name in CHARTS if cited & set(view.studies[name])]


@dataclass(frozen=True)
class ChartView:
    """The charts of one view of the knowledge base (as it stood on a day): each chart's rows, studies,
    sources and size read once, however many pages and drawings ask for them."""

    kb: KnowledgeBase
    rows: dict[str, Sequence[ChartRow]]
    studies: dict[str, list[str]]
    sources: dict[str, list[Citation]]
    sizes: dict[str, tuple[int, int]]  # CSS pixels
    charts: dict[str, Chart]  # each chart's title and text alternative

    @classmethod
    def of(cls, kb: KnowledgeBase) -> ChartView:
        rows = {name: CHART_ROWS[name](kb) for name in CHARTS}
        studies = {name: [r.study_id for r in rows[name]] for name in CHARTS}
        sources = {name: citations(kb, studies[name]) for name in CHARTS}
        sizes = {name: size_px(name, kb) for name in CHARTS}
        return cls(kb, rows, studies, sources, sizes, {name: Chart.of(name, kb.words) for name in CHARTS})

    def fingerprint(self, name: str, marked: bool) -> str:
        """What chart `name` draws (see _fingerprint), from the rows read once."""
        drawn = repr((name, self.rows[name], self.sources[name], marked))
        return hashlib.sha256(drawn.encode()).hexdigest()


class ChartViews:
    """The knowledge base's chart views, one per span between the days a chart can change (change_dates),
    each built on first use and kept (create_app builds one per app)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._days = change_dates(kb)
        self._views: dict[int, ChartView] = {}
        self._lock = threading.Lock()

    def on(self, as_of: dt.date | None) -> ChartView:
        """The charts as they stood on `as_of` (None: at the cut-off): only what was public then."""
        whole = as_of is None or as_of >= self.kb.evidence_cutoff
        span = -1 if as_of is None or whole else bisect.bisect_right(self._days, as_of)
        with self._lock:
            view = self._views.get(span)
            if view is None:
                view = self._views[span] = ChartView.of(known_on(self.kb, None if whole else as_of))
        return view
