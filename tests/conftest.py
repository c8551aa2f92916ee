"""Shared fixtures and steps. Colleagues add theirs below; keep each fixture's purpose in its docstring."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from packaged import parse_packaged
from playwright.sync_api import Browser, Page
from served import SHORT_DEADLINES
from session_helpers import spread_sample, thin_space
from tiny_kb import write_kb
from web_browser import chromium, serve

from engine import Engine, load_knowledge_base
from engine.rulebook import Rulebook, build_rulebook
from her2_cds.serving import Served, serving
from web import create_app
from web.store import DATABASE_ENV


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked slow run first, each module's in its own order: `make test` hands each worker a half of
    the list and the idle one takes from the tail of the other's, so a long test left near the end would run
    alone while the other worker waits."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session", autouse=True)
def _database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every app and server a test starts (and their children) keeps seminars in a database of this session
    (each worker its own), never in the checkout's instance folder."""
    before = os.environ.get("HER2_CDS_DATABASE_URL")
    os.environ["HER2_CDS_DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('db') / 'seminars.sqlite3'}"
    yield
    if before is None:
        del os.environ["HER2_CDS_DATABASE_URL"]
    else:
        os.environ["HER2_CDS_DATABASE_URL"] = before


@pytest.fixture(scope="session")
def engine() -> Engine:
    """One engine over the project's rules/ for the whole test session."""
    return Engine.load()


# ---- web: the flaskr fixture chain app -> client ----


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seminars' SQLite file of this test session (per worker), never the checkout's instance/ database: that
    one outlives the run, and the seminars a run creates there would count against the next run's limits."""
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'her2-cds.sqlite3'}"


@pytest.fixture(scope="session")
def app(engine: Engine, database_url: str) -> Flask:
    """The web app in testing mode over the session's engine, built once: it keeps no state between requests
    but its seminars, and building it (40 routes compiled) cost more than most tests that use it. A test that
    adds a route takes `fresh_app`."""
    return create_app({"TESTING": True, "ENGINE": engine, "DATABASE_URL": database_url})


@pytest.fixture
def fresh_app(engine: Engine, tmp_path: Path) -> Flask:
    """A web app of the test's own, for a test that changes it (adds a route), with a database of its own."""
    return create_app({"TESTING": True, "ENGINE": engine, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Flask's test client for the app."""
    return app.test_client()


@pytest.fixture
def afresh_client(engine: Engine, tmp_path: Path) -> FlaskClient:
    """A client of an app that keeps no answer page (web/page_cache.py): each page is rendered from what the engine
    answers, for a test that changes that (a kept page would be the unchanged answer's)."""
    config = {"TESTING": True, "ENGINE": engine, "PAGE_CACHE_BYTES": 0}
    return create_app({**config, "DATABASE_URL": f"sqlite:///{tmp_path / 'afresh.sqlite3'}"}).test_client()


# ---- the browser tests: the app on a live server and Debian's Chromium, one of each per session (per worker) ----


@pytest.fixture(scope="session")
def live_server(engine: Engine, database_url: str) -> Iterator[str]:
    """The app on a free port in werkzeug's threaded server; yields its base URL."""
    with serve(create_app({"ENGINE": engine, "DATABASE_URL": database_url})) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless (never a downloaded browser)."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def pages(browser: Browser) -> Iterator[list[Page]]:
    """Pages opened by a test; their contexts are closed after it."""
    opened: list[Page] = []
    yield opened
    for page in opened:
        page.context.close()


# ---- the real server (her2_cds/serving.py) ----


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`her2-cds serve` on a free loopback port with WORKERS=2 and short deadlines (tests/support/served.py), one
    for the whole session (each start costs seconds), stopped after it."""
    served_at = tmp_path_factory.mktemp("serve")
    env = {**SHORT_DEADLINES, DATABASE_ENV: f"sqlite:///{served_at / 'her2-cds.sqlite3'}"}
    with serving(2, served_at / "server.log", env) as running:
        yield running


# ---- the durable-rules runner tests ----


@pytest.fixture(scope="session")
def space(engine: Engine) -> list[dict[str, Any]]:
    """Every 16th case of the whole threshold case space, walked once per session for the tests that sample it."""
    return thin_space(engine)


@pytest.fixture(scope="module")
def sample_facts(space: list[dict[str, Any]]) -> list[dict[str, object]]:
    """2,000 distinct case facts spread over the case space."""
    facts = [parse_packaged(raw).as_fact() for raw in spread_sample(space, 2000)]
    assert len({json.dumps(f, sort_keys=True) for f in facts}) == 2000
    return facts


@pytest.fixture
def tiny(tmp_path: Path) -> Rulebook:
    """The tiny hand-written knowledge base's rulebook."""
    return build_rulebook(load_knowledge_base(write_kb(tmp_path)))


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Switch threads every microsecond, so that a missing lock shows within a few thousand runs."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)
