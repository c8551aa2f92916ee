"""The rules for a case that does not state a fact are twins of the rules for a case that does: the same
regimen, status, approval, evidence and dates, conditional on the fact left out. A change to one rule that
forgets its twin fails here."""

from __future__ import annotations

import pytest

from engine import Engine
from engine.rule import Rule

# (the id segment that marks a twin, the segment of the rule it copies or "" when it copies the rule without it,
# the fact the twin leaves out); a response twin's rationale adds that the therapy itself is not stated
TWINS = [
    (".prior_trastuzumab_unknown", "", "prior_trastuzumab"),
    (".response_not_given.", ".response_unknown.", "neoadjuvant_response"),
]
SAME = ("regimen", "status", "approval", "superseded_by", "evidence", "dated_by", "key_finding", "in_progress",
        "ended_by", "labelled_part", "unlabelled_part", "rationale_dated", "her2_statuses")  # fmt: skip


def _pairs(engine: Engine) -> list[tuple[Rule, Rule, str]]:
    rules = {r.id: r for r in engine.kb.rules}
    pairs = []
    for rule_id, rule in rules.items():
        for mark, original, fact in TWINS:
            if mark in rule_id:
                pairs.append((rule, rules[rule_id.replace(mark, original or "")], fact))
    return pairs


def test_every_twin_has_its_rule(engine: Engine) -> None:
    assert len(_pairs(engine)) == 16


@pytest.mark.parametrize("index", range(16))
def test_a_twin_says_what_its_rule_says_conditional_on_the_fact_left_out(engine: Engine, index: int) -> None:
    twin, rule, fact = _pairs(engine)[index]
    assert {k: getattr(twin, k) for k in SAME} == {k: getattr(rule, k) for k in SAME}, twin.id
    assert twin.conditional_on == [fact, *(f for f in rule.conditional_on if f != fact)], twin.id
    assert twin.source.startswith(rule.source.split(";")[0]), twin.id
    if fact == "prior_trastuzumab":
        assert twin.rationale == rule.rationale, twin.id
    tested = {(c.fact, c.op) for c in twin.when}
    assert (fact, "is_absent") in tested, twin.id
