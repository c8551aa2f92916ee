"""An app built over another rules folder (create_app's RULES_DIR) serves that knowledge base's regimens, in its
order, and its cut-off, in its answers, its lists, its pages and its OpenAPI document; never the packaged ones."""

from __future__ import annotations

import pytest
from flask import Flask
from other_kb import FIRST_LINE_ON_REVIEW_DAY, OTHER_CUTOFF, OTHER_DISCLAIMER, write_other_kb

from engine import Engine
from web import create_app
from web.services import current_engine


@pytest.fixture(scope="module")
def other_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app over a copy of rules/ with an earlier cut-off, its own disclaimer and its regimens in reverse order."""
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


CUTOFF = OTHER_CUTOFF.isoformat()
DISCLAIMER_END = f"cut-off, {CUTOFF}."


def test_the_apps_answer_is_dated_and_stamped_with_its_cut_off(other_app: Flask) -> None:
    undated = {k: v for k, v in FIRST_LINE_ON_REVIEW_DAY.items() if k != "as_of"}
    answer = other_app.test_client().post("/api/v1/recommendations", json=undated).get_json()
    assert (answer["case"]["as_of"], answer["knowledge_base"]["evidence_cutoff"]) == (CUTOFF, CUTOFF)
    assert answer["disclaimer"].startswith(OTHER_DISCLAIMER)
    assert answer["disclaimer"].endswith(DISCLAIMER_END)
    for path in ("/api/v1/regimens", "/api/v1/knowledge-base", "/api/v1/no-such-thing"):
        said = other_app.test_client().get(path).get_json()["disclaimer"]
        assert said.startswith(OTHER_DISCLAIMER), path
        assert said.endswith(DISCLAIMER_END), path


def test_the_apps_cards_say_its_disclaimer(other_app: Flask) -> None:
    body = {"hook": "org.her2-cds.case-review", "context": {"case": FIRST_LINE_ON_REVIEW_DAY}}
    cards = other_app.test_client().post("/cds-services/her2-case-review", json=body).get_json()["cards"]
    assert cards
    for card in cards:
        assert f"_{OTHER_DISCLAIMER} " in card["detail"]
        assert card["detail"].endswith(f"{DISCLAIMER_END}_")
    services = other_app.test_client().get("/cds-services").get_json()["services"]
    assert all(s["description"].startswith(OTHER_DISCLAIMER) for s in services)


def test_the_apps_pages_state_its_cut_off(other_app: Flask, engine: Engine) -> None:
    """The form's coverage line, its latest date, the header and the footer: the app's disclaimer and cut-off,
    not the packaged ones."""
    page = " ".join(other_app.test_client().get("/").get_data(as_text=True).split())
    assert page.count(OTHER_DISCLAIMER.replace("'", "&#39;")) == 2  # the header and the footer
    assert f"the knowledge base's cut-off ({CUTOFF})" in page
    assert f'max="{CUTOFF}"' in page
    assert f"evidence to {CUTOFF}" in page
    assert engine.kb.evidence_cutoff.isoformat() not in page


def test_the_openapi_document_states_the_apps_cut_off(other_app: Flask) -> None:
    spec = other_app.test_client().get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    assert schemas["CaseMetastatic"]["properties"]["as_of"]["default"] == CUTOFF  # a case's date when it gives none
    assert spec["info"]["description"].startswith(OTHER_DISCLAIMER)
    assert spec["info"]["description"].endswith(DISCLAIMER_END)
    assert spec["info"]["summary"].endswith(f"cut-off, {CUTOFF}.")
    recommend = spec["paths"]["/api/v1/recommendations"]["post"]["description"]
    assert recommend.endswith(DISCLAIMER_END)
