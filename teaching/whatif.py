"""What-if: flip each decisive feature of a case in turn and show which options change, and why.

The flips come from the rulebook, not from a list written here: numeric fields cross each threshold
the rules test (months since trastuzumab around 6, tumor size around 2 cm), choice fields take
their other values, and `as_of` crosses each approval date of the knowledge base.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from her2_cds.engine.answer import Answer
from her2_cds.engine.case import Case, CaseError, parse_case
from her2_cds.engine.evaluate import Engine
from her2_cds.engine.frozen import Frozen
from her2_cds.engine.rulebook import actual_value, describe, holds
from her2_cds.engine.vocabulary import CASE_FIELDS, REGIMEN_IDS
from her2_cds.teaching.words import NOT_OFFERED

CHOICE_FLIPS = ("hormone_receptor_status", "node_status", "menopausal_status")


class StatusChange(Frozen):
    regimen_id: str
    name: str
    before: str
    after: str
    rules: list[str]
    reason: str


class Flip(Frozen):
    feature: str
    label: str
    case: dict[str, Any]
    changes: list[StatusChange]


class WhatIf(Frozen):
    case: dict[str, Any]
    options: dict[str, str]
    flips: list[Flip]
    disclaimer: str


def case_dict(case: Case) -> dict[str, Any]:
    """A case as JSON-ready fields: given values only, the date as ISO text."""
    data = case.model_dump(exclude_none=True)
    data["as_of"] = case.as_of.isoformat()
    return data


def statuses(answer: Answer) -> dict[str, str]:
    return {r.regimen_id: r.status for r in answer.recommendations}


def _failed(engine: Engine, rule_id: str, answer: Answer) -> list[str]:
    compiled = engine.rulebook.by_id(rule_id)
    fact = answer.case.as_fact()
    derived = set(answer.trace.derived_facts)
    return [
        f"{describe(c)} (now: {actual_value(c.fact, fact, derived)})"
        for c in compiled.conditions
        if not holds(c, fact, derived)
    ]


def diff_answers(engine: Engine, before: Answer, after: Answer) -> list[StatusChange]:
    """Every regimen whose status differs between two answers, with the rule behind the change."""
    old, new = statuses(before), statuses(after)
    changes: list[StatusChange] = []
    for regimen in REGIMEN_IDS:
        a, b = old.get(regimen, NOT_OFFERED), new.get(regimen, NOT_OFFERED)
        if a == b:
            continue
        rec = next((r for r in after.recommendations if r.regimen_id == regimen), None)
        if rec is not None:
            rules = rec.rules
            reason = f"Rule {', '.join(rules)} now applies: {rec.rationale}"
        else:
            rules = next(r.rules for r in before.recommendations if r.regimen_id == regimen)
            parts = [f"rule {r} no longer applies: {'; '.join(_failed(engine, r, after))}" for r in rules]
            reason = " ".join(p[0].upper() + p[1:] + "." for p in parts)
            if not after.in_scope:
                reason = after.scope_note
        changes.append(
            StatusChange(
                regimen_id=regimen,
                name=engine.kb.regimens[regimen].name,
                before=a,
                after=b,
                rules=list(rules),
                reason=reason,
            )
        )
    return changes


def _numeric_flips(engine: Engine, field: str, current: float | None, whole: bool) -> list[float]:
    """One value on each other side of the rules' thresholds for a number, nearest the current value."""
    conditions = engine.rulebook.thresholds(field)
    step = 1.0 if whole else 0.1
    cuts = [float(c.value) for c in conditions if isinstance(c.value, int | float)]
    candidates = sorted({round(cut + k * step, 1) for cut in cuts for k in (-1, 0, 1)})
    candidates = [v for v in candidates if v > 0 or (whole and v >= 0)]

    def signature(value: float) -> tuple[bool, ...]:
        return tuple(holds(c, {field: value}, set()) for c in conditions)

    mine = signature(current) if current is not None else None
    anchor = current if current is not None else (candidates[len(candidates) // 2] if candidates else 0.0)
    best: dict[tuple[bool, ...], float] = {}
    for value in candidates:
        sig = signature(value)
        if sig == mine:
            continue
        if sig not in best or abs(value - anchor) < abs(best[sig] - anchor):
            best[sig] = value
    return sorted(best.values())


def _variants(engine: Engine, case: Case) -> list[tuple[str, str, dict[str, Any]]]:
    base = case_dict(case)
    out: list[tuple[str, str, dict[str, Any]]] = []

    def add(feature: str, label: str, **changes: Any) -> None:
        variant = {**base, **changes}
        out.append((feature, label, {k: v for k, v in variant.items() if v is not None}))

    early = case.setting in ("neoadjuvant", "adjuvant")
    for field in CHOICE_FLIPS:
        if field == "node_status" and not early:
            continue
        current = base.get(field)
        for value in CASE_FIELDS[field].values:
            if value != current:
                add(field, f"{field}: {current} → {value}", **{field: value})
    if case.prior_trastuzumab:
        add(
            "prior_trastuzumab",
            "prior_trastuzumab: true → false",
            prior_trastuzumab=False,
            months_since_trastuzumab=None,
        )
        for months in _numeric_flips(engine, "months_since_trastuzumab", case.months_since_trastuzumab, whole=True):
            shown = case.months_since_trastuzumab if case.months_since_trastuzumab is not None else "not given"
            add(
                "months_since_trastuzumab",
                f"months_since_trastuzumab: {shown} → {int(months)}",
                months_since_trastuzumab=int(months),
            )
    else:
        add("prior_trastuzumab", "prior_trastuzumab: false → true", prior_trastuzumab=True)
    if case.tumor_size_cm is not None:
        for size in _numeric_flips(engine, "tumor_size_cm", case.tumor_size_cm, whole=False):
            add("tumor_size_cm", f"tumor_size_cm: {case.tumor_size_cm:g} → {size:g}", tumor_size_cm=size)
    places: list[dict[str, Any]] = [
        {"setting": "metastatic", "metastatic_line": "first"},
        {"setting": "metastatic", "metastatic_line": "pretreated"},
    ]
    if case.tumor_size_cm is not None and case.node_status is not None:
        places += [
            {"setting": "neoadjuvant", "metastatic_line": None},
            {"setting": "adjuvant", "metastatic_line": None},
        ]
    here = f"{case.setting}{' ' + case.metastatic_line if case.metastatic_line else ''}"
    for place in places:
        there = f"{place['setting']}{' ' + place['metastatic_line'] if place['metastatic_line'] else ''}"
        if there != here:
            add("setting", f"setting and line: {here} → {there}", **place)
    for approval in sorted(engine.kb.approvals.values(), key=lambda a: a.date.counts_from()):
        day = approval.date.counts_from()
        if case.as_of >= day:
            when, side = day - dt.timedelta(days=1), "the day before"
        else:
            when, side = day, "the day of"
        add("as_of", f"as_of: {case.as_of} → {when} ({side} approval {approval.id})", as_of=when.isoformat())
    return out


def what_if(engine: Engine, case: Case | dict[str, Any]) -> WhatIf:
    """Evaluate the case and each one-feature variant; raise CaseError for a bad case."""
    if not isinstance(case, Case):
        case = parse_case(case)
    base = engine.evaluate(case)
    flips: list[Flip] = []
    for feature, label, variant in _variants(engine, case):
        try:
            other = engine.evaluate(variant)
        except CaseError:
            continue  # a flip the case form does not allow (e.g. a future date)
        flips.append(Flip(feature=feature, label=label, case=variant, changes=diff_answers(engine, base, other)))
    return WhatIf(case=case_dict(case), options=statuses(base), flips=flips, disclaimer=base.disclaimer)
