"""Helpers shared by the durable-rules runner tests (not a test module itself)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

import pytest

from engine import Engine
from engine.compile import MARKER_RULE
from engine.kbcheck import case_space
from engine.rulebook import Rulebook
from engine.session import DurableRunner

ADJUVANT = {
    "setting": "adjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "positive",
    "tumor_size_cm": 2.5,
    "node_status": "positive",
}


# Walking the whole threshold case space takes 10-15 s; the tests that need a spread of its cases share one
# walk (the `space` fixture) that keeps every THIN_EVERY-th case, and draw their samples from it.
THIN_EVERY = 16


def thin_space(engine: Engine) -> list[dict[str, Any]]:
    """Every THIN_EVERY-th case of the threshold case space, in its order: one walk over the whole space."""
    return list(itertools.islice(case_space(engine), 0, None, THIN_EVERY))


def spread_sample(space: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """`count` distinct cases spread evenly over `space` (the thinned case space)."""
    assert len(space) >= count
    return space[:: len(space) // count][:count]


def run_threads(count: int, work: Callable[[int], None], seconds: float | None = None) -> None:
    """Run work(0) .. work(count - 1) in threads at once, waiting `seconds` (None: forever) for each, and
    fail with the first errors any of them raised."""
    errors: list[BaseException] = []

    def target(k: int) -> None:
        try:
            work(k)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=target, args=(k,)) for k in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds)
    assert not errors, errors[:3]


def spy_on_sessions(monkeypatch: pytest.MonkeyPatch, runner: DurableRunner) -> list[tuple[str, int]]:
    """Record (session id, live sessions) for every case the runner asserts."""
    seen: list[tuple[str, int]] = []
    original = runner._host.assert_fact

    def assert_fact(name: str, fact: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        seen.append((fact["sid"], runner.live_sessions))
        return original(name, fact, *args, **kwargs)

    monkeypatch.setattr(runner._host, "assert_fact", assert_fact)
    return seen


def without_marker(compile_rulebook: Callable[[Rulebook], dict[str, Any]]) -> Callable[[Rulebook], dict[str, Any]]:
    """A compiler doing the naive thing: none(...) tested with no phase marker."""

    def compile_naively(rulebook: Rulebook) -> dict[str, Any]:
        compiled = compile_rulebook(rulebook)
        for rules in compiled.values():
            rules.pop(MARKER_RULE)
            for rule in rules.values():
                rule["all"] = [element for element in rule["all"] if "phase" not in element]
        return compiled

    return compile_naively
