"""The benchmark's load on a schedule (benchmarks/http_load.py OPEN_LOOP, run by wrk): a server that stalls
is charged for every request that fell due during the stall, not only for those it was holding."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from benchmarks.http_load import PACED_GET
from benchmarks.server import Load, wrk

RATE, CONNECTIONS, SECONDS = 200, 4, 3
STALL_FROM, STALL_TO = 1.0, 1.3  # seconds after the first request: every answer waits for the end


class _Stalling(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as wrk expects
    disable_nagle_algorithm = True  # headers and body go out in two writes: without it each waits ~40 ms
    first: float | None = None

    def do_GET(self) -> None:
        now = time.monotonic()
        first = type(self).first = type(self).first or now
        if first + STALL_FROM <= now < first + STALL_TO:
            time.sleep(first + STALL_TO - now)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:  # quiet: a line per request otherwise
        pass


@pytest.fixture
def stalling_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Stalling", (_Stalling,), {}))  # its own first request
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def load(stalling_server: str, tmp_path: Path) -> Load:
    script = tmp_path / "get.lua"
    script.write_text(PACED_GET)
    period_ms = 1000 * CONNECTIONS / RATE
    args = (str(CONNECTIONS), f"{period_ms:.4f}")
    return wrk(stalling_server, SECONDS, CONNECTIONS, script, *args, threads=CONNECTIONS)


def test_a_stall_is_charged_to_every_request_due_during_it(load: Load) -> None:
    # 60 of ~600 requests fall due in the 300 ms stall: the slowest 1% waited most of it from their due time,
    # though only the 4 the server held were slow from the moment they went out
    assert load.p99_ms >= 200
    assert load.p50_ms < 50


def test_the_schedule_catches_up_after_a_stall(load: Load) -> None:
    # the requests held back go out as soon as their connection is free: the run serves the rate it offered
    assert load.rps == pytest.approx(RATE, rel=0.03)
