"""Engine micro-benchmarks (pytest-benchmark), each over the same 1,000 distinct cases: HER2-positive ones
(where most rules fire), and for the session and evaluate also cases spread over the whole space.

    make bench-engine            # run, compare with the saved baseline (benchmarks/baselines)
    make bench-baseline          # save this machine's run as the new baseline

The durable-rules session alone is the reference: `make bench` reports evaluate as a ratio to it.
"""

from __future__ import annotations

import functools
import gc
from typing import Any

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from engine import Answer, Engine
from engine.answer_cache import ANSWER_CACHE_SIZE
from engine.case import Case, parse_case
from engine.kbcheck import case_space
from engine.loader import KnowledgeBase, load_knowledge_base
from engine.rulebook import fire_in_python

CASES = 1_000


def _served(kb: KnowledgeBase, cache_size: int = ANSWER_CACHE_SIZE) -> Engine:
    """An engine as a server's worker runs it: built, warmed on the library's cases, and its long-lived objects
    frozen out of the collector's walks (web/gunicorn_conf.py, when_ready), so that a full collection walks what a
    request made, not the whole knowledge base. Every engine a benchmark measures is made so: one built after the
    others were frozen would have its ~12,000 objects walked by every full collection of its rounds."""
    engine = Engine(kb, cache_size)
    for teaching_case in kb.cases.values():
        engine.answer_json(engine.evaluate(teaching_case.case))
    gc.collect()
    gc.freeze()
    return engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return _served(load_knowledge_base())


@pytest.fixture(scope="module")
def cases(engine: Engine) -> list[Case]:
    """Distinct HER2-positive cases spread over the kb check space (where most rules fire), each of its own class of
    what fires (engine/firing.py): a session runs for every one of them where none is kept."""
    space = [c for c in case_space(engine) if c["her2_status"] == "positive"]
    cases = [parse_case(c, checks=engine.kb.case_checks) for c in space[:: len(space) // CASES][:CASES]]
    assert len({engine.firings.outcome_class(engine.dated(c).as_fact()) for c in cases}) == CASES
    return cases


@pytest.fixture(scope="module")
def mixed(engine: Engine) -> list[Case]:
    """Distinct cases spread over the whole kb check space (two thirds out of scope)."""
    space = list(case_space(engine))
    return [parse_case(c, checks=engine.kb.case_checks) for c in space[:: len(space) // CASES][:CASES]]


@pytest.fixture(scope="module")
def answers(engine: Engine, cases: list[Case]) -> list[Answer]:
    return [engine.evaluate_uncached(c) for c in cases]


def _each(function: Any, items: list[Any]) -> None:
    for item in items:
        function(item)


def _afresh(engine: Engine) -> Any:
    """Before each round: the engine forgets what fired for each class of case and the "why not" list it kept for
    it, so every case of the round runs a durable-rules session of its own and is explained afresh (the parts
    other classes share stay, as in a running server)."""

    def setup() -> None:
        engine.firings.forget()
        engine._why_not.clear()

    return setup


def test_durable_session(benchmark: BenchmarkFixture, engine: Engine, cases: list[Case]) -> None:
    """The reference: one durable-rules session per case, nothing else."""
    facts = [c.as_fact() for c in cases]
    benchmark.pedantic(_each, (engine.runner.run, facts), rounds=5, warmup_rounds=1)


def test_plain_python_rules(benchmark: BenchmarkFixture, engine: Engine, cases: list[Case]) -> None:
    """The lower bound: the same rules as plain Python predicates."""
    facts = [c.as_fact() for c in cases]
    benchmark.pedantic(_each, (lambda f: fire_in_python(engine.rulebook, f), facts), rounds=5, warmup_rounds=1)


def test_evaluate(benchmark: BenchmarkFixture, engine: Engine, cases: list[Case]) -> None:
    """The full answer made afresh: session, recommendations, evidence, why-not, trace."""
    fresh = _served(engine.kb)
    benchmark.pedantic(_each, (fresh.evaluate_uncached, cases), setup=_afresh(fresh), rounds=5, warmup_rounds=1)


def test_evaluate_known_class(benchmark: BenchmarkFixture, engine: Engine, cases: list[Case]) -> None:
    """The full answer for a case whose class the cache holds: its values filled into the class's answer."""
    warm = _served(engine.kb, cache_size=len(cases) + len(engine.kb.cases))  # room for the library's too
    benchmark.pedantic(_each, (warm.evaluate, cases), rounds=5, warmup_rounds=1)


def test_parse_case(benchmark: BenchmarkFixture, engine: Engine, cases: list[Case]) -> None:
    """Validating the raw case (its fields, and the knowledge base's contradictions)."""
    raw = [c.model_dump(mode="json", exclude_none=True) for c in cases]
    parse = functools.partial(parse_case, checks=engine.kb.case_checks)
    benchmark.pedantic(_each, (parse, raw), rounds=5, warmup_rounds=1)


def test_answer_json(benchmark: BenchmarkFixture, answers: list[Answer]) -> None:
    """Serializing the answer as the API sends it."""
    benchmark.pedantic(_each, (lambda a: a.model_dump_json(), answers), rounds=5, warmup_rounds=1)


def test_api_answer_new_class(benchmark: BenchmarkFixture, engine: Engine, cases: list[Case]) -> None:
    """The API's answer JSON for a case whose class is not in the cache, its own durable-rules session run:
    evaluate, then write the JSON."""
    fresh = _served(engine.kb, cache_size=0)
    benchmark.pedantic(_each, (fresh.answer_json_for, cases), setup=_afresh(fresh), rounds=5, warmup_rounds=1)


def test_api_answer_new_class_seen_firing(benchmark: BenchmarkFixture, engine: Engine, cases: list[Case]) -> None:
    """The same, for a case whose class of what the rules test was seen before (what fired is known, so no
    session runs): most new classes in a running server, whose classes of days are finer than the rules' eras."""
    fresh = _served(engine.kb, cache_size=0)
    benchmark.pedantic(_each, (fresh.answer_json_for, cases), rounds=5, warmup_rounds=1)


def test_api_answer_known_class(benchmark: BenchmarkFixture, engine: Engine, cases: list[Case]) -> None:
    """The API's answer JSON for a case whose class the cache holds: its numbers filled into the text."""
    warm = _served(engine.kb, cache_size=len(cases) + len(engine.kb.cases))  # room for the library's too
    benchmark.pedantic(_each, (warm.answer_json_for, cases), rounds=5, warmup_rounds=1)


def test_durable_session_whole_space(benchmark: BenchmarkFixture, engine: Engine, mixed: list[Case]) -> None:
    """The reference over the whole space."""
    facts = [c.as_fact() for c in mixed]
    benchmark.pedantic(_each, (engine.runner.run, facts), rounds=5, warmup_rounds=1)


def test_evaluate_whole_space(benchmark: BenchmarkFixture, engine: Engine, mixed: list[Case]) -> None:
    """The full answer made afresh over the whole space."""
    fresh = _served(engine.kb)
    benchmark.pedantic(_each, (fresh.evaluate_uncached, mixed), setup=_afresh(fresh), rounds=5, warmup_rounds=1)
