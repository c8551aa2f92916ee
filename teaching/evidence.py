"""The numbers behind the evidence charts, read from the studies of the knowledge base.

Three series, each with the studies it draws from (for the chart's citation and its text table):
- pCR by trial and arm, single vs dual HER2 blockade (arm values pcr_breast / pcr_breast_axilla);
- pCR in hormone receptor-negative vs -positive disease (pcr_*_hr_negative / pcr_*_hr_positive);
- hazard ratios with confidence intervals where given (findings' hazard_ratio, ci_low, ci_high).
Whether an arm is single or dual blockade is read from the anti-HER2 drugs its record names (her2_agents). A
hazard ratio belongs to its study's setting (neoadjuvant, adjuvant, extended adjuvant, metastatic), the study
record's case_setting.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from engine.frozen import Frozen
from engine.knowledge import Arm
from engine.loader import KnowledgeBase
from engine.records import finding_counts
from engine.rulebook import known_from
from engine.view_says import PCR_MEASURES, Blockade


class PcrRow(Frozen):
    study_id: str
    study: str
    arm: str
    blockade: Blockade
    measure: str
    value: float
    verified: bool


class HrGapRow(Frozen):
    study_id: str
    study: str
    arm: str
    blockade: Blockade
    measure: str
    hr_negative: float
    hr_positive: float
    ratio: float
    verified: bool


class HazardRow(Frozen):
    study_id: str
    study: str
    endpoint: str
    comparison: str
    hazard_ratio: float
    ci_low: float | None
    ci_high: float | None
    ci_level: str | None
    p_value: str | None
    as_in: str
    verified: bool
    prognostic: bool  # patients compared by outcome (pCR vs no pCR), not a randomized treatment effect
    setting: str  # the case setting of its study (a value of the case's setting field), or "" if none


class Citation(Frozen):
    study_id: str
    study: str
    refs: list[int]
    note: str


def blockade(arm: Arm) -> Blockade:
    """Single or dual HER2 blockade, by the anti-HER2 drugs the arm's record names."""
    if not arm.her2_agents:
        return "none"
    if len(arm.her2_agents) == 1:
        return "single"
    return "dual, no chemotherapy" if arm.chemotherapy_free else "dual"


def _arm_measures(kb: KnowledgeBase) -> Iterator[tuple[dict[str, float], str, dict[str, Any]]]:
    """Each arm with each pCR measure, in the knowledge base's study order: the arm's values, the measure's
    key, and the fields every arm row carries (study, arm, blockade, measure in the [measure] words, whether
    verified)."""
    for study in kb.studies.values():
        for arm in study.arms:
            source = {"study_id": study.id, "study": study.name, "arm": arm.label, "blockade": blockade(arm)}
            for key in PCR_MEASURES:
                yield arm.values, key, {**source, "measure": kb.words.measures(key), "verified": arm.values_verified}


def pcr_rows(kb: KnowledgeBase) -> list[PcrRow]:
    """Every arm's pCR, breast and breast-and-axilla, in the knowledge base's study order."""
    return [PcrRow(**row, value=values[key]) for values, key, row in _arm_measures(kb) if key in values]


def hr_gap_rows(kb: KnowledgeBase) -> list[HrGapRow]:
    """Arms with pCR given for both hormone receptor subsets."""
    rows: list[HrGapRow] = []
    for values, key, row in _arm_measures(kb):
        neg, pos = values.get(f"{key}_hr_negative"), values.get(f"{key}_hr_positive")
        if neg is not None and pos is not None:
            rows.append(HrGapRow(**row, hr_negative=neg, hr_positive=pos, ratio=round(neg / pos, 1) if pos else 0.0))
    return rows


def hazard_rows(kb: KnowledgeBase) -> list[HazardRow]:
    """Every finding with a hazard ratio, with its confidence interval when the sources give one."""
    return [
        HazardRow.view_of(
            f,
            study_id=study.id,
            study=study.name,
            endpoint=f.endpoint_of_hr(),
            setting=study.case_setting or "",
        )
        for study in kb.studies.values()
        for f in study.findings
        if f.hazard_ratio is not None
    ]


def citations(kb: KnowledgeBase, study_ids: list[str]) -> list[Citation]:
    """The sources of a chart: each study once, with the review's reference numbers and where its numbers come from."""
    out: list[Citation] = []
    for study_id in dict.fromkeys(study_ids):
        study = kb.studies[study_id]
        notes = list(dict.fromkeys(a.values_source for a in study.arms if a.values_source))
        refs = sorted({*study.review_refs, *(r for f in study.findings for r in f.refs)})
        out.append(Citation(study_id=study.id, study=study.name, refs=refs, note=" ".join(notes)))
    return out


def known_on(kb: KnowledgeBase, as_of: dt.date | None) -> KnowledgeBase:
    """The knowledge base as it stood on `as_of`: only studies, and results, already public then.

    Charts drawn from it do not show a trial to a case dated before the trial reported. The view's
    sha256 names the date, so anything cached per knowledge base is cached per date too.
    """
    if as_of is None or as_of >= kb.info.evidence_cutoff:
        return kb
    studies = {
        sid: study.model_copy(
            update={
                "findings": [f for f in study.findings if finding_counts(f, study, kb, as_of)],
                "arms": [a for a in study.arms if finding_counts(a, study, kb, as_of)],
            }
        )
        for sid, study in kb.studies.items()
        if known_from(sid, kb) <= as_of
    }
    return dataclasses.replace(kb, studies=studies, sha256=f"{kb.sha256}@{as_of.isoformat()}")


ChartRow = PcrRow | HrGapRow | HazardRow
# Each evidence chart's rows, by the chart's name: what the chart draws and its table lists.
CHART_ROWS: dict[str, Callable[[KnowledgeBase], Sequence[ChartRow]]] = {
    "pcr": pcr_rows,
    "hr-gap": hr_gap_rows,
    "hazard-ratios": hazard_rows,
}
