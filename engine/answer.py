"""The engine's answer: regimens with status, evidence and reasoning, and why the others did not apply."""

from __future__ import annotations

import datetime as dt

from her2_cds.engine.case import Case
from her2_cds.engine.frozen import Frozen
from her2_cds.engine.knowledge import Arm, Correction, EvidenceLevel, Finding
from her2_cds.engine.vocabulary import Status

DISCLAIMER = (
    "Educational use only, not for clinical decisions. her2-cds teaches the evidence of one 2014"
    " review; it is not medical advice and must not guide the care of any patient."
)


class ApprovalRef(Frozen):
    id: str
    date: str
    indication: str
    source: str
    review_table_1: str
    correction: str


class Evidence(Frozen):
    study_id: str
    name: str
    design: str
    level: EvidenceLevel
    level_label: str
    n: int | None
    n_note: str
    nct: str | None
    nct_verified: bool
    status: str
    status_note: str
    reported: str
    arms: list[Arm]
    findings: list[Finding]
    review_refs: list[int]
    primary_publication: str | None
    corrections: list[Correction]

    def refs_label(self) -> str:
        """The review's reference numbers as printed, e.g. "[18], [42]"."""
        return ", ".join(f"[{n}]" for n in self.review_refs)

    def size_label(self, *, with_note: bool = True) -> str:
        """The enrolment in words, e.g. "n = 808", with its note (e.g. unverified) when asked."""
        size = f"n = {self.n}" if self.n is not None else "n not given"
        return f"{size}; {self.n_note}" if with_note and self.n_note else size


class Recommendation(Frozen):
    regimen_id: str
    name: str
    status: Status
    approval: ApprovalRef | None
    rationale: str
    evidence: list[Evidence]
    cautions: list[str]
    conditional_on: list[str]
    rules: list[str]


class WhyNot(Frozen):
    regimen_id: str
    name: str
    status: Status | None
    reasons: list[str]


class Note(Frozen):
    rule: str
    text: str
    study_ids: list[str]


class MatchedFact(Frozen):
    name: str
    value: str


class FiredRule(Frozen):
    rule: str
    outcome: str
    matched: list[MatchedFact]


class Trace(Frozen):
    fired: list[FiredRule]
    derived_facts: list[str]


class KnowledgeBaseStamp(Frozen):
    version: str
    evidence_cutoff: dt.date
    sha256: str


class Answer(Frozen):
    case: Case
    in_scope: bool
    scope_note: str
    recommendations: list[Recommendation]
    why_not: list[WhyNot]
    notes: list[Note]
    trace: Trace
    knowledge_base: KnowledgeBaseStamp
    disclaimer: str = DISCLAIMER
