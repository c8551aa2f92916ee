"""her2-cds: an educational decision-support engine for HER2-positive breast cancer.

Educational use only, not for clinical decisions. The public surface: load a knowledge base once, describe a
case, get an answer.

    >>> from her2_cds import Engine
    >>> engine = Engine.load()  # the packaged rules/; Engine.load(path) for another rules folder
    >>> answer = engine.evaluate({"setting": "metastatic", "metastatic_line": "first", "her2_status": "positive",
    ...                           "hormone_receptor_status": "negative"})
"""

from __future__ import annotations

from engine import Answer, Case, CaseError, Engine, KnowledgeBaseError

__all__ = ["Answer", "Case", "CaseError", "Engine", "KnowledgeBaseError"]
