"""make bench's paced runs reach the rate they aim at, though an answer's own time grows with the rate."""

from __future__ import annotations

from collections.abc import Callable

from benchmarks import http_load
from benchmarks.http_load import PACED_CONNECTIONS, paced
from benchmarks.server import Load


def _server(base_ms: float, per_request_ms: float) -> tuple[list[float], Callable[[float, float], Load]]:
    """A closed loop of PACED_CONNECTIONS: each cycle is the wait plus an answer's own time, which grows with
    the rate served (queueing), as a busy server's does."""
    gaps: list[float] = []

    def run(gap_ms: float, seconds: float) -> Load:
        gaps.append(gap_ms)
        own = base_ms
        for _ in range(50):  # the rate and the own time settle together
            rate = 1000 * PACED_CONNECTIONS / (gap_ms + own)
            own = base_ms + per_request_ms * rate / 1000
        return Load(requests=round(rate * seconds), seconds=seconds, p50_ms=own, p99_ms=2 * own, errors=0)

    return gaps, run


def test_a_paced_run_reaches_its_rate_when_answers_slow_as_the_rate_rises() -> None:
    """An answer's time growing with the rate would leave one trial's wait too long (about 95% of the rate here);
    the run's rate is within 1% of the one asked."""
    gaps, run = _server(base_ms=1.0, per_request_ms=1.0)
    load = paced(run, 2000.0, 10)
    assert len(gaps) == http_load.PACED_TRIALS + 1  # the trials, then the run
    assert abs(load.rps - 2000.0) / 2000.0 < 0.01
