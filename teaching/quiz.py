"""Library cases as quiz questions for a learning platform: per case, one single-answer question for each regimen
asked about (its status, not offered; the answer's reason as feedback) and each library question as an essay
with its model answer for the grader. The platform's formats are render.moodle_xml and render.qti."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from engine.evaluate import Engine
from engine.frozen import Frozen
from engine.knowledge import TeachingCase
from engine.vocabulary import NOT_OFFERED, STATUSES
from teaching.learner import learner_items, reason_for
from teaching.seminar import neutral_title, seminar_case

OPTIONS: tuple[str, ...] = (*STATUSES, NOT_OFFERED)  # unsure is for learning, not for a graded quiz


class StatusQuestion(Frozen):
    ident: str
    title: str
    stem: str  # the case, then the question
    options: list[tuple[str, str]]  # (value, words)
    correct: str
    feedback: str


class EssayQuestion(Frozen):
    ident: str
    title: str
    stem: str
    model_answer: str
    feedback: str  # the model answer as a platform's feedback shows it, labelled


class QuizCase(Frozen):
    case_id: str
    title: str
    status_questions: list[StatusQuestion]
    essays: list[EssayQuestion]


def quiz_cases(engine: Engine, cases: Sequence[TeachingCase], as_of: dt.date | None = None) -> list[QuizCase]:
    """The cases as questions, in order, each under a title that names its setting only."""
    names = {r.id: r.name for r in engine.kb.regimens.values()}
    says = engine.kb.words.quiz
    out = []
    for position, case in enumerate(cases, start=1):
        answer = engine.evaluate(seminar_case(case, as_of))
        offered = {r.regimen_id: r.status for r in answer.recommendations}
        title = neutral_title(position, case, engine.kb.words)
        setting = says("case", vignette=case.vignette, date=answer.case.as_of.isoformat())
        statuses = [
            StatusQuestion(
                ident=f"{case.id}--{regimen}",
                title=says("status_title", title=title, regimen=names[regimen]),
                stem=f"{setting}\n\n{says('status_question', regimen=names[regimen])}",
                options=[(o, engine.kb.words.title(o)) for o in OPTIONS],
                correct=offered.get(regimen, NOT_OFFERED),
                feedback=reason_for(engine, answer, regimen)[0],
            )
            for regimen in learner_items(engine, answer, case)
        ]
        essays = [
            EssayQuestion(
                ident=f"{case.id}--q{n}",
                title=says("essay_title", title=title, n=str(n)),
                stem=f"{setting}\n\n{q.text}",
                model_answer=q.answer,
                feedback=says("model_answer", answer=q.answer),
            )
            for n, q in enumerate(case.questions, start=1)
        ]
        out.append(QuizCase(case_id=case.id, title=title, status_questions=statuses, essays=essays))
    return out
