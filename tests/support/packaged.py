"""The packaged knowledge base's regimen ids (in its order), evidence cut-off and disclaimer, for tests that name them.

The code reads both from the knowledge base it loaded (KnowledgeBase.regimen_ids, .evidence_cutoff); tests of
the packaged rules/ read them here, once.
"""

from __future__ import annotations

from engine.case import Case, parse_case
from engine.loader import load_knowledge_base

_PACKAGED = load_knowledge_base()
REGIMEN_IDS = _PACKAGED.regimen_ids
EVIDENCE_CUTOFF = _PACKAGED.evidence_cutoff
DISCLAIMER = _PACKAGED.disclaimer  # educational use only, and what the packaged knowledge base covers


def parse_dated(data: object) -> Case:
    """parse_case, dated as the packaged engine dates it (the cut-off where the case gives no date)."""
    case = parse_case(data)
    return case if case.as_of is not None else case.model_copy(update={"as_of": EVIDENCE_CUTOFF})
