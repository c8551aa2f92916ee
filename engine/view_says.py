"""The teaching views' own words ([verdict], [sources], [measure], [measure_tag], [blockade] and [first_named] in
rules/case-words.toml), and
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

# each table: the words' field (engine/phrasing.py ClinicalWords), its name in the file and its sentences' slots
_TABLES: dict[str, tuple[str, Slots]] = {
    "verdict": ("verdict", VERDICT_SAYS),
    "sources": ("sources", SOURCE_SAYS),
    "measures": ("measure", MEASURE_SAYS),
    "measure_tags": ("measure_tag", MEASURE_SAYS),
    "blockades": ("blockade", BLOCKADE_SAYS),
    "first_named": ("first_named", FIRST_NAMED_SAYS),
}


def read_view_words(path: Path, raw: dict[str, Any]) -> dict[str, Any]:
    """Every table of the teaching views' words, each read and checked, by the words' field."""
    return {
        field: Sentences(says=read_sentences(path, raw.get(table), table, wanted))
        for field, (table, wanted) in _TABLES.items()
    }
