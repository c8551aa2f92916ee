"""The case space `kb check` sweeps: both sides of every threshold, every class of values of every choice, one day
before and on every date a rule turns on or off, in every setting and HER2 status.

Pruned by equivalence classes read off the rules, never by hand: a choice takes one value of each class of its
values that no condition tells apart (choice_classes: a sex of female or unknown passes the same tests); for a
setting and a HER2 status only the rules whose own setting and HER2 tests admit them can fire, so only the
fields those rules (and the derivations) read can change an answer; every other field is held at one value
(not given, or its default), and only the dates those rules test are crossed. Fields a setting does not allow
are never varied there.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from engine.case import Case, CaseError, parse_case
from engine.case_fields import CASE_FIELDS, FIELDS, SETTINGS, CaseField
from engine.contradictions import settle
from engine.rule import Condition
from engine.rulebook import CompiledRule, Rulebook
from engine.semantics import holds

MONTHS = (3, 9, 24)  # months since trastuzumab: none, 3, 9, 24, plus both sides of each rule threshold
SIZES = (1.0, 2.0, 2.1, 5.0)  # tumor sizes, plus both sides of each rule threshold
_FIXED = ("setting", "her2_status", "as_of")


def _admits(rule: CompiledRule, setting: str, her2: str) -> bool:
    """Whether the rule's own setting and HER2 tests (if any) let it fire for this setting and status."""
    probe: dict[str, object] = {"setting": setting, "her2_status": her2}
    return all(holds(c, probe, set()) for c in rule.conditions if c.fact in ("setting", "her2_status"))


def relevant(rulebook: Rulebook, setting: str, her2: str) -> tuple[set[str], set[str]]:
    """The case fields and the dates (ISO) that rules able to fire for this setting and status read."""
    rules = [r for r in rulebook.rules if _admits(r, setting, her2)]
    # a caution's own conditions change what an answer shows too
    conds = [*(c for r in rules for c in r.conditions), *(w for r in rules for k in r.rule.cautions for w in k.when)]
    fields = {c.fact for c in conds if c.fact not in _FIXED and c.fact in CASE_FIELDS}
    days = {str(c.value) for c in conds if c.kind == "date"}
    return fields, days


def _cuts(rulebook: Rulebook, name: str) -> set[float]:
    """The numbers the rules and their cautions compare a field with."""
    conds = [*rulebook.thresholds(name), *(w for r in rulebook.rules for k in r.rule.cautions for w in k.when)]
    return {float(c.value) for c in conds if c.fact == name and c.value is not None}  # type: ignore[arg-type]


def _numbers(field: CaseField, cuts: set[float]) -> list[float | int]:
    if field.kind == "integer":
        values: set[float | int] = {int(v) + k for v in cuts for k in (-1, 0, 1)}
        values |= set(MONTHS) if field.name == "months_since_trastuzumab" else {0}
    else:
        values = {*SIZES, *cuts, *(round(c + 0.1, 1) for c in cuts)}
    low = field.minimum if field.minimum is not None else float("-inf")
    high = field.maximum if field.maximum is not None else float("inf")
    return sorted(v for v in values if low <= v <= high)


def _conditions(found: object) -> Iterator[Condition]:
    """Every condition in a knowledge-base object (an ordering position's cases, a contradiction), at any depth."""
    if isinstance(found, Condition):
        yield found
    elif isinstance(found, BaseModel):
        for name in type(found).model_fields:
            yield from _conditions(getattr(found, name))
    elif isinstance(found, list | tuple):
        for item in found:
            yield from _conditions(item)


def choice_classes(rulebook: Rulebook) -> dict[str, list[str]]:
    """For each choice field, one value of each class of values that no condition tells apart (the rules, their
    cautions, the scope, the order's positions and the contradictions): e.g. a sex of female and of unknown pass
    and fail the same tests, so the sweep tries one of them."""
    conds = [*(c for r in rulebook.rules for c in r.conditions), *rulebook.scope]
    conds += [w for r in rulebook.rules for k in r.rule.cautions for w in k.when]
    conds += [*_conditions(rulebook.kb.ordering), *_conditions(list(rulebook.kb.case_checks))]
    classes: dict[str, list[str]] = {}
    for field in FIELDS:
        if field.kind != "choice":
            continue
        tests = [c for c in conds if c.fact == field.name]
        seen: dict[tuple[bool, ...], str] = {}
        for value in field.values:
            seen.setdefault(tuple(holds(c, {field.name: value}, set()) for c in tests), value)
        classes[field.name] = list(seen.values())
    return classes


def _values(
    rulebook: Rulebook, field: CaseField, setting: str, varied: bool, classes: dict[str, list[str]]
) -> list[Any]:
    """The values a field takes in the sweep: one of each class that matters if it is read, else one."""
    required = field.required or setting in field.required_in
    optional = [None] if not required and (field.default is None or field.nullable) else []
    if not varied:
        if optional and field.default is None:
            return optional
        if field.default is not None:
            return [field.default]
        return [field.values[0]] if field.values else [_numbers(field, set())[-1]]
    if field.kind == "choice":
        return [*optional, *classes[field.name]]
    if field.kind == "boolean":
        return [*optional, True, False]
    return [*optional, *_numbers(field, _cuts(rulebook, field.name))]


def check_dates(rulebook: Rulebook, days: set[str]) -> list[dt.date]:
    """One day before and on each date, on the review's date and just past the cut-off; none in the future."""
    info = rulebook.kb.info
    marks = {dt.date.fromisoformat(d) for d in days}
    marks |= {info.review_published, info.evidence_cutoff + dt.timedelta(days=1)}
    around = {d + dt.timedelta(days=k) for d in marks for k in (-1, 0)}
    return sorted(d for d in around if d <= dt.date.today())


def case_space(rulebook: Rulebook) -> Iterator[dict[str, Any]]:
    """Every valid case of the pruned space, as raw case dicts."""
    return (raw for raw, _ in parsed_space(rulebook))


def _requires(rulebook: Rulebook, name: str) -> dict[str, object]:
    """The choice values every rule reading `name` requires (e.g. tumor grade is read only for node-negative
    disease): elsewhere the field changes no answer, so it is held at one value there."""
    reading = [r for r in rulebook.rules if any(c.fact == name for c in r.conditions)]
    common: dict[str, object] | None = None
    for rule in reading:
        equal: dict[str, object] = {
            c.fact: c.value for c in rule.conditions if c.op == "equals" and c.fact not in (name, "setting")
        }
        common = equal if common is None else {k: v for k, v in common.items() if equal.get(k) == v}
    return common or {}


def combos(rulebook: Rulebook) -> Iterator[tuple[dict[str, Any], Case, list[dt.date]]]:
    """Each valid combination of the fields but the date, validated once, with the days it is crossed with.

    Validating once per combination is exact: no check across fields reads as_of, and as_of itself is
    only refused in the future, which no day of the sweep is (check_dates)."""
    her2_values = next(f for f in FIELDS if f.name == "her2_status").values
    classes = choice_classes(rulebook)
    checks = rulebook.kb.case_checks
    for setting, her2 in itertools.product(SETTINGS, her2_values):
        fields, days = relevant(rulebook, setting, her2)
        allowed = [f for f in FIELDS if f.name not in _FIXED and setting in f.settings]
        axes = [_values(rulebook, f, setting, f.name in fields, classes) for f in allowed]
        dates = check_dates(rulebook, days)
        needs = [_requires(rulebook, f.name) if f.name in fields else {} for f in allowed]
        for combo in itertools.product(*axes):
            raw: dict[str, Any] = {"setting": setting, "her2_status": her2}
            raw.update({f.name: v for f, v in zip(allowed, combo, strict=True) if v is not None})
            if any(
                combo[i] != axes[i][0] and any(raw.get(k) != v for k, v in needs[i].items())
                for i in range(len(allowed))
            ):
                continue  # a field varied where no rule reading it can fire: its first value stands for all
            # a field no rule reads, held at its first value, must not contradict the varied ones (prior
            # trastuzumab false in extended adjuvant cases): it takes the other value there
            settle(raw, {f.name for f in allowed if f.name in fields} | {"setting", "her2_status"}, checks)
            try:
                case = parse_case({**raw, "as_of": dates[0].isoformat()}, checks=checks)
            except CaseError:
                continue  # e.g. months since trastuzumab without prior trastuzumab
            yield raw, case, dates


def parsed_space(rulebook: Rulebook) -> Iterator[tuple[dict[str, Any], Case]]:
    """Every valid case of the pruned space, raw and validated: each combination on each of its days."""
    for base, case, dates in combos(rulebook):
        setting, her2 = base["setting"], base["her2_status"]
        fields = {k: v for k, v in base.items() if k not in ("setting", "her2_status")}
        for day in dates:
            raw = {"setting": setting, "her2_status": her2, "as_of": day.isoformat(), **fields}
            yield raw, case.model_copy(update={"as_of": day})
