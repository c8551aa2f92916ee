"""The engine's answer: regimens with status, evidence and reasoning, and why the others did not apply."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, computed_field, field_serializer, model_validator

from engine.after_review import FormKind
from engine.case import Case
from engine.dating import Precision
from engine.frozen import Frozen
from engine.knowledge import Arm, Correction, EvidenceLevel, Finding
from engine.vocabulary import Status


class ApprovalRef(Frozen):
    id: str
    date: str
    date_precision: Precision
    counts_from: dt.date
    accelerated: bool = False  # still an accelerated approval on the as_of date
    converted_on: str | None = None  # the day an accelerated approval became regular, once it had
    indication: str
    source: str
    review_table_1: str
    correction: str
    label_url: str = ""  # the FDA label or announcement, where one is verified


class ShownFinding(Finding):
    """A result as an answer shows it, with the precision of its own date (None: its study's date) and
    the first day the engine counts it (its own date's, or its study's)."""

    reported_precision: Precision | None = None
    counts_from: dt.date | None = None


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
    # when the results first became public, as precise as the record ("" while not yet public)
    reported: str
    reported_precision: Precision | None
    reported_counts_from: dt.date | None
    reported_source: str
    reported_verified: bool
    # False: named as an approval's basis before its results were public, so no numbers are shown
    results_public: bool
    arms: list[Arm]
    findings: list[ShownFinding]
    review_refs: list[int]
    primary_publication: str | None
    # the publication's identifiers (PubMed, DOI) as the study's record gives them
    pmid: str | None = None
    doi: str | None = None
    corrections: list[Correction]
    after_review: bool = False  # first reported after the review (2014-07-31); each finding says so too


class OrderReason(Frozen):
    """Why an option stands where it does in the answer's order, in a clinician's words.

    kind: guideline (a guideline lists or names it for this case), options (a guideline names it among options
    with no preference), head_to_head (it beat `regimens` in a randomized trial), below (another option
    beat it), status (its status places it), unordered (nothing orders it against `regimens`)."""

    kind: Literal["guideline", "options", "head_to_head", "below", "status", "unordered"]
    text: str  # "listed first for second line by ASCO 2022"
    regimens: list[str] = Field(default_factory=list)  # the options this reason places it against
    source: str = ""  # the guideline's id, or the trial result ("study_id.finding_id")
    quote: str = ""  # the guideline's own words
    conditional: bool = False  # holds only if what the text names after "if" is true of the case
    secondary: bool = False  # from an unofficial copy of a guideline


class RegimenForm(Frozen):
    """A dated product note on the regimen, public on the answer's date: a subcutaneous form, a biosimilar, or
    context outside the breast labels, from the knowledge base's notes on the regimen. It changes no status."""

    kind: FormKind
    date: str = Field(description="the day of the approval or report, as precise as its source")
    counts_from: dt.date = Field(description="the first day this note is shown")
    text: str
    source: str


class Recommendation(Frozen):
    regimen_id: str
    name: str
    status: Status
    # the status holds only if the case fields in conditional_on turn out as the rule assumes
    conditional: bool
    status_label: str  # "approved" or "approved, conditional on menopausal status"
    # when the approval covers only part of the regimen (trastuzumab alone, not with chemotherapy)
    labelled_part: str = ""
    unlabelled_part: str = ""
    approval: ApprovalRef | None
    rationale: str
    # JSON gives each study once per answer (Answer.studies) and the ids here; Python keeps the records
    evidence: list[Evidence] = Field(
        description="the ids of the studies behind it, each described in the answer's studies"
    )
    cautions: list[str]
    conditional_on: list[str]
    key_finding: str | None = Field(
        default=None,
        description="the result (study_id.finding_id) that bears on this case, headlined where the answer names a"
        " key trial; none: the study's first result is headlined",
    )
    # why it stands where it does in the answer's order, each reason in a clinician's words
    ordered_by: list[OrderReason] = Field(default_factory=list)
    # subcutaneous forms, biosimilars and context notes of the regimen public on the answer's date, oldest first
    forms: list[RegimenForm] = Field(
        default_factory=list,
        description="the regimen's subcutaneous forms, biosimilars and context notes public on the answer's date,"
        " oldest first, each with its day and source; they change no status",
    )
    rules: list[str]
    after_review: bool = False  # rests on a rule that turned on after the review (2014-07-31)

    @field_serializer("evidence")
    def _study_ids(self, evidence: list[Evidence]) -> list[str]:
        return [e.study_id for e in evidence]


class WhyNot(Frozen):
    regimen_id: str
    name: str
    status: Status | None
    reasons: list[str]


class Note(Frozen):
    rule: str
    text: str
    study_ids: list[str]
    after_review: bool = False


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
    # how many recommendations hold only conditionally on fields the case leaves unknown
    conditional_count: int = 0
    # as_of is later than the knowledge base's evidence cut-off: later evidence is unknown to this answer
    past_cutoff: bool = False
    disclaimer: str  # the knowledge base's (KnowledgeBase.disclaimer): educational use only, and its coverage

    @computed_field(  # type: ignore[prop-decorator]
        description="every study a recommendation cites, once, by id, in the order first cited"
    )
    @property
    def studies(self) -> dict[str, Evidence]:
        return {e.study_id: e for r in self.recommendations for e in r.evidence}

    @model_validator(mode="before")
    @classmethod
    def _cited_by_id(cls, data: Any) -> Any:
        """Read the JSON shape back: each recommendation's study ids become the records of `studies`."""
        if not isinstance(data, dict) or not isinstance(data.get("studies"), dict):
            return data
        studies = data["studies"]
        recommendations = [
            {**r, "evidence": [studies.get(e, e) if isinstance(e, str) else e for e in r.get("evidence", [])]}
            if isinstance(r, dict)
            else r
            for r in data.get("recommendations", [])
        ]
        return {k: v for k, v in data.items() if k != "studies"} | {"recommendations": recommendations}
