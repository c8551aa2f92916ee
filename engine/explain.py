"""Turn what fired into reasoning a student can read: why-not reasons and the trace (a study's evidence record is
engine/records.py's)."""

from __future__ import annotations

import operator
import sys
from collections.abc import Callable, Sequence
from typing import Any

from engine.answer import FiredRule, MatchedFact, Trace, WhyNot
from engine.kept import Kept
from engine.knowledge import Rule
from engine.printed import SLOTTED, actual_value, shown
from engine.rule import fact_kind
from engine.rulebook import CompiledRule, Rulebook
from engine.scope_tests import Printer, ScopeTests
from engine.semantics import Predicate
from engine.session import Firing
from engine.vocabulary import Status

_ABSENT = object()  # a field the case does not give
_Tests = tuple[tuple[int, str, str], ...]  # a rule's tests: each one's distinct index, the fact it reads, its words


def _nothing(read: dict[str, object]) -> object:
    """What an entry of a regimen no rule places reads of the case."""
    return ()


def _bits(tests: tuple[tuple[int, Predicate], ...], fact: dict[str, Any], derived: set[str]) -> int:
    """The tests' results as bits (bit i: test i passed)."""
    return sum(1 << i for i, test in tests if test(fact, derived))


class _Shown(dict[str, str]):
    """A case's facts as printed (by `value`: as an answer prints them, by default), each printed once per case
    (many rules fail on the same few facts)."""

    def __init__(self, fact: dict[str, Any], derived: set[str], value: Printer = shown) -> None:
        super().__init__()
        self.fact, self._derived, self._value = fact, derived, value

    def __missing__(self, name: str) -> str:
        value = self[name] = self._value(name, self.fact, self._derived)
        return value


class WhyNotExplainer:
    """Explains every regimen a case is not offered as approved or supported, each from its own rules."""

    def __init__(self, rulebook: Rulebook, names: dict[str, str]) -> None:
        self.rulebook = rulebook
        self.names = names
        self.scope = ScopeTests(rulebook)  # its tests built once, not once per case
        # the regimen rules' distinct tests (~140 of their ~600), each run once a case: many rules share a test
        distinct: dict[tuple[str, str, str], int] = {}
        by_fact: dict[str, list[tuple[int, Predicate]]] = {}
        for rule in (r for rules in rulebook.by_regimen.values() for r in rules):
            for cond, test in zip(rule.conditions, rule.tests, strict=True):
                key = (cond.fact, cond.op, repr(cond.value))
                if key not in distinct:
                    by_fact.setdefault(cond.fact, []).append((len(distinct), test))
                    distinct[key] = len(distinct)
        self._count = len(distinct)
        # a test reads one fact: its value (for a derived fact, whether it was derived) decides the results of all
        # of that fact's tests, kept once for each value as bits (bit i: the distinct test i passed)
        # (a number or the date is read by its class: kept by value, a store of distinct days would keep nothing)
        graded = rulebook.graded
        self._by_fact = tuple(
            (name, fact_kind(name) == "derived", name in graded, tuple(tests)) for name, tests in by_fact.items()
        )
        self._results: Kept[tuple[str, object], int] = Kept(0.25)  # ~140 B each
        # the sentences are the knowledge base's ([why_not] in rules/case-words.toml)
        self._words = words = rulebook.kb.words
        self._says = words.why_not
        # the words of each rule's reason, fixed by the rule: a case adds only which tests failed and its values
        self._rules = {
            regimen: tuple(
                (
                    r,
                    words.short(r.rule.status or ""),
                    tuple(
                        (distinct[(c.fact, c.op, repr(c.value))], c.fact, w)
                        for c, w in zip(r.conditions, r.words, strict=True)
                    ),
                )
                for r in rules
            )
            for regimen, rules in rulebook.by_regimen.items()
        }
        self._by_rule = {entry[0].id: entry for entries in self._rules.values() for entry in entries}
        # what a regimen's entry reads: its tests' results (these bits) and the values it may print of the facts
        # its tests name: a choice's value; for a number or the date, whether the case gives it (its slot or "not
        # given"); a derived fact's value is its tests' result
        self._reads: dict[str, tuple[int, Callable[[dict[str, object]], object]]] = {}
        printed: dict[str, None] = {}
        for regimen, rules in self._rules.items():
            read = dict.fromkeys(name for _, _, tests in rules for _, name, _ in tests if fact_kind(name) != "derived")
            printed |= read
            self._reads[regimen] = (
                sum(1 << i for i in {i for _, _, tests in rules for i, _, _ in tests}),
                operator.itemgetter(*read) if read else _nothing,
            )
        self._printed = tuple(printed)
        # each regimen, in the knowledge base's order, with the tests and the values its entry reads
        self._regimens = tuple((r, *self._reads.get(r, (0, _nothing))) for r in rulebook.kb.regimen_ids)
        # entries by what they read: most classes of cases share most entries (their values are in slots), so an
        # entry is made once and shared, object and JSON, by every answer that reads the same
        self._made: Kept[tuple[object, ...], WhyNot] = Kept()

    def why_not(self, fact: dict[str, Any], derived: set[str], offered: dict[str, Status]) -> list[WhyNot]:
        # the scope's words for a case it leaves out, or None
        out_of_scope = None if self.scope.passes(fact, derived) else self.scope.rationale(fact)
        result: list[WhyNot] = []
        here = _Shown(fact, derived)
        passed = 0 if out_of_scope else self._passed(fact, derived)
        # what an entry prints of a fact: a choice's value; a number or the date, only whether the case gives it
        read = {n: n in fact if n in SLOTTED else fact.get(n, _ABSENT) for n in self._printed}
        made, found = self._made, self._made.found
        for regimen, tests, printed in self._regimens:
            status = offered.get(regimen)
            if status == "approved" or status == "supported":
                continue
            # an entry is made once for everything its reasons read (the results of its tests and what they print
            # of the case), then shared
            key = (regimen, status, out_of_scope) if out_of_scope else (regimen, status, passed & tests, printed(read))
            entry = found(key)
            result.append(
                made.get(key, self._make, regimen, status, out_of_scope, passed, here) if entry is None else entry
            )
        return result

    def _passed(self, fact: dict[str, Any], derived: set[str]) -> int:
        """The case's result of each distinct test, bit i for test i."""
        passed = 0
        value_class = self.rulebook.value_class
        results, found = self._results, self._results.found
        for name, is_derived, graded, tests in self._by_fact:
            if is_derived:
                key: tuple[str, object] = (name, name in derived)
            else:
                value = fact.get(name, _ABSENT)
                key = (name, value_class(name, value) if graded and value is not _ABSENT else value)
            bits = found(key)
            passed |= results.get(key, _bits, tests, fact, derived) if bits is None else bits
        return passed

    def _make(self, regimen: str, status: Status | None, out: str | None, bits: int, here: _Shown) -> WhyNot:
        passed = [bool(bits >> i & 1) for i in range(self._count)]
        # a reason reads the same in many entries (a rule failing the same tests on the same values): kept once
        reasons = [out] if out else [*map(sys.intern, self._reasons(regimen, status, passed, here))]
        return WhyNot(regimen_id=regimen, name=self.names[regimen], status=status, reasons=reasons)

    def _reasons(self, regimen: str, status: Status | None, passed: Sequence[bool], here: _Shown) -> list[str]:
        """Why the regimen's rules did not offer it: each rule that did not fire, with the tests it failed
        (`passed`: the case's result of each distinct test)."""
        says = self._says
        fired: list[CompiledRule] = []
        reasons = []
        for rule, short, tests in self._rules.get(regimen, ()):
            said = self._failed(rule, short, tests, passed, here)
            if said:
                reasons.append(said)
            else:
                fired.append(rule)
        if status is not None:
            ids = ", ".join(r.id for r in fired)
            said = self._words.statuses[status].said
            reasons.insert(0, says["offered"].format(status=said, rules=ids, rationale=fired[0].rule.rationale))
        return reasons or [says["no_rule"]]

    def _failed(self, rule: CompiledRule, short: str, tests: _Tests, passed: Sequence[bool], here: _Shown) -> str:
        """The rule's reason: the tests it failed, each with the case's value, in one sentence ("" where it fired).
        The one place a rule's failed tests are said, for the why-not and for the scope's named rules."""
        says = self._says
        failed = [says["failed"].format(needs=w, value=here[name]) for i, name, w in tests if not passed[i]]
        return says["rule"].format(status=short, rule=rule.id, failed=says["and"].join(failed)) if failed else ""

    def named_failed(
        self, fact: dict[str, Any], derived: set[str], value: Printer = actual_value
    ) -> dict[str, list[str]]:
        """Each regimen the scope's named rules (ScopeTests.named) place, with each of them the case fails, said as
        the why-not says a rule's (`value` prints the case's values); empty for a category no rule names."""
        bits = self._passed(fact, derived)
        passed = [bool(bits >> i & 1) for i in range(self._count)]
        here = _Shown(fact, derived, value)
        result: dict[str, list[str]] = {}
        for rule in self.scope.named(fact):
            said = self._failed(*self._by_rule[rule.id], passed, here)
            if said:
                result.setdefault(self.names[rule.rule.regimen or ""], []).append(said)
        return result


class Tracer:
    """The rules that fired, in order, each with the facts it matched.

    What a rule's entry shows (its outcome, the facts it names, a derived fact's value) is fixed by the
    rule, so it is resolved once here; a case adds only the values of its own fields.
    """

    def __init__(self, rulebook: Rulebook) -> None:
        self._shapes = {r.id: (_outcome(r.rule), _shape(r)) for r in rulebook.rules}
        # what an entry shows of the case: the case fields its rule names (a choice's value; a number or the date,
        # only whether the case gives it: its slot or "not given"), read once per case
        fields = {rule_id: tuple(n for n, v in shape if v is None) for rule_id, (_, shape) in self._shapes.items()}
        self._reads = {rule_id: operator.itemgetter(*names) if names else _nothing for rule_id, names in fields.items()}
        self._fields = tuple(dict.fromkeys(n for names in fields.values() for n in names))
        # a rule's entry for each set of values it shows (a number or date as its slot): made once, shared
        self._made: Kept[tuple[str, object], FiredRule] = Kept()

    def trace(self, firing: Firing) -> Trace:
        read: dict[int, dict[str, object]] = {}  # by the facts a rule matched (a case's own, for every rule)
        made, found, reads, matched = self._made, self._made.found, self._reads, firing.matched
        fired = []
        for rule_id in firing.fired:
            seen = matched[rule_id]
            values = read.get(id(seen))
            if values is None:
                values = read[id(seen)] = {n: n in seen if n in SLOTTED else seen.get(n, _ABSENT) for n in self._fields}
            key = (rule_id, reads[rule_id](values))
            entry = found(key)
            fired.append(made.get(key, self._make, rule_id, seen) if entry is None else entry)
        return Trace.trusted(fired=fired, derived_facts=firing.derived)  # the tracer's own entries, and names

    def _make(self, rule_id: str, seen: dict[str, Any]) -> FiredRule:
        outcome, shape = self._shapes[rule_id]
        return _fired(rule_id, outcome, shape, [shown(n, seen, _NONE) if v is None else v for n, v in shape])


def _fired(rule_id: str, outcome: str, shape: tuple[tuple[str, str | None], ...], values: list[str]) -> FiredRule:
    matched = [MatchedFact(name=n, value=v) for (n, _), v in zip(shape, values, strict=True)]
    return FiredRule(rule=rule_id, outcome=outcome, matched=matched)


_NONE: frozenset[str] = frozenset()


def _shape(rule: CompiledRule) -> tuple[tuple[str, str | None], ...]:
    """Each fact the rule names once, in order; a derived fact with its value ("true" or "false"), a case
    field with None (its value is the case's)."""
    shape: list[tuple[str, str | None]] = []
    for cond in rule.conditions:
        if cond.kind == "derived":
            shape.append((cond.fact, "true" if cond.op == "is_true" else "false"))
        elif cond.fact not in (name for name, _ in shape):
            shape.append((cond.fact, None))
    return tuple(shape)


def _outcome(r: Rule) -> str:
    return f"derived {r.derive}" if r.derive else f"{r.regimen}: {r.status}" if r.regimen else "note"
