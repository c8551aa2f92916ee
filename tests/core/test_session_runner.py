"""The durable-rules runner's guards on sessions (engine/session.py): threads, background threads, deleted
sessions, exceptions in actions and session ids. engine/session.py's docstring lists the traps; each test
here fails if its guard is removed. Mechanics run on the tiny knowledge base (tests/support/tiny_kb.py); the thread
tests compare whole answers of the real one."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from packaged import parse_dated
from session_helpers import run_threads, spread_sample, spy_on_sessions
from tiny_kb import TINY_ADJUVANT, TINY_NOTE, tiny_facts, write_kb

from engine import Engine, EngineError, load_knowledge_base
from engine.rulebook import Rulebook, build_rulebook, fire_in_python
from engine.session import DurableRunner, Firing

LATE_RELAPSE = "metastatic.trastuzumab_emtansine.first_line_late_relapse.supported"
REPO = Path(__file__).resolve().parents[2]


# ---- (a) threads ----


@pytest.mark.usefixtures("fast_switching")
def test_eight_threads_get_the_single_threaded_answers(engine: Engine, sample_facts: list[dict[str, object]]) -> None:
    """8 threads x 2,000 distinct cases each (in different orders): every fired list equals the single-threaded one."""
    runner = DurableRunner(engine.rulebook)
    expected = [(firing.fired, firing.derived) for firing in map(runner.run, sample_facts)]
    wrong: list[int] = []

    def work(k: int) -> None:
        n = len(sample_facts)
        for i in range(n):
            j = (i * 7 + k * 251) % n
            firing = runner.run(sample_facts[j])
            if (firing.fired, firing.derived) != expected[j]:
                wrong.append(j)

    run_threads(8, work)
    assert wrong == []
    assert runner.live_sessions == 0


@pytest.mark.usefixtures("fast_switching")
def test_threads_get_the_single_threaded_full_answers(engine: Engine, space: list[dict[str, Any]]) -> None:
    """4 threads x 250 cases through one Engine (its cache shared): every JSON answer equals the single-threaded one."""
    cases = [parse_dated(raw) for raw in spread_sample(space, 250)]
    expected = [engine.evaluate(c).model_dump_json() for c in cases]
    wrong: list[int] = []

    def work(k: int) -> None:
        for i in range(len(cases)):
            j = (i + k * 61) % len(cases)
            if engine.evaluate(cases[j]).model_dump_json() != expected[j]:
                wrong.append(j)

    run_threads(4, work)
    assert wrong == []


# ---- (b) no background threads ----


def test_engine_starts_no_background_threads(tmp_path: Path) -> None:
    """Loading an engine and evaluating leaves threading.enumerate() unchanged (no dispatcher or timer threads)."""
    before = set(threading.enumerate())
    engine = Engine.load()
    engine.evaluate(
        {
            "setting": "metastatic",
            "her2_status": "positive",
            "metastatic_line": "first",
            "hormone_receptor_status": "positive",
        }
    )
    DurableRunner(build_rulebook(load_knowledge_base(write_kb(tmp_path))))
    assert set(threading.enumerate()) == before


def test_stock_host_starts_background_threads() -> None:
    """The trap itself (in a child process, its timers never stop): durable's stock Host starts two threads."""
    code = textwrap.dedent(
        """
        import threading
        from durable import engine
        before = threading.active_count()
        engine.Host()
        print(threading.active_count() - before)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "2"


# ---- (c) sessions deleted ----


def test_sessions_are_deleted_after_each_evaluation(tiny: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    """After 200 evaluations no session is live, and an old session id no longer holds its case."""
    runner = DurableRunner(tiny)
    seen = spy_on_sessions(monkeypatch, runner)
    for fact in tiny_facts(200):
        runner.run(fact)
    assert runner.live_sessions == 0
    for sid, _ in (seen[0], seen[99], seen[-1]):
        try:
            facts = runner._host.get_facts(runner._name, sid)
        except Exception:  # durable-rules: error 309, no such session
            continue
        assert not [f for f in facts if f.get("t") == "case"], f"session {sid} still holds its case"


def test_three_thousand_evaluations_in_one_runner(tiny: Rulebook) -> None:
    """3,000 distinct evaluations on one runner raise no MemoryError (durable caps live sessions at 1,024)."""
    runner = DurableRunner(tiny)
    count = 0
    for fact in tiny_facts(3000):
        runner.run(fact)
        count += 1
    assert count == 3000
    assert runner.live_sessions == 0


# ---- (d) exceptions in actions ----


def test_exception_in_an_action_raises_engine_error(tiny: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception inside an action's bookkeeping surfaces as EngineError naming the rule, not a partial answer."""
    runner = DurableRunner(tiny)
    victim = TINY_NOTE
    original = runner._record

    def record(rule_id: str, c: Any) -> Firing:
        if rule_id == victim:
            raise RuntimeError("boom")
        return original(rule_id, c)

    monkeypatch.setattr(runner, "_record", record)
    fact = parse_dated(TINY_ADJUVANT).as_fact()
    assert victim in fire_in_python(tiny, fact)[0]
    with pytest.raises(EngineError, match=rf"{victim}: RuntimeError: boom"):
        runner.run(fact)
    assert runner.live_sessions == 0
    monkeypatch.undo()
    assert victim in runner.run(fact).fired  # the runner is still usable


def test_exception_swallowed_by_durable_raises_engine_error(tiny: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    """An action that raises past its own guard (durable puts it in the session state) still fails Engine.evaluate."""
    original = DurableRunner._action_for

    def action_for(self: DurableRunner, rule_id: str, derive: str | None) -> Callable[[Any], None]:
        if rule_id == TINY_NOTE:

            def boom(c: Any) -> None:
                raise RuntimeError("raw boom")

            return boom
        return original(self, rule_id, derive)

    monkeypatch.setattr(DurableRunner, "_action_for", action_for)
    broken = Engine(tiny.kb)
    with pytest.raises(EngineError, match="raw boom"):
        broken.evaluate(TINY_ADJUVANT)
    assert broken.runner.live_sessions == 0


# ---- (i) session ids ----


@pytest.mark.usefixtures("fast_switching")
def test_session_ids_are_fresh_and_one_session_is_live_at_a_time(
    tiny: Rulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """4 threads x 300 evaluations: 1,200 distinct session ids, and exactly one live session during each."""
    runner = DurableRunner(tiny)
    seen = spy_on_sessions(monkeypatch, runner)
    facts = tiny_facts(1200)
    run_threads(4, lambda k: [runner.run(f) for f in facts[k * 300 : (k + 1) * 300]])
    sids = [sid for sid, _ in seen]
    assert len(sids) == 1200
    assert len(set(sids)) == 1200
    assert {live for _, live in seen} == {1}
    assert runner.live_sessions == 0


def test_no_session_is_left_live_after_a_failed_evaluation(tiny: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    """When durable-rules itself raises mid-assert, the session is still deleted and the next id is fresh."""
    runner = DurableRunner(tiny)
    seen = spy_on_sessions(monkeypatch, runner)
    spied = runner._host.assert_fact

    def failing(name: str, fact: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        spied(name, fact, *args, **kwargs)
        raise RuntimeError("durable failed")

    monkeypatch.setattr(runner._host, "assert_fact", failing)
    fact = parse_dated(TINY_ADJUVANT).as_fact()
    with contextlib.suppress(RuntimeError):
        runner.run(fact)
    assert runner.live_sessions == 0
    monkeypatch.setattr(runner._host, "assert_fact", spied)
    runner.run(fact)
    assert seen[0][0] != seen[1][0]
    with pytest.raises(Exception):  # noqa: B017, PT011  durable-rules: error 309, the session is gone
        runner._host.get_state(runner._name, seen[0][0])
