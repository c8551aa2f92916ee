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

from engine.phrasing import ClinicalWords
from intake.findings import Finding, Record


class Fields(Protocol):
    """Where the treatment fields go (intake.mapping.Mapper): each value with the finding it came from, or what
    was missing and where to send it."""

    record: Record

    def put(self, name: str, value: Any, f: Finding | None, note: str) -> None: ...

    def lack(self, name: str, what: str, send: str) -> None: ...


SYSTEMIC = ("trastuzumab", "chemotherapy", "endocrine")  # each one's name is its [finding_kind]


def months(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (0 if end is not later)."""
    count = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(count, 0)


class Treatment:
    """Reads the treatment fields into a Mapper, its notes in the knowledge base's `words` ([treatment]; each
    therapy's name, [finding_kind])."""

    def __init__(self, mapper: Fields, medications_sent: bool, words: ClinicalWords) -> None:
        self.mapper, self.sent = mapper, medications_sent
        self.says, self.kinds = words.treatment, words.finding_kind
        self.record = mapper.record

    def _day(self, f: Finding | None) -> str:
        return f.when.isoformat() if f is not None and f.when else self.says("undated")

    def read(self, setting: str | None, metastatic: Finding | None) -> None:
        self.trastuzumab(setting)
        if setting == "metastatic" and metastatic is not None:
            self.metastatic(metastatic)
        if setting == "adjuvant":
            self.response()

    def trastuzumab(self, setting: str | None) -> None:
        says, given = self.says, self.record.of("trastuzumab")
        passed = [p.resource for p in self.record.passed if p.kind == "trastuzumab"]
        # a do-not-give order (or a record in error) is not a dose: say it was seen and not counted
        aside = says("passed_over", resources=says.says["list"].join(passed)) if passed else ""
        if given:
            last = given[-1]
            self.mapper.put("prior_trastuzumab", True, last, says("given", words=last.words, day=self._day(last)))
            return
        # nothing from absence: no trastuzumab in what was sent (no medication records, a prefetch key not sent,
        # null or empty) is not evidence that none was given; a medication list may be incomplete
        if not self.sent:
            note = says("not_sent")
        elif not self.record.medications:
            note = says("no_medications")
        else:
            note = says("none_named", aside=aside)
        self.mapper.put("prior_trastuzumab", None, None, note)
        if setting == "metastatic":  # the rules read it there only (before and after surgery it changes nothing)
            unstated = says("unstated", medications=says("medications"))
            self.mapper.lack("prior_trastuzumab", says("given_before"), unstated)

    def metastatic(self, onset: Finding) -> None:
        put, says, day = self.mapper.put, self.says, self._day
        brain = [f for f in self.record.of("secondary") if f.value == "brain"]
        if brain:
            put("brain_metastases", True, brain[0], says("brain", words=brain[0].words))
        if onset.when is None:
            self.mapper.lack("metastatic_line", says("treated"), says("onset"))
            return
        # an onset known only within a window (onsetPeriod, onsetAge): a therapy begun within it may have come before
        # metastasis, so only one begun on or after the window's last day is surely after it
        surely = onset.last or onset.when
        since = {kind: [f for f in self.record.of(kind) if f.when and f.when >= surely] for kind in SYSTEMIC}
        maybe = [f for kind in SYSTEMIC for f in self.record.of(kind) if f.when and onset.when <= f.when < surely]
        treated = sorted((f for found in since.values() for f in found), key=lambda f: f.when or dt.date.min)
        if treated:
            first = treated[0]
            put(
                "metastatic_line",
                "pretreated",
                first,
                says("pretreated", drug=self.kinds(first.kind), day=day(first), onset=day(onset)),
            )
        elif maybe:
            what = says("maybe_after", drug=self.kinds(maybe[0].kind), day=day(maybe[0]))
            send = says("dated_within", send=says("onset"), start=day(onset), end=surely.isoformat())
            self.mapper.lack("metastatic_line", what, send)
        elif self.sent:
            put("metastatic_line", "first", onset, says("first", day=day(onset)))
        else:
            self.mapper.lack("metastatic_line", says("treated"), says("medications"))
        for kind, name in (("chemotherapy", "prior_metastatic_chemotherapy"),
                           ("endocrine", "prior_metastatic_endocrine_therapy")):  # fmt: skip
            # given: read; none in the history sent says nothing either way (a list may be incomplete): unknown
            if since[kind]:
                put(name, True, since[kind][0], says("since", words=since[kind][0].words, day=day(since[kind][0])))
        before = [(f.last, f) for f in self.record.of("trastuzumab") if f.last is not None and f.last < onset.when]
        if before and onset.last is None:  # within a window, the months are not known
            last_day, last = max(before, key=lambda pair: pair[0])
            note = says("months", day=last_day.isoformat(), onset=day(onset))
            put("months_since_trastuzumab", months(last_day, onset.when), last, note)

    def response(self) -> None:
        says = self.says
        after = [f for f in self.record.of("T", "N") if f.value.after_therapy]
        if not after:
            return
        t = next((f for f in reversed(after) if f.kind == "T"), None)
        n = next((f for f in reversed(after) if f.kind == "N"), None)
        said = says.says["list"].join(
            says("category", category=f.value.value, resource=f.resource, day=self._day(f))
            for f in (t, n)
            if f is not None
        )
        residual = [f for f in (t, n) if f is not None and _residual(f)]
        if residual:
            self.mapper.put("neoadjuvant_response", "residual", residual[0], says("residual", categories=said))
        elif t is not None and n is not None and not any(f.value.value.endswith("X") for f in (t, n)):
            self.mapper.put("neoadjuvant_response", "complete", t, says("complete", categories=said))
        else:
            self.mapper.put("neoadjuvant_response", "unknown", t or n, says("unsettled", categories=said))
            self.mapper.lack("neoadjuvant_response", says("response_what"), says("response"))


def _residual(f: Finding) -> bool:
    """ypT1 or more, or ypN1 or more (N0 with isolated tumour cells is N0)."""
    value = f.value.value
    return value[1:2] in ("1", "2", "3", "4")
