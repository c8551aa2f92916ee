"""A case whose fields contradict each other (rules/contradictions.toml): a 422 in the API naming both fields
and why, the messages beside both fields in the form, and an OpenAPI schema that refuses it too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from packaged import CASE_CHECKS
from rules_copy import loaded, refused
from web_html import parse_html

from engine import CaseError, load_knowledge_base
from web.openapi import openapi_document

EXTENDED = {
    "setting": "extended_adjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "positive",
    "prior_trastuzumab": False,
}
FIRST_LINE_TREATED = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
    "prior_metastatic_chemotherapy": True,
}


def _why(field: str, other: str) -> str:
    return next(c.why for c in CASE_CHECKS if {field, other} <= set(c.fields))


@pytest.mark.parametrize(
    ("case", "field", "other"),
    [
        (EXTENDED, "prior_trastuzumab", "setting"),
        (FIRST_LINE_TREATED, "prior_metastatic_chemotherapy", "metastatic_line"),
    ],
)
def test_the_api_refuses_a_contradiction_naming_both_fields_and_why(
    client: FlaskClient, case: dict[str, Any], field: str, other: str
) -> None:
    response = client.post("/api/v1/recommendations", json=case)
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.get_json()["errors"]}
    assert set(errors) == {field, other}
    assert f"contradicts {other} " in errors[field]
    assert f"contradicts {field} " in errors[other]
    assert all(_why(field, other) in m for m in errors.values())


def test_the_form_shows_the_contradiction_beside_both_fields(client: FlaskClient) -> None:
    query = {k: str(v).lower() if isinstance(v, bool) else v for k, v in EXTENDED.items()}
    response = client.get("/answer", query_string=query)
    assert response.status_code == 422
    doc = parse_html(response.get_data(as_text=True))
    beside = {name: doc.by_id(f"error-{name}") for name in ("setting", "prior_trastuzumab")}
    assert all(node is not None for node in beside.values()), "a message is missing beside a field"
    assert "contradicts setting extended_adjuvant" in beside["prior_trastuzumab"].text
    assert "contradicts prior_trastuzumab false" in beside["setting"].text


def test_the_openapi_case_refuses_what_the_server_refuses() -> None:
    spec = openapi_document(load_knowledge_base())
    schema = {"$ref": "#/components/schemas/CaseExtendedAdjuvant", "components": spec["components"]}
    check = Draft202012Validator(schema)
    assert not check.is_valid(EXTENDED)
    assert check.is_valid({k: v for k, v in EXTENDED.items() if k != "prior_trastuzumab"})  # not known: no conflict
    assert check.is_valid({**EXTENDED, "prior_trastuzumab": True})


def test_a_bad_contradiction_stops_the_load_naming_the_file_and_id(tmp_path: Path) -> None:
    file, record, _ = refused(tmp_path, "contradictions.toml", 'op = "is_false"', 'op = "is_absent"')
    assert (file, record) == ("contradictions.toml", "extended_adjuvant.without_trastuzumab")


@pytest.mark.parametrize(
    ("old", "new", "record"),
    [
        ('and = " and "\n', "", "message.and"),
        ('"{field} {value}"', '"{field}"', "message.other"),
        ('"{value} contradicts {others}: {why}"', '"{value} contradicts {others}"', "message.contradicts"),
    ],
)
def test_a_message_sentence_missing_or_misslotted_stops_the_load(
    tmp_path: Path, old: str, new: str, record: str
) -> None:
    file, refused_record, _ = refused(tmp_path, "contradictions.toml", old, new)
    assert (file, refused_record) == ("contradictions.toml", record)


def test_the_messages_are_said_in_the_words_of_the_copy(tmp_path: Path) -> None:
    """The message beside each field is the knowledge base's sentence: reworded in a copy, the copy's words."""
    engine = loaded(
        tmp_path,
        ("contradictions.toml", '"{value} contradicts {others}: {why}"', '"{value} does not fit {others} ({why})"'),
        ("contradictions.toml", '"{field} {value}"', '"{field} = {value}"'),
    )
    with pytest.raises(CaseError) as caught:
        engine.parse(EXTENDED)
    said = {e.field: e.message for e in caught.value.errors}
    assert (
        said["prior_trastuzumab"]
        == f"false does not fit setting = extended_adjuvant ({_why('prior_trastuzumab', 'setting')})"
    )


def test_the_batch_names_the_contradiction_for_its_case_only(client: FlaskClient) -> None:
    good = {**EXTENDED, "prior_trastuzumab": True}
    body = client.post("/api/v1/recommendations/batch", json={"cases": [good, EXTENDED]}).get_json()
    assert (body["answered"], body["invalid"]) == (1, 1)
    assert {e["field"] for e in body["results"][1]["errors"]} == {"setting", "prior_trastuzumab"}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/what-if", EXTENDED),
        ("/api/v1/learner/score", {"case": EXTENDED, "choices": {}}),
        ("/cds-services/her2-case-review", {"hook": "org.her2-cds.case-review", "context": {"case": EXTENDED}}),
    ],
)
def test_every_path_that_takes_a_case_refuses_it(client: FlaskClient, path: str, body: dict[str, Any]) -> None:
    response = client.post(path, json=body)
    assert response.status_code == 422, path
    assert "contradicts" in response.get_data(as_text=True)
