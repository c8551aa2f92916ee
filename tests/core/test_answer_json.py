"""An answer's JSON as the API serves it (Engine.answer_json) is pydantic's own JSON of the answer."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from engine import Answer, Engine
from engine.answer import Trace

NEOADJUVANT = {
    "setting": "neoadjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "negative",
    "tumor_size_cm": 2.1,
    "node_status": "positive",
}


def test_served_json_is_the_answer_model_json(engine: Engine) -> None:
    """For every teaching case of the knowledge base (each setting, before and after the review), the
    served text equals answer.model_dump_json() exactly."""
    assert len(engine.kb.cases) >= 10
    for name, teaching_case in engine.kb.cases.items():
        answer = engine.evaluate(teaching_case.case)
        assert engine.answer_json(answer) == answer.model_dump_json(), name


def test_an_answer_read_back_from_json_is_served_the_same(engine: Engine) -> None:
    """An answer rebuilt from its JSON (records not the engine's own objects) is served as pydantic writes it."""
    answer = Answer.model_validate_json(engine.evaluate(NEOADJUVANT).model_dump_json())
    assert answer.studies
    assert engine.answer_json(answer) == answer.model_dump_json()


def test_answers_that_differ_only_in_their_counts_are_each_served_their_own(
    engine: Engine, space: list[dict[str, Any]]
) -> None:
    """The fields after the lists are written once for each count of conditional options and each side of the
    cut-off: 300 cases of the space, each on the cut-off and past it, through one engine, are each served as
    pydantic writes them (with several counts among them)."""
    counts = set()
    past = dt.date.today().isoformat()
    for raw in random.Random(17).sample(space, 300):
        for day in (engine.kb.evidence_cutoff.isoformat(), past):
            case = engine.parse({**raw, "as_of": day})
            answer = engine.evaluate_uncached(case)
            assert engine.answer_json_for(case) == answer.model_dump_json().encode(), raw
            counts.add(answer.conditional_count)
    assert len(counts) >= 3


def test_the_texts_between_the_lists_are_each_answer_s_own(engine: Engine, space: list[dict[str, Any]]) -> None:
    """The scope before the options and the derived facts after the rules are written once for each of their
    values: cases out of scope for two reasons, in scope, and with several sets of derived facts, through one
    engine, are each served as pydantic writes them."""
    scopes, derived = set(), set()
    for raw in random.Random(29).sample(space, 400):
        case = engine.parse(raw)
        answer = engine.evaluate_uncached(case)
        assert engine.answer_json_for(case) == answer.model_dump_json().encode(), raw
        scopes.add((answer.in_scope, answer.scope_note))
        derived.add(tuple(answer.trace.derived_facts))
    assert len(scopes) >= 3
    assert len(derived) >= 3


def test_an_answer_made_without_validation_is_the_one_pydantic_validates(
    engine: Engine, space: list[dict[str, Any]]
) -> None:
    """The engine makes its answers and their traces without validating them again (Frozen.trusted): for 300
    cases of the space, each on the cut-off and past it, every field is given, in the model's order, and a strict
    validation of the same values gives an equal answer that writes the same JSON."""
    past = dt.date.today().isoformat()
    for raw in random.Random(31).sample(space, 300):
        for day in (engine.kb.evidence_cutoff.isoformat(), past):
            made = engine.evaluate_uncached(engine.parse({**raw, "as_of": day}))
            assert list(made.__dict__) == list(Answer.model_fields)
            assert list(made.trace.__dict__) == list(Trace.model_fields)
            validated = Answer.model_validate(made.__dict__, strict=True)
            assert Trace.model_validate(made.trace.__dict__, strict=True) == made.trace
            assert validated == made, raw
            assert validated.model_dump_json() == made.model_dump_json()


def test_answers_made_share_one_set_of_given_fields_which_a_copy_leaves_as_it_is(engine: Engine) -> None:
    """An answer and its trace, made with every field given, hold their model's one set of given fields (not a set
    each); pydantic's copy with a field replaced gets a set of its own, and the shared one stays every field."""
    made = [engine._evaluate(c, c.as_fact()) for c in (engine.parse(NEOADJUVANT), engine.parse(NEOADJUVANT))]
    assert made[0] is not made[1]
    assert made[0].__pydantic_fields_set__ is made[1].__pydantic_fields_set__
    assert made[0].trace.__pydantic_fields_set__ is made[1].trace.__pydantic_fields_set__
    copied = made[0].model_copy(update={"in_scope": False})
    assert copied.__pydantic_fields_set__ is not made[0].__pydantic_fields_set__
    assert made[1].__pydantic_fields_set__ == set(Answer.model_fields)
    assert made[1].trace.__pydantic_fields_set__ == set(Trace.model_fields)
