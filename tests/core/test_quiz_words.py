"""The library's cases as quiz questions are said in the knowledge base's sentences ([quiz] in rules/case-words.toml):
one missing, one the engine does not say, or one naming a slot too few or too many stops the load, naming the file
and the sentence; the quiz of an engine over a reworded copy asks and answers in the new words."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_copy import loaded, refused

from engine import Engine
from engine.record_says import QUIZ_SAYS
from teaching.quiz import quiz_cases


@pytest.mark.parametrize(
    ("old", "new", "record", "reason"),
    [
        ('model_answer = "Model answer: {answer}"\n', "", "quiz.model_answer", "a sentence with no words"),
        ("[quiz]\n", '[quiz]\nhint = "Hint"\n', "quiz.hint", "does not say"),
        ('"Model answer: {answer}"', '"Model answer"', "quiz.model_answer", "names no {answer}"),
        ('"{title}: question {n}"', '"{title}: question {n} ({regimen})"', "quiz.essay_title", "{regimen}"),
    ],
)
def test_a_quiz_sentence_missing_unknown_or_misslotted_stops_the_load(
    tmp_path: Path, old: str, new: str, record: str, reason: str
) -> None:
    file, refused_record, why = refused(tmp_path, "case-words.toml", old, new)
    assert (file, refused_record) == ("case-words.toml", record)
    assert reason in why


def test_the_packaged_words_have_every_quiz_sentence(engine: Engine) -> None:
    assert set(engine.kb.words.quiz.says) == set(QUIZ_SAYS)


def test_the_quiz_of_a_reworded_copy_is_in_its_words(tmp_path: Path) -> None:
    other = loaded(
        tmp_path,
        ('"Model answer: {answer}"', '"Suggested answer: {answer}"'),
        ('"What status does {regimen} have for this case?"', '"Which status fits {regimen}?"'),
    )
    case = next(c for c in other.kb.cases.values() if c.questions)
    (quiz,) = quiz_cases(other, [case])
    assert quiz.essays[0].feedback == f"Suggested answer: {case.questions[0].answer}"
    assert "Which status fits " in quiz.status_questions[0].stem
