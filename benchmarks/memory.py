"""Worker memory under distinct cases: each gunicorn worker's RSS before and after many requests.

    .venv/bin/python -m benchmarks.memory [--requests 100000]

`her2-cds serve` (default workers) on loopback; wrk (8 connections) POSTs distinct cases cycled
over the whole kb check space until `requests` have been served, in two halves. Prints one JSON
line: the worst worker's RSS growth over the whole run and over the second half (a leak keeps growing).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.server import POST_BODIES, RECOMMEND, serving, wrk
from engine import Engine
from engine.kbcheck import case_space
from her2_cds.serving import rss_kib

TARGET_GROWTH = 0.10  # at most 10% over the start


def _growth(before: dict[int, int], after: dict[int, int]) -> float:
    return max((after[p] - kib) / kib for p, kib in before.items() if p in after and kib)


def measure(requests: int, distinct: int = 20_000) -> dict[str, Any]:
    space = list(case_space(Engine.load()))
    cases = space[:: max(1, len(space) // distinct)][:distinct]
    with tempfile.TemporaryDirectory(prefix="her2-bench-") as tmp:
        bodies, script = Path(tmp) / "bodies.jsonl", Path(tmp) / "post.lua"
        bodies.write_text("".join(json.dumps(c) + "\n" for c in cases))
        script.write_text(POST_BODIES)
        with serving() as server:
            url, pids = server.url, server.worker_pids()
            start = {p: rss_kib(p) for p in pids}
            served, half = 0, start
            while served < requests:
                load = wrk(url + RECOMMEND, 10, 8, script, str(bodies))
                served += load.requests
                if half is start and served >= requests / 2:
                    half = {p: rss_kib(p) for p in pids}
            end = {p: rss_kib(p) for p in pids}
    return {
        "requests": served,
        "workers": len(pids),
        "rss_start_mib": round(max(start.values()) / 1024, 1),
        "rss_end_mib": round(max(end.values()) / 1024, 1),
        "growth": _growth(start, end),
        "growth_second_half": _growth(half, end),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=100_000, help="requests to serve (default 100,000)")
    print(json.dumps(measure(parser.parse_args(argv).requests)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
