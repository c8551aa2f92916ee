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
then mostly queueing on 2 cores shared with wrk. The p99 target is measured on a schedule (open loop):
both sides at half the static endpoint's saturated rate (the target rate), 16 connections, each on its
own thread and due every 16/rate seconds, their schedules spread evenly over that period. A
request is timed from the moment it was due, not the moment it went out, so an answer that holds its
connection past the next request's time counts that wait against the next one too (wrk2's correction
of coordinated omission; wrk2 is not in Debian, so wrk's Lua keeps the schedule).
Prints one JSON line: each side's req/s and p99, and the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.server import KNOWLEDGE_BASE, RECOMMEND, THREAD_IDS, Load, serving, wrk
from engine import Engine
from engine.answer_cache import NUMBERS
from engine.kbcheck import case_space

TARGET_RATIO = 0.5  # distinct neoadjuvant cases reach half the static endpoint's rate or more
TARGET_P99_MS = 20.0
# each on its own wrk thread (a thread's Lua globals are its connection's schedule): ~8 ms between a connection's
# requests at 2,000 req/s. More connections would let fewer slow answers hold back the next request, but each is a
# thread on the same 2 cores as the server: 60 of them (one due every 30 ms) cost wrk 75 us of CPU a request (16: 57
# us), left the POST runs 2-13% short of the rate, and multiplied their p99 by 7 to 14 in the same run
PACED_CONNECTIONS = 16
# the schedule offers 1% more than the target rate: a run's first period and the answers cut at its end
# cost up to 0.3% of what it serves, and the verdict asks for the target rate served
PACED_AIM = 1.01
FIRST_DAY = dt.date(1998, 1, 1)

# wrk's Lua: a case no earlier request of the run sent. Thread `id` of `threads` takes the bodies whose
# number is `id` modulo `threads`, from where the previous runs stopped (args: prefixes file, bodies sent
# so far, first day, days, threads)
DISTINCT_BODIES = (
    THREAD_IDS
    + """
function init(args)
  prefixes = {}
  for line in io.lines(args[1]) do prefixes[#prefixes + 1] = line end
  counter = tonumber(args[2]) + id
  first, days, threads = tonumber(args[3]), tonumber(args[4]), tonumber(args[5])
end
function request()
  counter = counter + threads
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
# wrk's Lua, added to a script for a run on a schedule, one connection to a thread (so a thread's
# globals are its connection's): its last two arguments are the threads and the `period` in ms at which
# each connection is due (a script whose own arguments end with the threads adds the period alone).
# Thread `id` is first due `id / threads` of a period after its first delay(), and every period after
# that; delay() waits until then, rounded up to wrk's whole milliseconds (a request goes out up to 1 ms
# after it is due, never before). Each answer's time from when its request was due is kept, and done()
# prints the run's percentiles of those times on one line.
OPEN_LOOP = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } her2_bench_timespec;
int clock_gettime(int clock, her2_bench_timespec *now);
]]
local clock = ffi.new("her2_bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end
local read_args, make_request = init, request
function init(args)
  read_args(args)
  threads, period = tonumber(args[#args - 1]), tonumber(args[#args])
  times = {}
end
function delay()
  local now = now_ms()
  if due == nil then due = now + period * id / threads end
  return math.max(0, math.ceil(due - now))
end
function request()
  -- wrk calls this once before any thread starts, to check the script: nothing is due then
  if due ~= nil then
    sent_due, due = due, due + period
  end
  return (make_request or wrk.request)()
end
function response(status, headers, body)
  if sent_due ~= nil then times[#times + 1] = now_ms() - sent_due end
end
function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads_started) do
    for _, t in ipairs(thread:get("times")) do all[#all + 1] = t end
  end
  table.sort(all)
  local function at(q) return all[math.max(1, math.ceil(q * #all))] end
  io.write(string.format('OPEN_LOOP {"p50_ms": %.3f, "p99_ms": %.3f}\\n', at(0.5), at(0.99)))
end
"""
PACED_GET = THREAD_IDS + "function init(args) end\n" + OPEN_LOOP


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
        "p99_wrk_ms": max(x.p99_wrk_ms for x in loads),
        "errors": sum(x.errors for x in loads),
        "requests": sum(x.requests for x in loads),
        "kb_per_request": sum(x.bytes_read for x in loads) / max(1, sum(x.requests for x in loads)) / 1000,
    }


@dataclass
class _Driver:
    """wrk against one server: its scripts (in `folder`), and how many bodies each workload has sent so far."""

    url: str
    folder: Path
    days: int  # of the dated workload: from FIRST_DAY to the cut-off
    sent: dict[str, int] = field(default_factory=lambda: {"today": 0, "dated": 0})

    def __post_init__(self) -> None:
        (self.folder / "prefixes.txt").write_text("".join(line + "\n" for line in neoadjuvant_prefixes()))
        (self.folder / "post.lua").write_text(DISTINCT_BODIES)
        (self.folder / "post_paced.lua").write_text(DISTINCT_BODIES + OPEN_LOOP)
        (self.folder / "get.lua").write_text(PACED_GET)

    def get(self, seconds: float) -> Load:
        return wrk(self.url + KNOWLEDGE_BASE, seconds)

    def post(self, workload: str, seconds: float, connections: int = 8, period_ms: float | None = None) -> Load:
        """`workload` ("today" or "dated") flat out, or on a schedule when `period_ms` is given."""
        first = int(dt.datetime.combine(FIRST_DAY, dt.time(), dt.UTC).timestamp())
        threads = 2 if period_ms is None else connections  # on a schedule, a thread keeps one connection's
        args = [str(self.folder / "prefixes.txt"), str(self.sent[workload]), str(first)]
        args += [str(self.days if workload == "dated" else 0), str(threads)]
        if period_ms is None:
            load = wrk(self.url + RECOMMEND, seconds, connections, self.folder / "post.lua", *args)
        else:
            args.append(f"{period_ms:.4f}")  # after the threads, which both scripts read
            script = self.folder / "post_paced.lua"
            load = wrk(self.url + RECOMMEND, seconds, connections, script, *args, threads=threads)
        self.sent[workload] += load.requests + connections  # a request cut at the run's end may have been sent
        return load

    def paced(self, workload: str, rate: float, seconds: float) -> Load:
        """`workload` ("static", "today" or "dated") at `rate` req/s: each connection due every period."""
        connections, period_ms = PACED_CONNECTIONS, 1000 * PACED_CONNECTIONS / rate
        if workload != "static":
            return self.post(workload, seconds, connections, period_ms)
        args = (str(connections), f"{period_ms:.4f}")
        return wrk(self.url + KNOWLEDGE_BASE, seconds, connections, self.folder / "get.lua", *args, threads=connections)


def measure(seconds: float, rounds: int) -> dict[str, Any]:
    days = (Engine.load().kb.info.evidence_cutoff - FIRST_DAY).days + 1
    runs: dict[str, list[Load]] = {name: [] for name in ("static", "today", "dated")}
    paced_runs: dict[str, list[Load]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory(prefix="her2-bench-") as tmp, serving() as server:
        driver = _Driver(server.url, Path(tmp), days)
        driver.get(2)  # warm both paths before measuring
        driver.post("today", 2)
        for _ in range(rounds):
            runs["static"].append(driver.get(seconds))
            runs["today"].append(driver.post("today", seconds))
            runs["dated"].append(driver.post("dated", seconds))
            rate = PACED_AIM * TARGET_RATIO * runs["static"][-1].rps  # half this round's saturated static rate
            for name, loads in paced_runs.items():
                loads.append(driver.paced(name, rate, seconds))
        workers = len(server.worker_pids())
    static, today, dated = (_total(runs[name]) for name in ("static", "today", "dated"))
    paced = {name: _total(loads) for name, loads in paced_runs.items()}
    for name, side in (("static", static), ("today", today), ("dated", dated)):
        # how near its own most the target rate runs each workload: an open queue's wait grows without bound near 1
        paced[name]["load"] = TARGET_RATIO * static["rps"] / side["rps"]
    return {
        "workers": workers,
        "distinct_bodies_today": len(neoadjuvant_prefixes()) * 3000,
        "knowledge_base": static,
        "neoadjuvant": today,
        "neoadjuvant_dated": dated,
        "target_rps": TARGET_RATIO * static["rps"],
        "knowledge_base_paced": paced["static"],
        "neoadjuvant_paced": paced["today"],
        "neoadjuvant_dated_paced": paced["dated"],
        "paced_connections": PACED_CONNECTIONS,
        "ratio": today["rps"] / static["rps"],
        "ratio_dated": dated["rps"] / static["rps"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=10.0, help="each wrk run (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of the two endpoints (default 2)")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.seconds, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
