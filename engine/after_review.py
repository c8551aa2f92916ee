"""The knowledge base after the review: dated notes on regimens, later results of the review's studies,
and the review's open questions (rules/regimens.toml, studies-after-review.toml, open-questions.toml)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from engine.dating import PartialDate
from engine.knowledge import Finding, Strict

# an engine word in a text for people: a snake_case name (a regimen id, a field, a status) or a dotted rule id
_ENGINE_WORD = re.compile(r"\b[a-z0-9]+(?:[._][a-z0-9]+)*_[a-z0-9]+(?:[._][a-z0-9]+)*\b|\b[a-z]+(?:\.[a-z_]+){2,}\b")


# the kinds of dated note on a regimen, each with its words in rules/case-words.toml ([form_kind])
FormKind = Literal["formulation", "biosimilar", "context"]


class RegimenNote(Strict):
    """A dated note on a regimen: a new formulation, a biosimilar, or context outside the breast labels."""

    regimen: str
    date: PartialDate
    kind: FormKind
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

    @model_validator(mode="after")
    def _speaks_clinical_words(self) -> OpenQuestion:
        """The /open-questions page shows these texts: regimens, statuses and settings in clinical words, never the
        engine's ids (those stay in the JSON and the engine's reasoning)."""
        for name, value in self:
            found = _ENGINE_WORD.search(value) if isinstance(value, str) and name != "id" else None
            if found:
                raise ValueError(
                    f"{name} names the engine word {found.group(0)!r}: a page shows it, say it in clinical words"
                )
        return self
