"""The knowledge base's scope as the engine's reasoning says it: the scope's tests a case fails, and for a case of a
HER2 category that rules name in place of the scope's HER2 test (HER2-low, -ultralow: rule.her2_statuses), the
rules that could have brought it into scope (their failed tests are said by the why-not's explainer,
engine/explain.py's WhyNotExplainer.named_failed, as it says every rule's)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

from engine.printed import actual_value, describe
from engine.rule import Condition
from engine.rulebook import CompiledRule, Rulebook
from engine.semantics import predicate

Printer = Callable[[str, dict[str, Any], AbstractSet[str]], str]  # a fact's value as printed (engine/printed.py)


class ScopeTests:
    """The scope's tests, built once, and the rules that name HER2 categories of their own."""

    def __init__(self, rulebook: Rulebook) -> None:
        self._conditions = rulebook.scope
        self._tests = tuple(map(predicate, rulebook.scope))  # built once, not once per case
        self._named = tuple(r for r in rulebook.rules if r.rule.regimen and r.rule.her2_statuses != ["positive"])
        self._says = rulebook.kb.words.why_not
        scope = rulebook.kb.scope
        self._rationale, self._low_rationale = scope.rationale, scope.low_rationale or scope.rationale

    def passes(self, fact: dict[str, Any], derived: AbstractSet[str]) -> bool:
        return all(test(fact, derived) for test in self._tests)

    def failing(self, fact: dict[str, Any], derived: AbstractSet[str]) -> list[Condition]:
        """The scope's tests the case fails."""
        return [c for c, test in zip(self._conditions, self._tests, strict=True) if not test(fact, derived)]

    def rationale(self, fact: dict[str, Any]) -> str:
        """Why a case the scope leaves out gets no HER2-directed regimen: a HER2 category some indication names
        (HER2-low) has words of its own (where those indications apply), any other the review's."""
        return self._low_rationale if self.named(fact) else self._rationale

    def named(self, fact: dict[str, Any]) -> list[CompiledRule]:
        """The regimen rules that name the case's HER2 category in place of the scope's HER2 test: such a case is
        in scope only where one of them fits. None for a category no rule names (negative, equivocal, unknown)."""
        her2 = fact.get("her2_status")
        return [r for r in self._named if her2 in r.rule.her2_statuses]

    def failed(self, fact: dict[str, Any], derived: AbstractSet[str], value: Printer = actual_value) -> list[str]:
        """The scope's tests the case fails, each said as a rule's failed test is: what it asks, the case's value
        (`value` prints it: a page kept for a class of cases prints a number or the date as its slot)."""
        says = self._says["failed"]
        return [says.format(needs=describe(c), value=value(c.fact, fact, derived)) for c in self.failing(fact, derived)]
