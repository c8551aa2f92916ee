"""An app built over another rules folder (create_app's RULES_DIR) serves that knowledge base's regimens, in its
order, in its answers, its regimen list and its OpenAPI document; never the packaged ones."""

from __future__ import annotations

import pytest
from flask import Flask
from other_kb import FIRST_LINE_ON_REVIEW_DAY, write_other_kb

from engine import Engine
from web import create_app
from web.services import current_engine


@pytest.fixture(scope="module")
def other_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app over a copy of rules/ with its regimens listed in reverse order."""
    return create_app({"TESTING": True, "RULES_DIR": str(write_other_kb(tmp_path_factory.mktemp("other")))})


def own_ids(app: Flask) -> tuple[str, ...]:
    with app.app_context():
        return current_engine().kb.regimen_ids


def test_the_app_lists_its_knowledge_bases_regimens(other_app: Flask, engine: Engine) -> None:
    ids = own_ids(other_app)
    assert ids == tuple(reversed(engine.kb.regimen_ids))
    listed = other_app.test_client().get("/api/v1/regimens").get_json()["regimens"]
    assert tuple(r["id"] for r in listed) == ids


def test_the_apps_answer_orders_untied_options_by_its_regimens(other_app: Flask) -> None:
    answer = other_app.test_client().post("/api/v1/recommendations", json=FIRST_LINE_ON_REVIEW_DAY).get_json()
    untied = [r["regimen_id"] for r in answer["recommendations"] if r["status"] == "investigational"]
    assert len(untied) == 3
    assert untied == sorted(untied, key=own_ids(other_app).index)


def test_the_openapi_document_names_the_apps_regimens(other_app: Flask) -> None:
    schemas = other_app.test_client().get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    choices = schemas["LearnerScoreRequest"]["properties"]["choices"]["propertyNames"]["enum"]
    assert tuple(choices) == own_ids(other_app)
