"""The knowledge base's data model: what a file in `rules/` may say, checked by pydantic at load.

The records of the knowledge base itself live here; studies (engine/studies.py) and rules (engine/rule.py)
have their own modules, and every record can be imported from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from engine.dating import PartialDate
from engine.frozen import Strict
from engine.rule import Caution, Cited, Condition, DatedText, Rule, Scope
from engine.studies import Arm, Correction, EvidenceLevel, Finding, OwnDate, Study
from engine.vocabulary import Status

__all__ = [
    "Approval",
    "Arm",
    "Caution",
    "Cited",
    "Condition",
    "Correction",
    "DatedText",
    "EvidenceLevel",
    "Finding",
    "KnowledgeBaseInfo",
    "OwnDate",
    "PartialDate",
    "Question",
    "Reference",
    "Regimen",
    "Rule",
    "Scope",
    "Strict",
    "Study",
    "TeachingCase",
]


class KnowledgeBaseInfo(Strict):
    version: str
    evidence_cutoff: dt.date
    title: str
    review: str
    review_doi: str
    review_published: dt.date
    disclaimer: str
    coverage: str  # what the knowledge base covers; its cut-off follows


class Regimen(Strict):
    id: str
    name: str
    said: str = Field(min_length=1)  # its name inside a sentence: "T-DM1", "lapatinib + capecitabine"
    description: str
    drugs: list[str]
    # the chemotherapy-free form of a combination also given with chemotherapy ("..., no chemotherapy"): a result
    # without chemotherapy headlines it, and never a regimen without this mark
    chemotherapy_free: bool = False


class Reference(Strict):
    n: int = Field(ge=1)
    citation: str
    confidence: Literal["high", "medium-high", "medium", "low-medium", "low"]
    pmid: str | None = None
    doi: str | None = None
    identity_verified: bool = False
    note: str = ""


class Approval(Strict):
    id: str
    date: PartialDate
    regimen: str
    indication: str
    basis: list[str] = []
    source: str
    review_table_1: str = ""
    correction: str = ""
    # an accelerated approval is flagged until a later approval converts it to regular approval
    approval_type: Literal["accelerated", "regular"] = "regular"
    type_note: str = ""
    converted_on: PartialDate | None = None
    converted_by: str | None = None
    converts: list[str] = []
    date_note: str = ""  # what the date is when it is not plainly the FDA's action day
    indication_quoted: bool = False  # true: the label's own words as a verified source quotes them
    her2_statuses: list[Literal["positive", "low", "ultralow"]] = ["positive"]
    # the label (DailyMed, Drugs@FDA) or the FDA's announcement a student can open, and where it was verified
    label_url: str = ""
    label_source: str = ""

    @model_validator(mode="after")
    def _conversion_complete(self) -> Approval:
        if (self.converted_on is None) != (self.converted_by is None):
            raise ValueError("converted_on and converted_by go together")
        if self.converted_on is not None and self.approval_type != "accelerated":
            raise ValueError("only an accelerated approval is converted")
        if bool(self.label_url) != bool(self.label_source):
            raise ValueError("label_url and label_source go together: a link says where it was verified")
        return self

    def accelerated_on(self, day: dt.date) -> bool:
        """Still an accelerated approval on this day (not yet converted to regular approval)."""
        if self.approval_type != "accelerated":
            return False
        return self.converted_on is None or day < self.converted_on.counts_from()


class Question(Strict):
    """A library question and its model answer, revealed to a student only after the commitment."""

    text: str = Field(min_length=1)
    answer: str = Field(min_length=1)
    # the order the model answer states, for the test that holds it to the engine's order on the case's date:
    # the option it names first, and options it puts in this order; `if_case` changes the case's facts for an
    # answer about a variant of the case ("within 6 months, ...")
    names_first: str | None = None
    ranks: list[str] = []
    if_case: dict[str, object] = {}

    @model_validator(mode="before")
    @classmethod
    def _answered(cls, value: object) -> object:
        # a bare string is the old form: say what the table must hold rather than "not a dictionary"
        if isinstance(value, str):
            raise ValueError(f'question {value[:60]!r} has no answer: write {{ text = "...", answer = "..." }}')
        return value


class TeachingCase(Strict):
    id: str
    title: str
    vignette: str
    case: dict[str, object]
    learning_points: list[str]
    questions: list[Question] = Field(min_length=1)
    expect: dict[str, Status]
    expect_absent: list[str] = []
    rules_exercised: list[str] = []


class GlossaryTerm(Strict):
    """An abbreviation the pages use: its expansion, a sentence a student can read, and where the expansion is from."""

    abbr: str = Field(min_length=2, pattern=r"^[A-Za-z][A-Za-z0-9-]*$")
    expansion: str = Field(min_length=1)
    meaning: str = ""
    source: str = Field(min_length=1)

    def title(self) -> str:
        """The words a reader sees on hovering the abbreviation."""
        return f"{self.expansion}: {self.meaning}" if self.meaning else self.expansion


class NotAbbreviation(Strict):
    """Capitalised words that are names or quotations, not abbreviations, and why."""

    group: str
    why: str = Field(min_length=1)
    words: list[str] = Field(min_length=1)
