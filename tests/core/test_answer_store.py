"""The classes' API answers a server's workers share (engine/answer_store.py): what one process wrote, another
reads as the same answer, and a process never waits for another."""

from __future__ import annotations

import multiprocessing
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from engine import Answer, Engine
from engine.answer_cache import Template
from engine.answer_store import AnswerStore
from engine.case import Case, parse_case
from engine.kbcheck import case_space


@pytest.fixture(scope="module")
def cases(engine: Engine) -> list[Case]:
    """About 200 cases spread over the kb check space, each dated as the API dates it."""
    space = list(case_space(engine))
    return [engine.dated(parse_case(c, checks=engine.kb.case_checks)) for c in space[:: len(space) // 200]]


def sharing(engine: Engine, path: Path) -> tuple[Engine, AnswerStore]:
    """A new engine of the same knowledge base (a worker of its own) sharing the store at `path`, not emptying it."""
    worker = Engine(engine.kb)
    store = AnswerStore(path, engine._records.written(), namespace=engine.kb.sha256, shared=worker.writer.text)
    worker.cache.shared = worker.firings.shared = store
    return worker, store


def test_an_answer_another_process_made_reads_as_its_own(engine: Engine, cases: list[Case], tmp_path: Path) -> None:
    """One worker makes every case's answer and keeps its template; a second worker answers each from the store,
    without making any, and both send the bytes of the answer made afresh."""
    first, _ = sharing(engine, tmp_path / "answers.sqlite3")
    second, store = sharing(engine, tmp_path / "answers.sqlite3")
    made = [first.answer_json_for(c) for c in cases]
    read = [second.answer_json_for(c) for c in cases]
    afresh = [engine.answer_json(engine.evaluate_uncached(c)).encode() for c in cases]
    assert made == afresh
    assert read == afresh
    assert store.hits == store.reads == second.cache.misses  # every class the second met was read, none made


def test_a_template_read_back_holds_the_texts_its_reader_holds(
    engine: Engine, cases: list[Case], tmp_path: Path
) -> None:
    """A template another worker wrote is read back holding the objects the reading worker keeps for its texts
    (one object for each text in a worker, whoever wrote the template: a worker's memory), and sends the same bytes."""
    first, _ = sharing(engine, tmp_path / "answers.sqlite3")
    second, store = sharing(engine, tmp_path / "answers.sqlite3")
    for case in cases[1::2]:
        second.answer_json_for(case)  # texts of its own
    for case in cases[::2]:
        first.answer_json_for(case)
    read = [second.cache.get(c.as_fact(), _unmade).json(_unwritten) for c in cases[::2]]
    assert store.hits >= len(read) // 2
    texts = [text for template in read for text in template.texts if text]
    assert all(second.writer.text(text) is text for text in texts)
    assert [second.answer_json_for(c) for c in cases[::2]] == [first.answer_json_for(c) for c in cases[::2]]


def _unmade() -> Answer:
    raise AssertionError("made, not read")


def _unwritten(answer: Answer) -> Template:
    raise AssertionError("written, not read")


def test_a_session_runs_once_for_a_class_in_the_whole_server(
    engine: Engine, cases: list[Case], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What one worker's sessions fired is read by another for the same classes of case: its durable-rules
    session does not run again, and its answers are the ones made afresh."""
    first, _ = sharing(engine, tmp_path / "answers.sqlite3")
    for case in cases:
        first.evaluate(case)
    second, _ = sharing(engine, tmp_path / "answers.sqlite3")
    runs: list[object] = []
    monkeypatch.setattr(second.runner, "run", lambda fact: runs.append(fact))
    answers = [second.answer_json(second.evaluate(c)) for c in cases]
    assert answers == [engine.answer_json(engine.evaluate_uncached(c)) for c in cases]
    assert runs == []


def test_a_class_is_written_the_same_in_every_process(engine: Engine, cases: list[Case]) -> None:
    """A shared class's id is the digest of its key as written: no key holds a memory address (a field the case
    does not give is written as None, which no given field holds, not as an object's place)."""
    keys = [engine.firings.class_of(c.as_fact()) for c in cases] + [engine.cache.key(c.as_fact()) for c in cases]
    assert any(None in key for key in keys)  # type: ignore[operator]
    assert not [key for key in keys if " at 0x" in repr(key)]


def _answer_in_a_child(path: Path, case: Case, engine: Engine, out: multiprocessing.Queue[object]) -> None:
    worker, store = sharing(engine, path)
    out.put((worker.answer_json_for(case), store.hits))


def test_a_forked_worker_reads_what_its_parent_kept(engine: Engine, cases: list[Case], tmp_path: Path) -> None:
    """A store opened before a fork: the child opens its own connection and reads the parent's template."""
    parent, store = sharing(engine, tmp_path / "answers.sqlite3")
    expected = parent.answer_json_for(cases[1])
    context = multiprocessing.get_context("fork")
    out: multiprocessing.Queue[object] = context.Queue()
    child = context.Process(target=_answer_in_a_child, args=(store.path, cases[1], engine, out))
    child.start()
    answer, hits = out.get(timeout=60)
    child.join(timeout=60)
    assert (answer, hits) == (expected, 1)
    assert parent.answer_json_for(cases[2])  # the parent's own connection still writes after the fork


def test_a_writer_busy_elsewhere_is_not_waited_for(engine: Engine, cases: list[Case], tmp_path: Path) -> None:
    """While another process holds the store's write lock, a new class is made and sent at once but not kept;
    what was kept before is still read."""
    worker, store = sharing(engine, tmp_path / "answers.sqlite3")
    worker.answer_json_for(cases[0])
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        reader, reading = sharing(engine, store.path)
        assert reader.answer_json_for(cases[3]) == engine.answer_json(engine.evaluate_uncached(cases[3])).encode()
        assert reading.busy == 2  # neither what its session fired nor its template kept
        assert reader.answer_json_for(cases[0])
        assert reading.hits == 1
    finally:
        other.execute("ROLLBACK")
    assert sharing(engine, store.path)[1].get(reader.cache.key(cases[3].as_fact())) is None


def test_a_full_store_starts_afresh(engine: Engine, cases: list[Case], tmp_path: Path) -> None:
    """A store past its room forgets every template, as the engine's other stores do."""
    worker, store = sharing(engine, tmp_path / "answers.sqlite3")
    store.room, store.check_every = 3, 8  # counted after every 8th template written
    for case in cases[:7]:
        worker.answer_json_for(case)
    assert len(store) == 7
    worker.answer_json_for(cases[7])
    assert len(store) == 0
    assert store.get(worker.cache.key(cases[0].as_fact())) is None
    assert store.fired(worker.firings.class_of(cases[0].as_fact())) is None


def test_a_template_whose_texts_are_gone_is_not_kept(engine: Engine, cases: list[Case], tmp_path: Path) -> None:
    """A template read after the store started afresh under it (its texts deleted) is read as not kept."""
    worker, store = sharing(engine, tmp_path / "answers.sqlite3")
    worker.answer_json_for(cases[4])
    sqlite3.connect(store.path, isolation_level=None).execute("DELETE FROM text")
    assert sharing(engine, store.path)[1].get(worker.cache.key(cases[4].as_fact())) is None


def test_an_engine_sharing_a_store_empties_it_first(engine: Engine, cases: list[Case], tmp_path: Path) -> None:
    """Engine.share_answers starts the store empty: answers kept by an earlier engine (other code, another
    knowledge base) are not read."""
    worker, store = sharing(engine, tmp_path / "answers.sqlite3")
    worker.answer_json_for(cases[5])
    assert len(store) == 1
    assert len(Engine(engine.kb).share_answers(store.path)) == 0


def test_another_knowledge_base_s_classes_are_not_read(engine: Engine, cases: list[Case], tmp_path: Path) -> None:
    """Two knowledge bases sharing one file (a store named twice) never read each other's classes."""
    worker, store = sharing(engine, tmp_path / "answers.sqlite3")
    worker.answer_json_for(cases[6])
    other = AnswerStore(store.path, namespace="another knowledge base")
    assert store.get(worker.cache.key(cases[6].as_fact())) is not None
    assert other.get(worker.cache.key(cases[6].as_fact())) is None


def test_threads_of_one_process_share_its_connection_safely(engine: Engine, cases: list[Case], tmp_path: Path) -> None:
    """Eight threads answering through one store at once (one transaction at a time on its connection): every
    answer is the one made afresh, and every class is kept."""
    worker, store = sharing(engine, tmp_path / "answers.sqlite3")
    share = cases[:80]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(worker.answer_json_for, share))
    assert answers == [engine.answer_json(engine.evaluate_uncached(c)).encode() for c in share]
    assert len(store) == len({worker.cache.key(c.as_fact()) for c in share})
