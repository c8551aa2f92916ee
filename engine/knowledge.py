"""The knowledge base's data model: what a file in `rules/` may say, checked by pydantic at load."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, field_validator, model_validator
from pydantic_core import CoreSchema, core_schema

from her2_cds.engine.vocabulary import (
    ARM_VALUE_KEYS,
    CASE_FIELDS,
    DERIVED_FACTS,
    OPERATORS,
    REGIMEN_IDS,
    STATUSES,
    Status,
)

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class Strict(BaseModel):
    """Every knowledge-base record rejects unknown keys: a typo in a rule file must not pass."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PartialDate(str):
    """An ISO date known to the year, the month or the day ("2012", "2014-06", "2013-09-30")."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        # TOML may give an unquoted date as a date object; a year alone stays text
        as_text = core_schema.no_info_before_validator_function(
            lambda v: v.isoformat() if isinstance(v, dt.date) else v, core_schema.str_schema()
        )
        return core_schema.no_info_after_validator_function(
            _partial_date, as_text, serialization=core_schema.to_string_ser_schema()
        )

    def counts_from(self) -> dt.date:
        """The first day on which the event had certainly happened: the period's last day.

        Sources often give a year or a month only; counting from the end of that period never
        claims an approval or a result before it can have existed.
        """
        parts = [int(p) for p in self.split("-")]
        if len(parts) == 3:
            return dt.date(parts[0], parts[1], parts[2])
        if len(parts) == 2:
            year, month = parts
            dt.date(year, month, 1)  # raises on month 13
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(parts[0], 12, 31)


def _partial_date(value: object) -> PartialDate:
    text = str(value)
    if not _PARTIAL_DATE.match(text):
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    date = PartialDate(text)
    date.counts_from()  # raises on a month 13 or a 30th of February
    return date


class KnowledgeBaseInfo(Strict):
    version: str
    evidence_cutoff: dt.date
    title: str
    review: str
    review_doi: str
    review_published: dt.date
    disclaimer: str


class Regimen(Strict):
    id: str
    name: str
    description: str
    drugs: list[str]

    @field_validator("id")
    @classmethod
    def _known_id(cls, value: str) -> str:
        if value not in REGIMEN_IDS:
            raise ValueError(f"unknown regimen id {value!r}; allowed: {', '.join(REGIMEN_IDS)}")
        return value


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


EvidenceLevel = Literal[
    "randomized_phase_3",
    "randomized_phase_2",
    "randomized_phase_not_given",
    "nonrandomized_or_phase_1",
    "preclinical",
]


class Arm(Strict):
    label: str
    n: int | None = None
    values: dict[str, float] = {}
    values_source: str = ""
    values_verified: bool = False

    @field_validator("values")
    @classmethod
    def _known_keys(cls, values: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(values) - set(ARM_VALUE_KEYS))
        if unknown:
            raise ValueError(f"unknown arm value {unknown}; allowed: {', '.join(ARM_VALUE_KEYS)}")
        return values


class Finding(Strict):
    endpoint: str
    comparison: str
    result: str
    p_value: str | None = None
    hazard_ratio: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    ci_level: str | None = None
    as_in: Literal["review", "primary"]
    verified: bool
    refs: list[int] = []
    # when this particular result was public, if later than its study's `reported` (e.g. an OS update)
    reported: PartialDate | None = None


class Correction(Strict):
    topic: str
    review_says: str
    primary_says: str
    source: str
    verified: bool


class Study(Strict):
    id: str
    name: str
    aliases: list[str] = []
    design: str
    level: EvidenceLevel
    setting: str
    n: int | None = None
    n_note: str = ""
    nct: str | None = None
    nct_verified: bool = False
    status: Literal["completed", "ongoing", "published", "unpublished"]
    status_note: str = ""
    reported: PartialDate
    review_refs: list[int] = []
    primary_publication: str | None = None
    primary_publication_verified: bool = False
    arms: list[Arm] = []
    findings: list[Finding] = []
    corrections: list[Correction] = []


class Condition(Strict):
    """One test in a rule: a case field or derived fact, a word operator and a value."""

    fact: str
    op: str
    value: str | float | bool | list[str] | None = None

    @model_validator(mode="after")
    def _fits_the_vocabulary(self) -> Condition:
        if self.op not in OPERATORS:
            raise ValueError(f"unknown operator {self.op!r}; allowed: {', '.join(OPERATORS)}")
        if self.fact in DERIVED_FACTS:
            if self.op not in ("is_true", "is_false"):
                raise ValueError(f"derived fact {self.fact!r} takes is_true or is_false")
            return self
        spec = CASE_FIELDS.get(self.fact)
        if spec is None:
            allowed = ", ".join([*CASE_FIELDS, *DERIVED_FACTS])
            raise ValueError(f"unknown fact {self.fact!r}; allowed: {allowed}")
        spec.check(self.op, self.value)
        return self


class Caution(Strict):
    """A caution on a regimen; shown only once every study it cites is known on the as_of date."""

    text: str
    studies: list[str] = []


class Rule(Strict):
    id: str
    source: str
    rationale: str
    when: list[Condition] = Field(min_length=1)
    priority: int = 0
    # exactly one of the three outcomes
    derive: str | None = None
    regimen: str | None = None
    note: str | None = None
    # regimen outcomes
    status: Status | None = None
    approval: str | None = None
    superseded_by: str | None = None
    evidence: list[str] = []
    # the studies whose results establish the status (default: all of `evidence`); dates the rule
    dated_by: list[str] = []
    cautions: list[Caution] = []
    conditional_on: list[str] = []

    @model_validator(mode="after")
    def _one_outcome(self) -> Rule:
        outcomes = [x for x in (self.derive, self.regimen, self.note) if x is not None]
        if len(outcomes) != 1:
            raise ValueError("a rule has exactly one of derive, regimen or note")
        if self.derive is not None and self.derive not in DERIVED_FACTS:
            raise ValueError(f"unknown derived fact {self.derive!r}; allowed: {', '.join(DERIVED_FACTS)}")
        if self.note is None and self.regimen is None and self.evidence:
            raise ValueError("a derivation cites no evidence")
        if self.regimen is None and (self.status or self.approval or self.superseded_by or self.cautions):
            raise ValueError("status, approval, superseded_by and cautions belong to regimen rules")
        if self.regimen is not None:
            if self.regimen not in REGIMEN_IDS:
                raise ValueError(f"unknown regimen {self.regimen!r}")
            if self.status not in STATUSES:
                raise ValueError(f"a regimen rule needs a status: {', '.join(STATUSES)}")
            if (self.status == "approved") != (self.approval is not None):
                raise ValueError("an approved regimen names its approval, and only an approved one")
            if not self.evidence:
                raise ValueError("a regimen rule cites at least one study in evidence")
        if not set(self.dated_by) <= set(self.evidence):
            raise ValueError("dated_by names studies that are not in evidence")
        for name in self.conditional_on:
            if name not in CASE_FIELDS:
                raise ValueError(f"conditional_on names {name!r}, which is not a case field")
        return self

    @property
    def uses_negation(self) -> bool:
        return any(c.op == "is_false" for c in self.when)


class Scope(Strict):
    """Conditions every regimen rule shares: HER2-directed therapy is for HER2-positive disease."""

    when: list[Condition] = Field(min_length=1)
    rationale: str
    source: str


class TeachingCase(Strict):
    id: str
    title: str
    vignette: str
    case: dict[str, object]
    learning_points: list[str]
    questions: list[str]
    expect: dict[str, Status]
    expect_absent: list[str] = []
    rules_exercised: list[str] = []
