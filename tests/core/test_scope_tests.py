"""The scope as the engine's reasoning says it (engine/scope_tests.py): which rules could bring a case of a HER2
category into scope in place of the scope's HER2-positive test."""

from __future__ import annotations

from engine import Engine


def test_only_a_category_that_rules_name_has_rules_that_could_bring_it_into_scope(engine: Engine) -> None:
    """HER2-low is in scope only where a rule naming it fits: those rules are T-DXd's, and a HER2-negative or
    HER2-positive case has none (the scope's own test decides it)."""
    fact = engine.evaluate(engine.kb.cases["her2-low-day-before"].case).case.as_fact()
    scope = engine.explainer.scope
    named = scope.named(fact)
    assert {r.rule.regimen for r in named} == {"trastuzumab_deruxtecan"}
    assert all("low" in r.rule.her2_statuses for r in named)
    assert scope.named({**fact, "her2_status": "negative"}) == []
    assert scope.named({**fact, "her2_status": "positive"}) == []
    assert [c.fact for c in scope.failing(fact, set())] == ["her2_status"]
    assert scope.failing({**fact, "her2_status": "positive"}, set()) == []
