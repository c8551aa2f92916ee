"""wrk's summary as the benchmark reads it (benchmarks/server.py read_summary): wrk prints sizes in binary units
and latencies with their own units; a script on a schedule adds its own percentiles, timed from when each was due."""

from __future__ import annotations

import pytest

from benchmarks.server import read_summary

SUMMARY = """Running 1s test @ http://127.0.0.1:8765/
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.69ms    2.22ms  10.44ms   83.72%
    Req/Sec   403.10    209.72   767.00     70.00%
  Latency Distribution
     50%    2.01ms
     75%    3.10ms
     90%    5.55ms
     99%   10.12ms
  402 requests in 1.00s, 2.46MB read
Requests/sec:    400.80
Transfer/sec:      2.45MB
"""


def test_the_bytes_read_are_counted_in_binary_units() -> None:
    assert read_summary(SUMMARY).bytes_read == pytest.approx(2.46 * 1024 * 1024)


def test_the_latencies_are_read_in_their_own_units() -> None:
    load = read_summary(SUMMARY)
    assert (load.requests, load.seconds, load.p50_ms, load.p99_ms) == (402, 1.0, 2.01, 10.12)


def test_a_schedule_s_own_percentiles_replace_wrk_s_keeping_wrk_s_p99_beside_them() -> None:
    load = read_summary(SUMMARY + 'OPEN_LOOP {"p50_ms": 3.5, "p99_ms": 250.0}\n')
    assert (load.p50_ms, load.p99_ms, load.p99_wrk_ms) == (3.5, 250.0, 10.12)
