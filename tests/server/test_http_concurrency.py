"""The real server under concurrent clients: `her2-cds serve` (gunicorn, 2 workers) gives each client its own answer."""

from __future__ import annotations

import http.client
import json
import threading
import time
from typing import Any

import pytest
from served import IO_SECONDS, post, tracebacks
from session_helpers import run_threads, spread_sample

from engine import Engine
from her2_cds.serving import Served
from web.gunicorn_conf import keepalive

CLIENTS = 32
CASES_PER_CLIENT = 8


@pytest.mark.slow
def test_concurrent_clients_get_the_single_threaded_answers(
    server: Served, engine: Engine, space: list[dict[str, Any]]
) -> None:
    """32 clients at once, 8 distinct cases each: every HTTP answer equals the engine's single-threaded JSON."""
    cases = spread_sample(space, CLIENTS * CASES_PER_CLIENT)
    assert len({json.dumps(c, sort_keys=True) for c in cases}) == CLIENTS * CASES_PER_CLIENT
    expected = [engine.evaluate(c).model_dump(mode="json") for c in cases]
    results: dict[int, tuple[int, Any]] = {}
    start = threading.Barrier(CLIENTS)

    def client(k: int) -> None:
        start.wait(timeout=30)
        for j in range(k, len(cases), CLIENTS):
            status, body = post(server.port, cases[j])
            results[j] = (status, json.loads(body))

    run_threads(CLIENTS, client, seconds=300)
    assert sorted(results) == list(range(len(cases)))
    assert [j for j, (status, _) in results.items() if status != 200] == []
    assert results[0][1]["knowledge_base"]["sha256"] == engine.kb.sha256, "the server loaded other rules"
    wrong = [j for j, (_, body) in results.items() if body != expected[j]]
    assert wrong == [], f"{len(wrong)} answers differ, first case {cases[wrong[0]] if wrong else None}"


@pytest.mark.slow
def test_concurrent_invalid_cases_get_their_own_errors(server: Served) -> None:
    """32 clients at once, each sending its own invalid case, each get 422 naming their own bad field."""
    fields = ["setting", "hormone_receptor_status", "node_status", "menopausal_status"]
    results: dict[int, tuple[int, Any]] = {}

    def client(k: int) -> None:
        case = {
            "setting": "adjuvant",
            "her2_status": "positive",
            "hormone_receptor_status": "positive",
            "tumor_size_cm": 2.0,
            "node_status": "negative",
            fields[k % 4]: f"bad{k}",
        }
        status, body = post(server.port, case)
        results[k] = (status, json.loads(body))

    run_threads(CLIENTS, client, seconds=120)
    assert sorted(results) == list(range(CLIENTS))
    for k, (status, body) in results.items():
        assert status == 422
        assert [e["field"] for e in body["errors"]] == [fields[k % 4]]
        assert f"bad{k}" in body["errors"][0]["message"]


@pytest.mark.slow
def test_an_idle_kept_alive_connection_is_closed_quietly(server: Served) -> None:
    """A client that keeps its connection open between requests for longer than a read may stall, but less than
    the keep-alive time, is neither a socket error nor a traceback in the log."""
    assert keepalive > IO_SECONDS + 1
    logged = len(server.log.read_text(errors="replace"))
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("GET", "/api/v1/knowledge-base")
        response = conn.getresponse()
        response.read()
        assert response.status == 200
        time.sleep(IO_SECONDS + 1)
    finally:
        conn.close()
    time.sleep(0.5)  # the worker's side of the close, logged if it were an error
    assert not tracebacks(server.log.read_text(errors="replace")[logged:])


@pytest.mark.slow
def test_server_logged_no_traceback(server: Served) -> None:
    """After the concurrent runs the server is still up and its log holds no traceback."""
    assert server.process.poll() is None
    assert not tracebacks(server.log.read_text(errors="replace"))
