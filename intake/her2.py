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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from intake import codes
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


def _when(f: Finding) -> str:
    return f.when.isoformat() if f.when else "undated"


def _said(f: Finding) -> str:
    said, score = f.value
    how = f"IHC {score}+" if score is not None else f"{codes.MARKER_WORDS[f.kind]} {result(f)}"
    how = "IHC 0 with membrane staining (HER2-ultralow)" if said == "ultralow" else how
    return f"{how} ({f.resource}, {_when(f)})"


def _therapy_between(record: Record, start: dt.date | None, end: dt.date | None) -> Finding | None:
    """The first systemic therapy begun after `start` and on or before `end` (both dated), if any."""
    if start is None or end is None:
        return None
    begun = [f for f in record.of(*THERAPY) if f.when is not None and start <= f.when <= end]
    return begun[0] if begun else None


def _positive(record: Record, found: list[Finding]) -> Her2:
    positives = [f for f in found if result(f) == "positive"]
    first = positives[0]
    status = Her2("positive", first, f"{codes.MARKER_WORDS[first.kind]} positive: {_said(first)}")
    for other in found:
        if result(other) == "positive" or (
            # IHC 2+ settled by a positive ISH is one finding, not a disagreement
            result(other) == "equivocal" and any(p.kind == "her2_ish" for p in positives)
        ):
            continue
        therapy = _therapy_between(record, first.when, other.when)
        if therapy is not None and other.when != first.when:
            status.notes.append(
                f"HER2 was lower on a later test, {_said(other)}, after therapy begun on {_when(therapy)}"
                f" ({therapy.resource}): a lower result on tumour left after therapy does not withdraw HER2-directed"
                f" options; the diagnostic result, {_said(first)}, stands."
            )
        else:
            day = " on the same day" if other.when == first.when else ""
            status.conflicts.append(
                f"HER2 results disagree{day}: {_said(first)} is positive, {_said(other)} is {result(other)}. A"
                " positive result on any diagnostic specimen makes the disease HER2-positive (ASCO/CAP); ask the"
                " pathologist to settle the disagreement."
            )
    return status


def _not_positive(found: list[Finding]) -> Her2:
    ihc = [f for f in found if f.kind == "her2_ihc" and f.value[1] is not None]
    ish = [f for f in found if f.kind == "her2_ish"]
    if ihc:
        last, score = ihc[-1], ihc[-1].value[1]
        if score == 2 and ish and result(ish[-1]) == "negative":
            return Her2("low", ish[-1], f"IHC 2+ ({last.resource}) and ISH not amplified: {_said(ish[-1])}")
        if score == 2 and ish:
            return Her2("equivocal", ish[-1], f"IHC 2+ and ISH {result(ish[-1])}: {_said(ish[-1])}")
        if score == 2:
            return Her2("equivocal", last, f"IHC 2+ with no ISH result to settle it: {_said(last)}")
        status = "low" if score == 1 else "ultralow" if last.value[0] == "ultralow" else "negative"
        return Her2(status, last, f"{_said(last)}")
    last = found[-1]
    return Her2(result(last), last, f"{codes.MARKER_WORDS[last.kind]} {result(last)}: {_said(last)}")


def _ratio_note(f: Finding) -> str:
    """Why a plain ISH ratio is shown and not used (ASCO/CAP 2018 focused update, Wolff et al., J Clin Oncol
    2018;36(20):2105-2122: dual-probe ISH groups 1-5 by the HER2/CEP17 ratio and the average HER2 copy number)."""
    return (
        f"{f.resource} ({_when(f)}) gives only the HER2/CEP17 ratio by ISH, {f.value:g}. Under the ASCO/CAP 2018"
        " update a ratio of 2.0 or more is ISH-positive only with an average HER2 copy number of 4.0 or more per cell"
        " (group 1; group 2, with fewer, is negative unless IHC is 3+), and a ratio below 2.0 is group 3, 4 or 5 by"
        " the copy number: the ratio alone does not settle HER2 status, so it is not used. Send the average HER2"
        " copy number or the laboratory's interpretation."
    )


def her2_status(record: Record) -> Her2:
    """The record's HER2 status (unknown without a result), with the result it rests on and the notes."""
    found = sorted(record.of(*KINDS), key=lambda f: (f.when or dt.date.min, f.kind != "her2_ihc"))
    ratios = [_ratio_note(f) for f in record.of("her2_ish_ratio")]
    if not found:
        status = Her2("unknown", None, "no HER2 result in the record")
    elif any(result(f) == "positive" for f in found):
        status = _positive(record, found)
    else:
        status = _not_positive(found)
    status.notes += ratios
    return status
