"""The application factory (web/__init__.py): one engine per app, injected or loaded, and its configuration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from web_cases import CASES

from engine import Engine, KnowledgeBaseError
from engine.loader import DEFAULT_RULES_DIR
from web import create_app
from web.charts import ChartStore
from web.services import ENGINE_KEY, charts_of, current_engine


def rules_dir() -> Path:
    return Path(os.environ.get("HER2_CDS_RULES") or DEFAULT_RULES_DIR)


def test_injected_engine_is_used(app: Flask, engine: Engine) -> None:
    """An engine given in test_config is the app's engine, used by every request."""
    assert app.extensions[ENGINE_KEY] is engine
    with app.app_context():
        assert current_engine() is engine
    assert "ENGINE" not in app.config


def test_each_app_has_its_own_chart_store(app: Flask, engine: Engine) -> None:
    """The chart store is built with the app, not shared through a module: two apps, two stores."""
    other = create_app({"TESTING": True, "ENGINE": engine})
    assert isinstance(charts_of(app), ChartStore)
    assert charts_of(other) is not charts_of(app)


def test_rules_dir_builds_one_engine_for_the_app(engine: Engine) -> None:
    """RULES_DIR loads the engine once, when the app is built; requests reuse it."""
    app = create_app({"TESTING": True, "RULES_DIR": str(rules_dir())})
    built = app.extensions[ENGINE_KEY]
    assert isinstance(built, Engine)
    assert built is not engine
    assert built.kb.sha256 == engine.kb.sha256
    client = app.test_client()
    for _ in range(3):
        assert client.post("/api/v1/recommendations", json=CASES["adjuvant"]).status_code == 200
    assert app.extensions[ENGINE_KEY] is built


def test_default_app_loads_the_packaged_or_configured_rules(engine: Engine) -> None:
    """create_app() with no config loads rules/ (or $HER2_CDS_RULES), as `her2-cds serve` does."""
    app = create_app()
    assert app.extensions[ENGINE_KEY].kb.sha256 == engine.kb.sha256
    assert not app.testing


def test_bad_rules_dir_stops_the_app_at_start(tmp_path: Path) -> None:
    """A rules folder that cannot load stops create_app with KnowledgeBaseError naming the file."""
    with pytest.raises(KnowledgeBaseError) as caught:
        create_app({"RULES_DIR": str(tmp_path)})
    assert str(tmp_path) in str(caught.value)


def test_engine_must_be_an_engine() -> None:
    """Anything but an Engine in ENGINE is refused at once."""
    with pytest.raises(TypeError, match=r"ENGINE must be an engine\.Engine"):
        create_app({"ENGINE": "not an engine"})


def test_blueprints_are_registered(app: Flask) -> None:
    """The app has its blueprints, each named by what it serves."""
    assert {"security", "errors", "api", "openapi", "pages"} <= set(app.blueprints)


def test_templates_see_the_knowledge_base(app: Flask, engine: Engine) -> None:
    """Every page's footer states the knowledge base's version, cut-off and sha256."""
    text = app.test_client().get("/").text
    assert engine.kb.info.version in text
    assert engine.kb.sha256 in text
    assert engine.kb.info.evidence_cutoff.isoformat() in text


def test_json_keeps_the_models_field_order(app: Flask) -> None:
    """JSON responses keep the models' field order rather than sorting keys."""
    body = app.test_client().get("/api/v1/knowledge-base").get_data(as_text=True)
    assert body.index('"version"') < body.index('"evidence_cutoff"') < body.index('"sha256"')
    assert app.json.sort_keys is False  # type: ignore[attr-defined]
