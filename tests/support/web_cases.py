"""Cases in each setting for the web tests (not a test module): as JSON and as the form's strings."""

from __future__ import annotations

from typing import Any

from engine import Answer
from engine.knowledge import Correction, Finding

CASES: dict[str, dict[str, Any]] = {
    "metastatic first-line": {
        "setting": "metastatic",
        "her2_status": "positive",
        "metastatic_line": "first",
        "hormone_receptor_status": "negative",
        "prior_trastuzumab": False,
    },
    "metastatic pretreated": {
        "setting": "metastatic",
        "her2_status": "positive",
        "metastatic_line": "pretreated",
        "hormone_receptor_status": "negative",
        "prior_trastuzumab": True,
    },
    "neoadjuvant": {
        "setting": "neoadjuvant",
        "her2_status": "positive",
        "hormone_receptor_status": "negative",
        "tumor_size_cm": 3.0,
        "node_status": "positive",
    },
    "adjuvant": {
        "setting": "adjuvant",
        "her2_status": "positive",
        "hormone_receptor_status": "positive",
        "tumor_size_cm": 2.5,
        "node_status": "positive",
    },
}


# first line for metastatic disease, and after one anti-HER2 regimen for it (outside CASES, which the tests walk
# whole)
FIRST_LINE: dict[str, Any] = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
}
SECOND_LINE: dict[str, Any] = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "pretreated",
    "hormone_receptor_status": "negative",
    "prior_trastuzumab": True,
    "prior_metastatic_her2_regimens": 1,
}


def as_form(case: dict[str, Any]) -> dict[str, str]:
    """A JSON case as the form submits it: true/false, numbers as text."""
    return {
        k: ("true" if v is True else "false" if v is False else f"{v:g}" if isinstance(v, float) else str(v))
        for k, v in case.items()
    }


APPRAISAL = Correction(
    topic="PFS P value",
    review_says="P = 0.08",
    primary_says="The primary publication gives P = 0.008.",
    source="web test fixture",
    verified=True,
)


def with_appraisal(answer: Answer) -> Answer:
    """The answer with a known correction and review references [1]-[3] on its first study, whatever the rules hold."""
    rec = answer.recommendations[0]
    study = rec.evidence[0]
    finding = Finding(endpoint="PFS", comparison="a vs b", result="longer", as_in="review", verified=False, refs=[3])
    study = study.model_copy(
        update={
            "corrections": [*study.corrections, APPRAISAL],
            "review_refs": sorted({*study.review_refs, 1, 2}),
            "findings": [*study.findings, finding],
        }
    )
    rec = rec.model_copy(update={"evidence": [study, *rec.evidence[1:]]})
    return answer.model_copy(update={"recommendations": [rec, *answer.recommendations[1:]]})
