"""The packaged knowledge base's regimen ids (in its order), evidence cut-off, disclaimer and contradictions, for
tests that name them.

The code reads each from the knowledge base it loaded (KnowledgeBase.regimen_ids, .evidence_cutoff,
.case_checks); tests of the packaged rules/ read them here, once.
"""

from __future__ import annotations

import datetime as dt

from engine.case import Case, parse_case
from engine.loader import load_knowledge_base

_PACKAGED = load_knowledge_base()
PACKAGED = _PACKAGED  # the whole of it, for the FHIR intake, which reads a record in its words
REGIMEN_IDS = _PACKAGED.regimen_ids
EVIDENCE_CUTOFF = _PACKAGED.evidence_cutoff
DISCLAIMER = _PACKAGED.disclaimer  # educational use only, and what the packaged knowledge base covers
CASE_CHECKS = _PACKAGED.case_checks  # the cases whose fields contradict each other, refused
WORDS = _PACKAGED.words  # the case fields' and derived facts' clinical words


def parse_packaged(data: object, today: dt.date | None = None) -> Case:
    """parse_case with the packaged knowledge base's contradictions, as an engine over rules/ parses (undated)."""
    return parse_case(data, today, checks=CASE_CHECKS)


def parse_dated(data: object) -> Case:
    """parse_case, dated as the packaged engine dates it (the cut-off where the case gives no date)."""
    case = parse_packaged(data)
    return case if case.as_of is not None else case.model_copy(update={"as_of": EVIDENCE_CUTOFF})
