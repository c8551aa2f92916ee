"""The README's Deployment section promises what the code does: each number in it is read here from the constant the
code uses, and every number it states is one of these (a new promise needs its constant and a test here).

The behaviour behind each figure is tested where it happens: the deadlines, the per-address bound and the
chunk sizes on the real server (tests/server/test_http_slots.py, test_http_abuse.py), the limits of a body
and of an error (test_error_echo.py, test_web_jsonbody.py, test_web_limits.py), the chart cache and the
headers below.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from flask import Flask

from teaching.evidence import known_on
from web import MAX_BODY_BYTES, bounds, charts, gunicorn_conf, worker
from web.jsonbody import MAX_KEYS, MAX_NUMBER_CHARS
from web.limits import ECHO_CHARS, MAX_ERRORS

README = Path(__file__).parents[2] / "README.md"
SECTION = README.read_text().split("## Deployment", 1)[1].split("\n## ", 1)[0]
TEST_SERVER = "the tests' server uses"


def _words(text: str) -> str:
    return " ".join(text.split())


# each promise as the README words it, with the code's own numbers
PROMISES = [
    f"up to {gunicorn_conf.worker_connections} per worker",
    f"headers must arrive within {bounds.DEFAULT_HEADER_SECONDS:g} s",
    f"the body whole within {bounds.DEFAULT_BODY_SECONDS:g} s after them",
    f"makes no progress for {bounds.DEFAULT_IO_SECONDS:g} s",
    f"at most {bounds.DEFAULT_PER_ADDRESS} of a worker's connections",
    f"a body is at most {MAX_BODY_BYTES // 2**20} MiB",
    f"a number in JSON at most {MAX_NUMBER_CHARS} characters",
    f"an object at most {MAX_KEYS:,} keys",
    f"an error lists at most {MAX_ERRORS} problems",
    f"repeats at most {ECHO_CHARS} characters of what was sent",
    f"in a cache of at most {charts.CACHE_SIZE}",
    f"a chart not drawn in {worker.DRAW_SECONDS:g} s is a 503",
    f"an address over {gunicorn_conf.limit_request_line:,} bytes",
]


def test_the_deployment_section_states_each_limit_as_the_code_sets_it() -> None:
    text = _words(SECTION)
    missing = [promise for promise in PROMISES if promise not in text]
    assert missing == []


def test_every_number_in_the_deployment_section_is_a_checked_promise() -> None:
    """A number the section states outside the promises above (and the tests' server's figures) is unchecked."""
    text = _words(SECTION)
    covered = [m.span() for p in PROMISES for m in re.finditer(re.escape(p), text)]
    # the tests' server's figures (checked below), HTTP statuses (each tested where it is answered), an address
    covered += [m.span() for m in re.finditer(rf"{TEST_SERVER} [^)]*", text)]
    covered += [m.span() for m in re.finditer(r"\b[45]\d\d\b|127\.0\.0\.1", text)]
    numbers = re.finditer(r"(?<![\w/.-])\d+(?:[,.]\d+)*(?![\w])", text)  # not the 2 of HER2 or the 1 of v1
    unchecked = [m.group() for m in numbers if not any(a <= m.start() < b for a, b in covered)]
    assert unchecked == []


def test_the_tests_server_uses_the_figures_the_section_names() -> None:
    from served import BODY_SECONDS, HEADER_SECONDS, IO_SECONDS, PER_ADDRESS

    text = _words(SECTION)
    assert f"{TEST_SERVER} {HEADER_SECONDS:g}, {BODY_SECONDS:g} and {IO_SECONDS:g} s" in text
    assert f"{TEST_SERVER} {PER_ADDRESS})" in text


def test_the_chart_cache_holds_at_most_its_size(engine: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """More distinct charts than the cache holds: the cache keeps CACHE_SIZE, the most recent."""
    from engine import Engine

    assert isinstance(engine, Engine)
    store = charts.ChartStore(drawer=lambda name, kb, marked: f"{name}{kb.sha256}{marked}".encode())
    monkeypatch.setattr(charts.ChartView, "fingerprint", lambda view, name, marked: f"{name}{id(view)}{marked}")
    kbs = [known_on(engine.kb, dt.date(2000, 1, 1) + dt.timedelta(days=i)) for i in range(charts.CACHE_SIZE + 5)]
    views = [charts.ChartView.of(kb) for kb in kbs]  # kept alive: the fingerprint above is their id
    for view in views:
        store.svg("pcr", view)
    assert len(store) == charts.CACHE_SIZE


@pytest.mark.parametrize(
    "path",
    [
        "/handout.md?setting=adjuvant&her2_status=positive&hormone_receptor_status=positive&tumor_size_cm=2&node_status=negative",
        "/cases/first-line-today/handout.md",
        "/answer?setting=adjuvant&her2_status=positive&hormone_receptor_status=positive&tumor_size_cm=2&node_status=negative",
        "/api/v1/cases",
    ],
)
def test_every_answer_that_can_carry_a_case_is_not_stored(app: Flask, path: str) -> None:
    response = app.test_client().get(path)
    assert response.status_code == 200, path
    assert response.headers["Cache-Control"] == "no-store"


def test_charts_and_static_files_say_how_they_may_be_kept(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/evidence/pcr.svg").headers["Cache-Control"] == "public, max-age=3600"
    with client.get("/static/style.css") as static:
        assert static.headers["Cache-Control"] == "no-cache"  # kept, asked again before each use (ETag)


@pytest.mark.parametrize("cite", [["nope"], ["neosphere", "nope"], ["nope", "neosphere"]])
def test_an_unknown_study_in_any_cite_is_a_422_naming_cite(app: Flask, cite: list[str]) -> None:
    query = [("cite", c) for c in cite]
    response = app.test_client().get("/evidence/pcr.svg", query_string=query, headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == ["cite"]


def test_a_date_given_twice_is_a_422_not_a_choice_of_one(app: Flask) -> None:
    response = app.test_client().get(
        "/evidence/pcr.svg?as_of=2010-01-01&as_of=2020-01-01", headers={"Accept": "application/json"}
    )
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "as_of"


def test_a_body_one_byte_over_the_limit_is_a_413(app: Flask) -> None:
    body = b"[" + b" " * (MAX_BODY_BYTES - 2) + b"]"
    client = app.test_client()
    within = client.post("/api/v1/recommendations", data=body, content_type="application/json")
    over = client.post("/api/v1/recommendations", data=body + b" ", content_type="application/json")
    assert (within.status_code, over.status_code) == (422, 413)


def test_a_number_one_character_over_the_limit_is_a_400(app: Flask) -> None:
    client = app.test_client()
    for digits, status in ((MAX_NUMBER_CHARS, 422), (MAX_NUMBER_CHARS + 1, 400)):
        body = b'{"setting": "adjuvant", "her2_status": "positive", "tumor_size_cm": ' + b"1" * digits + b"}"
        assert client.post("/api/v1/recommendations", data=body, content_type="application/json").status_code == status
