"""Rules in the knowledge base (rules/rules/*.toml and the scope): conditions in the vocabulary's words,
one outcome each, and the cited texts a regimen rule carries, checked by pydantic at load."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, model_validator

from engine.frozen import Strict
from engine.vocabulary import CASE_FIELDS, OPERATORS, STATUSES, Status

DATE_FACT = "as_of"  # the case's date: the one case field a condition tests as a day
# what a condition tests: a case field, the case's date or a derived fact (engine/semantics.py says what each means)
Kind = Literal["field", "date", "derived"]


# a fact that is not a case field is a derived fact: rules derive it, and it is declared once with its words in the
# rule data ([[derived_fact]]); the load refuses one that is not (engine/words_loader.py)
DERIVED_NAME = re.compile(r"[a-z][a-z0-9_]*")


def fact_kind(name: str) -> Kind:
    """What kind of fact a name is: a derived fact, the case's date, or another case field."""
    return "derived" if name not in CASE_FIELDS else "date" if name == DATE_FACT else "field"


class Condition(Strict):
    """One test in a rule: a case field or derived fact, a word operator and a value."""

    fact: str
    op: str
    value: str | float | bool | list[str] | None = None

    @property
    def kind(self) -> Kind:
        return fact_kind(self.fact)

    @model_validator(mode="after")
    def _fits_the_vocabulary(self) -> Condition:
        if self.op not in OPERATORS:
            raise ValueError(f"unknown operator {self.op!r}; allowed: {', '.join(OPERATORS)}")
        if self.kind == "derived":
            if self.op not in ("is_true", "is_false") or not DERIVED_NAME.fullmatch(self.fact):
                allowed = ", ".join(CASE_FIELDS)
                raise ValueError(
                    f"unknown fact {self.fact!r}: a case field ({allowed}) or a derived fact (is_true, is_false)"
                )
            return self
        CASE_FIELDS[self.fact].check(self.op, self.value)
        return self


class Cited(Strict):
    """A text shown only once everything it cites was public: its studies, its findings ("study_id.finding_id")
    and, for a text about the review itself, the review's publication.

    A statement of work in progress ("ongoing", "being studied") says so (`in_progress`) and names the
    results that ended it (`ended_by`: studies or findings): it is shown only before the first of them was
    public. With none, no later result is known to the knowledge base, and it is shown dated: "As of <day>,
    no later result in this knowledge base."
    """

    text: str
    studies: list[str] = []
    findings: list[str] = []
    from_review: bool = False
    in_progress: bool = False
    ended_by: list[str] = []

    @model_validator(mode="after")
    def _ends_only_in_progress(self) -> Cited:
        if self.ended_by and not self.in_progress:
            raise ValueError("ended_by belongs to a statement of work in progress (in_progress = true)")
        return self


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


# the review's reference numbers in a sentence ("[1]", "[3], [4]"): the knowledge base's citation marks
_REFERENCES = re.compile(r"\s*\[\d+\](?:\s*,\s*\[\d+\])*")


class Rule(Strict):
    id: str
    source: str
    rationale: str = ""
    # a regimen rule's verdict in one line, as the answer page's table and a learner's reason give it: the
    # rationale's first sentence, without the review's reference numbers
    headline: str = ""
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
    # the one result of `evidence` ("study_id.finding_id") that bears on the cases this rule covers: the verdict
    # headlines it rather than the study's first hazard ratio (APHINITY's node-negative cohort, not its whole)
    key_finding: str | None = None
    cautions: list[Caution] = []
    conditional_on: list[str] = []
    # an approval that covers only part of what the regimen's name says: which part, and which not
    labelled_part: str = ""
    unlabelled_part: str = ""
    # a rule whose note or status states work in progress: it stops counting on the day the first result of
    # ended_by (studies or "study_id.finding_id") was public; an in-progress note with none is shown dated
    in_progress: bool = False
    ended_by: list[str] = []
    # the HER2 categories the rule speaks of; anything but ["positive"] replaces the scope's HER2 test
    # (T-DXd's HER2-low and -ultralow indications, and the notes explaining them)
    her2_statuses: list[Literal["positive", "low", "ultralow"]] = ["positive"]

    @model_validator(mode="before")
    @classmethod
    def _headline_opens_the_rationale(cls, data: Any) -> Any:
        """A regimen rule writes its rationale's first sentence once, as `headline`, and its `rationale` goes on
        after it: the rule holds the whole rationale, and as its headline that sentence without its citation
        marks (the page's one-line verdict)."""
        if not isinstance(data, dict):
            return data
        first, rest = data.get("headline"), data.get("rationale", "")
        if not isinstance(first, str) or not first or not isinstance(rest, str):
            return data  # no headline (a note's rationale is whole), or a type the fields refuse
        whole = f"{first} {rest}" if rest else first
        return {**data, "rationale": whole, "headline": _REFERENCES.sub("", first).strip()}

    @model_validator(mode="after")
    def _one_outcome(self) -> Rule:
        outcomes = [x for x in (self.derive, self.regimen, self.note) if x is not None]
        if len(outcomes) != 1:
            raise ValueError("a rule has exactly one of derive, regimen or note")
        if self.derive is not None and (self.derive in CASE_FIELDS or not DERIVED_NAME.fullmatch(self.derive)):
            raise ValueError(f"derive names a case field, or is not a fact's name: {self.derive!r}")
        if self.note is None and self.regimen is None and self.evidence:
            raise ValueError("a derivation cites no evidence")
        if self.regimen is None and (
            self.status or self.approval or self.superseded_by or self.cautions or self.headline
        ):
            raise ValueError("status, approval, superseded_by, cautions and headline belong to regimen rules")
        if self.regimen is not None:
            if self.status not in STATUSES:
                raise ValueError(f"a regimen rule needs a status: {', '.join(STATUSES)}")
            if (self.status == "approved") != (self.approval is not None):
                raise ValueError("an approved regimen names its approval, and only an approved one")
            if not self.evidence:
                raise ValueError("a regimen rule cites at least one study in evidence")
            if not self.headline:
                raise ValueError("a regimen rule states its verdict in one line (headline)")
        if not self.rationale:
            raise ValueError("a rule states why (rationale; a regimen rule's first sentence is its headline)")
        if self.in_progress and self.note is None and not self.ended_by:
            raise ValueError("a regimen or derivation in progress names the results that ended it (ended_by)")
        if not set(self.dated_by) <= set(self.evidence):
            raise ValueError("dated_by names studies that are not in evidence")
        if self.key_finding is not None and (
            "." not in self.key_finding or self.key_finding.split(".")[0] not in self.evidence
        ):
            raise ValueError("key_finding names a result of a study that is not in evidence (study_id.finding_id)")
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
