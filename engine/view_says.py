"""The teaching views' own words ([verdict], [sources], [measure], [measure_tag], [blockade], [first_named],
[chart_title], [chart_alt] and [chart] in rules/case-words.toml), and
each sentence's slots: the words are the knowledge base's, the slots the code's. engine/templates.py checks each
table against its list here at load, naming the file and the sentence (`verdict.key_trial`) when one is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args

from engine.templates import Sentences, Slots, read_sentences

# The verdict panel's key trial: its label (a preclinical study is no trial), an ongoing study's words where it has no
# result yet, and its headline: the result's endpoint, the trial it comes from ({trial}: the `trial` sentence or
# nothing) and its number ({result}: a hazard ratio as [numbers] says it, or the result as given, cut at a word if
# long: `cut`); and the case in one line ({case}: its values in words, {date}: its as-of date).
VERDICT_SAYS: Slots = {
    "key_trial": frozenset(),
    "key_study": frozenset(),
    "ongoing": frozenset(),
    "trial": frozenset({"trial"}),
    "headline": frozenset({"endpoint", "trial", "result"}),
    "cut": frozenset({"text"}),
    "summary": frozenset({"case", "date"}),
}

# The links a student can open, by where they lead: a trial's registry entry ({nct}), a publication on PubMed
# ({pmid}) or by its DOI ({doi}), an approval's label on DailyMed and the FDA's record of an approval.
SOURCE_SAYS: Slots = {
    "registry": frozenset({"nct"}),
    "pubmed": frozenset({"pmid"}),
    "doi": frozenset({"doi"}),
    "dailymed": frozenset(),
    "fda": frozenset(),
}

# The pCR measures the evidence charts draw, by the arm value each reads, in the charts' order: each measure's title,
# and its tag after an arm where one chart draws both (the hormone receptor subsets').
PCR_MEASURES = ("pcr_breast", "pcr_breast_axilla")
MEASURE_SAYS: Slots = {key: frozenset() for key in PCR_MEASURES}

# An arm's kind of HER2 blockade, by the anti-HER2 drugs its record names: the JSON API's values (an enum), and each
# kind's words where a page shows it (the evidence charts' tables and legend).
Blockade = Literal["single", "dual", "dual, no chemotherapy", "none"]
BLOCKADE_SAYS: Slots = {kind: frozenset() for kind in get_args(Blockade)}

# The option named first as "What changed" names its row, and what was named first where nothing was offered.
FIRST_NAMED_SAYS: Slots = {"name": frozenset(), "nothing": frozenset()}

# The evidence charts by name (web/charts.py draws each): each one's title, and its text alternative (the <img> alt).
CHART_NAMES = ("pcr", "hr-gap", "hazard-ratios")
CHART_NAME_SAYS: Slots = {name: frozenset() for name in CHART_NAMES}

# The words drawn in the charts (web/chart_draw.py): a chart with nothing to draw yet; the sources under each
# ({sources}: each `source`, a {study} and its review {refs}, each `reference` {n}, joined by `source_join`); a row's
# label on the pCR chart, the hormone receptor chart (with its measure's tag) and the forest plot (a result's
# {endpoint}, {as_in}: where the number was reported), marked `unverified` where not all is checked; a bar's value
# ({value}, and the negative-to-positive {ratio}); the axes' and legends' labels; a forest mark's words ({hr}; {ci}:
# `interval` or `no_interval`); the forest key's title; and a forest panel's title: randomized effects in a {setting}
# (the case form's label, or `other_settings`) or the prognostic comparisons apart.
CHART_SAYS: Slots = {
    "none_reported": frozenset(),
    "sources": frozenset({"sources"}),
    "source": frozenset({"study", "refs"}),
    "reference": frozenset({"n"}),
    "source_join": frozenset(),
    "row": frozenset({"study", "arm"}),
    "row_measure": frozenset({"study", "arm", "measure"}),
    "row_result": frozenset({"study", "endpoint", "as_in"}),
    "unverified": frozenset(),
    "percent": frozenset({"value"}),
    "percent_ratio": frozenset({"value", "ratio"}),
    "pcr_axis": frozenset(),
    "blockade": frozenset({"kind"}),
    "hr_negative": frozenset(),
    "hr_positive": frozenset(),
    "cited": frozenset(),
    "hazard": frozenset({"hr", "ci"}),
    "interval": frozenset({"level", "low", "high"}),
    "no_interval": frozenset(),
    "hazard_axis": frozenset(),
    "with_interval_key": frozenset(),
    "no_interval_key": frozenset(),
    "hazards_key": frozenset(),
    "treatment_effects": frozenset({"setting"}),
    "prognostic": frozenset(),
    "other_settings": frozenset(),
}

# each table: the words' field (engine/phrasing.py ClinicalWords), its name in the file and its sentences' slots
_TABLES: dict[str, tuple[str, Slots]] = {
    "verdict": ("verdict", VERDICT_SAYS),
    "sources": ("sources", SOURCE_SAYS),
    "measures": ("measure", MEASURE_SAYS),
    "measure_tags": ("measure_tag", MEASURE_SAYS),
    "blockades": ("blockade", BLOCKADE_SAYS),
    "first_named": ("first_named", FIRST_NAMED_SAYS),
    "chart_titles": ("chart_title", CHART_NAME_SAYS),
    "chart_alts": ("chart_alt", CHART_NAME_SAYS),
    "chart": ("chart", CHART_SAYS),
}


def read_view_words(path: Path, raw: dict[str, Any]) -> dict[str, Any]:
    """Every table of the teaching views' words, each read and checked, by the words' field."""
    return {
        field: Sentences(says=read_sentences(path, raw.get(table), table, wanted))
        for field, (table, wanted) in _TABLES.items()
    }
