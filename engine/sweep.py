"""The plain-Python rulebook (rulebook.fire_in_python) factored for a sweep over days.

A rule fires when all its conditions hold, and they are of three kinds (engine/semantics.py): tests of case
fields, tests of the date, and tests of derived facts. Over one combination of fields crossed with many days, the field
tests give the same result on every day, so they run once per combination; the date tests give the
same result for every combination, so they run once per day; and the derivation fixpoint reads only
derived facts, so it runs once per set of rules whose field and date tests hold. Same predicates, same
order, same fixpoint: the same fired rules as fire_in_python, case by case (tests/knowledge/test_kbcheck.py
compares the two).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.rulebook import CompiledRule, Rulebook
from engine.semantics import Predicate

_NOTHING: frozenset[str] = frozenset()
# the rules that fired, in fire_in_python's order, and the derived facts: shared between days, so frozen
Fired = tuple[tuple[str, ...], frozenset[str]]


@dataclass(frozen=True)
class _Split:
    rule: CompiledRule
    fields: tuple[Predicate, ...]  # tests of case fields other than the date
    dates: tuple[Predicate, ...]  # tests of the date
    derived: tuple[Predicate, ...]  # tests of derived facts


def _split(rule: CompiledRule) -> _Split:
    parts: dict[str, list[Predicate]] = {"field": [], "date": [], "derived": []}
    for cond, test in zip(rule.conditions, rule.tests, strict=True):
        parts[cond.kind].append(test)
    return _Split(rule, *(tuple(p) for p in parts.values()))


class DaySweep:
    """fire_in_python for one combination of fields on each of many days. A set of rules is a bit mask
    (bit i: the rulebook's i-th rule): the field tests run once per combination, the date tests once per
    day for the whole sweep, and the derivation fixpoint once per set of rules whose field and date tests
    hold (it reads nothing else)."""

    def __init__(self, rulebook: Rulebook) -> None:
        self._rules = tuple(_split(r) for r in rulebook.rules)
        self._on_day: dict[int, int] = {}
        self._fired: dict[int, Fired] = {}

    def _mask(self, fact: dict[str, object], part: str) -> int:
        tests = (getattr(s, part) for s in self._rules)
        return sum(1 << i for i, own in enumerate(tests) if all(test(fact, _NOTHING) for test in own))

    def fire(self, fact: dict[str, object], days: list[int]) -> list[Fired]:
        """For each day (an ordinal), what fire_in_python gives for the fact on that day."""
        live = self._mask(fact, "fields")
        results: list[Fired] = []
        for day in days:
            if day not in self._on_day:
                self._on_day[day] = self._mask({"as_of": day}, "dates")
            rules = live & self._on_day[day]
            if rules not in self._fired:
                self._fired[rules] = _fire([s for i, s in enumerate(self._rules) if rules >> i & 1])
            results.append(self._fired[rules])
        return results


def _fire(rules: list[_Split]) -> Fired:
    """fire_in_python's fixpoint over rules whose field and date tests already hold."""
    derived: set[str] = set()
    fired: list[str] = []
    changed = True
    while changed:
        changed = False
        for s in rules:
            if s.rule.stage == 0 and s.rule.id not in fired and all(test({}, derived) for test in s.derived):
                fired.append(s.rule.id)
                derived.add(s.rule.rule.derive or "")
                changed = True
    fired.extend(s.rule.id for s in rules if s.rule.stage == 1 and all(test({}, derived) for test in s.derived))
    return tuple(fired), frozenset(derived)
