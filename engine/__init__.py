"""her2-cds: an educational decision-support engine for HER2-positive breast cancer.

Educational use only, not for clinical decisions.
"""

from __future__ import annotations

import threading
from typing import Any

from engine.answer import Answer, Evidence, Recommendation
from engine.case import Case, CaseError, FieldError, parse_case
from engine.compile import compile_rulebook
from engine.evaluate import Engine
from engine.loader import KnowledgeBase, KnowledgeBaseError, load_knowledge_base
from engine.session import EngineError

__all__ = [
    "Answer",
    "Case",
    "CaseError",
    "Engine",
    "EngineError",
    "Evidence",
    "FieldError",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Recommendation",
    "compile_rulebook",
    "default_engine",
    "evaluate",
    "load_knowledge_base",
    "parse_case",
]

_default: Engine | None = None
_default_lock = threading.Lock()


def default_engine() -> Engine:
    """The process's engine over the packaged `rules/` (or $HER2_CDS_RULES), built on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Engine.load()
        return _default


def evaluate(case: Case | dict[str, Any]) -> Answer:
    """Evaluate one case (a Case or a dict of its fields) with the default engine."""
    return default_engine().evaluate(case)
