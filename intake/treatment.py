"""What a record says about treatment and its course: prior trastuzumab, the line of treatment for metastatic
disease, chemotherapy and endocrine therapy given for it, brain metastases, and the response to neoadjuvant
therapy.

A drug counts from the first day it was given; one still under way on the case's date counts too. Any
systemic therapy (trastuzumab, chemotherapy, endocrine therapy) begun on or after the first finding of
metastatic disease makes the case already treated for metastatic disease. The response to neoadjuvant
therapy is read from the categories staged after it (AJCC's y prefix): ypT0 or ypTis with ypN0 is a
pathologic complete response; any invasive tumour (ypT1 or more) or nodal disease (ypN1 or more) is residual
disease.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from intake.findings import Finding, Record


class Fields(Protocol):
    """Where the treatment fields go (intake.mapping.Mapper): each value with the finding it came from, or what
    was missing and where to send it."""

    record: Record

    def put(self, name: str, value: Any, f: Finding | None, note: str) -> None: ...

    def lack(self, name: str, what: str, send: str) -> None: ...


MEDICATIONS = (
    "the MedicationRequest, MedicationStatement and MedicationAdministration resources (trastuzumab: RxNorm 224905,"
    " 101306 Herceptin or 2119714 Herceptin Hylecta)"
)
UNSTATED = (
    "the record does not show trastuzumab given, and a medication list may be incomplete (treatment elsewhere or"
    " before this record), so it is not known, never taken as none. Send " + MEDICATIONS
)
ONSET = "the secondary malignant neoplasm Condition with its onsetDateTime (the day metastasis was found)"
RESPONSE = "the T and N categories staged after neoadjuvant therapy (ypT, ypN), e.g. LOINC 21899-0 and 21900-6"
SYSTEMIC = ("trastuzumab", "chemotherapy", "endocrine")
DRUG_WORDS = {"trastuzumab": "trastuzumab", "chemotherapy": "chemotherapy", "endocrine": "endocrine therapy"}


def months(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (0 if end is not later)."""
    count = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(count, 0)


def _day(f: Finding | None) -> str:
    return f.when.isoformat() if f is not None and f.when else "undated"


class Treatment:
    """Reads the treatment fields into a Mapper."""

    def __init__(self, mapper: Fields, medications_sent: bool) -> None:
        self.mapper, self.sent = mapper, medications_sent
        self.record = mapper.record

    def read(self, setting: str | None, metastatic: Finding | None) -> None:
        self.trastuzumab(setting)
        if setting == "metastatic" and metastatic is not None:
            self.metastatic(metastatic)
        if setting == "adjuvant":
            self.response()

    def trastuzumab(self, setting: str | None) -> None:
        given = self.record.of("trastuzumab")
        passed = [p.resource for p in self.record.passed if p.kind == "trastuzumab"]
        # a do-not-give order (or a record in error) is not a dose: say it was seen and not counted
        aside = f" ({', '.join(passed)} passed over: see the notes)" if passed else ""
        if given:
            last = given[-1]
            self.mapper.put("prior_trastuzumab", True, last, f"trastuzumab ({last.words}), first on {_day(last)}")
            return
        # nothing from absence: no trastuzumab in what was sent (no medication records, a prefetch key not sent,
        # null or empty) is not evidence that none was given; a medication list may be incomplete
        if not self.sent:
            note = "not known: no medication history was sent"
        elif not self.record.medications:
            note = "not known: the record holds no medication records"
        else:
            note = f"not known: the medication records sent name no trastuzumab{aside}"
        self.mapper.put("prior_trastuzumab", None, None, note)
        if setting == "metastatic":  # the rules read it there only (before and after surgery it changes nothing)
            self.mapper.lack("prior_trastuzumab", "whether trastuzumab was given before", UNSTATED)

    def metastatic(self, onset: Finding) -> None:
        put = self.mapper.put
        brain = [f for f in self.record.of("secondary") if f.value == "brain"]
        if brain:
            put("brain_metastases", True, brain[0], f"secondary neoplasm of the brain ({brain[0].words})")
        if onset.when is None:
            self.mapper.lack("metastatic_line", "whether treatment has been given for metastatic disease", ONSET)
            return
        # an onset known only within a window (onsetPeriod, onsetAge): a therapy begun within it may have come before
        # metastasis, so only one begun on or after the window's last day is surely after it
        surely = onset.last or onset.when
        since = {kind: [f for f in self.record.of(kind) if f.when and f.when >= surely] for kind in SYSTEMIC}
        maybe = [f for kind in SYSTEMIC for f in self.record.of(kind) if f.when and onset.when <= f.when < surely]
        treated = sorted((f for found in since.values() for f in found), key=lambda f: f.when or dt.date.min)
        if treated:
            first = treated[0]
            note = f"{DRUG_WORDS[first.kind]} on {_day(first)}, on or after metastasis ({_day(onset)})"
            put("metastatic_line", "pretreated", first, note)
        elif maybe:
            what = f"whether {DRUG_WORDS[maybe[0].kind]} on {_day(maybe[0])} came after metastasis"
            self.mapper.lack("metastatic_line", what, f"{ONSET} (it is dated only from {_day(onset)} to {surely})")
        elif self.sent:
            put("metastatic_line", "first", onset, f"no systemic therapy since metastasis on {_day(onset)}")
        else:
            self.mapper.lack("metastatic_line", "whether treatment has been given for metastatic disease", MEDICATIONS)
        for kind, name in (("chemotherapy", "prior_metastatic_chemotherapy"),
                           ("endocrine", "prior_metastatic_endocrine_therapy")):  # fmt: skip
            # given: read; none in the history sent says nothing either way (a list may be incomplete): unknown
            if since[kind]:
                put(name, True, since[kind][0], f"{since[kind][0].words} on {_day(since[kind][0])}, after metastasis")
        before = [(f.last, f) for f in self.record.of("trastuzumab") if f.last is not None and f.last < onset.when]
        if before and onset.last is None:  # within a window, the months are not known
            day, last = max(before, key=lambda pair: pair[0])
            note = f"from the last trastuzumab ({day.isoformat()}) to metastasis ({_day(onset)})"
            put("months_since_trastuzumab", months(day, onset.when), last, note)

    def response(self) -> None:
        after = [f for f in self.record.of("T", "N") if f.value.after_therapy]
        if not after:
            return
        t = next((f for f in reversed(after) if f.kind == "T"), None)
        n = next((f for f in reversed(after) if f.kind == "N"), None)
        said = ", ".join(f"yp{f.value.value} ({f.resource}, {_day(f)})" for f in (t, n) if f is not None)
        residual = [f for f in (t, n) if f is not None and _residual(f)]
        if residual:
            self.mapper.put("neoadjuvant_response", "residual", residual[0], f"residual disease after therapy: {said}")
        elif t is not None and n is not None and not any(f.value.value.endswith("X") for f in (t, n)):
            self.mapper.put("neoadjuvant_response", "complete", t, f"pathologic complete response: {said}")
        else:
            note = f"the categories after therapy do not settle it: {said}"
            self.mapper.put("neoadjuvant_response", "unknown", t or n, note)
            self.mapper.lack("neoadjuvant_response", "the response to neoadjuvant therapy", RESPONSE)


def _residual(f: Finding) -> bool:
    """ypT1 or more, or ypN1 or more (N0 with isolated tumour cells is N0)."""
    value = f.value.value
    return value[1:2] in ("1", "2", "3", "4")
