"""Every library model answer that states an order agrees with the engine's order on the case's date (the 2026
order where the case is dated so): a model answer that names an option first, or puts one above another, says so
in its data (names_first, ranks), and this test holds each to the engine's answer. An answer whose words claim an
order without saying which is an error, so no claim goes unchecked."""

from __future__ import annotations

import re

import pytest

from engine import Engine
from engine.knowledge import Question, TeachingCase
from teaching.order_changes import first_named

# words with which a model answer claims an order between options
ORDER_CLAIM = re.compile(
    r"listed (?:above|first)|named first|comes? first|first-line standard|the standard\b|standard of care"
    r"|ahead of|preferred|shown above|above T-|over T-",
    re.IGNORECASE,
)


def ordered_questions(engine: Engine) -> list[tuple[TeachingCase, Question]]:
    return [(c, q) for c in engine.kb.cases.values() for q in c.questions if q.names_first or q.ranks]


def test_model_answers_that_order_options_say_which(engine: Engine) -> None:
    unchecked = [
        (case.id, q.text)
        for case in engine.kb.cases.values()
        for q in case.questions
        if ORDER_CLAIM.search(q.answer) and not (q.names_first or q.ranks)
    ]
    assert unchecked == []


def test_each_stated_order_agrees_with_the_engines_on_the_cases_date(engine: Engine) -> None:
    checked = ordered_questions(engine)
    assert len(checked) >= 7
    for case, question in checked:
        answer = engine.evaluate({**case.case, **question.if_case})
        order = [r.regimen_id for r in answer.recommendations]
        if question.names_first:
            first = first_named(answer)
            assert first is not None, (case.id, question.text)
            assert first.regimen_id == question.names_first, (case.id, question.text, order)
        positions = [order.index(r) for r in question.ranks if r in order]
        assert len(positions) == len(question.ranks), (case.id, question.ranks, order)
        assert positions == sorted(positions), (case.id, question.ranks, order)


@pytest.mark.parametrize("names", ["names_first", "ranks"])
def test_a_stated_order_names_regimens_the_knowledge_base_has(engine: Engine, names: str) -> None:
    for _, question in ordered_questions(engine):
        wanted = [question.names_first] if names == "names_first" and question.names_first else question.ranks
        assert set(wanted) <= set(engine.kb.regimens), question.text
