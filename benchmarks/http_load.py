"""HTTP on distinct cases against the static knowledge-base endpoint, side by side on one server.

    .venv/bin/python -m benchmarks.http_load [--seconds 10] [--rounds 2]

`her2-cds serve` (default workers) on loopback; wrk with 8 connections alternates GET
/api/v1/knowledge-base (the reference) and POST /api/v1/recommendations cycling distinct
HER2-positive neoadjuvant cases (the heaviest answers), `rounds` times each, so both share the
machine's state. Prints one JSON line: each side's req/s and p99, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.server import KNOWLEDGE_BASE, POST_BODIES, RECOMMEND, Load, serving, wrk
from her2_cds.engine import Engine
from her2_cds.engine.kbcheck import case_space

TARGET_RATIO = 0.5  # distinct neoadjuvant cases reach half the static endpoint's rate or more
TARGET_P99_MS = 20.0


def neoadjuvant_cases(count: int = 5_000) -> list[dict[str, Any]]:
    """Distinct HER2-positive neoadjuvant cases of the kb check space, spread over it."""
    engine = Engine.load()
    space = [c for c in case_space(engine) if c["setting"] == "neoadjuvant" and c["her2_status"] == "positive"]
    return space[:: max(1, len(space) // count)][:count]


def _total(loads: list[Load]) -> dict[str, float]:
    seconds = sum(x.seconds for x in loads)
    return {
        "rps": sum(x.requests for x in loads) / seconds,
        "p99_ms": max(x.p99_ms for x in loads),
        "errors": sum(x.errors for x in loads),
    }


def measure(seconds: float, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="her2-bench-") as tmp:
        bodies, script = Path(tmp) / "bodies.jsonl", Path(tmp) / "post.lua"
        cases = neoadjuvant_cases()
        bodies.write_text("".join(json.dumps(c) + "\n" for c in cases))
        script.write_text(POST_BODIES)
        with serving() as server:
            url = server.url
            wrk(url + KNOWLEDGE_BASE, 2)  # warm both paths before measuring
            wrk(url + RECOMMEND, 2, 8, script, str(bodies))
            static, distinct = [], []
            for _ in range(rounds):
                static.append(wrk(url + KNOWLEDGE_BASE, seconds))
                distinct.append(wrk(url + RECOMMEND, seconds, 8, script, str(bodies)))
    result = {"cases": len(cases), "knowledge_base": _total(static), "neoadjuvant": _total(distinct)}
    result["ratio"] = result["neoadjuvant"]["rps"] / result["knowledge_base"]["rps"]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=10.0, help="each wrk run (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of the two endpoints (default 2)")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.seconds, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
