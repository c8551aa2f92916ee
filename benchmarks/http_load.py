"""HTTP on distinct cases against the static knowledge-base endpoint, side by side on one server.

    .venv/bin/python -m benchmarks.http_load [--seconds 10] [--rounds 2]

`her2-cds serve` (default workers) on loopback; wrk with 8 connections alternates GET
/api/v1/knowledge-base (the reference) and POST /api/v1/recommendations with HER2-positive
neoadjuvant cases (the heaviest answers) that never repeat within the run: each body's choices cycle
through those of the kb check space, with a tumor size of 0.01 to 30 cm (each used once per choices).
Two workloads: at the API's default date (as a student asks today), and each case on its own day from
1998 to the cut-off (the engine's worst case: almost no two cases share a class, so almost every answer
is made afresh).
Prints one JSON line: each side's req/s and p99, and the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.server import KNOWLEDGE_BASE, RECOMMEND, THREAD_IDS, Load, serving, wrk
from her2_cds.engine import Engine
from her2_cds.engine.answer_cache import NUMBERS
from her2_cds.engine.kbcheck import case_space

TARGET_RATIO = 0.5  # distinct neoadjuvant cases reach half the static endpoint's rate or more
TARGET_P99_MS = 20.0
FIRST_DAY = dt.date(1998, 1, 1)

# wrk's Lua: a case no earlier request of the run sent. Two threads take the even and the odd bodies
# from where the previous runs stopped (args: prefixes file, bodies sent so far, first day, days)
DISTINCT_BODIES = (
    THREAD_IDS
    + """
function init(args)
  prefixes = {}
  for line in io.lines(args[1]) do prefixes[#prefixes + 1] = line end
  counter = tonumber(args[2]) + id
  first, days = tonumber(args[3]), tonumber(args[4])
end
function request()
  counter = counter + 2
  local k = #prefixes
  -- 1009 and 3000 share no factor: successive rounds of the prefixes jump over the whole range of sizes
  local size = (math.floor(counter / k) * 1009) % 3000 + 1
  local cm = string.format(',"tumor_size_cm":%d.%02d', math.floor(size / 100), size % 100)
  local body = prefixes[counter % k + 1] .. cm
  if days > 0 then
    body = body .. os.date('!,"as_of":"%Y-%m-%d"', first + (counter * 7919 % days) * 86400)
  end
  return wrk.format("POST", wrk.path, {["Content-Type"] = "application/json"}, body .. "}")
end
"""
)


def neoadjuvant_prefixes() -> list[str]:
    """Each HER2-positive neoadjuvant combination of choices in the kb check space, with each menopausal
    status, as a JSON object left open for its tumor size (and date)."""
    engine = Engine.load()
    combos = {
        json.dumps({k: v for k, v in c.items() if k not in NUMBERS and k != "as_of"}, sort_keys=True)
        for c in case_space(engine)
        if c["setting"] == "neoadjuvant" and c["her2_status"] == "positive"
    }
    statuses = ("premenopausal", "postmenopausal", "unknown")
    return sorted(json.dumps(json.loads(c) | {"menopausal_status": m})[:-1] for c in combos for m in statuses)


def _total(loads: list[Load]) -> dict[str, float]:
    seconds = sum(x.seconds for x in loads)
    return {
        "rps": sum(x.requests for x in loads) / seconds,
        "p99_ms": max(x.p99_ms for x in loads),
        "errors": sum(x.errors for x in loads),
        "requests": sum(x.requests for x in loads),
    }


def measure(seconds: float, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="her2-bench-") as tmp:
        prefixes, script = Path(tmp) / "prefixes.txt", Path(tmp) / "post.lua"
        lines = neoadjuvant_prefixes()
        prefixes.write_text("".join(line + "\n" for line in lines))
        script.write_text(DISTINCT_BODIES)
        first = int(dt.datetime.combine(FIRST_DAY, dt.time(), dt.UTC).timestamp())
        days = (Engine.load().kb.info.evidence_cutoff - FIRST_DAY).days + 1
        sent = {"today": 0, "dated": 0}

        def post(url: str, workload: str, run_seconds: float) -> Load:
            load = wrk(
                url + RECOMMEND,
                run_seconds,
                8,
                script,
                str(prefixes),
                str(sent[workload]),
                str(first),
                str(days if workload == "dated" else 0),
            )
            sent[workload] += load.requests + 8  # a request cut at the run's end may have been sent
            return load

        with serving() as server:
            url, processes = server.url, len(server.worker_pids())
            wrk(url + KNOWLEDGE_BASE, 2)  # warm both paths before measuring
            post(url, "today", 2)
            static, today, dated = [], [], []
            for _ in range(rounds):
                static.append(wrk(url + KNOWLEDGE_BASE, seconds))
                today.append(post(url, "today", seconds))
                dated.append(post(url, "dated", seconds))
    result = {
        "workers": processes,
        "distinct_bodies_today": len(lines) * 3000,
        "knowledge_base": _total(static),
        "neoadjuvant": _total(today),
        "neoadjuvant_dated": _total(dated),
    }
    result["ratio"] = result["neoadjuvant"]["rps"] / result["knowledge_base"]["rps"]
    result["ratio_dated"] = result["neoadjuvant_dated"]["rps"] / result["knowledge_base"]["rps"]
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
