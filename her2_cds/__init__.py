"""her2-cds: an educational decision-support engine for HER2-positive breast cancer.

Educational use only, not for clinical decisions. The public surface: describe a case, get an answer.

    >>> from her2_cds import evaluate
    >>> answer = evaluate({"setting": "metastatic", "metastatic_line": "first", "hormone_receptor_status": "negative"})
"""

from __future__ import annotations

from engine import Answer, Case, CaseError, Engine, KnowledgeBaseError, evaluate

__all__ = ["Answer", "Case", "CaseError", "Engine", "KnowledgeBaseError", "evaluate"]
