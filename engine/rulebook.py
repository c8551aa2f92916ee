"""The rules as the engine runs them: each rule's full conditions, as plain predicates and in words.

A rule's effective conditions are its own `when` plus what the knowledge base implies: the scope
(HER2-positive) for regimen and note rules, and the dates: an approved rule counts from its approval, a
rule `superseded_by` an approval stops counting on that date, and an evidence-based rule counts
from the first day its earliest study (of `dated_by`, else of `evidence`) was certainly public; a note
counts from the day the last of its studies was. What
an answer shows of a rule's evidence is dated separately, result by result (engine/evaluate.py).
The durable-rules compiler, the plain-Python lower bound and the "why not" explanations all read
these same conditions, each with the meaning engine/semantics.py gives its kind.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from dataclasses import dataclass, field

from engine.knowledge import Condition, Rule
from engine.loader import KnowledgeBase, KnowledgeBaseError
from engine.printed import NUMBERS, describe
from engine.published import ended_on, find, study_public
from engine.semantics import DATE_FACT, Predicate, holds, number, predicate, threshold_place
from engine.vocabulary import CASE_FIELDS


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    conditions: tuple[Condition, ...]
    stage: int  # 0: derivation, 1: outcome (regimen or note), after every derivation is done
    # each condition as a plain predicate and in words, built once: "why not" and kb check run them often
    tests: tuple[Predicate, ...] = field(default=(), compare=False)
    words: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tests", tuple(predicate(c) for c in self.conditions))
        object.__setattr__(self, "words", tuple(describe(c) for c in self.conditions))

    @property
    def since(self) -> dt.date | None:
        """The day the rule turns on (the latest of its on-or-after dates), if it has one."""
        days = [
            dt.date.fromisoformat(str(c.value)) for c in self.conditions if c.kind == "date" and c.op == "on_or_after"
        ]
        return max(days, default=None)

    def holds(self, fact: dict[str, object], derived: set[str]) -> bool:
        return all(test(fact, derived) for test in self.tests)

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass(frozen=True)
class Rulebook:
    kb: KnowledgeBase
    rules: tuple[CompiledRule, ...]
    scope: tuple[Condition, ...]
    index: dict[str, CompiledRule] = field(default_factory=dict)
    by_regimen: dict[str, tuple[CompiledRule, ...]] = field(default_factory=dict)
    # every date a rule tests, as ordinals: the durable ruleset tests a date's era (how many of these
    # dates it is on or after) by equality, so one case passes one date test, not one per date
    eras: tuple[int, ...] = ()
    # each number field's thresholds, sorted: the tests read a number only as its place among them
    cuts: dict[str, tuple[float, ...]] = field(default_factory=dict)
    # the fields the tests read by class (value_class): the date and the numbers, the others as they are
    graded: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        days = {number(c) for r in self.rules for c in r.conditions if c.kind == "date"}
        object.__setattr__(self, "eras", tuple(sorted(int(d) for d in days)))
        self.cuts.update({name: tuple(sorted({number(c) for c in self.thresholds(name)})) for name in NUMBERS})
        object.__setattr__(self, "graded", frozenset({DATE_FACT, *self.cuts}))
        # lookups on the hot path: by id for what fired, by regimen for "why not"
        self.index.update({r.id: r for r in self.rules})
        for regimen in {r.rule.regimen for r in self.rules if r.rule.regimen}:
            self.by_regimen[regimen] = tuple(r for r in self.rules if r.rule.regimen == regimen)

    def by_id(self, rule_id: str) -> CompiledRule:
        return self.index[rule_id]

    def era(self, ordinal: int) -> int:
        """How many of the rules' dates the day is on or after."""
        return bisect.bisect_right(self.eras, ordinal)

    def value_class(self, name: str, value: object) -> object:
        """A case field's value as the rules' tests read it: the date as its era, a number as its place among the
        thresholds, any other value as it is. Two values of one class pass and fail every rule's test alike."""
        if name == DATE_FACT:
            return self.era(int(value))  # type: ignore[call-overload]
        if name in self.cuts:
            return threshold_place(self.cuts[name], float(value))  # type: ignore[arg-type]
        return value

    def era_window(self, rule: CompiledRule) -> range | None:
        """The eras in which the rule's date tests hold, or None if it tests no date."""
        dated = [c for c in rule.conditions if c.kind == "date"]
        if not dated:
            return None
        low, high = 0, len(self.eras) + 1
        for cond in dated:
            cut = self.eras.index(int(number(cond))) + 1
            low, high = (max(low, cut), high) if cond.op == "on_or_after" else (low, min(high, cut))
        return range(low, max(low, high))

    def thresholds(self, name: str) -> tuple[Condition, ...]:
        """Every test of a case field against a value (what-if and kb check cross each one)."""
        return tuple(c for r in self.rules for c in r.conditions if c.fact == name and c.value is not None)


def known_from(study_id: str, kb: KnowledgeBase) -> dt.date:
    """When a study's results were certainly public (engine/dating.py counts the days)."""
    return study_public(kb, study_id)


def _date_condition(op: str, day: dt.date) -> Condition:
    return Condition(fact=DATE_FACT, op=op, value=day.isoformat())


def _scope_for(rule: Rule, scope: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """The scope's tests, with its HER2 test replaced by the rule's own HER2 categories if it names others."""
    if rule.her2_statuses == ["positive"]:
        return scope
    own = Condition(fact="her2_status", op="one_of", value=list(rule.her2_statuses))
    return (*(c for c in scope if c.fact != "her2_status"), own)


def effective_conditions(rule: Rule, kb: KnowledgeBase, scope: tuple[Condition, ...]) -> tuple[Condition, ...]:
    extra: list[Condition] = []
    scope = _scope_for(rule, scope)
    if rule.regimen is not None:
        extra.extend(scope)
        if rule.approval is not None:
            extra.append(_date_condition("on_or_after", kb.approvals[rule.approval].date.counts_from()))
        else:
            first = min(known_from(s, kb) for s in (rule.dated_by or rule.evidence))
            extra.append(_date_condition("on_or_after", first))
        if rule.superseded_by is not None:
            extra.append(_date_condition("before", kb.approvals[rule.superseded_by].date.counts_from()))
    elif rule.note is not None:
        extra.extend(scope)  # the teaching notes speak of HER2-directed therapy too
        if rule.evidence:
            # a note's one text speaks of all its studies: it waits for the last of them (or of dated_by)
            last = max(known_from(s, kb) for s in (rule.dated_by or rule.evidence))
            extra.append(_date_condition("on_or_after", last))
    end = ended_on(kb, rule.ended_by)
    if end is not None:
        # a statement of work in progress stops on the day the result that ended it was public
        extra.append(_date_condition("before", end))
    return (*rule.when, *extra)


def build_rulebook(kb: KnowledgeBase) -> Rulebook:
    """Resolve every rule's effective conditions; a rule that cannot run fails here, at load."""
    scope = tuple(kb.scope.when)
    compiled: list[CompiledRule] = []
    for rule in kb.rules:
        where = kb.rule_files[rule.id]
        if rule.derive is not None and rule.uses_negation:
            # none(...) only sees facts present at activation; negation is safe only after derivations
            raise KnowledgeBaseError(where, rule.id, "a derivation may not test a derived fact is_false")
        if not 0 <= rule.priority <= 40:
            raise KnowledgeBaseError(
                where, rule.id, "priority must be 0..40 (derivations fire before the phase marker at 50)"
            )
        for study in (s for c in rule.cautions for s in c.studies):
            if study not in kb.studies:
                raise KnowledgeBaseError(where, rule.id, f"a caution cites missing study {study!r}")
        _check_citations(where, rule, kb)
        if all(c.op == "is_absent" for c in rule.when):
            raise KnowledgeBaseError(where, rule.id, "a rule needs a positive test, not only is_absent")
        compiled.append(CompiledRule(rule, effective_conditions(rule, kb, scope), 0 if rule.derive else 1))
    most = most_tests_one_case_can_pass(compiled)
    if most > MAX_TESTS_PASSED:
        raise KnowledgeBaseError(
            "rules", "(all)", f"one case can pass {most} distinct tests; durable-rules 2.0.28 corrupts memory near 64"
        )
    if len(compiled) + 1 > 512:
        raise KnowledgeBaseError("rules", "(all)", "more than 512 rules: durable-rules hangs at load")
    return Rulebook(kb=kb, rules=tuple(compiled), scope=scope)


def _check_citations(where: str, rule: Rule, kb: KnowledgeBase) -> None:
    """Every dated sentence and caution cites studies and findings that exist."""
    for cited in (*rule.rationale_dated, *rule.cautions):
        for study in cited.studies:
            if study not in kb.studies:
                raise KnowledgeBaseError(where, rule.id, f"a dated text cites missing study {study!r}")
    refs = [*(f for c in (*rule.rationale_dated, *rule.cautions) for f in c.findings)]
    ends = [*rule.ended_by, *(e for c in (*rule.rationale_dated, *rule.cautions) for e in c.ended_by)]
    for study in (e for e in ends if "." not in e):
        if study not in kb.studies:
            raise KnowledgeBaseError(where, rule.id, f"ended_by names missing study {study!r}")
    refs += [e for e in ends if "." in e]
    refs += [rule.key_finding] if rule.key_finding is not None else []
    for ref in refs:
        try:
            find(kb, ref)
        except KeyError:
            raise KnowledgeBaseError(where, rule.id, f"cites missing finding {ref!r} (study_id.finding_id)") from None


# durable-rules 2.0.28 corrupts memory once one fact passes about 64 distinct tests (measured)
MAX_TESTS_PASSED = 60


def most_tests_one_case_can_pass(rules: list[CompiledRule]) -> int:
    """An upper bound: for each case field, the most of its distinct tests one value passes, summed."""
    tests: dict[str, dict[tuple[str, str], Condition]] = {}
    dated = any(c.kind == "date" for r in rules for c in r.conditions)
    for rule in rules:
        for cond in rule.conditions:
            if cond.kind == "field":
                tests.setdefault(cond.fact, {})[(cond.op, str(cond.value))] = cond
    total = 1 + dated  # the fact-type test every rule shares, and the one era a date is in
    for name, conds in tests.items():
        spec = CASE_FIELDS[name]
        if spec.kind == "choice":
            candidates: list[object] = list(spec.values)
        elif spec.kind == "boolean":
            candidates = [True, False]
        else:
            cuts = sorted({number(c) for c in conds.values() if c.value is not None})
            mids = [(a + b) / 2 for a, b in itertools.pairwise(cuts)]
            candidates = [*cuts, *mids, cuts[0] - 1, cuts[-1] + 1] if cuts else [0]
        passed = [sum(holds(c, {name: v}, set()) for c in conds.values()) for v in candidates]
        total += max([*passed, sum(holds(c, {}, set()) for c in conds.values())])
    return total


# ---- plain-Python evaluation: the lower bound and the reference the durable answers must equal ----


def fire_in_python(rulebook: Rulebook, fact: dict[str, object]) -> tuple[list[str], set[str]]:
    """The rules that fire for a case fact, and the derived facts: derivations to a fixpoint first."""
    derived: set[str] = set()
    fired: list[str] = []
    changed = True
    while changed:
        changed = False
        for rule in rulebook.rules:
            if rule.stage == 0 and rule.id not in fired and rule.holds(fact, derived):
                fired.append(rule.id)
                derived.add(rule.rule.derive or "")
                changed = True
    for rule in rulebook.rules:
        if rule.stage == 1 and rule.holds(fact, derived):
            fired.append(rule.id)
    return fired, derived
