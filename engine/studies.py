"""Studies in the knowledge base (rules/studies*.toml): their arms, findings and corrections, each dated
as precisely as its source shows, checked by pydantic at load."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import model_validator

from engine.case_fields import Setting
from engine.dating import PartialDate, check_certain_by
from engine.frozen import Strict
from engine.vocabulary import ARM_VALUE_KEYS, known_keys

EvidenceLevel = Literal[
    "randomized_phase_3",
    "randomized_phase_2",
    "randomized_phase_not_given",
    "nonrandomized_or_phase_1",
    "preclinical",
]
# the anti-HER2 drugs an arm can name (rules/studies*.toml, each arm's her2_agents)
Her2Agent = Literal[
    "trastuzumab",
    "pertuzumab",
    "lapatinib",
    "neratinib",
    "afatinib",
    "tucatinib",
    "margetuximab",
    "trastuzumab emtansine",
    "trastuzumab deruxtecan",
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
    # The structure the pages read is stated here, never parsed from the label. her2_agents: the anti-HER2 drugs
    # the arm gives ([] for chemotherapy, endocrine therapy or placebo alone), one for single and two or more for
    # dual HER2 blockade.
    her2_agents: list[Her2Agent]
    chemotherapy_free: bool = False  # given without chemotherapy, as its label says
    n: int | None = None
    values: Annotated[dict[str, float], known_keys(ARM_VALUE_KEYS, "arm value")] = {}
    values_source: str = ""
    values_verified: bool = False


# the brackets that open a note on a result: its source or its verification (result_note), never its words
_POINTERS = ("(PMC", "(PMID", "(doi", "(unverified", "(values unverified")


class Finding(OwnDate):
    endpoint: str
    comparison: str
    result: str
    # where its numbers are from ("PMC3969339 Table 3") or that they are not verified: printed in brackets after
    # the result where it is shown whole, never in a headline
    result_note: str = ""
    # the leading numbers a one-line verdict shows, where the result says more (a result of several clauses)
    headline: str = ""
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
    # a comparison of patients by their outcome (pCR vs no pCR, a landmark analysis), not of treatments
    prognostic: bool = False
    chemotherapy_free: bool = False  # about treatment given without chemotherapy (an arm or a comparison)
    trial: str | None = None  # the trial it comes from, in a study record that groups several (a headline names it)
    # the endpoint its hazard ratio measures, where that is narrower than `endpoint` ("Disease-free and overall
    # survival" whose HR is disease-free survival's)
    hr_endpoint: str | None = None
    # a later result of the same study that makes this one out of date (an interim "trend" replaced by
    # the final analysis): this one is shown only until that one is public
    replaced_by: str | None = None
    publication: str = ""  # a result after the review names its publication (authors, journal, year, pages)
    pmid: str | None = None
    doi: str | None = None

    @model_validator(mode="after")
    def _structure_stated(self) -> Finding:
        pointer = next((p for p in _POINTERS if p in self.result), None)
        if pointer is not None:
            raise ValueError(f"result: a note '{pointer} ...)' goes in result_note, not in the result's words")
        if self.hr_endpoint is not None and (self.hazard_ratio is None or self.hr_endpoint == self.endpoint):
            raise ValueError("hr_endpoint names the endpoint of the hazard ratio, where it differs from endpoint")
        if self.ci_low is not None and not self.ci_level:  # never assumed: a 97.5% interval is not a 95% one
            raise ValueError("ci_level: a confidence interval states its level as the record gives it (95%, 97.5%)")
        if self.hazard_ratio is None and "; " in self.result and not self.headline:
            raise ValueError("headline: a result of several clauses states the numbers a one-line verdict shows")
        return self

    def endpoint_of_hr(self) -> str:
        """The endpoint its hazard ratio measures exactly."""
        return self.hr_endpoint or self.endpoint


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
    # the value of the case's setting field its patients were in: required, except for preclinical work
    case_setting: Setting | None = None
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
    ids_source: str = ""  # where the PMID, DOI or registry number was verified, when the record adds them
    review_refs: list[int] = []
    primary_publication: str | None = None
    primary_publication_verified: bool = False
    arms: list[Arm] = []
    findings: list[Finding] = []
    corrections: list[Correction] = []

    @model_validator(mode="after")
    def _dated_honestly(self) -> Study:
        check_certain_by(self.reported, self.reported_certain_by, self.reported_verified)
        if (self.case_setting is None) != (self.level == "preclinical"):
            raise ValueError("case_setting: the case setting of its patients, for every study but preclinical work")
        ids = [f.id for f in self.findings if f.id is not None]
        if len(ids) != len(set(ids)):
            raise ValueError("two findings share an id")
        for finding in self.findings:
            if finding.replaced_by is not None and finding.replaced_by not in ids:
                raise ValueError(f"replaced_by names {finding.replaced_by!r}, not a finding of this study")
        return self
