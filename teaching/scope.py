"""Why a case is out of scope, said once: in clinical words, the scope's test it fails ("In scope only for
HER2-positive disease; this case: HER2-negative."), and for a HER2 category that rules name in place of that test
(HER2-low, -ultralow: in scope only where one of them fits), why none fits, as a student's reasons say a rule's; in
the engine's words (the engine's-reasoning view only), the same tests with their field names and rule ids."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from engine.answer import Answer
from engine.case import Case
from engine.evaluate import Engine
from engine.printed import SLOTTED, actual_value
from engine.scope_tests import Printer
from engine.vocabulary import STATUSES
from teaching.reasons import failed_rules
from teaching.words import case_words


@dataclass(frozen=True)
class OutOfScope:
    said: list[str]  # in clinical words
    tests: str  # in the engine's: the scope's failed tests
    rules: list[tuple[str, str]]  # and each regimen the rules naming the case's HER2 category place, with theirs


def out_of_scope(engine: Engine, answer: Answer) -> OutOfScope | None:
    """Why the case is out of scope (None for a case in scope)."""
    if answer.in_scope:
        return None
    value = _printer(answer.case)
    fact, derived = answer.case.as_fact(), set(answer.trace.derived_facts)
    case = answer.case.model_dump()  # the values as a page says them (a kept page's are slots)
    scope, words = engine.explainer.scope, engine.kb.words
    said = []
    failing = scope.failing(fact, derived)
    if failing:
        wanted = words.reasons["and"].join(dict.fromkeys(words.needs(c) for c in failing))
        here = case_words(engine.rulebook, words, case, dict.fromkeys(c.fact for c in failing))
        said.append(words.reason("scope", wanted=wanted, here=here))
    named = scope.named(fact)
    for regimen in dict.fromkeys(r.rule.regimen or "" for r in named):
        its = [r for r in named if r.rule.regimen == regimen]
        reasons = failed_rules(engine, its, STATUSES, (fact, derived, case), nearest=False)
        name = engine.kb.regimens[regimen].name
        here = words.value("her2_status", case.get("her2_status"))
        said.append(words.reason("scope_named", here=here, name=name, reasons=" ".join(dict.fromkeys(reasons))))
    tests = words.why_not["and"].join(scope.failed(fact, derived, value))
    named_failed = engine.explainer.named_failed(fact, derived, value)
    rules = [(name, " ".join(failed)) for name, failed in named_failed.items()]
    return OutOfScope(said=said, tests=tests, rules=rules)


def _printer(case: Case) -> Printer:
    """A case's value in the engine's words, a number or the date printed from the case itself: a page kept for a
    class of cases is rendered from a case that prints them as slots (web/page_slots.py)."""

    def value(name: str, fact: dict[str, Any], derived: AbstractSet[str]) -> str:
        return str(getattr(case, name)) if name in SLOTTED and name in fact else actual_value(name, fact, derived)

    return value
