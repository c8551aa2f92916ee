"""Shared fixtures and steps. Colleagues add theirs below; keep each fixture's purpose in its docstring."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

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
