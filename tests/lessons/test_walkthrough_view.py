"""The text walkthrough is drawn from its view, built once from the answer (render/walkthrough.py): data flows case
-> facts -> rules -> answer -> view, so rendering the text never asks the engine again, for the scope's failed
tests or anything else."""

from __future__ import annotations

import pytest

from engine import Engine
from render.walkthrough import render_text, text_view


@pytest.mark.parametrize("case_id", ["her2-low-day-before", "her2-negative-selection"])
def test_an_out_of_scope_walkthrough_reads_the_failed_scope_tests_from_its_view(engine: Engine, case_id: str) -> None:
    view = text_view(engine, engine.evaluate(engine.kb.cases[case_id].case))
    assert view.scope is not None
    text = render_text(view)
    assert view.scope.tests in text
    assert all(f"* {name}: {said}" in text for name, said in view.scope.rules)


def test_rendering_the_walkthrough_asks_the_engine_nothing(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the view is built, an engine that could no longer answer (its explainer and rulebook gone) changes
    nothing: the failed scope tests and the why-not are read from the view."""
    view = text_view(engine, engine.evaluate(engine.kb.cases["her2-low-day-before"].case))
    expected = render_text(view)
    monkeypatch.setattr(engine, "explainer", None)
    monkeypatch.setattr(engine, "rulebook", None)
    assert render_text(view) == expected
