"""The knowledge base's data model: what a file in `rules/` may say, checked by pydantic at load."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from her2_cds.engine.dating import PartialDate, check_certain_by
from her2_cds.engine.vocabulary import (
    ARM_VALUE_KEYS,
    CASE_FIELDS,
    DERIVED_FACTS,
    OPERATORS,
    REGIMEN_IDS,
    STATUSES,
    Status,
)


class Strict(BaseModel):
    """Every knowledge-base record rejects unknown keys: a typo in a rule file must not pass."""

    model_config = ConfigDict(extra="forbid", frozen=True)


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
    # an accelerated approval is flagged until a later approval converts it to regular approval
    approval_type: Literal["accelerated", "regular"] = "regular"
    type_note: str = ""
    converted_on: PartialDate | None = None
    converted_by: str | None = None
    converts: list[str] = []
    date_note: str = ""  # what the date is when it is not plainly the FDA's action day
    indication_quoted: bool = False  # true: the label's own words as a verified source quotes them
    her2_statuses: list[Literal["positive", "low", "ultralow"]] = ["positive"]

    @model_validator(mode="after")
    def _conversion_complete(self) -> Approval:
        if (self.converted_on is None) != (self.converted_by is None):
            raise ValueError("converted_on and converted_by go together")
        if self.converted_on is not None and self.approval_type != "accelerated":
            raise ValueError("only an accelerated approval is converted")
        return self

    def accelerated_on(self, day: dt.date) -> bool:
        """Still an accelerated approval on this day (not yet converted to regular approval)."""
        if self.approval_type != "accelerated":
            return False
        return self.converted_on is None or day < self.converted_on.counts_from()


EvidenceLevel = Literal[
    "randomized_phase_3",
    "randomized_phase_2",
    "randomized_phase_not_given",
    "nonrandomized_or_phase_1",
    "preclinical",
]


class OwnDate(Strict):
    """When this particular result was first public, if not with its study's first report (an update, a
    later paper): the date, the day inside a month or year by which it certainly was, and the source."""

    reported: PartialDate | None = None
    reported_certain_by: dt.date | None = None
    reported_source: str = ""
    reported_verified: bool = False
    # a result public after the review (the loader sets it for every finding of studies-after-review.toml):
    # counts from its own date, never capped at the review's
    after_review: bool = False

    @model_validator(mode="after")
    def _dated_honestly(self) -> OwnDate:
        check_certain_by(self.reported, self.reported_certain_by, self.reported_verified)
        if self.reported is not None and not self.reported_source:
            raise ValueError("a result with its own date names the source of that date (reported_source)")
        return self


class Arm(OwnDate):
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


class Finding(OwnDate):
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
    # a name for rules and cautions that cite this very result ("os_final"), unique within its study
    id: str | None = None
    # a later result of the same study that makes this one out of date (an interim "trend" replaced by
    # the final analysis): this one is shown only until that one is public
    replaced_by: str | None = None
    publication: str = ""  # a result after the review names its publication (authors, journal, year, pages)
    pmid: str | None = None
    doi: str | None = None


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
    # when the results first became public (presentation or e-publication, whichever is earlier),
    # as precise as a verified source shows; reported_source names that source
    reported: PartialDate
    reported_certain_by: dt.date | None = None
    reported_source: str = ""
    reported_verified: bool = False
    after_review: bool = False  # first reported after the review: counts from its own date
    pmid: str | None = None
    doi: str | None = None
    review_refs: list[int] = []
    primary_publication: str | None = None
    primary_publication_verified: bool = False
    arms: list[Arm] = []
    findings: list[Finding] = []
    corrections: list[Correction] = []

    @model_validator(mode="after")
    def _dated_honestly(self) -> Study:
        check_certain_by(self.reported, self.reported_certain_by, self.reported_verified)
        ids = [f.id for f in self.findings if f.id is not None]
        if len(ids) != len(set(ids)):
            raise ValueError("two findings share an id")
        for finding in self.findings:
            if finding.replaced_by is not None and finding.replaced_by not in ids:
                raise ValueError(f"replaced_by names {finding.replaced_by!r}, not a finding of this study")
        return self


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


class Cited(Strict):
    """A text shown only once everything it cites was public: its studies, its findings ("study_id.finding_id")
    and, for a text about the review itself, the review's publication."""

    text: str
    studies: list[str] = []
    findings: list[str] = []
    from_review: bool = False


class Caution(Cited):
    """A caution on a regimen; `when` (optional) limits it to the cases it concerns."""

    when: list[Condition] = []


class DatedText(Cited):
    """A rationale sentence that cites a result later than its rule's own date: shown from that result's day."""

    @model_validator(mode="after")
    def _cites_something(self) -> DatedText:
        if not self.studies and not self.findings and not self.from_review:
            raise ValueError("a dated rationale sentence cites the studies or findings that date it, or the review")
        return self


class Ranking(Strict):
    """Randomized head-to-head evidence that this regimen beat another: orders regimens sharing a status."""

    regimen: str
    finding: str  # "study_id.finding_id": the trial and endpoint that decided it, dated as that result


class Rule(Strict):
    id: str
    source: str
    rationale: str
    # sentences citing later results, each shown only from the day its result was public
    rationale_dated: list[DatedText] = []
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
    superior_to: list[Ranking] = []
    # an approval that covers only part of what the regimen's name says: which part, and which not
    labelled_part: str = ""
    unlabelled_part: str = ""
    # the HER2 categories the rule speaks of; anything but ["positive"] replaces the scope's HER2 test
    # (T-DXd's HER2-low and -ultralow indications, and the notes explaining them)
    her2_statuses: list[Literal["positive", "low", "ultralow"]] = ["positive"]

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
    low_rationale: str = ""


class Question(Strict):
    """A library question and its model answer, revealed to a student only after the commitment."""

    text: str = Field(min_length=1)
    answer: str = Field(min_length=1)

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
