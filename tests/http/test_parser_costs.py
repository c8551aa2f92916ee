"""Every text parser a request reaches costs time linear in its input: 100 kB of adversarial input to each, through
the app, within a budget measured against a trivial request in the same run.

The shapes are the ones that make a backtracking regular expression or a naive loop go quadratic: long runs
of what a pattern repeats, then a character it cannot end on (8,000 digits and an "x" once took 0.3 s in
the form). Each request runs in a forked child, so a parser that blows the budget is stopped there, not
waited for. The FHIR intake's readers have their own such test (tests/records).
"""

from __future__ import annotations

import io
import json
import os
import signal
import statistics
import time
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from werkzeug.test import EnvironBuilder

SIZE = 100_000
# times a trivial request (a small case whose answer is cached: about 0.2 ms): the costliest linear parse of
# 100 kB here (Werkzeug's Content-Type parameters, 2.5 us a byte; gunicorn lets 8,190 bytes of a header
# through) takes about 1,300; a quadratic one, 100,000s (the form's old number pattern: 8 kB took 0.2 s)
BUDGET = 2500
DEADLINE = 10.0  # seconds before a child still parsing is stopped (the test then fails)
FORM = {
    "setting": "adjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "positive",
    "tumor_size_cm": "2",
    "node_status": "negative",
}
CASE = {**FORM, "tumor_size_cm": 2}
DIGITS_THEN_X = "1" * SIZE + "x"


def _query(**changes: str) -> str:
    return "&".join(f"{k}={quote(v)}" for k, v in (FORM | changes).items())


# name: (method, path, body, headers)
REQUESTS: dict[str, tuple[str, str, bytes | None, dict[str, str]]] = {
    "form number": ("GET", f"/answer.json?{_query(tumor_size_cm=DIGITS_THEN_X)}", None, {}),
    "form number, point then digits": ("GET", f"/answer.json?{_query(tumor_size_cm='1.' + DIGITS_THEN_X)}", None, {}),
    "form decimal comma": ("GET", f"/answer.json?{_query(tumor_size_cm='1,' * (SIZE // 2))}", None, {}),
    "form whole number": ("GET", f"/answer.json?{_query(age_years=DIGITS_THEN_X)}", None, {}),
    "form date": ("GET", f"/answer.json?{_query(as_of='2' * SIZE)}", None, {}),
    "form boolean": ("GET", f"/answer.json?{_query(prior_trastuzumab='t' * SIZE)}", None, {}),
    "form keys": ("GET", f"/answer.json?{_query()}&" + "a=1&" * (SIZE // 4), None, {}),
    "form repeated field": (
        "GET",
        f"/answer.json?{_query()}" + "&setting=adjuvant&her2_status=positive" * (SIZE // 17),
        None,
        {},
    ),
    "chart date": ("GET", "/evidence/pcr.svg?as_of=" + "2" * SIZE, None, {}),
    "chart cite": ("GET", "/evidence/pcr.svg?cite=" + "neosphere," * (SIZE // 10), None, {}),
    "chart cite, unknown": ("GET", "/evidence/pcr.svg?cite=" + "a," * (SIZE // 2), None, {}),
    "open questions date": ("GET", "/api/v1/open-questions?as_of=" + "2" * SIZE + "x", None, {}),
    "path of slashes": ("GET", "/cases" + "/" * SIZE + "x", None, {}),
    "path": ("GET", "/api/v1/" + "a/" * (SIZE // 2), None, {}),
    "json nesting": ("POST", "/api/v1/recommendations", b"[" * SIZE, {}),
    "json number": ("POST", "/api/v1/recommendations", b'{"tumor_size_cm": ' + b"1" * SIZE + b"}", {}),
    "json escapes": ("POST", "/api/v1/recommendations", json.dumps({"setting": "\u00e9" * (SIZE // 6)}).encode(), {}),
    "json keys": ("POST", "/api/v1/recommendations", json.dumps({f"k{i}": 1 for i in range(SIZE // 10)}).encode(), {}),
    "json date": ("POST", "/api/v1/recommendations", json.dumps(CASE | {"as_of": "2" * SIZE}).encode(), {}),
    "batch": ("POST", "/api/v1/recommendations/batch", json.dumps({"cases": [{}] * (SIZE // 4)}).encode(), {}),
    "learner choices": (
        "POST",
        "/api/v1/learner/score",
        json.dumps({"case": CASE, "choices": {f"r{i}": "approved" for i in range(SIZE // 20)}}).encode(),
        {},
    ),
    "cds hook": ("POST", "/cds-services/her2-case-review", json.dumps({"hook": "h" * SIZE}).encode(), {}),
    "accept header": ("GET", "/", None, {"Accept": "text/html;q=0.1," * (SIZE // 16)}),
    "accept header, one long type": ("GET", "/", None, {"Accept": "text/" + "h" * SIZE}),
    "content type": (
        "POST",
        "/api/v1/recommendations",
        b"{}",
        {"Content-Type": "application/json;" + "a=b;" * (SIZE // 4)},
    ),
}


def _environ(method: str, path: str, body: bytes | None, headers: dict[str, str]) -> dict[str, Any]:
    """The request's WSGI environ, built before it is timed (the test client's own URL handling is not the app's)."""
    headers = {"Content-Type": "application/json"} | headers if body is not None else headers
    return EnvironBuilder(path=path, method=method, data=body, headers=headers).get_environ()


def _seconds(app: Flask, environ: dict[str, Any]) -> float:
    """One request through the app's WSGI callable, its answer read whole; its seconds (a 5xx fails)."""
    status: list[str] = []
    started = time.perf_counter()
    answer = app.wsgi_app(dict(environ, **{"wsgi.input": io.BytesIO(environ["wsgi.input"].getvalue())}),
                          lambda s, h, e=None: status.append(s))  # fmt: skip
    b"".join(answer)
    seconds = time.perf_counter() - started
    assert not status[0].startswith("5"), status[0]
    return seconds


TRIVIAL = ("POST", "/api/v1/recommendations", json.dumps(CASE).encode(), {})


def _timed_in_child(app: Flask, request: tuple[Any, ...], deadline: float) -> tuple[float, float] | None:
    """(a trivial request's median seconds, the request's seconds), both timed in a forked child, one after the
    other; None if the child was still running at `deadline` seconds (it is then killed)."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: time both, report, leave without the parent's exit handlers
        try:
            os.close(reader)
            trivial, environ = _environ(*TRIVIAL), _environ(*request)
            _seconds(app, trivial)
            reference = statistics.median(_seconds(app, trivial) for _ in range(9))
            seconds = min(_seconds(app, environ) for _ in range(2))  # the second run is spared first-touch costs
            os.write(writer, json.dumps([reference, seconds]).encode())
        finally:
            os._exit(0)
    os.close(writer)
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            with os.fdopen(reader) as result:
                reference, seconds = json.loads(result.read())
            return float(reference), float(seconds)
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(reader)
    return None


@pytest.fixture(scope="module")
def drawn(app: Flask) -> None:
    """The chart the requests ask for, drawn here once (a child would draw it again: not a parser's cost)."""
    client = app.test_client()
    for query in ("", "?cite=neosphere"):
        assert client.get(f"/evidence/pcr.svg{query}").status_code == 200


@pytest.mark.usefixtures("drawn")
@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_a_parser_fed_100_kb_of_adversarial_input_stays_within_its_budget(app: Flask, name: str) -> None:
    timed = _timed_in_child(app, REQUESTS[name], DEADLINE)
    assert timed is not None, f"{name}: still running after {DEADLINE:g} s"
    trivial, seconds = timed
    print(f"\n{name}: {seconds * 1000:.1f} ms, {seconds / trivial:.0f} x a trivial request ({trivial * 1000:.2f} ms)")
    assert seconds <= BUDGET * trivial, f"{name}: {seconds * 1000:.1f} ms, {seconds / trivial:.0f} x a trivial request"
