"""HTTP on distinct cases against the static knowledge-base endpoint, side by side on one server.

    .venv/bin/python -m benchmarks.http_load [--seconds 10] [--rounds 2]

`her2-cds serve` (default workers) on loopback; wrk with 8 connections alternates GET
/api/v1/knowledge-base (the reference) and POST /api/v1/recommendations with HER2-positive
neoadjuvant cases (the heaviest answers) that never repeat within the run: each body's choices cycle
through those of the kb check space, with a tumor size of 0.01 to 30 cm (each used once per choices).
Two workloads: at the API's default date (as a student asks today), and each case on its own day from
1998 to the cut-off (the engine's worst case: almost no two cases share a class, so almost every answer
is made afresh).
Saturated (wrk flat out, 8 connections) the figures are each side's most req/s; its latencies are
then mostly queueing on 2 cores shared with wrk. The p99 target is measured paced: both sides at half
the static endpoint's saturated rate (the target rate), 16 connections each waiting a random 0.5 to
1.5 times the gap that gives the rate after each answer (wrk's delay hook), the gap shortened by the
time an answer itself takes, as a 2-second trial at the rate measures it. Not an open-loop generator
(wrk2 is not in Debian): a stall holds back that connection's next request instead of counting it late.
Prints one JSON line: each side's req/s and p99, and the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.server import KNOWLEDGE_BASE, RECOMMEND, THREAD_IDS, Load, serving, wrk
from engine import Engine
from engine.answer_cache import NUMBERS
from engine.kbcheck import case_space

TARGET_RATIO = 0.5  # distinct neoadjuvant cases reach half the static endpoint's rate or more
TARGET_P99_MS = 20.0
# twice the saturated runs' 8: at the target rate each connection waits ~7 ms between answers, so the rate
# is reached with answers' own time a small part of each connection's cycle
PACED_CONNECTIONS = 16
PACED_AIM = 1.05  # paced runs aim a little above the target rate, which the verdict asks them to reach
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
# wrk's Lua, added to a script for a paced run: its last argument is `gap` in ms; before each request
# (a connection's first included) it waits a random 0.5 to 1.5 times `gap`, each thread drawing its own
# numbers. wrk drops the fraction of a millisecond (about 0.5 ms a wait): the trial in paced() measures
# that with the rest. Only paced runs carry it: wrk sends every request through a timer once a script
# has delay(), even a zero one.
PACED = """
local read_args = init
function init(args)
  read_args(args)
  gap = tonumber(args[#args])
  math.randomseed(id + 1)
end
function delay()
  return gap * (0.5 + math.random())
end
"""
PACED_GET = THREAD_IDS + "function init(args) end\n" + PACED


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


def paced(run: Callable[[float, float], Load], rate: float, seconds: float) -> Load:
    """`run(gap_ms, seconds)` at `rate` req/s. A connection's cycle is its wait plus everything else (its
    answer's own time, wrk's rounding of the wait, timer slack), so a 2-second trial at the bare gap
    measures that rest and the measured run's mean wait is shorter by it (assuming the rest does not grow
    at the slightly higher rate: the verdict checks the rate reached)."""
    bare = 1000 * PACED_CONNECTIONS / rate
    trial = run(bare, 2)
    own = 1000 * PACED_CONNECTIONS / trial.rps - bare if trial.requests else 0.0
    return run(max(0.0, bare - own), seconds)


def measure(seconds: float, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="her2-bench-") as tmp:
        tmp_path = Path(tmp)
        prefixes, script, get = tmp_path / "prefixes.txt", tmp_path / "post.lua", tmp_path / "get.lua"
        script_paced = tmp_path / "post_paced.lua"
        lines = neoadjuvant_prefixes()
        prefixes.write_text("".join(line + "\n" for line in lines))
        script.write_text(DISTINCT_BODIES)
        script_paced.write_text(DISTINCT_BODIES + PACED)
        get.write_text(PACED_GET)
        first = int(dt.datetime.combine(FIRST_DAY, dt.time(), dt.UTC).timestamp())
        days = (Engine.load().kb.info.evidence_cutoff - FIRST_DAY).days + 1
        sent = {"today": 0, "dated": 0}

        def post(url: str, workload: str, run_seconds: float, gap_ms: float | None = None) -> Load:
            connections = 8 if gap_ms is None else PACED_CONNECTIONS
            args = [str(prefixes), str(sent[workload]), str(first), str(days if workload == "dated" else 0)]
            if gap_ms is None:
                load = wrk(url + RECOMMEND, run_seconds, connections, script, *args)
            else:
                load = wrk(url + RECOMMEND, run_seconds, connections, script_paced, *args, f"{gap_ms:.3f}")
            sent[workload] += load.requests + connections  # a request cut at the run's end may have been sent
            return load

        def get_paced(gap_ms: float, run_seconds: float) -> Load:
            return wrk(url + KNOWLEDGE_BASE, run_seconds, PACED_CONNECTIONS, get, f"{gap_ms:.3f}")

        def post_paced(gap_ms: float, run_seconds: float) -> Load:
            return post(url, "today", run_seconds, gap_ms)

        def post_dated_paced(gap_ms: float, run_seconds: float) -> Load:
            return post(url, "dated", run_seconds, gap_ms)

        with serving() as server:
            url, processes = server.url, len(server.worker_pids())
            wrk(url + KNOWLEDGE_BASE, 2)  # warm both paths before measuring
            post(url, "today", 2)
            static, today, dated, static_paced, today_paced, dated_paced = [], [], [], [], [], []
            for _ in range(rounds):
                static.append(wrk(url + KNOWLEDGE_BASE, seconds))
                today.append(post(url, "today", seconds))
                dated.append(post(url, "dated", seconds))
                # paced at the target rate: half this round's saturated static rate
                rate = PACED_AIM * TARGET_RATIO * static[-1].rps
                static_paced.append(paced(get_paced, rate, seconds))
                today_paced.append(paced(post_paced, rate, seconds))
                dated_paced.append(paced(post_dated_paced, rate, seconds))
    target_rps = TARGET_RATIO * _total(static)["rps"]
    result: dict[str, Any] = {
        "workers": processes,
        "distinct_bodies_today": len(lines) * 3000,
        "knowledge_base": _total(static),
        "neoadjuvant": _total(today),
        "neoadjuvant_dated": _total(dated),
        "target_rps": target_rps,
        "knowledge_base_paced": _total(static_paced),
        "neoadjuvant_paced": _total(today_paced),
        "neoadjuvant_dated_paced": _total(dated_paced),
        "paced_connections": PACED_CONNECTIONS,
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
