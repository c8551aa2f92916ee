"""Benchmarks of the engine and the HTTP API; prints the figures and writes benchmarks/RESULTS.md.

    python -m benchmarks.run                 # everything (the HTTP part when the web app is importable)
    python -m benchmarks.run --no-http       # the engine only
    python -m benchmarks.run --http-only     # the HTTP load only
    python -m benchmarks.run --profile       # also cProfile full evaluations and print where the time goes

Per case, over distinct valid cases from the threshold case space (engine.kbcheck.case_space), all in one run:
(a) the lower bound, fire_in_python over the case fact; (b) the durable-rules session alone (runner.run);
(c) the full Engine.evaluate(raw case): validation, session, answer. Then the cache hit, a
10,000-case batch, and `http_load`: `her2-cds serve` driven over loopback at 1, 8 and 32 concurrent clients.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import gc
import http.client
import io
import itertools
import json
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from her2_cds.engine import Engine, parse_case
from her2_cds.engine.explain import trace
from her2_cds.engine.kbcheck import case_space
from her2_cds.engine.rulebook import fire_in_python

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

# targets (issue 5)
EVALUATE_MEDIAN_US = 1_000
EVALUATE_P99_US = 3_000
EVALUATE_OVER_DURABLE = 3.0
CACHE_HIT_US = 50
HTTP_RPS = 1_000
HTTP_P99_MS = 50
RSS_GROWTH = 0.10


# ---- measuring ----


@dataclass
class Timing:
    """Per-call times of one measure, in one or more rounds; figures are the median over rounds (robust to a
    round disturbed by another process on a shared machine)."""

    label: str
    rounds: list[list[int]]

    def _over_rounds(self, stat: Callable[[list[int]], float]) -> float:
        return statistics.median(stat(r) for r in self.rounds) / 1_000

    @property
    def median_us(self) -> float:
        return self._over_rounds(statistics.median)

    @property
    def p99_us(self) -> float:
        return self._over_rounds(lambda r: percentile(r, 99))

    @property
    def mean_us(self) -> float:
        return self._over_rounds(statistics.fmean)


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))  # nearest rank
    return ordered[rank]


ROUNDS = 3


def time_each(
    label: str, fn: Callable[[Any], object], items: Sequence[Any], warmup: int = 300, rounds: int | None = None
) -> Timing:
    """Call fn once per item, timing each call, in `rounds` passes; a warm-up over the first items is not counted."""
    for item in items[:warmup]:
        fn(item)
    clock = time.perf_counter_ns
    passes: list[list[int]] = []
    for _ in range(rounds or ROUNDS):
        gc.collect()
        samples: list[int] = []
        for item in items:
            start = clock()
            fn(item)
            samples.append(clock() - start)
        passes.append(samples)
    return Timing(label, passes)


def spread(engine: Engine, count: int, her2_positive_only: bool = False) -> list[dict[str, Any]]:
    """`count` distinct cases spread evenly over the case space (all of it if it is smaller)."""

    def space() -> Iterable[dict[str, Any]]:
        return (c for c in case_space(engine) if not her2_positive_only or c["her2_status"] == "positive")

    total = sum(1 for _ in space())
    step = max(1, total // count)
    return list(itertools.islice(space(), 0, None, step))[:count]


def verdict(value: float, target: float, unit: str, higher_is_better: bool = False) -> str:
    ok = value >= target if higher_is_better else value <= target
    if ok:
        return "met"
    gap = target - value if higher_is_better else value - target
    return f"missed by {gap:,.1f} {unit}".rstrip()


def machine() -> dict[str, str]:
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True, check=False).stdout.strip()
    cpu_model = ""
    with contextlib.suppress(OSError):
        cpu_model = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    return {
        "uname -a": uname or platform.platform(),
        "cpu count": f"{os.cpu_count()} ({cpu_model})" if cpu_model else str(os.cpu_count()),
        "python": sys.version.split()[0] + f" ({platform.python_implementation()})",
        "durable-rules": metadata.version("durable_rules"),
        "pydantic": metadata.version("pydantic"),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average at start (1, 5, 15 min)": loadavg(),
    }


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


# ---- the engine ----


@dataclass
class EngineReport:
    cases: int
    rules: int
    lower: Timing
    durable: Timing
    full: Timing
    parse: Timing
    from_case: Timing
    serialize: Timing
    cache_hit: Timing
    cache_hit_case: Timing
    batch_cases: int
    batch_seconds: float
    cache_entry_kb: float
    in_scope: list[Timing] = field(default_factory=list)
    breakdown: list[Timing] = field(default_factory=list)


def bench_engine(cases_wanted: int, batch_size: int) -> EngineReport:
    engine = Engine.load()
    cases = spread(engine, cases_wanted)
    parsed = [parse_case(c) for c in cases]
    facts = [c.as_fact() for c in parsed]
    rulebook = engine.rulebook
    print(f"engine: {len(cases)} distinct cases, {len(rulebook.rules)} rules, kb {engine.kb.sha256[:12]}", flush=True)

    lower = time_each("(a) fire_in_python", lambda f: fire_in_python(rulebook, f), facts)
    durable = time_each("(b) runner.run", engine.runner.run, facts)
    full = time_each("(c) evaluate(raw)", lambda raw: engine.evaluate(raw), cases)
    parse = time_each("parse_case(raw)", parse_case, cases)
    from_case = time_each("evaluate(Case)", lambda c: engine.evaluate(c), parsed)
    answers = [engine.evaluate(c) for c in parsed[:2000]]
    serialize = time_each("answer.model_dump_json()", lambda a: a.model_dump_json(), answers)

    # the same three over HER2-positive cases only (the in-scope third of the space, where most rules fire)
    positive = spread(engine, cases_wanted, her2_positive_only=True)
    positive_facts = [parse_case(c).as_fact() for c in positive]
    in_scope = [
        time_each("(a) fire_in_python, HER2+", lambda f: fire_in_python(rulebook, f), positive_facts),
        time_each("(b) runner.run, HER2+", engine.runner.run, positive_facts),
        time_each("(c) evaluate(raw), HER2+", lambda raw: engine.evaluate(raw), positive),
    ]

    # where the HER2-positive evaluation goes: the explanation parts, timed alone on the same inputs
    positive_cases = [parse_case(c) for c in positive]
    firings = [engine.runner.run(f) for f in positive_facts]
    offered = [{r.regimen_id: r.status for r in engine.evaluate(c).recommendations} for c in positive_cases]
    index = list(range(len(positive)))
    breakdown = [
        time_each("HER2+ parse_case(raw)", parse_case, positive),
        time_each(
            "HER2+ why_not(...)",
            lambda i: engine.explainer.why_not(positive_facts[i], set(firings[i].derived), offered[i]),
            index,
        ),
        time_each("HER2+ trace(...)", lambda i: trace(rulebook, firings[i]), index),
        time_each(
            "HER2+ answer.model_dump_json()",
            lambda a: a.model_dump_json(),
            [engine.evaluate(c) for c in positive_cases[:2000]],
        ),
    ]

    # the one cache (why-not explanations) holds bounded entries; answers are not cached
    cache_hit = time_each("evaluate(raw), repeated", lambda raw: engine.evaluate(raw), [cases[0]] * 2_000)
    cache_hit_case = time_each("evaluate(Case), repeated", lambda c: engine.evaluate(c), [parsed[0]] * 2_000)
    cache_entry_kb = 0.0

    # batch: distinct cases in sequence through the default evaluate (cache on, every case a miss)
    batch = spread(engine, batch_size)
    fresh = Engine(engine.kb)
    gc.collect()
    started = time.perf_counter()
    for raw in batch:
        fresh.evaluate(raw)
    batch_seconds = time.perf_counter() - started

    return EngineReport(
        cases=len(cases),
        rules=len(rulebook.rules),
        lower=lower,
        durable=durable,
        full=full,
        parse=parse,
        from_case=from_case,
        serialize=serialize,
        cache_hit=cache_hit,
        cache_hit_case=cache_hit_case,
        batch_cases=len(batch),
        batch_seconds=batch_seconds,
        cache_entry_kb=cache_entry_kb,
        in_scope=in_scope,
        breakdown=breakdown,
    )


def engine_lines(r: EngineReport) -> list[str]:
    rows = [
        "| measure | median (us) | p99 (us) | mean (us) |",
        "|---|---:|---:|---:|",
    ]
    for t in (
        r.lower,
        r.durable,
        r.full,
        *r.in_scope,
        r.parse,
        r.from_case,
        r.serialize,
        *r.breakdown,
        r.cache_hit,
        r.cache_hit_case,
    ):
        rows.append(f"| {t.label} | {t.median_us:,.1f} | {t.p99_us:,.1f} | {t.mean_us:,.1f} |")
    c_b = r.full.median_us / r.durable.median_us
    c_a = r.full.median_us / r.lower.median_us
    pos_c_b = r.in_scope[2].median_us / r.in_scope[1].median_us
    pos_c_a = r.in_scope[2].median_us / r.in_scope[0].median_us
    parts = (r.breakdown[0], r.in_scope[1], r.breakdown[1], r.breakdown[2])
    rest = r.in_scope[2].median_us - sum(t.median_us for t in parts)
    rate = r.batch_cases / r.batch_seconds
    rows += [
        "",
        f"- cases: {r.cases} distinct valid cases spread over the whole case space (two thirds are HER2-negative or"
        f" equivocal, out of scope), and {r.cases} distinct HER2-positive ones (rows marked HER2+); {r.rules} rules",
        f"- ratio c/b (full evaluate / durable session alone), medians: {c_b:.2f}x;"
        f" p99: {r.full.p99_us / r.durable.p99_us:.2f}x",
        f"- ratio c/a (full evaluate / plain-Python lower bound), medians: {c_a:.1f}x;"
        f" p99: {r.full.p99_us / r.lower.p99_us:.1f}x",
        f"- HER2+ only: c/b {pos_c_b:.2f}x, c/a {pos_c_a:.1f}x (medians)",
        f"- where (c) goes, medians: parse {r.parse.median_us:,.0f} us + durable session {r.durable.median_us:,.0f} us"
        f" + answer building {r.from_case.median_us - r.durable.median_us:,.0f} us"
        f" (evaluate(Case) minus the session); serializing the answer to JSON adds {r.serialize.median_us:,.0f} us",
        f"- where (c) goes for HER2+ cases, medians: parse {r.breakdown[0].median_us:,.0f} us, durable session"
        f" {r.in_scope[1].median_us:,.0f} us, why_not {r.breakdown[1].median_us:,.0f} us, trace"
        f" {r.breakdown[2].median_us:,.0f} us, the rest (recommendations, evidence, Answer model)"
        f" {rest:,.0f} us;"
        f" serializing adds {r.breakdown[3].median_us:,.0f} us",
        f"- batch: {r.batch_cases:,} distinct cases in sequence (default evaluate, every case a cache miss):"
        f" {r.batch_seconds:.2f} s, {rate:,.0f} cases/s",
        "",
        "| target | value | verdict |",
        "|---|---:|---|",
        f"| full evaluate median <= {EVALUATE_MEDIAN_US:,} us | {r.full.median_us:,.0f} us |"
        f" {verdict(r.full.median_us, EVALUATE_MEDIAN_US, 'us')} |",
        f"| full evaluate p99 <= {EVALUATE_P99_US:,} us | {r.full.p99_us:,.0f} us |"
        f" {verdict(r.full.p99_us, EVALUATE_P99_US, 'us')} |",
        f"| full evaluate within {EVALUATE_OVER_DURABLE:g}x of durable alone (medians) | {c_b:.2f}x |"
        f" {verdict(c_b, EVALUATE_OVER_DURABLE, 'x')} |",
        *(
            f"| HER2+ only: full evaluate {name} | {value:,.0f} us | {verdict(value, limit, 'us')} |"
            for name, value, limit in (
                (f"median <= {EVALUATE_MEDIAN_US:,} us", r.in_scope[2].median_us, EVALUATE_MEDIAN_US),
                (f"p99 <= {EVALUATE_P99_US:,} us", r.in_scope[2].p99_us, EVALUATE_P99_US),
            )
        ),
        f"| HER2+ only: within {EVALUATE_OVER_DURABLE:g}x of durable alone (medians) | {pos_c_b:.2f}x |"
        f" {verdict(pos_c_b, EVALUATE_OVER_DURABLE, 'x')} |",
        f"| cache hit (raw dict) median <= {CACHE_HIT_US} us | {r.cache_hit.median_us:,.1f} us |"
        f" {verdict(r.cache_hit.median_us, CACHE_HIT_US, 'us')} |",
    ]
    return rows


def profile_evaluate(count: int = 3000, top: int = 25) -> str:
    """cProfile `count` full evaluations (no cache); the top functions by own time and by cumulative time."""
    engine = Engine.load()
    cases = spread(engine, count)
    for raw in cases[:200]:
        engine.evaluate(raw)
    profiler = cProfile.Profile()
    profiler.enable()
    for raw in cases:
        engine.evaluate(raw).model_dump_json()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# ---- HTTP ----

WRK_SCRIPT = """
local n = 0
function setup(thread)
  thread:set("id", n)
  n = n + 1
end
function init(args)
  bodies = {}
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  counter = id * 7919
end
function request()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/recommendations", {["Content-Type"] = "application/json"},
                    bodies[(counter % #bodies) + 1])
end
"""


@dataclass
class LoadResult:
    clients: int
    tool: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _post(port: int, body: bytes, timeout: float = 30) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/api/v1/recommendations", body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _python_load(port: int, bodies: list[bytes], clients: int, seconds: float, offset: int) -> LoadResult:
    """Bounded loopback load from Python threads, one new connection per request (gunicorn sync closes it)."""
    stop = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients

    def client(k: int) -> None:
        i = offset + k * 7919
        while time.monotonic() < stop:
            body = bodies[i % len(bodies)]
            i += 1
            started = time.perf_counter()
            try:
                status = _post(port, body)
            except OSError:
                status = 0
            latencies[k].append(time.perf_counter() - started)
            if status != 200:
                errors[k] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    flat = [x for per in latencies for x in per]
    return LoadResult(
        clients,
        "python threads",
        len(flat),
        elapsed,
        percentile(flat, 50) * 1e3,
        percentile(flat, 99) * 1e3,
        sum(errors),
    )


def _wrk_load(wrk: str, port: int, bodies_file: Path, script: Path, clients: int, seconds: float) -> LoadResult:
    threads = max(1, min(clients, os.cpu_count() or 1))
    argv = [
        wrk,
        f"-t{threads}",
        f"-c{clients}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}/api/v1/recommendations",
        "--",
        str(bodies_file),
    ]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 120, check=True).stdout

    def ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]

    requests = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", out).group(1))  # type: ignore[union-attr]
    m = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", out)
    elapsed = float(m.group(2)) * {"ms": 1e-3, "s": 1.0, "m": 60.0}[m.group(3)]  # type: ignore[union-attr]
    p50 = ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    return LoadResult(clients, "wrk", requests, elapsed, p50, p99, errors)


@dataclass
class HttpReport:
    workers: int
    levels: list[LoadResult]
    total_requests: int
    rss: list[tuple[int, dict[int, int]]]  # (requests served so far, {worker pid: VmRSS kB})
    cases: int
    tool: str


def http_load(
    total_requests: int = 100_000,
    clients: Iterable[int] = (1, 8, 32),
    seconds_per_level: float = 10.0,
    soak_clients: int = 8,
    soak_chunk: int = 10_000,
    distinct_cases: int = 20_000,
    use_wrk: bool = True,
    cache_size: int | None = None,
) -> HttpReport:
    """Start `her2-cds serve` (free PORT, default WORKERS), drive POST /api/v1/recommendations on loopback.

    Each concurrency level runs `seconds_per_level`; then a soak at `soak_clients`, in chunks of about
    `soak_chunk` requests, until `total_requests` requests have been served in all. Worker RSS (VmRSS of
    each gunicorn worker, /proc/<pid>/status) is read before the first request and after every level and
    chunk. Bodies are `distinct_cases` distinct valid cases cycled in order, so most requests miss each
    worker's answer cache. Uses wrk when installed (Debian: apt-get install wrk), else Python threads.
    `cache_size` (a what-if) serves benchmarks.cache_app instead, with the same gunicorn flags as `her2-cds serve`.
    """
    engine = Engine.load()
    bodies = [json.dumps(c).encode() for c in spread(engine, distinct_cases)]
    port = _free_port()
    command = Path(sys.executable).with_name("her2-cds")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "her2_cds.cli"]
    env = {k: v for k, v in os.environ.items() if k != "WORKERS"}
    env.update(HOST="127.0.0.1", PORT=str(port))
    wrk = shutil.which("wrk") if use_wrk else None
    tmp = Path(tempfile.mkdtemp(prefix="her2-bench-"))
    bodies_file, script = tmp / "bodies.jsonl", tmp / "post.lua"
    bodies_file.write_bytes(b"\n".join(bodies) + b"\n")
    script.write_text(WRK_SCRIPT)
    if cache_size is not None:
        env["HER2_BENCH_CACHE_SIZE"] = str(cache_size)
        workers = str(2 * (os.cpu_count() or 1) + 1)
        gunicorn = ["--bind", f"127.0.0.1:{port}", "--workers", workers, "--preload", "--access-logfile", "-"]
        argv = [sys.executable, "-m", "gunicorn", *gunicorn, "benchmarks.cache_app:app"]
    else:
        argv = [*argv, "serve"]
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)

    def drive(n: int, seconds: float, offset: int) -> LoadResult:
        if wrk:
            return _wrk_load(wrk, port, bodies_file, script, n, seconds)
        return _python_load(port, bodies, n, seconds, offset=offset)

    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"her2-cds serve exited with {server.returncode}")
            with contextlib.suppress(OSError):
                if _post(port, bodies[0], timeout=5) == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("her2-cds serve did not answer within 60 s")
            time.sleep(0.2)
        time.sleep(1.0)  # let every worker finish booting
        workers = _children(server.pid)
        done = 0
        rss = [(done, {w: _rss_kb(w) for w in workers})]
        levels: list[LoadResult] = []
        for n in clients:
            result = drive(n, seconds_per_level, done)
            levels.append(result)
            done += result.requests
            rss.append((done, {w: _rss_kb(w) for w in workers}))
            print(
                f"  http {n:>3} clients ({result.tool}): {result.rps:,.0f} req/s, p50 {result.p50_ms:.2f} ms,"
                f" p99 {result.p99_ms:.2f} ms, {result.errors} errors",
                flush=True,
            )
        while done < total_requests:
            rate = max(levels[-1].rps, 100.0)
            seconds = min(120.0, max(2.0, min(soak_chunk, total_requests - done) / rate * 1.05))
            result = drive(soak_clients, seconds, done)
            result.clients = soak_clients
            done += result.requests
            levels.append(result)
            rss.append((done, {w: _rss_kb(w) for w in workers if Path(f"/proc/{w}").exists()}))
            print(
                f"  soak {soak_clients} clients: {result.rps:,.0f} req/s, p99 {result.p99_ms:.1f} ms,"
                f" {done:,} requests in all, worker RSS {sum(rss[-1][1].values()) / 1024:,.0f} MiB",
                flush=True,
            )
        return HttpReport(len(workers), levels, done, rss, len(bodies), "wrk" if wrk else "python threads")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def _growth(before: dict[int, int], after: dict[int, int]) -> float:
    changes = [(after[pid] - kb) / kb for pid, kb in before.items() if pid in after and kb]
    return max(changes) if changes else float("nan")


def http_lines(h: HttpReport, levels: int) -> list[str]:
    rows = [
        "| clients | tool | requests | req/s | p50 (ms) | p99 (ms) | errors |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in h.levels[:levels]:
        rows.append(
            f"| {r.clients} | {r.tool} | {r.requests:,} | {r.rps:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} |"
        )
    soak = h.levels[levels:]
    if soak:
        n = sum(r.requests for r in soak)
        secs = sum(r.seconds for r in soak)
        rows.append(
            f"| {soak[0].clients} (soak, {len(soak)} runs) | {soak[0].tool} | {n:,} | {n / secs:,.0f} |"
            f" {statistics.median(r.p50_ms for r in soak):.2f} (median run) |"
            f" {statistics.median(r.p99_ms for r in soak):.2f} (median run),"
            f" {max(r.p99_ms for r in soak):.2f} (worst) |"
            f" {sum(r.errors for r in soak)} |"
        )
    pids = list(h.rss[0][1])
    rows += [
        "",
        "| requests served | " + " | ".join(f"worker {pid} RSS (MiB)" for pid in pids) + " |",
        "|---:|" + "---:|" * len(pids),
    ]
    for served, sizes in h.rss:
        cells = " | ".join(f"{sizes[pid] / 1024:.1f}" if pid in sizes else "(gone)" for pid in pids)
        rows.append(f"| {served:,} | {cells} |")
    whole = _growth(h.rss[0][1], h.rss[-1][1])
    earlier = h.rss[1:-1] or h.rss[:1]  # a snapshot near half-way, never the last one itself
    half = min(earlier, key=lambda snapshot: abs(snapshot[0] - h.total_requests / 2))[1]
    second_half = _growth(half, h.rss[-1][1])
    best = [r for r in h.levels[:levels] if r.clients >= 8]
    top = max(best, key=lambda r: r.rps) if best else None
    rows += [
        "",
        f"- {h.workers} gunicorn workers (the default WORKERS = 2 x cores + 1), sync, --preload; the load generator"
        f" ({h.tool}) runs on the same {os.cpu_count()} cores over loopback; {h.cases:,} distinct cases cycled, so"
        f" most requests miss the per-worker answer cache; {h.total_requests:,} requests in all",
        f"- worker RSS growth, worst worker: {whole:+.1%} from before the first request to the end;"
        f" {second_half:+.1%} from the snapshot nearest half-way to the end (once the answer caches are full, growth"
        f" would be a leak)",
        "",
        "| target | value | verdict |",
        "|---|---:|---|",
    ]
    if top is not None:
        rows.append(
            f"| >= {HTTP_RPS:,} req/s at >= 8 clients | {top.rps:,.0f} req/s ({top.clients} clients) |"
            f" {verdict(top.rps, HTTP_RPS, 'req/s', higher_is_better=True)} |"
        )
        for r in best:
            rows.append(
                f"| p99 <= {HTTP_P99_MS} ms at {r.clients} clients | {r.p99_ms:.1f} ms |"
                f" {verdict(r.p99_ms, HTTP_P99_MS, 'ms')} |"
            )
    rows += [
        f"| worker RSS growth < {RSS_GROWTH:.0%} over {h.total_requests:,} requests (from the first request) |"
        f" {whole:+.1%} | {verdict(whole * 100, RSS_GROWTH * 100, 'points')} |",
        f"| the same over the second half only | {second_half:+.1%} |"
        f" {verdict(second_half * 100, RSS_GROWTH * 100, 'points')} |",
    ]
    return rows


def web_available() -> bool:
    try:
        import her2_cds.web.api  # noqa: F401
        from her2_cds.web import create_app  # noqa: F401
    except Exception:
        return False
    return True


# ---- main ----


def api_batch_lines(total: int, per_request: int = 1_000) -> list[str]:
    """`total` distinct cases through the API's batch path, `per_request` at a time, in-process (Flask's
    test client: the JSON parsing, validation, engine and streamed serialization, without the network)."""
    from her2_cds.web import create_app

    engine = Engine.load()
    cases = spread(engine, total)
    client = create_app({"ENGINE": engine}).test_client()
    answered = 0
    body_bytes = 0
    started = time.perf_counter()
    for start in range(0, len(cases), per_request):
        chunk = cases[start : start + per_request]
        response = client.post("/api/v1/recommendations/batch", json={"cases": chunk})
        data = response.get_data()
        assert response.status_code == 200, response.status_code
        body_bytes += len(data)
        answered += len(json.loads(data)["results"])
    seconds = time.perf_counter() - started
    return [
        f"- {answered:,} distinct cases in {-(-len(cases) // per_request)} requests of up to {per_request:,}:"
        f" {seconds:.2f} s, {answered / seconds:,.0f} cases/s, {body_bytes / 1e6:,.0f} MB of JSON answers",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=3000, help="distinct cases for the per-case figures (>= 2000)")
    parser.add_argument("--batch", type=int, default=10_000, help="cases in the sequential batch")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--no-http", action="store_true", help="skip the HTTP load")
    group.add_argument("--http-only", action="store_true", help="only the HTTP load")
    parser.add_argument("--http-requests", type=int, default=100_000, help="requests in all for the RSS check")
    parser.add_argument("--http-seconds", type=float, default=10.0, help="seconds per concurrency level")
    parser.add_argument("--python-load", action="store_true", help="drive HTTP with Python threads even if wrk exists")
    parser.add_argument(
        "--cache-size", type=int, help="what-if: serve an engine with this answer-cache size (benchmarks.cache_app)"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile full evaluations and print the top functions")
    parser.add_argument("--out", type=Path, help="where to write the results (default benchmarks/RESULTS.md)")
    args = parser.parse_args(argv)
    if args.out is None:  # what-ifs do not overwrite the real results
        args.out = RESULTS if args.cache_size is None else RESULTS.parent / "out" / f"whatif-cache-{args.cache_size}.md"
    args.out.parent.mkdir(parents=True, exist_ok=True)

    info = machine()
    lines = [
        "# her2-cds benchmarks",
        "",
        "Written by `python -m benchmarks.run` (`make bench`).",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in info.items()),
        "",
    ]
    print("\n".join(f"{k}: {v}" for k, v in info.items()), flush=True)
    if not args.http_only:
        report = bench_engine(max(args.cases, 2000), args.batch)
        section = engine_lines(report)
        print("\n".join(section), flush=True)
        lines += ["## Engine, per case", "", *section, ""]
    if not args.http_only and web_available():
        section = api_batch_lines(args.batch)
        print("\n".join(section), flush=True)
        lines += ["## Batch path: POST /api/v1/recommendations/batch", "", *section, ""]
    if args.profile:
        text = profile_evaluate()
        print(text)
    if not args.no_http:
        if web_available():
            print("http: starting her2-cds serve ...", flush=True)
            h = http_load(
                args.http_requests,
                seconds_per_level=args.http_seconds,
                use_wrk=not args.python_load,
                cache_size=args.cache_size,
            )
            section = http_lines(h, levels=3)
            print("\n".join(section), flush=True)
            title = "## HTTP: POST /api/v1/recommendations"
            if args.cache_size is not None:
                title += f" (what-if: engine answer cache of {args.cache_size} entries, benchmarks.cache_app)"
            lines += [title, "", *section, ""]
        else:
            note = "HTTP load skipped: the web app (web.create_app, web.api) is not importable yet."
            print(note)
            lines += ["## HTTP", "", note, ""]
    lines += [
        f"Load average at the end (1, 5, 15 min): {loadavg()}, this run's own load included (the HTTP part alone keeps"
        f" both cores busy). Per-case engine figures are medians over {ROUNDS} rounds. The machine may be shared: a"
        " load average at start well above 0 means other processes competed for the cores.",
        "",
    ]
    args.out.write_text("\n".join(lines))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
