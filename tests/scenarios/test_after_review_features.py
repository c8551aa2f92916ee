"""Step definitions for features/after_the_review.feature: the approvals and trial results after the review,
HER2-low and -ultralow, accelerated approvals, "after the review" marks, and the review's open questions.

The clinic's words of features/ (support/clinic_words.py) and the clinical steps (support/steps_*.py) are shared with
tests/scenarios/test_clinical_features.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from clinic_words import TYPES, recommendation
from pytest_bdd import given, parsers, scenarios, then, when

from engine import Answer, Engine
from teaching.questions import OpenQuestions, QuestionView, open_questions

# the clinic's shared steps (cases, evaluation, statuses, notes, scope) are pytest-bdd fixtures of those modules

scenarios("after_the_review.feature", "contradictions.feature")


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TYPES)


# ---- cases after the review ----


@given(
    step("a metastatic HER2-low case after chemotherapy for metastatic disease, hormone receptor {hr:Choice}"),
    target_fixture="case_fields",
)
def her2_low_after_chemotherapy(hr: str) -> dict[str, Any]:
    return {
        "setting": "metastatic",
        "metastatic_line": "pretreated",
        "her2_status": "low",
        "prior_metastatic_chemotherapy": True,
        "hormone_receptor_status": hr,
    }


@given(
    "a metastatic HER2-ultralow case that progressed on endocrine therapy for metastatic disease",
    target_fixture="case_fields",
)
def her2_ultralow_after_endocrine_therapy() -> dict[str, Any]:
    return {
        "setting": "metastatic",
        "metastatic_line": "pretreated",
        "her2_status": "ultralow",
        "hormone_receptor_status": "positive",
        "prior_metastatic_endocrine_therapy": True,
        "prior_metastatic_chemotherapy": False,
    }


# ---- reading the answer ----


@then(step("{regimen:Regimen} is marked as after the review"))
def marked_after_the_review(answer: Answer, regimen: str) -> None:
    assert recommendation(answer, regimen).after_review


@then(step("{regimen:Regimen} is not marked as after the review"))
def not_marked_after_the_review(answer: Answer, regimen: str) -> None:
    assert not recommendation(answer, regimen).after_review


@then(step("the approval of {regimen:Regimen} is accelerated"))
def approval_is_accelerated(answer: Answer, regimen: str) -> None:
    approval = recommendation(answer, regimen).approval
    assert approval is not None
    assert approval.accelerated


@then(step("the approval of {regimen:Regimen} is not accelerated"))
def approval_is_not_accelerated(answer: Answer, regimen: str) -> None:
    approval = recommendation(answer, regimen).approval
    assert approval is not None
    assert not approval.accelerated


@then(step("the approval of {regimen:Regimen} is regular, converted on {day:Date}"))
def approval_was_converted(answer: Answer, regimen: str, day: str) -> None:
    approval = recommendation(answer, regimen).approval
    assert approval is not None
    assert not approval.accelerated
    assert approval.converted_on == day


def _endpoints(answer: Answer, regimen: str, study: str) -> list[str]:
    records = [e for e in recommendation(answer, regimen).evidence if e.name == study]
    assert records, f"{regimen} does not cite {study}"
    return [f.endpoint for e in records for f in e.findings]


@then(step('{study}\'s result "{endpoint}" is shown for {regimen:Regimen}'))
def result_is_shown(answer: Answer, study: str, endpoint: str, regimen: str) -> None:
    assert endpoint in _endpoints(answer, regimen, study)


@then(step('{study}\'s result "{endpoint}" is not shown for {regimen:Regimen}'))
def result_is_not_shown(answer: Answer, study: str, endpoint: str, regimen: str) -> None:
    assert endpoint not in _endpoints(answer, regimen, study)


# ---- the review's open questions ----


@when(step("the review's open questions are read as of {day:Date}"), target_fixture="questions")
def questions_as_of(engine: Engine, day: str) -> OpenQuestions:
    return open_questions(engine, dt.date.fromisoformat(day))


@when("the review's open questions are read as of the cut-off", target_fixture="questions")
def questions_at_the_cutoff(engine: Engine) -> OpenQuestions:
    return open_questions(engine)


def _question(questions: OpenQuestions, topic: str) -> QuestionView:
    found = [q for q in questions.questions if q.topic.startswith(topic)]
    assert len(found) == 1, f"no one question on {topic!r}: {[q.topic for q in questions.questions]}"
    return found[0]


@then(step('the question on "{topic}" is still open'))
def question_is_open(questions: OpenQuestions, topic: str) -> None:
    question = _question(questions, topic)
    assert not question.answered
    assert question.results == []
    assert question.what_happened is None


@then(step('the question on "{topic}" is answered'))
def question_is_answered(questions: OpenQuestions, topic: str) -> None:
    question = _question(questions, topic)
    assert question.answered
    assert question.answered_on
    assert question.status_change


@then(step('the question on "{topic}" shows the result "{endpoint}"'))
def question_shows_result(questions: OpenQuestions, topic: str, endpoint: str) -> None:
    assert endpoint in [r.endpoint for r in _question(questions, topic).results]


@then(step('the question on "{topic}" does not show the result "{endpoint}"'))
def question_does_not_show_result(questions: OpenQuestions, topic: str, endpoint: str) -> None:
    assert endpoint not in [r.endpoint for r in _question(questions, topic).results]


@then(step('the question on "{topic}" has its teaching point'))
def question_has_teaching_point(questions: OpenQuestions, topic: str) -> None:
    question = _question(questions, topic)
    assert question.teaching_point
    assert question.what_happened
