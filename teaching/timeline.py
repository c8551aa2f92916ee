"""Time travel: the approvals on a timeline, and a case's options at each approval date to the cut-off.

The approvals are the knowledge base's, corrected against the record, each with the review's own Table 1
row as a teaching note, and those after the review marked so. A case's timeline evaluates it at every
date on which its answer can change, its order included (a guideline version, a head-to-head result).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.case import Case
from engine.evaluate import Engine
from engine.frozen import Frozen
from engine.rulebook import known_from
from teaching.order_changes import OrderChange, order_change, order_days
from teaching.whatif import StatusChange, case_dict, diff_answers, statuses


class TimelineApproval(Frozen):
    id: str
    date: str  # as the sources give it (a year, a month or a day)
    counts_from: str  # the first day the engine counts it
    regimen_id: str
    regimen: str
    indication: str
    basis: list[str]  # study names
    source: str
    review_table_1: str
    correction: str
    after_review: bool  # counted from a day after the review's date


class TimelinePoint(Frozen):
    date: str
    event: str
    approvals: list[str]
    options: dict[str, str]
    changes: list[StatusChange]
    # the option named first changed on this day (a guideline, a head-to-head result or a status), and why
    first_named: OrderChange | None = None
    after_review: bool  # a day after the review's date
    # the options whose status on this day holds only if a fact the case leaves out turns out as assumed
    conditional: list[str]


class CaseTimeline(Frozen):
    case: dict[str, Any]
    points: list[TimelinePoint]
    depends_on: list[str]  # the case fields, left out, that some day's status is conditional on
    disclaimer: str


def approvals(engine: Engine) -> list[TimelineApproval]:
    """The knowledge base's approvals in date order, with the review's Table 1 row as a teaching note."""
    kb = engine.kb
    return [
        TimelineApproval(
            id=a.id,
            date=str(a.date),
            counts_from=a.date.counts_from().isoformat(),
            regimen_id=a.regimen,
            regimen=kb.regimens[a.regimen].name,
            indication=a.indication,
            basis=[kb.studies[s].name for s in a.basis],
            source=a.source,
            review_table_1=a.review_table_1,
            correction=a.correction,
            after_review=a.date.counts_from() > kb.info.review_published,
        )
        for a in sorted(kb.approvals.values(), key=lambda a: (a.date.counts_from(), a.id))
    ]


def folded(timeline: CaseTimeline, every: list[TimelineApproval]) -> tuple[list[TimelinePoint], list[TimelineApproval]]:
    """The case's rows as a page shows them: the first and the last day, and each day on which its options or the
    option named first changed; and the approvals of the other days, which changed nothing for this case (an
    approval for another setting or line, or for an option it already had), for one line under the rows."""
    last = len(timeline.points) - 1
    rows: list[TimelinePoint] = []
    unchanged: set[str] = set()
    for i, point in enumerate(timeline.points):
        if point.changes or point.first_named or i in (0, last):
            rows.append(point)
        else:
            unchanged.update(point.approvals)
    named = {(a.counts_from, a.regimen_id): a for a in reversed(every) if a.id in unchanged}  # a day's regimen once
    return rows, [a for a in every if named.get((a.counts_from, a.regimen_id)) is a]


def _evidence_days(engine: Engine) -> dict[str, list[str]]:
    """Days on which a rule turns on or off through the evidence it cites, with those studies' names."""
    kb = engine.kb
    days: dict[str, list[str]] = {}
    cited = {s for r in kb.rules for s in r.evidence}
    for compiled in engine.rulebook.rules:
        for cond in compiled.conditions:
            if cond.kind == "date":
                days.setdefault(str(cond.value), [])
    for study in sorted(cited):
        day = known_from(study, kb).isoformat()
        if day in days:
            days[day].append(kb.studies[study].name)
    # a later result of a study the review knew (MARIANNE's, 2016) turns a rule on without a new study: name
    # the studies of the rules turning on that day, unless an approval is what happened
    approved = {a.date.counts_from().isoformat() for a in kb.approvals.values()}
    for compiled in engine.rulebook.rules:
        day = compiled.since.isoformat() if compiled.since is not None else ""
        if day in days and day not in approved and not any(known_from(s, kb).isoformat() == day for s in cited):
            names = [kb.studies[s].name for s in compiled.rule.evidence]
            days[day] += [n for n in names if n not in days[day]]
    return days


def case_timeline(engine: Engine, case: Case | dict[str, Any]) -> CaseTimeline:
    """The case at each approval date (and each date evidence changes a rule) from before the first
    approval to the cut-off; the case's own as_of is replaced."""
    case = engine.dated(case) if isinstance(case, Case) else engine.parse(case)
    by_day: dict[str, list[TimelineApproval]] = {}
    for a in approvals(engine):
        by_day.setdefault(a.counts_from, []).append(a)
    cutoff = engine.kb.info.evidence_cutoff.isoformat()
    evidence = {d: names for d, names in _evidence_days(engine).items() if d <= cutoff}
    ordering = {d: events for d, events in order_days(engine.kb).items() if d <= cutoff}
    start = (dt.date.fromisoformat(min(by_day)) - dt.timedelta(days=1)).isoformat()
    points: list[TimelinePoint] = []
    depends_on: dict[str, None] = {}
    previous, says = None, engine.kb.words.changes
    for day in sorted({start, *by_day, *evidence, *ordering, cutoff}):
        answer = engine.evaluate(case.model_copy(update={"as_of": dt.date.fromisoformat(day)}))
        here = by_day.get(day, [])
        regimens = [a.regimen for a in here]
        events = [
            says("approved_many", regimen=name, count=str(n))
            if (n := regimens.count(name)) > 1
            else says("approved", regimen=name)
            for name in dict.fromkeys(regimens)
        ]
        if evidence.get(day):
            events.append(says("results", studies=says("names").join(evidence[day])))
        events += ordering.get(day, [])
        if day == start:
            events.append(says("first_day"))
        if day == cutoff:
            events.append(says("cutoff"))
        changes: list[StatusChange] = diff_answers(engine, previous, answer) if previous is not None else []
        first = order_change(engine.kb, previous, answer) if previous is not None else None
        if here or changes or first or day in (start, cutoff):  # evidence and order dates only where it changes
            conditional = [r for r in answer.recommendations if r.conditional_on]
            depends_on.update((f, None) for r in conditional for f in r.conditional_on)
            points.append(
                TimelinePoint(
                    date=day,
                    event=says("events").join(events),
                    approvals=[a.id for a in here],
                    options=statuses(answer),
                    changes=changes,
                    first_named=first,
                    after_review=dt.date.fromisoformat(day) > engine.kb.info.review_published,
                    conditional=[r.regimen_id for r in conditional],
                )
            )
        previous = answer
    return CaseTimeline(
        case=case_dict(case), points=points, depends_on=list(depends_on), disclaimer=engine.kb.disclaimer
    )
