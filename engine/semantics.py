"""What a rule's condition means: each kind of condition and each operator defined once, for every reading.

A condition tests one of three kinds of fact (`Condition.kind`, engine/rule.py):
- "field": a case field. A choice or a yes/no against values, a number against a threshold, or whether the case
  gives the field at all. A field the case does not give fails every test but is_absent.
- "date": the case's date (`as_of`), compared as a day number with the rule's day.
- "derived": a derived fact, true when a derivation rule fired for the case (is_true or is_false).

The contract: **durable-rules decides what fires, Python explains it, and `kb check` proves they agree.**
- durable-rules decides: engine/compile.py writes each rule's tests with `durable_test` (the date as the era it
  falls in, a guard against one of durable-rules 2.0.28's traps), engine/session.py runs the ruleset, once for
  each class of case those tests cannot tell apart (engine/firing.py).
- Python explains with `predicate`: why a regimen was not offered, which cautions apply, the order's reasons,
  what-if, and the classes of the answer cache.
- `her2-cds kb check` (engine/kbcheck.py) runs every case of the case space through the Python reading and a
  sample through durable-rules, and fails on any case where the two differ.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from engine.rule import DATE_FACT, Condition

# a test of a case's facts (as_of as a day number) and the derived facts that hold for it
Predicate = Callable[[dict[str, object], AbstractSet[str]], bool]


@dataclass(frozen=True)
class Comparison:
    """An operator comparing a number or a day with the rule's: its Python meaning and durable-rules' name."""

    python: Callable[[float, float], bool]
    durable: str


COMPARISONS: dict[str, Comparison] = {
    "above": Comparison(operator.gt, "$gt"),
    "at_least": Comparison(operator.ge, "$gte"),
    "below": Comparison(operator.lt, "$lt"),
    "at_most": Comparison(operator.le, "$lte"),
    "on_or_after": Comparison(operator.ge, "$gte"),
    "before": Comparison(operator.lt, "$lt"),
}
_YES_NO = {"is_true": True, "is_false": False}


def number(cond: Condition) -> float:
    """The rule's threshold as a number: a day as its ordinal."""
    if cond.kind == "date":
        return float(dt.date.fromisoformat(str(cond.value)).toordinal())
    return float(cond.value)  # type: ignore[arg-type]


def threshold_place(cuts: Sequence[float], value: float) -> int:
    """A number's place among sorted thresholds, all a comparison with any of them can tell: 2i between the i-th
    and the next (0 below the first), 2i+1 on the i-th."""
    return bisect.bisect_left(cuts, value) + bisect.bisect_right(cuts, value)


def predicate(cond: Condition) -> Predicate:
    """The condition as a Python test (durable-rules' semantics: a missing field fails every test but is_absent)."""
    name, op, value = cond.fact, cond.op, cond.value
    if cond.kind == "derived":
        wanted = op == "is_true"
        return lambda fact, derived: (name in derived) == wanted
    if op == "is_absent":
        return lambda fact, derived: name not in fact
    if op == "is_present":
        return lambda fact, derived: name in fact
    if op in ("equals", *_YES_NO):
        expected = _YES_NO.get(op, value)
        return lambda fact, derived: name in fact and fact[name] == expected
    if op == "not_equals":
        return lambda fact, derived: name in fact and fact[name] != value
    if op == "one_of":
        choices = frozenset(value if isinstance(value, list) else ())
        return lambda fact, derived: name in fact and fact[name] in choices
    limit, compare = number(cond), COMPARISONS[op].python
    return lambda fact, derived: name in fact and compare(float(fact[name]), limit)  # type: ignore[arg-type]


def holds(cond: Condition, fact: dict[str, object], derived: AbstractSet[str]) -> bool:
    """Whether the condition holds for a case's facts (predicate, for a test run once)."""
    return predicate(cond)(fact, derived)


def durable_test(cond: Condition) -> dict[str, Any]:
    """The condition as a durable-rules test of the case fact (a field or the date, not a derived fact: the
    ruleset tests those as facts of their own, engine/compile.py)."""
    if cond.kind == "derived":
        raise ValueError(f"{cond.fact} is a derived fact: durable-rules tests it as a fact of its own")
    name, op, value = cond.fact, cond.op, cond.value
    if cond.kind == "date":
        value = int(number(cond))
    if op == "equals":
        return {name: value}
    if op == "not_equals":
        return {"$neq": {name: value}}
    if op == "one_of":
        # at most one branch can be true for a single-valued field, so $or fires at most once
        return {"$or": [{name: v} for v in value]}  # type: ignore[union-attr]
    if op in _YES_NO:
        return {name: _YES_NO[op]}
    if op == "is_present":
        return {"$ex": {name: 1}}
    if op == "is_absent":
        return {"$nex": {name: 1}}
    return {COMPARISONS[op].durable: {name: value}}


__all__ = ["COMPARISONS", "DATE_FACT", "Comparison", "Predicate", "durable_test", "holds", "number", "predicate"]
