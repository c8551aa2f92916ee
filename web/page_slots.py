"""A case whose numbers and date print as slots: the answer page of a class of cases is rendered once with it.

The engine answers a whole class of cases alike (engine/answer_cache.py) and prints the case's own numbers and
date into its texts as slots ("\\x00tumor_size_cm\\x00"). The page adds its own words about the case ("tumor
2.5 cm", "dated 2012-06-01", the case table, "as of ..."), made by the teaching code from the case's values. A
slotted case gives that code values that are the case's own (so every test and comparison reads them as they
are) but print as a slot naming the value and how it was printed: str() and format() as "<name>.str", repr()
(a number "as entered") as "<name>.entered", a date as "<name>.date". Each request fills them with its own case.

Whatever else the page's code does with a value is recorded or refused: a comparison (a plural for 1, "after
the review's day") is kept as a guard that a later case must meet to use the same page, and what would print
the value another way (arithmetic, a format spec, strftime) raises Unslottable: that page is rendered afresh,
never kept. Not seen: a conversion to a plain number (float(), int(), toordinal()), which is how the rules'
tests read a value (the class fixes their outcome); the page cache's tests compare kept pages with pages
rendered afresh, where a value printed after such a conversion would show."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from engine.case import Case
from engine.case_fields import as_entered
from engine.printed import DATES, NUMBERS, actual_value

Guard = tuple[str, str, object, object]  # (value's name, comparison, the other side, what it gave)
# the guards of the page being rendered: a context variable, so each thread (and each gevent greenlet) its own
_GUARDS: ContextVar[list[Guard] | None] = ContextVar("page_guards", default=None)


class Unslottable(Exception):
    """A case value used in a way a slot cannot stand for."""


def _slot(name: str, how: str) -> str:
    return f"\x00{name}.{how}\x00"


def _recorded(name: str, op: str, real: object, other: object) -> Any:
    if isinstance(other, _SLOTS):
        raise Unslottable(f"{name} compared with another case value")
    result = getattr(operator, op)(real, other)
    guards = _GUARDS.get()
    if guards is not None:
        guards.append((name, op, other, result))
    return result


def _refuse(self: Any, *args: object) -> Any:
    raise Unslottable(f"{self.slot_name} used as a number or a date, not printed")


def _methods(printing: dict[str, str], refused: tuple[str, ...]) -> Callable[[type], type]:
    """Give a slot class its comparisons (recorded), its printing (a slot) and its refusals."""

    def make(cls: type) -> type:
        for op in ("eq", "ne", "lt", "le", "gt", "ge"):

            def compare(self: Any, other: object, op: str = op) -> Any:
                return _recorded(self.slot_name, op, self.plain, other)

            setattr(cls, f"__{op}__", compare)
        setattr(cls, "__hash__", lambda self: hash(self.plain))  # noqa: B010  # comparisons are overridden
        setattr(cls, "__bool__", lambda self: bool(_recorded(self.slot_name, "truth", self.plain, None)))  # noqa: B010
        for method, how in printing.items():
            setattr(cls, method, lambda self, how=how: _slot(self.slot_name, how))

        def format_(self: Any, spec: str) -> str:
            if spec:
                raise Unslottable(f"{self.slot_name} printed with the format {spec!r}")
            return _slot(self.slot_name, printing["__str__"])

        setattr(cls, "__format__", format_)  # noqa: B010
        for method in refused:
            setattr(cls, method, _refuse)
        return cls

    return make


_ARITHMETIC = (
    *(f"__{r}{op}__" for op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "divmod") for r in ("", "r")),
    *("__neg__", "__pos__", "__abs__", "__round__", "__trunc__", "__floor__", "__ceil__", "__invert__"),
)
_DATE_REFUSED = ("__add__", "__radd__", "__sub__", "__rsub__", "strftime", "ctime", "__repr__")


class _Slot:
    """A case value that prints as a slot: `plain` is the value itself."""

    slot_name: str
    plain: Any

    def __new__(cls, value: Any, name: str) -> Any:
        args = (value.year, value.month, value.day) if isinstance(value, dt.date) else (value,)
        self = super().__new__(cls, *args)
        self.slot_name, self.plain = name, value
        return self


@_methods({"__str__": "str", "__repr__": "entered"}, _ARITHMETIC)
class SlotFloat(_Slot, float):
    pass


@_methods({"__str__": "str", "__repr__": "str"}, _ARITHMETIC)
class SlotInt(_Slot, int):
    pass


@_methods({"__str__": "date", "isoformat": "date"}, _DATE_REFUSED)
class SlotDate(_Slot, dt.date):
    pass


_SLOTS = (SlotFloat, SlotInt, SlotDate)
_KINDS: tuple[tuple[type, type[_Slot]], ...] = ((float, SlotFloat), (int, SlotInt), (dt.date, SlotDate))
SLOTTED = (*NUMBERS, *DATES)  # the fields a class of cases does not fix (engine/printed.py)


def slotted_case(case: Case) -> Case:
    """The case with each number and date it gives as a value that prints as a slot."""
    update: dict[str, object] = {}
    for name in SLOTTED:
        value = getattr(case, name)
        kind = next((slot for plain, slot in _KINDS if isinstance(value, plain)), None)
        if kind is not None and not isinstance(value, bool):
            update[name] = kind(value, name)
    return case.model_copy(update=update)


class Recording:
    """Collect the guards (the comparisons of a slotted case's values) made inside the block, in this context."""

    def __enter__(self) -> list[Guard]:
        guards: list[Guard] = []
        self._token = _GUARDS.set(guards)
        return guards

    def __exit__(self, *exc: object) -> None:
        _GUARDS.reset(self._token)


def holds(guards: tuple[Guard, ...], case: Case) -> bool:
    """Whether `case` compares as the case the page was rendered for did, every time its code compared."""
    for name, op, other, result in guards:
        real = getattr(case, name)
        if (bool(real) if op == "truth" else getattr(operator, op)(real, other)) != result:
            return False
    return True


def printed(name: str, case: Case, fact: dict[str, object]) -> str:
    """What fills a slot for `case`: the engine's (a bare field name: engine/printed.py) or the page's."""
    field, _, how = name.partition(".")
    if not how:
        return actual_value(field, fact, frozenset())
    value = getattr(case, field)
    if how == "entered":
        return as_entered(value)
    return value.isoformat() if how == "date" else str(value)
