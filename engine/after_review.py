"""The knowledge base after the review: dated notes on regimens, later results of the review's studies,
and the review's open questions (rules/regimens.toml, studies-after-review.toml, open-questions.toml)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from engine.dating import PartialDate
from engine.knowledge import Finding, Strict


class RegimenNote(Strict):
    """A dated note on a regimen: a new formulation, a biosimilar, or context outside the breast labels."""

    regimen: str
    date: PartialDate
    kind: Literal["formulation", "biosimilar", "context"]
    text: str
    source: str
    verified: bool


class StudyUpdate(Strict):
    """Later results of a study the review knew: findings appended, fields replaced from their first day."""

    id: str
    set: dict[str, str | int | bool] = Field(default_factory=dict)
    correction_update: str = ""
    findings: list[Finding] = Field(min_length=1)


class OpenQuestion(Strict):
    """A question the review left open, in its own words, beside what happened (dated)."""

    id: str
    topic: str
    review_quote: str
    review_refs: list[int] = Field(default_factory=list)
    review_nct: str = ""
    review_expected: str = ""
    studies: list[str] = Field(min_length=1)
    what_happened: str
    answered_on: PartialDate | None = None  # none: still open at the cut-off
    status_change: str = ""
    teaching_point: str
    verified: bool
    gaps: str = ""
