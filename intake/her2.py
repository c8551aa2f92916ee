"""HER2 status from a record's HER2 results, as pathology defines it.

HER2-positive is IHC 3+ or ISH amplified (ASCO/CAP 2013 update, Wolff et al., J Clin Oncol
2013;31(31):3997-4013, affirmed 2018 and 2023): status is settled "on the basis of one or more HER2 test
results", so a positive result on any diagnostic specimen makes the disease HER2-positive for treatment,
whatever the order of the results. A later, lower result on tumour left after therapy (HER2 can fall after
neoadjuvant therapy) is shown as a note and does not withdraw HER2-directed options; results that disagree
without such an order are named, for a person to settle, and the positive one still counts. No positive
result: IHC 1+, or 2+ with ISH not amplified, is HER2-low; IHC 0 with membrane staining HER2-ultralow (the FDA's
definition in the 2025 trastuzumab deruxtecan indication, DESTINY-Breast06); IHC 0 otherwise (or ISH not
amplified alone) negative; IHC 2+ without ISH equivocal. No result at all: unknown, never a default.

How each reading is said, the ASCO/CAP 2018 note on a plain ISH ratio included, is the knowledge base's
([her2_reading] of rules/case-words.toml).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engine.phrasing import ClinicalWords
from intake.findings import Finding, Record

KINDS = ("her2_ihc", "her2_ish", "her2_interpretation")
THERAPY = ("trastuzumab", "chemotherapy", "endocrine")


@dataclass
class Her2:
    """The status, the result it rests on, how it was read, and what a person should see (notes, conflicts)."""

    status: str
    source: Finding | None
    note: str
    notes: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def result(f: Finding) -> str:
    """positive, negative or equivocal of one HER2 finding (an IHC score decides when no result is coded)."""
    said, score = f.value
    if score is not None and f.kind == "her2_ihc":
        return "positive" if score == 3 else "equivocal" if score == 2 else "negative"
    return str(said)


def _therapy_between(record: Record, start: dt.date | None, end: dt.date | None) -> Finding | None:
    """The first systemic therapy begun after `start` and on or before `end` (both dated), if any."""
    if start is None or end is None:
        return None
    begun = [f for f in record.of(*THERAPY) if f.when is not None and start <= f.when <= end]
    return begun[0] if begun else None


class _Reading:
    """Reads a record's HER2 results into a status, saying each in the knowledge base's `words` ([her2_reading]; each
    result's kind, [finding_kind]; a day not given, [treatment])."""

    def __init__(self, record: Record, words: ClinicalWords) -> None:
        self.record, self.says, self.kinds = record, words.her2_reading, words.finding_kind
        self.undated = words.treatment("undated")

    def when(self, f: Finding) -> str:
        return f.when.isoformat() if f.when else self.undated

    def said(self, f: Finding) -> str:
        said, score = f.value
        if said == "ultralow":
            how = self.says("ultralow")
        elif score is not None:
            how = self.says("ihc", score=str(score))
        else:
            how = self.says("marker_result", marker=self.kinds(f.kind), result=result(f))
        return self.says("said", how=how, resource=f.resource, day=self.when(f))

    def positive(self, found: list[Finding]) -> Her2:
        says, said = self.says, self.said
        positives = [f for f in found if result(f) == "positive"]
        first = positives[0]
        status = Her2("positive", first, says("positive", marker=self.kinds(first.kind), said=said(first)))
        for other in found:
            if result(other) == "positive" or (
                # IHC 2+ settled by a positive ISH is one finding, not a disagreement
                result(other) == "equivocal" and any(p.kind == "her2_ish" for p in positives)
            ):
                continue
            therapy = _therapy_between(self.record, first.when, other.when)
            if therapy is not None and other.when != first.when:
                status.notes.append(
                    says(
                        "lower_after_therapy",
                        later=said(other),
                        day=self.when(therapy),
                        resource=therapy.resource,
                        first=said(first),
                    )
                )
            else:
                day = says("same_day") if other.when == first.when else ""
                status.conflicts.append(
                    says("disagree", same_day=day, first=said(first), other=said(other), result=result(other))
                )
        return status

    def not_positive(self, found: list[Finding]) -> Her2:
        says, said = self.says, self.said
        ihc = [f for f in found if f.kind == "her2_ihc" and f.value[1] is not None]
        ish = [f for f in found if f.kind == "her2_ish"]
        if ihc:
            last, score = ihc[-1], ihc[-1].value[1]
            if score == 2 and ish and result(ish[-1]) == "negative":
                return Her2("low", ish[-1], says("low_ish", resource=last.resource, said=said(ish[-1])))
            if score == 2 and ish:
                return Her2("equivocal", ish[-1], says("equivocal_ish", result=result(ish[-1]), said=said(ish[-1])))
            if score == 2:
                return Her2("equivocal", last, says("equivocal", said=said(last)))
            status = "low" if score == 1 else "ultralow" if last.value[0] == "ultralow" else "negative"
            return Her2(status, last, said(last))
        last = found[-1]
        marker = self.kinds(last.kind)
        return Her2(result(last), last, says("result", marker=marker, result=result(last), said=said(last)))

    def ratio_note(self, f: Finding) -> str:
        """Why a plain ISH ratio is shown and not used (ASCO/CAP 2018 focused update, Wolff et al., J Clin Oncol
        2018;36(20):2105-2122: dual-probe ISH groups 1-5 by the HER2/CEP17 ratio and the average HER2 copy number)."""
        return self.says("ratio", resource=f.resource, day=self.when(f), ratio=f"{f.value:g}")


def her2_status(record: Record, words: ClinicalWords) -> Her2:
    """The record's HER2 status (unknown without a result), with the result it rests on and the notes, in the
    knowledge base's `words`."""
    reading = _Reading(record, words)
    found = sorted(record.of(*KINDS), key=lambda f: (f.when or dt.date.min, f.kind != "her2_ihc"))
    ratios = [reading.ratio_note(f) for f in record.of("her2_ish_ratio")]
    if not found:
        status = Her2("unknown", None, words.her2_reading("none"))
    elif any(result(f) == "positive" for f in found):
        status = reading.positive(found)
    else:
        status = reading.not_positive(found)
    status.notes += ratios
    return status
