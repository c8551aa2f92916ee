"""The real server: `her2-cds serve` (gunicorn, --preload) on a free port, called over HTTP, then stopped."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from packaged import DISCLAIMER
from served import tracebacks
from web_cases import CASES

from engine import Engine
from engine.answer_store import SCRATCH_ENV, STORE_ENV, AnswerStore
from her2_cds.serving import serving


def call(url: str, body: Any = None) -> tuple[int, dict[str, str], bytes]:
    """GET (or POST a JSON body) and return status, headers and body, errors included."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`her2-cds serve` with WORKERS=1, one for the module's tests (each start costs seconds); yields its base URL
    and its log file, and checks it stopped cleanly."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serving(1, log) as running:
        yield running.url, log
    assert running.process.returncode == 0, log.read_text()


@pytest.mark.slow
def test_her2_cds_serve_answers_over_http(served: tuple[str, Path], engine: Engine) -> None:
    """The gunicorn server answers the form, an answer page and the API, with security headers and an access log."""
    base, log = served
    status, headers, body = call(base + "/")
    assert status == 200
    assert b"Educational use only, not for clinical decisions." in body
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    status, _, body = call(base + "/api/v1/recommendations", CASES["neoadjuvant"])
    assert status == 200
    answer = json.loads(body)
    assert answer == engine.evaluate(CASES["neoadjuvant"]).model_dump(mode="json")
    assert answer["disclaimer"] == DISCLAIMER
    status, _, body = call(base + "/api/v1/recommendations", {"setting": "adjuvant"})
    assert status == 422
    assert {e["field"] for e in json.loads(body)["errors"]} >= {"tumor_size_cm", "node_status"}
    status, _, body = call(base + "/api/v1/recommendations/batch", {"cases": list(CASES.values())})
    assert status == 200
    assert json.loads(body)["answered"] == len(CASES)
    status, _, _ = call(base + "/no-such-page")
    assert status == 404
    time.sleep(0.5)  # let the access log reach the file
    lines = log.read_text().splitlines()
    assert any('"GET / HTTP/1.1" 200' in line for line in lines)
    assert any('"POST /api/v1/recommendations HTTP/1.1" 422' in line for line in lines)
    assert not tracebacks(log.read_text())


def test_a_server_that_cannot_start_is_reported_with_its_exit_and_log(tmp_path: Path) -> None:
    """`her2-cds serve` over a missing rules folder exits at once; starting it fails with its exit code and log."""
    log = tmp_path / "serve.log"
    missing = {"HER2_CDS_RULES": str(tmp_path / "no-rules")}
    with pytest.raises(RuntimeError, match="exited with 3") as failure, serving(1, log, missing):
        pytest.fail("a server over a missing rules folder answered")
    assert "the knowledge base cannot load" in str(failure.value)


@pytest.mark.slow
def test_a_busy_client_does_not_hold_a_worker_from_the_others(served: tuple[str, Path]) -> None:
    """With one worker, a client that sends 2,000 requests at once on one connection is answered in turn
    with another client, who is answered before the busy client's last answer (not after all of them)."""
    base, _ = served
    busy = socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])))
    answered: list[int] = []

    def read_all() -> None:
        tail = b""
        while sum(answered) < 2000 and (chunk := busy.recv(65536)):
            answered.append((tail + chunk).count(b"HTTP/1.1 200") - tail.count(b"HTTP/1.1 200"))
            tail = chunk[-16:]

    reader = threading.Thread(target=read_all)
    with busy:
        busy.sendall(b"GET /api/v1/knowledge-base HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * 2000)
        reader.start()
        status, _, _ = call(base + "/api/v1/knowledge-base")
        before_other = sum(answered)
        reader.join(60)
    assert status == 200
    assert sum(answered) == 2000
    assert before_other < 1000


@pytest.mark.slow
def test_the_workers_share_answers_in_a_file_of_the_run_removed_when_it_stops(tmp_path: Path) -> None:
    """`her2-cds serve` names a file of its own run for the workers' shared answers (in the master's environment),
    an answer kept there once a worker made it, and the file's folder is gone when the server stops."""
    with serving(2, tmp_path / "serve.log") as running:
        environ = dict(
            line.split("=", 1) for line in Path(f"/proc/{running.process.pid}/environ").read_text().split("\0") if line
        )
        scratch = Path(environ[SCRATCH_ENV])
        assert Path(environ[STORE_ENV]).parent == scratch
        status, _, _ = call(running.url + "/api/v1/recommendations", CASES["neoadjuvant"])
        assert status == 200
        assert len(AnswerStore(environ[STORE_ENV])) == 1
    assert running.process.returncode == 0
    assert not scratch.exists()
