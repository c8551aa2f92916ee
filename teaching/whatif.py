"""What-if: flip each decisive feature of a case in turn and show which options change, and why.

The flips come from the rulebook, not from a list written here: a feature is flipped when a rule (or a
caution) tests it and the case's setting asks for it; numeric fields cross each threshold the rules test
(months since trastuzumab around 6, tumor size around 2 cm, prior anti-HER2 regimens for metastatic
disease around 1 and 2), choice and yes/no fields take their other values, an optional field becomes
"not given" where a rule tests that it is absent, the setting moves to each other setting the case can
have, and `as_of` crosses each approval date of the knowledge base.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.answer import Answer
from engine.case import Case, CaseError
from engine.case_fields import EARLY_ALL, FIELDS, SETTINGS, CaseField, as_entered
from engine.contradictions import settle
from engine.evaluate import Engine
from engine.frozen import Frozen
from engine.knowledge import Condition
from engine.printed import actual_value, describe
from engine.semantics import holds
from engine.templates import Sentences
from engine.vocabulary import CASE_FIELDS, NOT_OFFERED

PLACE = ("setting", "metastatic_line", "as_of")  # flipped together (a setting and its line) or across approvals


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
    """A case as JSON-ready fields: given values only (a field left out is not known), the date as ISO text."""
    data = case.stated()
    data["as_of"] = case.as_of.isoformat()
    return data


def statuses(answer: Answer) -> dict[str, str]:
    return {r.regimen_id: r.status for r in answer.recommendations}


def _failed(engine: Engine, rule_id: str, answer: Answer) -> list[str]:
    compiled = engine.rulebook.by_id(rule_id)
    fact = answer.case.as_fact()
    derived = set(answer.trace.derived_facts)
    says = engine.kb.words.what_if
    return [
        says("failed", test=describe(c), value=actual_value(c.fact, fact, derived))
        for c in compiled.conditions
        if not holds(c, fact, derived)
    ]


def diff_answers(engine: Engine, before: Answer, after: Answer) -> list[StatusChange]:
    """Every regimen whose status differs between two answers, with the rule behind the change."""
    old, new, says = statuses(before), statuses(after), engine.kb.words.what_if
    changes: list[StatusChange] = []
    for regimen in engine.kb.regimen_ids:
        a, b = old.get(regimen, NOT_OFFERED), new.get(regimen, NOT_OFFERED)
        if a == b:
            continue
        rec = next((r for r in after.recommendations if r.regimen_id == regimen), None)
        if rec is not None:
            rules = rec.rules
            reason = says("now_applies", rules=says.says["list"].join(rules), rationale=rec.rationale)
        else:
            rules = next(r.rules for r in before.recommendations if r.regimen_id == regimen)
            tests = says.says["tests"]
            reason = " ".join(says("no_longer", rule=r, failed=tests.join(_failed(engine, r, after))) for r in rules)
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


def _conditions(engine: Engine, name: str) -> list[Condition]:
    """Every test of a case field, by the rules and by their cautions."""
    rules = engine.rulebook.rules
    conds = [c for r in rules for c in r.conditions] + [w for r in rules for k in r.rule.cautions for w in k.when]
    return [c for c in conds if c.fact == name]


def _numeric_flips(engine: Engine, field: CaseField, current: float | None) -> list[float]:
    """One value on each other side of the rules' thresholds for a number, nearest the current value."""
    conditions = [c for c in _conditions(engine, field.name) if isinstance(c.value, int | float)]
    whole = field.kind == "integer"
    step = 1.0 if whole else 0.1
    cuts = [float(c.value) for c in conditions]  # type: ignore[arg-type]
    candidates = sorted({round(cut + k * step, 1) for cut in cuts for k in (-1, 0, 1)})
    low = field.minimum if field.minimum is not None else float("-inf")
    high = field.maximum if field.maximum is not None else float("inf")
    candidates = [v for v in candidates if low <= v <= high]

    def signature(value: float) -> tuple[bool, ...]:
        return tuple(holds(c, {field.name: value}, set()) for c in conditions)

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


def _shown(value: object, says: Sentences) -> str:
    if value is None:
        return says("not_given")
    if isinstance(value, bool):
        return str(value).lower()
    return as_entered(value) if isinstance(value, float) else str(value)


def _field_values(engine: Engine, field: CaseField, current: object) -> list[object]:
    """The values a field is flipped to: across the rules' thresholds, or every other choice, and "not given"
    where a rule tests that the field is absent."""
    if field.kind in ("integer", "number"):
        numbers = _numeric_flips(engine, field, current)  # type: ignore[arg-type]
        values: list[object] = [int(v) for v in numbers] if field.kind == "integer" else list(numbers)
    elif field.kind == "boolean":
        values = [v for v in (True, False) if v != current]
    else:
        values = [v for v in field.values if v != current]
    absent = any(c.op in ("is_absent", "is_present") for c in _conditions(engine, field.name))
    if absent and current is not None and field.default is None:
        values.append(None)
    return values


def _variants(engine: Engine, case: Case) -> list[tuple[str, str, dict[str, Any]]]:
    base, says = case_dict(case), engine.kb.words.what_if
    out: list[tuple[str, str, dict[str, Any]]] = []

    def add(feature: str, label: str, **changes: Any) -> None:
        variant = {**base, **changes}
        # a flip that a yes-or-no field must follow says so (residual disease: prior trastuzumab true)
        settled = settle(variant, set(changes), engine.kb.case_checks)
        label += "".join(says("with", field=n, was=_shown(was, says), now=_shown(now, says)) for n, was, now in settled)
        kept = {k: v for k, v in variant.items() if v is not None or CASE_FIELDS[k].nullable}
        out.append((feature, label, kept))

    for field in FIELDS:
        if field.name in PLACE or not _conditions(engine, field.name) or case.setting not in field.settings:
            continue
        if field.needs_true and base.get(field.needs_true) is not True:
            continue
        current = base.get(field.name, field.default)
        for value in _field_values(engine, field, current):
            # a field that needs this one true goes with it (months since trastuzumab without prior trastuzumab)
            gone = {f.name: None for f in FIELDS if f.needs_true == field.name and value is not True}
            label = says("field", field=field.name, was=_shown(current, says), now=_shown(value, says))
            add(field.name, label, **gone, **{field.name: value})
    here = f"{case.setting}{' ' + case.metastatic_line if case.metastatic_line else ''}"
    for setting in SETTINGS:
        for line in CASE_FIELDS["metastatic_line"].values if setting == "metastatic" else (None,):
            there = f"{setting}{' ' + line if line else ''}"
            early = case.tumor_size_cm is not None and case.node_status is not None
            if there == here or (setting in EARLY_ALL and not early):
                continue  # the same place, or early disease for a case without its tumor and nodes
            # fields the new setting does not ask for are dropped; a setting the case cannot have is skipped
            gone = {f.name: None for f in FIELDS if setting not in f.settings}
            add(
                "setting",
                says("setting", was=here, now=there),
                **{**gone, "setting": setting, "metastatic_line": line},
            )
    for approval in sorted(engine.kb.approvals.values(), key=lambda a: a.date.counts_from()):
        day = approval.date.counts_from()
        if case.as_of >= day:
            when, side = day - dt.timedelta(days=1), says("day_before")
        else:
            when, side = day, says("day_of")
        label = says("as_of", was=str(case.as_of), now=str(when), side=side, approval=approval.id)
        add("as_of", label, as_of=when.isoformat())
    return out


def what_if(engine: Engine, case: Case | dict[str, Any]) -> WhatIf:
    """Evaluate the case and each one-feature variant; raise CaseError for a bad case."""
    case = engine.dated(case) if isinstance(case, Case) else engine.parse(case)
    base = engine.evaluate(case)
    flips: list[Flip] = []
    for feature, label, variant in _variants(engine, case):
        try:
            other = engine.evaluate(variant)
        except CaseError:
            continue  # a flip the case form does not allow (e.g. a future date)
        flips.append(Flip(feature=feature, label=label, case=variant, changes=diff_answers(engine, base, other)))
    return WhatIf(case=case_dict(case), options=statuses(base), flips=flips, disclaimer=base.disclaimer)
