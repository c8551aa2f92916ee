"""The case in the OpenAPI document (web/openapi_case.py) accepts exactly the cases the server accepts."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from packaged import CASE_CHECKS, parse_packaged

from engine import CaseError
from engine.case_fields import FIELDS, SETTINGS
from engine.loader import load_knowledge_base
from web.forms import case_from_values
from web.openapi import openapi_document
from web.openapi_case import dates_up_to, whole_numbers

TODAY = dt.date.today()
SPEC = openapi_document(load_knowledge_base(), TODAY)


def valid(model: str, instance: Any) -> bool:
    schema = {"$ref": f"#/components/schemas/{model}", "components": SPEC["components"]}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).is_valid(instance)


def _values(kind: str, low: float | None, high: float | None, choices: tuple[str, ...]) -> list[Any]:
    """A field's values at and just past its edges, and wrong types."""
    if kind == "choice":
        return [*choices, "other"]
    if kind == "boolean":
        return [True, False, 1]
    if kind == "date":
        return ["2013-01-01", TODAY.isoformat(), (TODAY + dt.timedelta(days=1)).isoformat(), "2013-02-30"]
    assert low is not None
    assert high is not None
    step = 1 if kind == "integer" else 0.01
    return [low, high, low - step, high + step, (low + high) / 2, "2"]


ABSENT = object()
CASES = st.fixed_dictionaries(
    {"setting": st.sampled_from([*SETTINGS, ABSENT])}
    | {
        f.name: st.sampled_from([ABSENT, None, *_values(f.kind, f.minimum, f.maximum, f.values)])
        for f in FIELDS
        if f.name != "setting"
    }
).map(lambda raw: {k: v for k, v in raw.items() if v is not ABSENT})


def accepted(case: dict[str, Any]) -> bool:
    try:
        parse_packaged(case, today=TODAY)
    except CaseError:
        return False
    return True


@settings(max_examples=600, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(CASES)
def test_the_case_schema_accepts_what_parse_case_accepts(case: dict[str, Any]) -> None:
    """A JSON case is valid against the document's Case exactly when parse_case accepts it."""
    assert valid("Case", case) == accepted(case), case


def as_typed(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


@settings(max_examples=600, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(CASES)
def test_the_form_schema_accepts_what_the_form_accepts(case: dict[str, Any]) -> None:
    """A case as query strings is valid against CaseForm exactly when the form reads it (empty: not given)."""
    form = {k: as_typed(v) for k, v in case.items()}
    try:
        case_from_values({k: v for k, v in form.items() if v}, CASE_CHECKS)
        read = True
    except CaseError:
        read = False
    assert valid("CaseForm", form) == read, form


def test_the_rules_are_read_from_the_vocabulary() -> None:
    """Each setting's schema requires the fields the vocabulary requires there and refuses the others'."""
    schemas = SPEC["components"]["schemas"]
    for ref, setting in zip(schemas["Case"]["oneOf"], SETTINGS, strict=True):
        branch = schemas[ref["$ref"].split("/")[-1]]
        assert branch["properties"]["setting"]["const"] == setting
        assert set(branch["required"]) == {"setting", "her2_status", "hormone_receptor_status"} | {
            f.name for f in FIELDS if setting in f.required_in
        }
        refused = {f.name for f in FIELDS if f.refused_elsewhere and setting not in f.settings}
        assert refused == {n for n, s in branch["properties"].items() if s.get("type") == "null"}


def test_the_date_pattern_ends_today() -> None:
    """dates_up_to matches every YYYY-MM-DD day up to the given one and none after it."""
    pattern = re.compile(dates_up_to(dt.date(2026, 11, 29)))
    day = dt.date(1999, 1, 1)
    while day < dt.date(2028, 1, 1):
        assert bool(pattern.match(day.isoformat())) == (day <= dt.date(2026, 11, 29)), day
        day += dt.timedelta(days=3)
    assert pattern.match("0001-01-01")
    assert not pattern.match("9999-12-31")


def test_the_whole_number_patterns_are_their_ranges() -> None:
    """whole_numbers(low, high) matches exactly the numbers from low to high, without leading zeros."""
    for low, high in [(0, 1200), (0, 10), (1, 3), (18, 110)]:
        pattern = re.compile(f"^{whole_numbers(low, high)}$")
        assert [n for n in range(3000) if pattern.match(str(n))] == list(range(low, high + 1))
        assert not pattern.match(f"0{low}")
