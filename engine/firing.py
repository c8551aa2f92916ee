"""What fires for a case: durable-rules decides it once for each class of case its tests cannot tell apart.

The compiled tests (engine/compile.py) read a number only against the rules' thresholds, the date only as its era
and every other value as it is. Cases alike in those fire the same rules in the same order and derive the same
facts, so a session (engine/session.py) runs for the first case of a class, and each later case of the class gets
its rules from a bounded store (engine/kept.py), matched on its own facts. In a server, the first case of a class
in any of its workers: what that session fired is shared (engine/answer_store.py). tests/core/test_firing.py
compares every case of a sample with a session of its own; `kb check` runs its sessions directly, never from these
stores.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable
from typing import Any, Protocol

from engine.case_fields import CASE_FIELDS
from engine.kept import Kept
from engine.rulebook import Rulebook
from engine.session import DurableRunner, Firing

# the rules that fired, in order, and the facts they derived
Fired = tuple[tuple[str, ...], tuple[str, ...]]


class SharedFirings(Protocol):
    """What sessions fired, by class, kept for other processes too (engine/answer_store.py)."""

    def fired(self, key: Hashable) -> Fired | None: ...

    def keep_fired(self, key: Hashable, fired: Fired) -> None: ...


class _Absent:
    """A field the case does not give: one object, written the same in every process (a shared class's id is the
    digest of its key as written)."""

    def __repr__(self) -> str:
        return "<absent>"


# a class of case takes a few hundred bytes: the dated neoadjuvant cases of `make bench` alone fall in 2,668 classes
SCALE = 4
_ABSENT = _Absent()


class Firings:
    """A runner's firings, one session for each class of case."""

    def __init__(self, rulebook: Rulebook, runner: DurableRunner) -> None:
        self._rulebook = rulebook
        self._runner = runner
        self._names = tuple(CASE_FIELDS)
        self._known = frozenset(self._names)
        self._made: Kept[tuple[object, ...], Fired] = Kept(SCALE)
        self._alike: Kept[Fired, Fired] = Kept(SCALE)
        # where a class's firing is first looked for, and kept once its session has run: the store a server's
        # workers share, so that a session runs once for a class in the whole server, not once in each worker
        self.shared: SharedFirings | None = None

    def class_of(self, fact: dict[str, Any]) -> tuple[object, ...]:
        """The case's class as the compiled tests read it, field by field: a number's place among the rules'
        thresholds, the date's era, every other value as it is."""
        if not fact.keys() <= self._known:
            raise ValueError(f"not case fields: {sorted(fact.keys() - self._known)}")
        key: list[object] = []
        value_class = self._rulebook.value_class
        for name in self._names:
            value = fact.get(name, _ABSENT)
            if value is _ABSENT:
                key.append(value)
            elif isinstance(value, str):
                key.append(sys.intern(value))
            else:
                key.append(value_class(name, value))
        return tuple(key)

    def run(self, fact: dict[str, Any]) -> Firing:
        """What fires for the case, from the session its class ran (one runs if none has), each rule matched on the
        case's own facts."""
        key = self.class_of(fact)
        fired, derived = self._made.get(key, lambda: self._first(key, fact))
        return Firing(fired=list(fired), matched=dict.fromkeys(fired, fact), derived=list(derived), key=key)

    def _first(self, key: tuple[object, ...], fact: dict[str, Any]) -> Fired:
        """The class's firing as another process's session found it, or as a session here finds it."""
        fired = None if self.shared is None else self.shared.fired(key)
        if fired is None:
            firing = self._runner.run(fact)
            fired = (tuple(firing.fired), tuple(firing.derived))
            if self.shared is not None:
                self.shared.keep_fired(key, fired)
        made = fired
        return self._alike.get(made, lambda: made)  # many classes fire alike: one copy of each outcome
