"""An app built over another rules folder (create_app's RULES_DIR) serves that knowledge base's regimens, in its
order, its cut-off and its contradictions, in its answers, its lists, its pages and its OpenAPI document; never the
packaged ones."""

from __future__ import annotations

import pytest
from flask import Flask
from jsonschema import Draft202012Validator
from other_kb import (
    EXTENDED_WITHOUT_TRASTUZUMAB,
    FIRST_LINE_ON_REVIEW_DAY,
    MAN_WITH_MENOPAUSAL_STATUS,
    OTHER_CUTOFF,
    OTHER_DISCLAIMER,
    OTHER_WHY,
    write_other_kb,
)

from engine import Engine
from web import create_app
from web.services import current_engine


@pytest.fixture(scope="module")
def other_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app over a copy of rules/ with an earlier cut-off, its own disclaimer, its regimens in reverse order and
    its own contradictions."""
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


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/recommendations", EXTENDED_WITHOUT_TRASTUZUMAB),
        ("/api/v1/what-if", EXTENDED_WITHOUT_TRASTUZUMAB),
        (
            "/cds-services/her2-case-review",
            {"hook": "org.her2-cds.case-review", "context": {"case": EXTENDED_WITHOUT_TRASTUZUMAB}},
        ),
    ],
)
def test_the_app_refuses_a_case_by_its_own_contradictions(other_app: Flask, path: str, body: object) -> None:
    response = other_app.test_client().post(path, json=body)
    assert response.status_code == 422, path
    errors = {e["field"]: e["message"] for e in response.get_json()["errors"]}
    assert set(errors) == {"setting", "prior_trastuzumab"}
    assert all(m.endswith(OTHER_WHY) for m in errors.values())


def test_the_apps_form_shows_its_own_contradiction_and_answers_what_only_the_packaged_refuse(other_app: Flask) -> None:
    query = {k: str(v).lower() if isinstance(v, bool) else v for k, v in EXTENDED_WITHOUT_TRASTUZUMAB.items()}
    refused = other_app.test_client().get("/answer", query_string=query)
    assert refused.status_code == 422
    assert OTHER_WHY in refused.get_data(as_text=True)
    assert other_app.test_client().get("/answer.json", query_string=MAN_WITH_MENOPAUSAL_STATUS).status_code == 200
    answered = other_app.test_client().post("/api/v1/recommendations", json=MAN_WITH_MENOPAUSAL_STATUS)
    assert answered.status_code == 200


def test_the_apps_openapi_case_holds_its_own_contradictions(other_app: Flask) -> None:
    spec = other_app.test_client().get("/api/v1/openapi.json").get_json()

    def valid(name: str, case: dict[str, object]) -> bool:
        return Draft202012Validator(
            {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
        ).is_valid(case)

    assert not valid("CaseExtendedAdjuvant", EXTENDED_WITHOUT_TRASTUZUMAB)
    assert valid("CaseMetastatic", MAN_WITH_MENOPAUSAL_STATUS)
