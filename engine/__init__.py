"""her2-cds: an educational decision-support engine for HER2-positive breast cancer.

Educational use only, not for clinical decisions. No engine is built here: a caller builds one
(`Engine.load()`, or `Engine.load(rules_dir)` for another knowledge base) and keeps it.
"""

from __future__ import annotations

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
    "load_knowledge_base",
    "parse_case",
]
