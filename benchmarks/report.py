"""`make bench`: run the engine micro-benchmarks, the HTTP load and the memory check, and write RESULTS.md.

Every figure is a ratio to a reference measured in the same run on the same machine: the engine's
evaluate against the durable-rules session alone, distinct neoadjuvant cases over HTTP against the
static GET /api/v1/knowledge-base, a worker's memory at the end against its own start.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks import http_load, memory
from benchmarks.server import ROOT
from benchmarks.test_engine import CASES

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
EVALUATE_OVER_DURABLE = 3.0
UNCACHED_OVER_DURABLE = 2.0  # an API answer for a class not in the cache
PAGE_OVER_JSON = 3.0  # the answer page's HTML against the JSON answer for the same case
KB_CHECK_SECONDS = 60.0
PAGE_CASES = (
    {"setting": "neoadjuvant", "her2_status": "positive", "hormone_receptor_status": "negative",
     "node_status": "positive", "tumor_size_cm": "3.5"},
    {"setting": "metastatic", "metastatic_line": "first", "her2_status": "positive",
     "hormone_receptor_status": "positive", "as_of": "2012-06-01"},
    {"setting": "adjuvant", "her2_status": "positive", "hormone_receptor_status": "negative",
     "node_status": "positive", "tumor_size_cm": "2.5"},
)  # fmt: skip
HISTORY = "## History"


def engine_medians() -> dict[str, float]:
    """Each micro-benchmark's median per case, in microseconds."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.json"
        argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "benchmarks/test_engine.py"]
        subprocess.run([*argv, f"--benchmark-json={out}"], cwd=ROOT, check=True)
        data = json.loads(out.read_text())
    return {b["name"].removeprefix("test_"): b["stats"]["median"] / CASES * 1e6 for b in data["benchmarks"]}


def page_over_json(rounds: int = 20) -> dict[str, float]:
    """The answer page (GET /answer) against its JSON twin (GET /answer.json, the same case evaluated and
    written as JSON), in one process with Flask's test client: the medians over the cases, in ms."""
    from web import create_app

    client = create_app({"TESTING": True}).test_client()

    def median_ms(url: str) -> float:
        client.get(url)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            assert client.get(url).status_code == 200, url
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    html = [median_ms("/answer?" + urlencode(case)) for case in PAGE_CASES]
    json_ = [median_ms("/answer.json?" + urlencode(case)) for case in PAGE_CASES]
    return {"html_ms": statistics.median(html), "json_ms": statistics.median(json_)}


def kb_check_seconds() -> float:
    """`her2-cds kb check` over the whole case space, wall-clock seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "her2_cds", "kb", "check"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _http_row(name: str, side: dict[str, Any]) -> str:
    kb = side["kb_per_request"]
    return f"| {name} | {side['rps']:,.0f} | {side['p99_ms']:.1f} | {kb:,.1f} | {side['errors']:.0f} |"


def _scheduled_row(name: str, side: dict[str, Any]) -> str:
    load = side["load"]
    return (
        f"| {name} | {side['rps']:,.0f} | {load:.0%} | {side['p99_ms']:.1f} | {side['p99_wrk_ms']:.1f} |"
        f" {side['errors']:.0f} |"
    )


def write(
    engine: dict[str, float],
    http: dict[str, Any],
    rss: dict[str, Any],
    start: str,
    page: dict[str, float],
    check: float,
) -> str:
    durable, whole = engine["durable_session"], engine["durable_session_whole_space"]
    limit = f"<= {EVALUATE_OVER_DURABLE:g}x"
    # (measure, us per case, its reference session in us, target, met)
    rows: list[tuple[str, float, float, str, bool | None]] = [
        ("evaluate (full answer), HER2-positive", engine["evaluate"], durable, limit, None),
        ("evaluate (full answer), whole space", engine["evaluate_whole_space"], whole, limit, None),
        ("evaluate, a class in the cache, HER2-positive", engine["evaluate_known_class"], durable, "", None),
        ("plain-Python rules (lower bound), HER2-positive", engine["plain_python_rules"], durable, "", None),
        ("parse_case, HER2-positive", engine["parse_case"], durable, "", None),
        ("answer JSON, HER2-positive", engine["answer_json"], durable, "", None),
        (
            "API answer, a class not in the cache, HER2-positive",
            engine["api_answer_new_class"],
            durable,
            f"<= {UNCACHED_OVER_DURABLE:g}x",
            None,
        ),
        (
            "API answer, a class not in the cache whose firing class was seen, HER2-positive",
            engine["api_answer_new_class_seen_firing"],
            durable,
            "",
            None,
        ),
        ("API answer, a class in the cache, HER2-positive", engine["api_answer_known_class"], durable, "", None),
    ]
    rows = [(n, us, ref, t, us / ref <= float(t[3:-1]) if t else None) for n, us, ref, t, _ in rows]
    neo, dated, static = http["neoadjuvant"], http["neoadjuvant_dated"], http["knowledge_base"]
    neo_paced, static_paced = http["neoadjuvant_paced"], http["knowledge_base_paced"]
    dated_paced = http["neoadjuvant_dated_paced"]
    most = http["paced_connections"]
    page_ratio = page["html_ms"] / page["json_ms"]
    dated_met = http["ratio_dated"] >= http_load.TARGET_RATIO
    load = os.getloadavg()
    lines = [
        "# her2-cds benchmarks",
        "",
        f"Written by `make bench` (benchmarks/report.py) on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC:"
        f" Python {platform.python_version()}, {os.cpu_count()} cores, load average at the start {start}, at the end"
        f" {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (a shared machine's other work slows both sides of each ratio).",
        "",
        f"## Engine, per case ({CASES:,} distinct cases each; pytest-benchmark medians)",
        "",
        f"Reference: one durable-rules session, {durable:,.1f} us per HER2-positive case, {whole:,.1f} us per case"
        " over the whole space.",
        "",
        "| measure | us per case | ratio to the durable session | target | verdict |",
        "|---|---:|---:|---|---|",
        *(
            f"| {name} | {us:,.1f} | {us / ref:.2f}x | {target} | {'' if ok is None else _verdict(ok)} |"
            for name, us, ref, target, ok in rows
        ),
        "",
        "## HTTP: distinct cases against the static endpoint, side by side",
        "",
        f"`her2-cds serve` (default: {http['workers']} gevent workers, sharing the answers they make) on"
        " loopback, driven by wrk, alternating GET /api/v1/knowledge-base and POST /api/v1/recommendations with"
        " HER2-positive neoadjuvant cases no earlier request of the run sent"
        f" (of {http['distinct_bodies_today']:,} at the default date): at the API's default date, and each on its"
        " own day from 1998 to the cut-off (the engine's worst case: a case's class changes with its day, so a"
        " sixth to a fifth of the cases are a class no worker has answered). wrk's 2 threads run on the same"
        " cores as the workers, so the load generator takes CPU from the server on both sides of each ratio; the"
        " ratio, not the req/s, is the figure to compare between runs.",
        "",
        "Saturated: wrk flat out with 8 connections, each side's most req/s (latency there is mostly queueing).",
        "",
        "| endpoint | req/s | p99 (ms) | kB per answer | errors |",
        "|---|---:|---:|---:|---:|",
        _http_row("GET /api/v1/knowledge-base (reference)", static),
        _http_row("POST /api/v1/recommendations, distinct neoadjuvant, default date", neo),
        _http_row("POST /api/v1/recommendations, distinct neoadjuvant, each on its own day", dated),
        "",
        f"On a schedule at the target rate, {http['target_rps']:,.0f} req/s (half the static endpoint's saturated"
        f" rate), offered {http_load.PACED_AIM - 1:.0%} above it: {most} connections, each on its own wrk thread and"
        f" due every {most}/rate seconds, their times spread evenly over that period (an open loop kept by wrk's"
        " Lua). Each answer is timed from the moment its request was due, so an"
        " answer that holds its connection past the next one's time counts that wait against the next one too;"
        " wrk's own p99 beside it: from the moment each request went out, with the requests it guesses a slow"
        " answer held back filled in at the run's mean interval. Its load is the target rate as a share of that"
        " workload's saturated req/s above: the nearer to 100%, the longer a burst's queue takes to drain.",
        "",
        "| endpoint | req/s | load | p99 from due (ms) | wrk's p99 (ms) | errors |",
        "|---|---:|---:|---:|---:|---:|",
        _scheduled_row("GET /api/v1/knowledge-base (reference)", static_paced),
        _scheduled_row("POST /api/v1/recommendations, distinct neoadjuvant, default date", neo_paced),
        _scheduled_row("POST /api/v1/recommendations, distinct neoadjuvant, each on its own day", dated_paced),
        "",
        "| target | value | verdict |",
        "|---|---:|---|",
        f"| distinct neoadjuvant >= {http_load.TARGET_RATIO:.0%} of the static endpoint's req/s | {http['ratio']:.0%} |"
        f" {_verdict(http['ratio'] >= http_load.TARGET_RATIO)} |",
        f"| at that rate, distinct neoadjuvant p99 <= {http_load.TARGET_P99_MS:g} ms (served at {neo_paced['rps']:,.0f}"
        f" req/s of {http['target_rps']:,.0f}) | {neo_paced['p99_ms']:.1f} ms |"
        f" {_verdict(neo_paced['p99_ms'] <= http_load.TARGET_P99_MS and neo_paced['rps'] >= http['target_rps'])} |",
        f"| saturated, distinct neoadjuvant p99 (no target: queueing; the static endpoint's {static['p99_ms']:.1f} ms)"
        f" | {neo['p99_ms']:.1f} ms | |",
        f"| distinct neoadjuvant, each on its own day from 1998 to the cut-off, >= {http_load.TARGET_RATIO:.0%} of"
        f" the static endpoint's req/s | {http['ratio_dated']:.0%} | {_verdict(dated_met)} |",
        f"| at that rate, the same p99 <= {http_load.TARGET_P99_MS:g} ms (served at {dated_paced['rps']:,.0f} req/s)"
        f" | {dated_paced['p99_ms']:.1f} ms |"
        f" {_verdict(dated_paced['p99_ms'] <= http_load.TARGET_P99_MS and dated_paced['rps'] >= http['target_rps'])} |",
        "",
        "## The answer page and kb check",
        "",
        "| target | value | verdict |",
        "|---|---:|---|",
        f"| answer page (GET /answer, {page['html_ms']:.1f} ms) <= {PAGE_OVER_JSON:g}x its JSON twin (GET /answer.json,"
        f" {page['json_ms']:.1f} ms), median of {len(PAGE_CASES)} cases in one process | {page_ratio:.1f}x |"
        f" {_verdict(page_ratio <= PAGE_OVER_JSON)} |",
        f"| `her2-cds kb check` over the whole case space <= {KB_CHECK_SECONDS:g} s | {check:.1f} s |"
        f" {_verdict(check <= KB_CHECK_SECONDS)} |",
        "",
        "## Worker memory",
        "",
        f"{rss['requests']:,} requests of distinct cases over the whole space, {rss['workers']} workers;"
        f" the largest worker {rss['rss_start_mib']} MiB at the start, {rss['rss_end_mib']} MiB at the end.",
        "",
        "| target | value | verdict |",
        "|---|---:|---|",
        f"| worst worker's RSS growth <= {memory.TARGET_GROWTH:.0%} of its start | {rss['growth']:+.1%} |"
        f" {_verdict(rss['growth'] <= memory.TARGET_GROWTH)} |",
        f"| growth over the second half only (a leak keeps growing) | {rss['growth_second_half']:+.1%} | |",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=10.0, help="each HTTP wrk run (default 10)")
    parser.add_argument("--requests", type=int, default=100_000, help="requests for the memory check")
    args = parser.parse_args(argv)
    start = " ".join(f"{x:.2f}" for x in os.getloadavg())  # a machine shared with others: say how busy
    engine = engine_medians()
    page = page_over_json()
    check = kb_check_seconds()
    http = http_load.measure(args.seconds, rounds=2)
    rss = memory.measure(args.requests)
    # a hand-kept "## History" (before and after figures of earlier runs) survives each rewrite
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    history = old[old.index(HISTORY) :] if HISTORY in old else ""
    text = write(engine, http, rss, start, page, check)
    RESULTS.write_text(text + ("\n" + history if history else ""), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
