"""One reading of every number: a whole number and its float twin (2 and 2.0) are the same case on every surface.

2.0 in a whole-number field is read as 2 everywhere, before any check runs (engine.case.read_integers): JSON
has one number type and JSON Schema counts 2.0 as an integer, so a client that wrote 2.0 meant 2. The form
reads "2.0" the same way. A surface that read the twin apart (refused it, or let it past a check that the
integer fails) would give a different verdict here.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaged import CASE_CHECKS, parse_packaged

from engine import CaseError
from engine.case_fields import CASE_FIELDS
from web.forms import case_from_values

# a base case where each whole-number field applies (and one where a count must be 0)
BASES: dict[str, dict[str, Any]] = {
    "first line": {
        "setting": "metastatic",
        "her2_status": "positive",
        "metastatic_line": "first",
        "hormone_receptor_status": "negative",
        "prior_trastuzumab": True,
    },
    "pretreated": {
        "setting": "metastatic",
        "her2_status": "positive",
        "metastatic_line": "pretreated",
        "hormone_receptor_status": "positive",
        "prior_trastuzumab": True,
    },
    "adjuvant": {
        "setting": "adjuvant",
        "her2_status": "positive",
        "hormone_receptor_status": "positive",
        "tumor_size_cm": 1.5,
        "node_status": "negative",
    },
}
WHERE = {
    "months_since_trastuzumab": ("first line", "pretreated"),
    "prior_metastatic_her2_regimens": ("first line", "pretreated"),
    "tumor_grade": ("adjuvant",),
    "age_years": ("adjuvant",),
}


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Any], str, int]:
    """A base case, one of its whole-number fields and a value around that field's range."""
    name = draw(st.sampled_from(sorted(WHERE)))
    field = CASE_FIELDS[name]
    assert field.minimum is not None
    assert field.maximum is not None
    value = draw(st.integers(int(field.minimum) - 2, int(field.maximum) + 2))
    return BASES[draw(st.sampled_from(WHERE[name]))], name, value


def _verdict(outcome: Any) -> Any:
    """What a surface answered, without what differs between any two requests (ids)."""
    if isinstance(outcome, dict):
        return {k: _verdict(v) for k, v in outcome.items() if k not in ("request_id", "uuid")}
    if isinstance(outcome, list):
        return [_verdict(v) for v in outcome]
    return outcome


def _parsed(case: dict[str, Any]) -> Any:
    try:
        return parse_packaged(case).model_dump(mode="json")
    except CaseError as exc:
        return [(e.field, e.message) for e in exc.errors]


def _form(case: dict[str, Any], name: str, text: str) -> Any:
    values = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in case.items()} | {name: text}
    try:
        return case_from_values(values, CASE_CHECKS).model_dump(mode="json")
    except CaseError as exc:
        return [(e.field, e.message.replace(repr(text), "<value>")) for e in exc.errors]


# every JSON surface that takes a case: the body each sends around it
SURFACES = {
    "/api/v1/recommendations": lambda case: case,
    "/api/v1/recommendations/batch": lambda case: {"cases": [case]},
    "/api/v1/what-if": lambda case: case,
    "/api/v1/timeline": lambda case: case,
    "/api/v1/learner/score": lambda case: {"case": case, "choices": {}},
    "/cds-services/her2-case-review": lambda case: {
        "hook": "org.her2-cds.case-review",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"case": case},
    },
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=cases())
def test_a_whole_number_and_its_float_twin_are_one_case_in_the_engine_and_the_form(
    example: tuple[dict[str, Any], str, int],
) -> None:
    """parse_case and the form: n and n.0 ("n" and "n.0") give the same case or the same errors."""
    base, name, value = example
    assert _parsed({**base, name: value}) == _parsed({**base, name: float(value)})
    assert _form(base, name, str(value)) == _form(base, name, f"{value}.0")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=cases())
def test_a_whole_number_and_its_float_twin_get_one_answer_on_every_surface(
    app: Flask, example: tuple[dict[str, Any], str, int]
) -> None:
    """Each JSON surface (API, batch, what-if, timeline, learner, CDS Hooks) and the form's JSON answer."""
    base, name, value = example
    client = app.test_client()
    for path, wrap in SURFACES.items():
        answers = [client.post(path, json=wrap({**base, name: v})) for v in (value, float(value))]
        assert answers[0].status_code == answers[1].status_code, path
        assert _verdict(answers[0].get_json()) == _verdict(answers[1].get_json()), path
    query = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in base.items()}
    answers = [client.get("/answer.json", query_string={**query, name: text}) for text in (str(value), f"{value}.0")]
    assert answers[0].status_code == answers[1].status_code
    if answers[0].status_code == 200:
        assert _verdict(answers[0].get_json()) == _verdict(answers[1].get_json())


@pytest.mark.parametrize("twin", [2, 2.0])
def test_a_count_the_first_line_rules_out_is_refused_as_a_float_too(app: Flask, twin: float) -> None:
    """The red team's case: two prior regimens on the first line is a 422 whether sent as 2 or 2.0."""
    case = {**BASES["first line"], "prior_metastatic_her2_regimens": twin}
    response = app.test_client().post("/api/v1/recommendations", json=case)
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == ["prior_metastatic_her2_regimens"]
