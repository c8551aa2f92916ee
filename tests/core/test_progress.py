"""Statements of work in progress (engine/progress.py): each shown only until the result that ended it, or dated
when none has; the check `kb check` runs on every answer catches each way an answer can get this wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rules_copy import loaded

from engine import Engine
from engine.answer import Answer, Note
from engine.progress import Statement, stale_statements, statements
from engine.published import as_of_words

PRETREATED = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "pretreated",
    "hormone_receptor_status": "negative",
    "prior_trastuzumab": True,
}


def _as_of(engine: Engine) -> str:
    """The sentence that dates a statement nothing has ended ([progress] as_of)."""
    return engine.kb.words.progress.says["as_of"]


def _moved(answer: Answer, day: str) -> Answer:
    """The same answer claiming another date: what a stale cache or a wrong window would show."""
    return answer.model_copy(update={"case": answer.case.model_copy(update={"as_of": dt.date.fromisoformat(day)})})


def test_the_knowledge_base_declares_its_statements_with_their_ends(engine: Engine) -> None:
    """Afatinib's 'being studied' ends with LUX-Breast 1 (March 2016, counted from its last day); neratinib's has no
    later result, so it has no end."""
    known = {s.text: s.end for s in statements(engine.kb)}
    assert known["Combinations of afatinib with trastuzumab are being studied, the review says."] == dt.date(
        2016, 3, 31
    )
    assert known["Combinations of neratinib with trastuzumab are being studied, the review says."] is None
    assert all(
        s.end is None or s.end > engine.kb.info.review_published - dt.timedelta(days=3650)
        for s in statements(engine.kb)
    )


def test_every_answer_of_a_sample_passes_the_check(engine: Engine) -> None:
    known = statements(engine.kb)
    for day in ("2012-10-01", "2014-07-31", "2016-03-30", "2016-03-31", "2026-05-15"):
        assert stale_statements(engine.evaluate({**PRETREATED, "as_of": day}), known, _as_of(engine)) == []


def test_a_statement_shown_after_its_end_is_caught(engine: Engine) -> None:
    answer = engine.evaluate({**PRETREATED, "as_of": "2016-03-30"})
    problems = stale_statements(_moved(answer, "2016-03-31"), statements(engine.kb), _as_of(engine))
    assert any("ended on 2016-03-31" in p for p in problems), problems


def test_an_open_statement_without_its_date_or_with_a_later_one_is_caught(engine: Engine) -> None:
    answer = engine.evaluate({**PRETREATED, "as_of": "2020-01-01"})
    assert "As of 2020-01-01, no later result in this knowledge base." in answer.recommendations[0].rationale or any(
        "As of 2020-01-01" in r.rationale for r in answer.recommendations
    )
    problems = stale_statements(_moved(answer, "2019-12-31"), statements(engine.kb), _as_of(engine))
    assert any("without its date" in p for p in problems), problems


def test_words_of_work_in_progress_no_statement_declares_are_caught(engine: Engine) -> None:
    answer = engine.evaluate({**PRETREATED, "as_of": "2020-01-01"})
    note = Note(rule="note.x", text="A phase III trial of this regimen is ongoing.", study_ids=[])
    problems = stale_statements(answer.model_copy(update={"notes": [note]}), statements(engine.kb), _as_of(engine))
    assert problems == [
        "note note.x speaks of work in progress no statement declares: 'A phase III trial of this regimen is ongoing.'"
    ]


def test_history_about_the_review_is_not_work_in_progress(engine: Engine) -> None:
    answer = engine.evaluate({**PRETREATED, "as_of": "2020-01-01"})
    note = Note(rule="note.x", text="Ongoing at the review; published since.", study_ids=[])
    assert (
        stale_statements(
            answer.model_copy(update={"notes": [note]}),
            [Statement("a text no answer shows", "r", None)],
            _as_of(engine),
        )
        == []
    )


def test_an_open_statement_is_never_dated_after_the_cut_off(engine: Engine) -> None:
    cutoff = engine.kb.info.evidence_cutoff
    later = cutoff + dt.timedelta(days=30)
    assert as_of_words(engine.kb, later) == f"As of {cutoff.isoformat()}, no later result in this knowledge base."


def test_the_dating_sentence_is_the_knowledge_bases_and_the_check_reads_it(tmp_path: Path) -> None:
    """[progress] as_of dates what nothing has ended; the check finds the date in that sentence, whatever its words."""
    engine = loaded(
        tmp_path, ('"As of {day}, no later result in this knowledge base."', '"Dated {day}: no later result."')
    )
    answer = engine.evaluate({**PRETREATED, "as_of": "2020-01-01"})
    assert any("Dated 2020-01-01: no later result." in r.rationale for r in answer.recommendations)
    assert stale_statements(answer, statements(engine.kb), _as_of(engine)) == []
    problems = stale_statements(_moved(answer, "2019-12-31"), statements(engine.kb), _as_of(engine))
    assert any("without its date" in p for p in problems), problems
