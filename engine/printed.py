"""How the engine's reasoning prints a rule's condition and a case's value ("tumor_size_cm is above 2", "2.5")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Set as AbstractSet

from engine.rule import Condition, fact_kind
from engine.vocabulary import CASE_FIELDS, OPERATORS

NUMBERS = tuple(name for name, f in CASE_FIELDS.items() if f.kind in ("integer", "number"))
DATES = tuple(name for name, f in CASE_FIELDS.items() if f.kind == "date")
SLOTTED = frozenset((*NUMBERS, *DATES))  # what a class of cases does not fix (engine/answer_cache.py)
_SLOT = "\x00{}\x00"  # JSON writes the control character as \u0000


def describe(cond: Condition) -> str:
    """A condition in words, e.g. "tumor_size_cm is above 2"."""
    if cond.value is None:
        return f"{cond.fact} {OPERATORS[cond.op]}"
    value = ", ".join(cond.value) if isinstance(cond.value, list) else cond.value
    if isinstance(value, bool):
        value = str(value).lower()
    return f"{cond.fact} {OPERATORS[cond.op]} {value}"


def shown(name: str, fact: dict[str, object], derived: AbstractSet[str]) -> str:
    """A fact's value where an answer prints it: a number or the date the case gives as a slot ("\\x00as_of\\x00"),
    filled with its actual_value for each case of the class (engine/answer_cache.py); anything else as its
    actual_value. An answer is made one way, with slots, whether or not the cache keeps it."""
    return _SLOT.format(name) if name in SLOTTED and name in fact else actual_value(name, fact, derived)


def actual_value(name: str, fact: dict[str, object], derived: AbstractSet[str]) -> str:
    """A fact's value as the reasoning prints it: a date as YYYY-MM-DD, a boolean lower-case."""
    kind = fact_kind(name)
    if kind == "derived":
        return "true" if name in derived else "false"
    if name not in fact:
        return "not given"
    value = fact[name]
    if kind == "date":
        return dt.date.fromordinal(int(value)).isoformat()  # type: ignore[call-overload]
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
