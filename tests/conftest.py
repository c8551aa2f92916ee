"""Shared fixtures and steps. Colleagues add theirs below; keep each fixture's purpose in its docstring."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser
from served import Server, serving
from web_browser import chromium, serve

from her2_cds.engine import Engine
from her2_cds.web import create_app


@pytest.fixture(scope="session")
def engine() -> Engine:
    """One engine over the project's rules/ for the whole test session."""
    return Engine.load()


# ---- web (issue 3): the flaskr fixture chain app -> client ----


@pytest.fixture
def app(engine: Engine) -> Flask:
    """The web app in testing mode, built over the session's engine (no second knowledge-base load)."""
    return create_app({"TESTING": True, "ENGINE": engine})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Flask's test client for the app."""
    return app.test_client()


# ---- the browser tests: the app on a live server and Debian's Chromium, one of each per module ----


@pytest.fixture(scope="module")
def live_server(engine: Engine) -> Iterator[str]:
    """The app on a free port in werkzeug's threaded server; yields its base URL."""
    with serve(create_app({"ENGINE": engine})) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless (never a downloaded browser)."""
    with chromium() as launched:
        yield launched


# ---- the real server (tests/served.py) ----


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`her2-cds serve` on a free loopback port with WORKERS=2, one per test module, stopped after it."""
    with serving(tmp_path_factory.mktemp("serve") / "server.log", workers=2) as running:
        yield running
