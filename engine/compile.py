"""compile_rulebook: the rulebook as a durable-rules JSON ruleset. A pure function: data in, ruleset out.

The adapter between the rules and durable-rules, which decides what fires: each test as engine/semantics.py
writes it for durable-rules, the dates as eras, the derived facts as facts of their own.

Facts in a session: the case `{"t": "case", ...}`, derived facts `{"t": "derived", "name": ...}`
and one phase marker `{"t": "phase", "name": "derivations_done"}`. durable-rules' `none(...)` only
sees facts present when an activation is made, so every rule that tests a derived fact is_false
starts with the marker, which a rule of later salience asserts once every derivation has fired. That
rule tests only the fact type, so every case is taken in by at least one rule: a case no rule takes in
raises MessageNotHandledException and leaves a session whose delete_state crashes (durable-rules 2.0.28).
"""

from __future__ import annotations

from typing import Any

from engine.rulebook import CompiledRule, Rulebook
from engine.semantics import durable_test

DERIVATION_PRIORITY = 1
MARKER_PRIORITY = 50
OUTCOME_PRIORITY = 100
MARKER_RULE = "phase.derivations_done"
MARKER_FACT = {"t": "phase", "name": "derivations_done"}
ERA = "era"  # the case fact's era (Rulebook.era of its as_of), added by the session runner


def _era_test(window: range) -> dict[str, Any]:
    """A rule's dates as the eras they allow: equality tests, of which one case passes exactly one."""
    if not window:
        return {ERA: -1}  # no day satisfies the rule's dates
    if len(window) == 1:
        return {ERA: window[0]}
    return {"$or": [{ERA: e} for e in window]}


def _rule_definition(rule: CompiledRule, window: range | None) -> dict[str, Any]:
    field_tests = [durable_test(c) for c in rule.conditions if c.kind == "field"]
    if window is not None:
        field_tests.append(_era_test(window))
    derived = [c for c in rule.conditions if c.kind == "derived"]
    elements: list[dict[str, Any]] = []
    if any(c.op == "is_false" for c in derived):
        elements.append({"phase": dict(MARKER_FACT)})
    elements.append({"case": {"$and": [{"t": "case"}, *field_tests]}})
    for index, cond in enumerate(derived):
        alias = f"d{index}" if cond.op == "is_true" else f"d{index}$not"
        elements.append({alias: {"$and": [{"t": "derived"}, {"name": cond.fact}]}})
    priority = DERIVATION_PRIORITY if rule.stage == 0 else OUTCOME_PRIORITY
    return {"all": elements, "pri": priority + rule.rule.priority, "run": rule.id}


def ruleset_name(rulebook: Rulebook) -> str:
    return f"her2cds_{rulebook.kb.sha256[:16]}"


def compile_rulebook(rulebook: Rulebook) -> dict[str, dict[str, Any]]:
    """The rulebook as `{ruleset_name: {rule_id: rule}}`, ready for a deep copy into set_rulesets."""
    rules: dict[str, Any] = {r.id: _rule_definition(r, rulebook.era_window(r)) for r in rulebook.rules}
    # always there, even with no rule testing a derived fact is_false to consume the marker: it takes in every
    # case, and a case no rule takes in at all leaves a session whose delete_state crashes the process
    rules[MARKER_RULE] = {"all": [{"case": {"t": "case"}}], "pri": MARKER_PRIORITY, "run": MARKER_RULE}
    return {ruleset_name(rulebook): rules}
