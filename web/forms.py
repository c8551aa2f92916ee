"""The case form: the fields of engine/case_fields.py, and the conversion of the submitted strings into a case.

An empty optional field is absent; a field that does not convert (text in a number field, 2.5 in a
whole-number field) is an error naming the field, never coerced; "2.0" in a whole-number field is 2, as
2.0 is in the JSON API. Everything else is then checked
by `engine.parse_case`, and the two lists of errors are merged, one message per field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from engine import Case, CaseError, FieldError, parse_case
from engine.case_checks import CaseChecks
from engine.case_fields import CASE_FIELDS, FIELDS, SETTINGS, CaseField
from engine.phrasing import ClinicalWords

__all__ = ["BY_NAME", "FIELDS", "SETTINGS", "case_from_form", "case_from_values", "form_values", "hint_words"]

# ASCII digits only: Python's int() and float() would quietly read "２.5" or "٣". Each pattern reads a
# string one way only (the point is required inside its optional group), so its cost is linear in the
# string: "[0-9]+\.?[0-9]*" could split a run of digits n ways and took 0.2 s to refuse 8,000 of them
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+")
BY_NAME = CASE_FIELDS


def hint_words(field: CaseField, words: ClinicalWords) -> str:
    """The form's hint in clinical words: the field's hint (the knowledge base's) and, for a number, its range (the
    field's bounds); never the API's wording ("Allowed: true or false") and never a date format the browser's date
    control may not show."""
    hint, says = words.fields[field.name].hint, words.form_hint
    if field.kind in ("integer", "number") and field.minimum is not None and field.maximum is not None:
        unit = says("unit", unit=field.unit) if field.unit else ""
        low, high = f"{field.minimum:g}", f"{field.maximum:g}"
        return says("whole" if field.kind == "integer" else "number", hint=hint, low=low, high=high, unit=unit)
    if field.kind == "date":
        return says("date", hint=hint)
    return hint


def _shown(raw: str) -> str:
    return repr(raw if len(raw) <= 40 else raw[:37] + "...")


def form_values(args: MultiDict[str, str]) -> tuple[dict[str, str], dict[str, int]]:
    """The submitted strings, trimmed, in form order, empty ones dropped; and each field given more than once (an
    error), with how many times."""
    values: dict[str, str] = {}
    repeated: dict[str, int] = {}
    ordered = [f.name for f in FIELDS if f.name in args] + [k for k in args if k not in BY_NAME]
    for name in ordered:
        given = [v.strip() for v in args.getlist(name) if v.strip()]
        if len(given) > 1:
            repeated[name] = len(given)
        elif given:
            values[name] = given[0]
    return values, repeated


def _convert(field: CaseField | None, raw: str, checks: CaseChecks) -> Any:
    """A form string as the case's JSON value; ValueError names what is wrong, in `checks`' words."""
    if field is None or field.kind in ("choice", "date"):
        return raw  # unknown fields, choices and dates are checked by parse_case
    if field.kind == "boolean":
        if raw == "unknown" and field.nullable:
            return None  # said to be not known: not the default
        if raw not in field.values:
            said = checks.says("not_boolean_or_unknown" if field.nullable else "not_boolean", value=_shown(raw))
            raise ValueError(checks.allowed(said, field.allowed))
        return raw == "true"
    noun = "not_whole" if field.kind == "integer" else "not_number"
    if field.kind == "number" and _DECIMAL_COMMA.fullmatch(raw):
        raw = raw.replace(",", ".")  # "2,5" as much of the world writes 2.5
    if not _NUMBER.fullmatch(raw):
        raise ValueError(checks.allowed(checks.says(noun, value=_shown(raw)), field.allowed))
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError(checks.allowed(checks.says("out_of_range", value=_shown(raw)), field.allowed))
    if field.kind == "integer":
        # read as the JSON API reads a number (engine.case.read_integers): "2.0" is 2, "2.5" is refused
        if not value.is_integer():
            raise ValueError(checks.allowed(checks.says(noun, value=_shown(raw)), field.allowed))
        return int(value)
    return value


def _as_typed(error: FieldError, data: Mapping[str, Any], values: Mapping[str, str]) -> FieldError:
    """The message with the value as the person typed it ("0", not the converted "0.0")."""
    name = error.field
    if name not in values or not isinstance(data.get(name), int | float) or isinstance(data.get(name), bool):
        return error
    converted = str(data[name])
    if not error.message.startswith(converted + " "):
        return error
    return FieldError(field=name, message=_shown(values[name]) + error.message[len(converted) :])


def case_from_values(values: Mapping[str, str], checks: CaseChecks) -> Case:
    """Convert and validate (fields that contradict each other by the answering knowledge base's
    `checks`); CaseError names every bad field once, conversion errors first."""
    data: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, raw in values.items():
        try:
            data[name] = _convert(BY_NAME.get(name), raw, checks)
        except ValueError as exc:
            errors.append(FieldError(field=name, message=str(exc)))
    try:
        case = parse_case(data, checks=checks)
    except CaseError as exc:
        seen = {e.field for e in errors}
        errors += [_as_typed(e, data, values) for e in exc.errors if e.field not in seen]
    if errors:
        raise CaseError(errors)
    return case


def case_from_form(args: MultiDict[str, str], checks: CaseChecks) -> tuple[Case, dict[str, str]]:
    """The case a query string describes and the values as entered, or CaseError naming every bad field."""
    values, repeated = form_values(args)
    errors = [FieldError(field=n, message=checks.says("repeated", times=str(t))) for n, t in repeated.items()]
    try:
        case = case_from_values(values, checks)
    except CaseError as exc:
        seen = {e.field for e in errors}
        raise CaseError(errors + [e for e in exc.errors if e.field not in seen]) from None
    if errors:
        raise CaseError(errors)
    return case, values
