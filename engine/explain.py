"""Turn what fired into reasoning a student can read: why-not reasons, the trace, evidence records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from her2_cds.engine.answer import Evidence, FiredRule, MatchedFact, Trace, WhyNot
from her2_cds.engine.knowledge import Finding, Study
from her2_cds.engine.loader import KnowledgeBase
from her2_cds.engine.rulebook import CompiledRule, Rulebook, actual_value, holds
from her2_cds.engine.session import Firing
from her2_cds.engine.vocabulary import DERIVED_FACTS, REGIMEN_IDS, Status

LEVEL_LABELS = {
    "randomized_phase_3": "randomized phase III",
    "randomized_phase_2": "randomized phase II",
    "randomized_phase_not_given": "randomized (phase not given in the sources)",
    "nonrandomized_or_phase_1": "non-randomized or phase I",
    "preclinical": "preclinical",
}


def evidence_record(study: Study, findings: list[Finding] | None = None) -> Evidence:
    return Evidence(
        study_id=study.id,
        name=study.name,
        design=study.design,
        level=study.level,
        level_label=LEVEL_LABELS[study.level],
        n=study.n,
        n_note=study.n_note,
        nct=study.nct,
        nct_verified=study.nct_verified,
        status=study.status,
        status_note=study.status_note,
        reported=str(study.reported),
        arms=study.arms,
        findings=study.findings if findings is None else findings,
        review_refs=study.review_refs,
        primary_publication=study.primary_publication if study.primary_publication_verified else None,
        corrections=study.corrections,
    )


def finding_counts(finding: Finding, kb: KnowledgeBase, as_of: dt.date) -> bool:
    """A result with its own date (an update) shows only once it was public, capped at the review's date."""
    if finding.reported is None:
        return True
    return min(finding.reported.counts_from(), kb.info.review_published) <= as_of


def _failed(rule: CompiledRule, fact: dict[str, Any], derived: set[str]) -> list[str]:
    return [
        f"{words} (here: {actual_value(c.fact, fact, derived)})"
        for c, test, words in zip(rule.conditions, rule.tests, rule.words, strict=True)
        if not test(fact, derived)
    ]


# Memo sizes: big enough to reuse explanations across a class's cases, small enough that a worker's
# memory stays within 10% of its start over 100,000 distinct requests (benchmarks/RESULTS.md).
WHY_NOT_MEMO_SIZE = 1024
TRACE_MEMO_SIZE = 256


def why_not(
    rulebook: Rulebook,
    fact: dict[str, Any],
    derived: set[str],
    offered: dict[str, Status],
    names: dict[str, str],
    fired: set[str] | None = None,
    memo: dict[tuple[object, ...], WhyNot] | None = None,
) -> list[WhyNot]:
    """For every regimen not offered as approved or supported, the conditions each of its rules failed.

    `memo` (optional, owned by the caller) reuses a regimen's explanation for any case that agrees
    on everything that regimen's rules read: most fields do not bear on most regimens.
    """
    if fired is None:
        fired = {r.id for r in rulebook.rules if not _failed(r, fact, derived)}
    out_of_scope = not all(holds(c, fact, derived) for c in rulebook.scope)
    result: list[WhyNot] = []
    for regimen in REGIMEN_IDS:
        status = offered.get(regimen)
        if status in ("approved", "supported"):
            continue
        if out_of_scope:
            reasons = [rulebook.kb.scope.rationale]
            result.append(
                WhyNot.model_construct(regimen_id=regimen, name=names[regimen], status=status, reasons=reasons)
            )
            continue
        fields, facts = rulebook.reads.get(regimen, ((), ()))
        key = (regimen, status, *(fact.get(f) for f in fields), *(f in derived for f in facts))
        record = memo.get(key) if memo is not None else None
        if record is None:
            record = _explain(rulebook, regimen, status, names[regimen], fact, derived, fired)
            if memo is not None:
                if len(memo) >= WHY_NOT_MEMO_SIZE:
                    memo.clear()  # bounded; a plain dict stays safe under threads
                memo[key] = record
        result.append(record)
    return result


def _explain(
    rulebook: Rulebook,
    regimen: str,
    status: Status | None,
    name: str,
    fact: dict[str, Any],
    derived: set[str],
    fired: set[str],
) -> WhyNot:
    reasons = []
    rules = rulebook.by_regimen.get(regimen, ())
    if status is not None:
        placed = [r for r in rules if r.id in fired]
        ids = ", ".join(r.id for r in placed)
        label = status.replace("_", " ")
        reasons.append(f"Offered here only as {label} (rule {ids}): {placed[0].rule.rationale}")
    for rule in rules:
        if rule.id in fired:
            continue
        failed = _failed(rule, fact, derived)
        label = rule.rule.status.replace("_", " ") if rule.rule.status else ""
        reasons.append(f"{label.capitalize()} under rule {rule.id} only if " + "; and ".join(failed) + ".")
    if not reasons:
        reasons = ["No rule in the knowledge base places this regimen: the review reports no evidence for it."]
    return WhyNot.model_construct(regimen_id=regimen, name=name, status=status, reasons=reasons)


# The records below are built from already-validated rules and facts: model_construct skips a
# second validation on the hot path (about a third of the answer-building time).


def trace(rulebook: Rulebook, firing: Firing, memo: dict[tuple[object, ...], FiredRule] | None = None) -> Trace:
    """The rules that fired, in order, each with the facts it matched; `memo` (optional, owned by the
    caller) reuses a rule's record for any case with the same values of the fields it tests."""
    fired = []
    for rule_id in firing.fired:
        rule = rulebook.by_id(rule_id)
        seen = firing.matched[rule_id]
        key = (rule_id, *(seen.get(c.fact) for c in rule.conditions))
        record = memo.get(key) if memo is not None else None
        if record is None:
            record = _fired_rule(rule, seen)
            if memo is not None:
                if len(memo) >= TRACE_MEMO_SIZE:
                    memo.clear()  # bounded; a plain dict stays safe under threads
                memo[key] = record
        fired.append(record)
    return Trace(fired=fired, derived_facts=list(firing.derived))


def _fired_rule(rule: CompiledRule, seen: dict[str, Any]) -> FiredRule:
    matched: list[MatchedFact] = []
    for cond in rule.conditions:
        if cond.fact in DERIVED_FACTS:
            value = "true" if cond.op == "is_true" else "false"
            matched.append(MatchedFact.model_construct(name=cond.fact, value=value))
        elif cond.fact not in (m.name for m in matched):
            matched.append(MatchedFact.model_construct(name=cond.fact, value=actual_value(cond.fact, seen, set())))
    r = rule.rule
    outcome = f"derived {r.derive}" if r.derive else f"{r.regimen}: {r.status}" if r.regimen else "note"
    return FiredRule.model_construct(rule=rule.id, outcome=outcome, matched=matched)
