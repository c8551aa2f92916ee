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


def test_the_rules_that_could_bring_a_case_into_scope_are_said_as_the_why_not_says_a_rule(engine: Engine) -> None:
    """The explainer says a named rule's failed tests as it says any rule's in the why-not: its status, its id and
    each failed test with the case's value (one place says a rule's failed tests)."""
    answer = engine.evaluate(engine.kb.cases["her2-low-day-before"].case)
    fact, derived = answer.case.as_fact(), set(answer.trace.derived_facts)
    said = engine.explainer.named_failed(fact, derived)
    assert list(said) == [engine.kb.regimens["trastuzumab_deruxtecan"].name]
    rules = [r for r in engine.explainer.scope.named(fact) if not all(t(fact, derived) for t in r.tests)]
    sentences = next(iter(said.values()))
    assert [s.split(" ")[3] for s in sentences] == [r.id for r in rules]  # "Approved under rule <id> only if ..."
    assert "as_of is on or after 2022-06-05 (here: 2022-06-04)." in sentences[2]
