"""The review's open questions, answered: each in the review's words beside what happened, dated.

As of a date, a question shows only what was public then: before its answer's first public day it
stands as the review put it; from that day the later results of its studies appear one by one, each
from its own day; the summary and the teaching point appear once every one of them was public.
"""

from __future__ import annotations

import datetime as dt

from engine.after_review import OpenQuestion
from engine.answer import KnowledgeBaseStamp
from engine.evaluate import Engine
from engine.frozen import Frozen
from engine.records import finding_counts


class LaterResult(Frozen):
    study_id: str
    study: str
    endpoint: str
    result: str
    publication: str
    reported: str
    after_review: bool = True


class QuestionView(Frozen):
    id: str
    topic: str
    review_quote: str
    review_refs: list[int]
    review_nct: str
    review_expected: str
    answered: bool  # the answer was public on the as_of date
    answered_on: str | None
    results: list[LaterResult]  # the later results public on the as_of date
    what_happened: str | None  # shown once every later result of its studies was public
    status_change: str | None
    teaching_point: str | None
    complete_on: str | None  # the day the summary is complete, if later than the as_of date
    after_review: bool  # the answer came after the review (2014-07-31)


class OpenQuestions(Frozen):
    as_of: dt.date
    questions: list[QuestionView]
    knowledge_base: KnowledgeBaseStamp
    disclaimer: str


def _complete_on(engine: Engine, question: OpenQuestion) -> dt.date | None:
    """The day the last later result of the question's studies was public (None if there is none)."""
    days = [
        f.reported.counts_from()
        for sid in question.studies
        for f in engine.kb.studies[sid].findings
        if f.after_review and f.reported is not None
    ]
    return max(days, default=None)


def _view(engine: Engine, question: OpenQuestion, as_of: dt.date) -> QuestionView:
    kb = engine.kb
    answered_day = question.answered_on.counts_from() if question.answered_on else None
    answered = answered_day is not None and answered_day <= as_of
    results = [
        LaterResult.view_of(
            f, result=kb.words.numbers.result(f), study_id=sid, study=kb.studies[sid].name, reported=str(f.reported)
        )
        for sid in question.studies
        for f in kb.studies[sid].findings
        if f.after_review and finding_counts(f, kb.studies[sid], kb, as_of)
    ]
    complete = _complete_on(engine, question)
    whole = answered and (complete is None or complete <= as_of)
    return QuestionView.view_of(
        question,
        answered=answered,
        answered_on=str(question.answered_on) if answered and question.answered_on else None,
        results=results if answered else [],
        what_happened=question.what_happened if whole else None,
        status_change=question.status_change if answered else None,
        teaching_point=question.teaching_point if whole else None,
        complete_on=complete.isoformat() if answered and not whole and complete else None,
        after_review=answered_day is not None and answered_day > kb.info.review_published,
    )


def open_questions(engine: Engine, as_of: dt.date | None = None) -> OpenQuestions:
    """The review's open questions as of a date (default: the cut-off), each with what was known then."""
    day = as_of or engine.kb.info.evidence_cutoff
    return OpenQuestions(
        as_of=day,
        questions=[_view(engine, q, day) for q in engine.kb.open_questions],
        knowledge_base=engine.stamp,
        disclaimer=engine.kb.disclaimer,
    )
