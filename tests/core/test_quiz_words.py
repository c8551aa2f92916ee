"""The library's cases as quiz questions are said in the knowledge base's words ([quiz] in rules/case-words.toml; its
load check is tests/core/test_moved_sentence_tables.py): the quiz of an engine over a reworded copy asks and answers
in the new words."""

from __future__ import annotations

from pathlib import Path

from rules_copy import loaded

from teaching.quiz import quiz_cases


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
