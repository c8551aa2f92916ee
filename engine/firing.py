"""What fires for a case: durable-rules decides it once for each class of case its tests cannot tell apart.

The compiled tests (engine/compile.py) read a number only against the rules' thresholds, the date only as its era
and every other value as it is; a rule fires only if every one of its tests passes. So a rule one of whose tests of
a choice or a yes/no field fails for a case never fires for it, whatever its number and date tests say: only the
thresholds and dates of the other rules (the case's live rules) can part two cases alike in their choices. Cases
alike in their choices, and in their numbers' and date's places among their live rules' thresholds and dates, fire
the same rules in the same order and derive the same facts (`outcome_class`), so a session (engine/session.py) runs
for the first case of such a class, and each later case of it gets its rules from a bounded store
(engine/kept.py), matched on its own facts. In a server, the first case of a class in any of its workers: what
that session fired is shared (engine/answer_store.py). tests/core/test_firing.py compares every case of a sample
with a session of its own; `kb check` runs its sessions directly, never from these stores.

`class_of` is the finer class every rule's tests read alike (every threshold and every date): "why not", which
explains the rules that did not fire, reads that one.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable
from typing import Any, Protocol

from engine.case_fields import CASE_FIELDS
from engine.kept import Kept
from engine.rulebook import Rulebook
from engine.semantics import number, threshold_place
from engine.session import DurableRunner, Firing

# the rules that fired, in order, and the facts they derived
Fired = tuple[tuple[str, ...], tuple[str, ...]]


class SharedFirings(Protocol):
    """What sessions fired, by class, kept for other processes too (engine/answer_store.py)."""

    def fired(self, key: Hashable) -> Fired | None: ...

    def keep_fired(self, key: Hashable, fired: Fired) -> None: ...


# a class of case takes a few hundred bytes: 40,000 dated neoadjuvant cases of `make bench` fall in 1,356 outcome
# classes (2,807 finer ones)
SCALE = 4
# a field the case does not give, in a class: None, which no given field holds (Case.as_fact leaves them out), written
# the same in every process (a shared class's id is the digest of its key as written), and a key of atomic values
# only is one the collector stops tracking, so a kept class is not walked by every full collection
_ABSENT = None
_NONE: frozenset[str] = frozenset()  # a test of a choice reads no derived fact


class Firings:
    """A runner's firings, one session for each class of case."""

    def __init__(self, rulebook: Rulebook, runner: DurableRunner) -> None:
        self._rulebook = rulebook
        self._runner = runner
        self._names = tuple(CASE_FIELDS)
        self._known = frozenset(self._names)
        graded = rulebook.graded  # read as a place among thresholds or dates
        self._choices = tuple(n for n in self._names if n not in graded)
        self._graded = tuple(n for n in self._names if n in graded)
        # each rule's tests of the other fields (a choice, a yes/no), and the thresholds and dates it tests
        self._rules = tuple(
            (
                tuple(
                    t for c, t in zip(r.conditions, r.tests, strict=True) if c.kind == "field" and c.fact not in graded
                ),
                tuple((c.fact, number(c)) for c in r.conditions if c.fact in graded and c.value is not None),
            )
            for r in rulebook.rules
        )
        # the thresholds and dates of the live rules, for each combination of choices (a few hundred in the space)
        self._cuts: Kept[tuple[object, ...], tuple[tuple[float, ...], ...]] = Kept()
        self._made: Kept[tuple[object, ...], Fired] = Kept(SCALE)
        self._alike: Kept[Fired, Fired] = Kept(SCALE)
        # where a class's firing is first looked for, and kept once its session has run: the store a server's
        # workers share, so that a session runs once for a class in the whole server, not once in each worker
        self.shared: SharedFirings | None = None

    def class_of(self, fact: dict[str, Any]) -> tuple[object, ...]:
        """The case's class as every rule's tests read it: its choices as they are, a number's place among all the
        rules' thresholds, the date's era ("why not" explains every rule, so it reads this class)."""
        return self.classes(fact)[0]

    def outcome_class(self, fact: dict[str, Any]) -> tuple[object, ...]:
        """The case's class as its outcome reads it: its choices as they are, and its numbers' and date's places
        among the thresholds and dates of the rules its choices leave live (those whose other tests all pass)."""
        return self.classes(fact)[1]

    def classes(self, fact: dict[str, Any]) -> tuple[tuple[object, ...], tuple[object, ...]]:
        """Both classes of the case, read in one pass (class_of, outcome_class)."""
        if not fact.keys() <= self._known:
            raise ValueError(f"not case fields: {sorted(fact.keys() - self._known)}")
        # a choice's text as one object in every key kept (a parsed case's texts are new objects)
        choices = tuple([sys.intern(v) if type(v) is str else v for v in map(fact.get, self._choices)])
        cuts = self._cuts.get(choices, self._live_cuts, fact)
        value_class = self._rulebook.value_class
        finer, places = list(choices), list(choices)
        for name, cut in zip(self._graded, cuts, strict=True):
            value = fact.get(name, _ABSENT)
            if value is _ABSENT:
                finer.append(value)
                places.append(value)
            else:
                finer.append(value_class(name, value))
                places.append(threshold_place(cut, float(value)))
        return tuple(finer), tuple(places)

    def forget(self) -> None:
        """Forget what fired for every class (a benchmark's round that runs every session afresh); the thresholds
        and dates each combination of choices leaves live stay: they are the knowledge base's, like the rules."""
        self._made.clear()
        self._alike.clear()

    def _live_cuts(self, fact: dict[str, Any]) -> tuple[tuple[float, ...], ...]:
        live = [tested for tests, tested in self._rules if all(test(fact, _NONE) for test in tests)]
        return tuple(tuple(sorted({v for rule in live for n, v in rule if n == name})) for name in self._graded)

    def run(self, fact: dict[str, Any]) -> Firing:
        """What fires for the case, from the session its class ran (one runs if none has), each rule matched on the
        case's own facts."""
        finer, key = self.classes(fact)
        fired, derived = self._made.get(key, self._first, key, fact)
        return Firing(fired=list(fired), matched=dict.fromkeys(fired, fact), derived=list(derived), key=finer)

    def _first(self, key: tuple[object, ...], fact: dict[str, Any]) -> Fired:
        """The class's firing as another process's session found it, or as a session here finds it."""
        fired = None if self.shared is None else self.shared.fired(key)
        if fired is None:
            firing = self._runner.run(fact)
            fired = (tuple(firing.fired), tuple(firing.derived))
            if self.shared is not None:
                self.shared.keep_fired(key, fired)
        made = fired
        return self._alike.one(made)  # many classes fire alike: one copy of each outcome
