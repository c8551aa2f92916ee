"""Subcutaneous forms, biosimilars and context notes (rules/regimens.toml) reach the reader: with the regimen they
belong to, on the answer page and in the handout, from their own day (as_of respected), with their source."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from web_cases import SECOND_LINE as SECOND_LINE_CASE
from web_cases import as_form
from web_html import parse_html

from engine import Engine

FIRST_LINE = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
}
SECOND_LINE = as_form(SECOND_LINE_CASE)
# a case that offers each regimen that has notes
CASES: dict[str, dict[str, Any]] = {
    "trastuzumab_chemotherapy": FIRST_LINE,
    "pertuzumab_trastuzumab_chemotherapy": FIRST_LINE,
    "trastuzumab_deruxtecan": SECOND_LINE,
}


def _fold(client: FlaskClient, case: dict[str, Any], regimen: str, day: str) -> str:
    response = client.get("/answer", query_string={**case, "as_of": day})
    assert response.status_code == 200
    return parse_html(response.get_data(as_text=True)).by_id(f"regimen-{regimen}").text


def test_every_note_is_shown_with_its_regimen_from_its_day_not_the_day_before(
    client: FlaskClient, engine: Engine
) -> None:
    assert engine.kb.regimen_notes, "no notes loaded"
    for note in engine.kb.regimen_notes:
        assert note.verified, f"an unverified note is loaded: {note.text}"
        day = note.date.counts_from()
        first_words = " ".join(note.text.split()[:6])
        on = _fold(client, CASES[note.regimen], note.regimen, day.isoformat())
        assert first_words in on, f"{note.regimen} on {day}: {first_words!r} not shown"
        assert " ".join(note.source.split()[:4]) in on, "its source is not shown"
        before = _fold(client, CASES[note.regimen], note.regimen, day.fromordinal(day.toordinal() - 1).isoformat())
        assert first_words not in before, f"{first_words!r} shown before {day}"


def test_no_note_names_a_year_after_its_own_date(engine: Engine) -> None:
    for note in engine.kb.regimen_notes:
        years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", note.text)}
        assert all(y <= note.date.counts_from().year for y in years), note.text


def test_a_note_does_not_repeat_its_kind_nor_speak_of_rules(engine: Engine) -> None:
    """The page prints a note after its kind ("2024-04-05, context, not a breast indication: ..."): the note's own
    words neither say the kind again nor speak of the engine's rules, which the page's reader does not see."""
    for note in engine.kb.regimen_notes:
        parts = [part.lower() for part in engine.kb.words.form_kinds[note.kind].split(", ")]
        assert not any(note.text.lower().startswith(part) for part in parts), note.text
        assert not re.search(r"\brules?\b", note.text), note.text


@pytest.mark.parametrize("path", ["/handout.md"])
def test_the_handout_lists_them_under_their_regimen(client: FlaskClient, path: str) -> None:
    text = client.get(path, query_string={**FIRST_LINE, "as_of": "2020-07-01"}).get_data(as_text=True)
    assert "Herceptin Hylecta" in text
    assert "Phesgo" in text
    assert "Poherdy" not in text  # approved 2025-11-13


def test_the_json_answer_carries_each_note_with_its_regimen_from_its_day(client: FlaskClient, engine: Engine) -> None:
    """/api/v1/recommendations gives each recommendation its forms, each with its kind, day and source: on its
    day, not the day before."""

    def forms(regimen: str, text: str, on: dt.date) -> list[dict[str, Any]]:
        case = {k: json_value(v) for k, v in CASES[regimen].items()}
        body = client.post("/api/v1/recommendations", json={**case, "as_of": on.isoformat()}).get_json()
        rec = next(r for r in body["recommendations"] if r["regimen_id"] == regimen)
        return [f for f in rec["forms"] if f["text"] == text]

    for note in engine.kb.regimen_notes:
        day = note.date.counts_from()
        (shown,) = forms(note.regimen, note.text, day)
        assert (shown["kind"], shown["date"], shown["source"]) == (note.kind, str(note.date), note.source)
        assert shown["counts_from"] == day.isoformat()
        assert forms(note.regimen, note.text, day - dt.timedelta(days=1)) == []


def json_value(value: str) -> Any:
    """A form value as JSON carries it ("true" -> True, "1" -> 1)."""
    return {"true": True, "false": False}.get(value, int(value) if value.isdigit() else value)


def test_the_openapi_document_describes_the_forms(client: FlaskClient) -> None:
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    forms = schemas["Recommendation"]["properties"]["forms"]
    assert "biosimilars" in forms["description"]
    assert set(schemas["RegimenForm"]["required"]) >= {"kind", "date", "counts_from", "text", "source"}
