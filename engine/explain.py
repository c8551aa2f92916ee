"""Turn what fired into reasoning a student can read: why-not reasons, the trace, evidence records."""

from __future__ import annotations

import datetime as dt
import operator
import sys
from collections.abc import Callable, Sequence
from typing import Any

from engine.answer import Evidence, FiredRule, MatchedFact, ShownFinding, Trace, WhyNot
from engine.kept import Kept
from engine.knowledge import Finding, OwnDate, Rule, Study
from engine.loader import KnowledgeBase
from engine.printed import SLOTTED, shown
from engine.published import finding_public, study_public
from engine.rule import fact_kind
from engine.rulebook import CompiledRule, Rulebook
from engine.scope_tests import ScopeTests
from engine.semantics import Predicate
from engine.session import Firing
from engine.vocabulary import Status


def evidence_record(
    study: Study,
    kb: KnowledgeBase,
    findings: list[Finding] | None = None,
    *,
    public: bool = True,
    commentary: bool = True,
    as_of: dt.date = dt.date.max,
) -> Evidence:
    """A study as an answer shows it: only `findings` of its results; with `public` False (an approval's
    basis named before its results were public) no date, number or finding at all; with `commentary`
    False none of the knowledge base's notes and corrections, which were written with later knowledge."""
    shown = study.findings if findings is None else findings
    return Evidence(
        study_id=study.id,
        name=study.name,
        design=study.design,
        level=study.level,
        level_label=kb.words.levels[study.level],
        n=study.n,
        n_note=study.n_note,
        nct=study.nct,
        nct_verified=study.nct_verified,
        status=study.status,
        status_note=study.status_note if commentary else "",
        reported=str(study.reported) if public else "",
        reported_precision=study.reported.precision if public else None,
        reported_counts_from=study_public(kb, study.id) if public else None,
        reported_source=study.reported_source if public else "",
        reported_verified=study.reported_verified and public,
        results_public=public,
        arms=[a for a in study.arms if finding_public(kb, study, a) <= as_of] if public else [],
        findings=[_shown(f, finding_public(kb, study, f)) for f in shown] if public else [],
        review_refs=study.review_refs,
        primary_publication=study.primary_publication if study.primary_publication_verified and public else None,
        pmid=study.pmid if public else None,
        doi=study.doi if public else None,
        corrections=study.corrections if commentary and public else [],
        after_review=study.after_review,
    )


def _shown(finding: Finding, counts_from: dt.date) -> ShownFinding:
    precision = finding.reported.precision if finding.reported is not None else None
    return ShownFinding.model_construct(**dict(finding), reported_precision=precision, counts_from=counts_from)


def finding_counts(finding: OwnDate, study: Study, kb: KnowledgeBase, as_of: dt.date) -> bool:
    """A result shows only once it was public (its own date, else its study's, capped at the review's),
    and a result replaced by a later one of its study only until that one is public."""
    if finding_public(kb, study, finding) > as_of:
        return False
    replaced_by = getattr(finding, "replaced_by", None)
    later = next((f for f in study.findings if replaced_by is not None and f.id == replaced_by), None)
    return later is None or finding_public(kb, study, later) > as_of


_ABSENT = object()  # a field the case does not give


def _nothing(read: dict[str, object]) -> object:
    """What an entry of a regimen no rule places reads of the case."""
    return ()


def _bits(tests: tuple[tuple[int, Predicate], ...], fact: dict[str, Any], derived: set[str]) -> int:
    """The tests' results as bits (bit i: test i passed)."""
    return sum(1 << i for i, test in tests if test(fact, derived))


class _Shown(dict[str, str]):
    """A case's facts as printed, each printed once per case (many rules fail on the same few facts)."""

    def __init__(self, fact: dict[str, Any], derived: set[str]) -> None:
        super().__init__()
        self.fact, self._derived = fact, derived

    def __missing__(self, name: str) -> str:
        value = self[name] = shown(name, self.fact, self._derived)
        return value


class WhyNotExplainer:
    """Explains every regimen a case is not offered as approved or supported, each from its own rules."""

    def __init__(self, rulebook: Rulebook, names: dict[str, str]) -> None:
        self.rulebook = rulebook
        self.names = names
        self.scope = ScopeTests(rulebook, names, rulebook.kb.words)  # its tests built once, not once per case
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
            # one pass: a rule's failed tests are its reason; a rule with none fired
            failed = [says["failed"].format(needs=w, value=here[name]) for i, name, w in tests if not passed[i]]
            if failed:
                reasons.append(says["rule"].format(status=short, rule=rule.id, failed=says["and"].join(failed)))
            else:
                fired.append(rule)
        if status is not None:
            ids = ", ".join(r.id for r in fired)
            said = self._words.statuses[status].said
            reasons.insert(0, says["offered"].format(status=said, rules=ids, rationale=fired[0].rule.rationale))
        return reasons or [says["no_rule"]]


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
