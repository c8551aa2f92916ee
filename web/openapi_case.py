"""The case's rules across fields in JSON Schema, read from the vocabulary (engine/case_fields.py).

What engine.parse_case checks beyond each field's own type (a setting's required fields, fields that
belong to other settings, a field that needs a boolean set, a count that must be 0 on the first line,
fields that contradict each other (rules/contradictions.toml), dates not in the future) is said here:
`oneOf` the settings, each with what it needs and refuses, and `allOf` the other rules, so that the OpenAPI
document accepts
exactly the cases the server accepts. The same rules are written twice over: for the JSON case (not
given: absent or null) and for the case as form strings in a query (not given: absent or empty).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from engine.case_fields import CASE_FIELDS, FIELDS, SETTINGS, CaseField
from engine.contradictions import Contradiction
from engine.phrasing import ClinicalWords
from engine.rule import Condition

Schema = dict[str, Any]


def dates_up_to(day: dt.date) -> str:
    """A pattern matching the YYYY-MM-DD strings on or before `day` (compared digit by digit, as text)."""
    text = day.isoformat()
    options = [text]  # digits and hyphens: nothing to escape (a JSON Schema pattern is ECMA 262)
    for i, char in enumerate(text):
        if char.isdigit() and char != "0":
            below = "0" if char == "1" else f"0-{int(char) - 1}"
            rest = "".join(r"\d" if c.isdigit() else "-" for c in text[i + 1 :])
            options.append(f"{text[:i]}[{below}]{rest}")
    return "^(?:" + "|".join(options) + ")$"


def _same_length(low: str, high: str) -> str:
    """A pattern for the digit strings from `low` to `high`, both of one length."""
    if len(low) == 1:
        return f"[{low}-{high}]" if low != high else low
    if low[0] == high[0]:
        return low[0] + _same_length(low[1:], high[1:])
    rest = len(low) - 1
    parts = [low[0] + _same_length(low[1:], "9" * rest)]
    if int(high[0]) - int(low[0]) > 1:
        parts.append(f"[{int(low[0]) + 1}-{int(high[0]) - 1}]" + r"\d" * rest)
    parts.append(high[0] + _same_length("0" * rest, high[1:]))
    return "(?:" + "|".join(parts) + ")"


def whole_numbers(low: int, high: int) -> str:
    """A pattern (unanchored) for the whole numbers from `low` to `high`, written without leading zeros."""
    parts = []
    for length in range(len(str(low)), len(str(high)) + 1):
        first, last = max(low, 10 ** (length - 1) if length > 1 else 0), min(high, 10**length - 1)
        parts.append(_same_length(str(first), str(last)))
    return "(?:" + "|".join(parts) + ")"


def _decimals(low: int, high: int) -> str:
    """A pattern (unanchored) for the numbers from low/100 to high/100 as typed: a whole number, then
    optionally a point and up to two decimals, or a comma and one or two (2,5 as much of the world writes it)."""
    any_fraction = r"(?:\.\d{0,2}|,\d{1,2})?"
    whole_low, rest_low = divmod(low, 100)
    whole_high, rest_high = divmod(high, 100)
    assert whole_low < whole_high, "a range across whole numbers"
    assert rest_high == 0, "a range ending on a whole number"
    parts = [rf"{whole_high}(?:\.0{{0,2}}|,0{{1,2}})?"]
    if whole_low + 1 <= whole_high - 1:
        parts.append(whole_numbers(whole_low + 1, whole_high - 1) + any_fraction)
    if rest_low == 0:
        parts.append(str(whole_low) + any_fraction)
    else:  # the smallest whole number: only fractions from rest_low hundredths
        two = _same_length(f"{rest_low:02d}", "99")
        one = f"[{-(-rest_low // 10)}-9]"
        parts.append(rf"{whole_low}[.,](?:{two}|{one})")
    return "(?:" + "|".join(parts) + ")"


def _form_value(field: CaseField, today: dt.date) -> Schema:
    """A field's value as a form string, given (not empty)."""
    if field.kind in ("choice", "boolean"):
        return {"type": "string", "enum": list(field.values)}
    if field.kind == "date":
        return past_date(today)
    assert field.minimum is not None
    assert field.maximum is not None
    if field.kind == "integer":  # "2.0" is 2, as in JSON (engine.case.read_integers)
        return {"type": "string", "pattern": rf"^{whole_numbers(int(field.minimum), int(field.maximum))}(?:\.0*)?$"}
    low, high = round(field.minimum * 100), round(field.maximum * 100)
    return {"type": "string", "pattern": f"^{_decimals(low, high)}$"}


class _Given:
    """How a case says a field is given, not given, true or zero: in JSON or as form strings."""

    def __init__(self, form: bool) -> None:
        self.form = form

    def given(self) -> Schema:
        return {"minLength": 1} if self.form else {"not": {"type": "null"}}

    def absent(self) -> Schema:
        return {"maxLength": 0} if self.form else {"type": "null"}

    def true(self) -> Schema:
        return {"const": "true"} if self.form else {"const": True}

    def zero(self) -> Schema:
        return {"pattern": r"^(?:0(?:\.0*)?)?$"} if self.form else {"maximum": 0}

    def holds(self, cond: Condition) -> Schema:
        """The case says `cond` (equals, one_of, is_true, is_false): its value, or its default if left out."""
        field = CASE_FIELDS[cond.fact]
        flags: dict[str, list[object]] = {"is_true": [True], "is_false": [False]}
        given: list[object] = list(cond.value) if isinstance(cond.value, list) else [cond.value]
        wanted = flags.get(cond.op, given)
        default_holds = field.default is not None and field.default in wanted
        values: list[object] = [str(v).lower() if isinstance(v, bool) else v for v in wanted] if self.form else wanted
        if self.form and default_holds:
            values = [*values, ""]
        schema: Schema = {"properties": {cond.fact: {"enum": values}}}
        return schema if default_holds else {**schema, "required": [cond.fact]}


def by_setting(form: bool) -> list[Schema]:
    """One schema per setting (for `oneOf`): its required fields given, the fields of other settings not."""
    say = _Given(form)
    branches = []
    for setting in SETTINGS:
        needed = [f.name for f in FIELDS if setting in f.required_in]
        refused = [f.name for f in FIELDS if f.refused_elsewhere and setting not in f.settings]
        properties = {"setting": {"const": setting}, **{n: say.given() for n in needed}}
        branches.append(
            {
                "title": setting,
                "properties": properties | {n: say.absent() for n in refused},
                "required": ["setting", *needed],
            }
        )
    return branches


def cross_field_rules(form: bool, contradictions: Sequence[Contradiction]) -> list[Schema]:
    """The vocabulary's other rules across fields and the knowledge base's contradictions, each an `anyOf` of
    the ways to keep it (for `allOf`)."""
    say = _Given(form)
    rules: list[Schema] = []
    for field in FIELDS:
        if field.needs_true:  # not given, or the boolean it needs is true
            true = {"properties": {field.needs_true: say.true()}, "required": [field.needs_true]}
            rules.append({"anyOf": [{"properties": {field.name: say.absent()}}, true]})
        if field.zero_when:  # the other field is not that value, or this count is 0 or not given
            other, value = field.zero_when
            rules.append(
                {
                    "anyOf": [
                        {"properties": {other: {"not": {"const": value}}}},
                        {"properties": {field.name: say.zero()}},
                    ]
                }
            )
    for found in contradictions:  # fields that contradict each other: not all of its tests at once
        rules.append({"not": {"allOf": [say.holds(c) for c in found.when]}})
    return rules


def _without_null(schema: Schema) -> Schema:
    """An optional property's schema without its null choice (pydantic writes anyOf [the type, null])."""
    kept = [s for s in schema.get("anyOf", []) if s != {"type": "null"}]
    if len(kept) != 1:
        return {**schema, "not": {"type": "null"}}
    rest = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
    return {**rest, **kept[0]}


def described_field(field: CaseField, words: ClinicalWords) -> str:
    """A case field as the schemas describe it: the form's label (the knowledge base's), then what it allows."""
    return f"{words.label(field.name)}: {field.allowed}"


def json_case(
    schema: Schema, today: dt.date, contradictions: Sequence[Contradiction]
) -> tuple[Schema, dict[str, Schema]]:
    """pydantic's Case schema made exact: one whole schema per setting (its required fields given, the
    fields of other settings null or left out, the other rules across fields), and no date in the future.

    Returns the Case schema (oneOf the settings, discriminated by `setting`) and the per-setting schemas.
    """
    for field in FIELDS:
        if field.kind == "date":
            schema["properties"][field.name] |= past_date(today)
    branches: dict[str, Schema] = {}
    for setting in SETTINGS:
        name = "Case" + "".join(word.title() for word in setting.split("_"))
        properties = dict(schema["properties"])
        properties["setting"] = {**properties["setting"], "const": setting}
        properties["setting"].pop("enum", None)
        needed = [f.name for f in FIELDS if setting in f.required_in]
        for field in FIELDS:
            if field.name in needed:
                properties[field.name] = _without_null(properties[field.name])
            elif field.refused_elsewhere and setting not in field.settings:
                properties[field.name] = {"type": "null", "description": f"not for {setting} cases: null or left out"}
        branch = {
            **schema,
            "title": name,
            "description": f"A {setting.replace('_', ' ')} case.",
            "properties": properties,
            "required": [*schema.get("required", []), *needed],
        }
        rules = cross_field_rules(False, contradictions)
        if rules:
            branch["allOf"] = rules
        branches[name] = branch
    case = {
        "title": "Case",
        "description": schema.get("description", ""),
        "oneOf": [{"$ref": f"#/components/schemas/{name}"} for name in branches],
        "discriminator": {
            "propertyName": "setting",
            "mapping": {s: f"#/components/schemas/{n}" for s, n in zip(SETTINGS, branches, strict=True)},
        },
    }
    return case, branches


def form_case(today: dt.date, contradictions: Sequence[Contradiction], words: ClinicalWords) -> Schema:
    """The case as the answer page's links carry it: form strings, an empty optional field not given."""
    properties: Schema = {}
    for field in FIELDS:
        value = _form_value(field, today)
        described = {"description": described_field(field, words)}
        if field.required:
            properties[field.name] = {**value, **described}
        else:  # the form's blank choice: empty means not given, as null does in JSON
            properties[field.name] = {"anyOf": [value, {"type": "string", "maxLength": 0}], **described}
    return {
        "type": "object",
        "description": "A case as form strings (true/false, numbers as typed, 2,5 or 2.5); an empty field is left"
        " out. The same rules across fields as Case.",
        "properties": properties,
        "required": [f.name for f in FIELDS if f.required],
        "additionalProperties": False,
        "oneOf": by_setting(form=True),
        "allOf": cross_field_rules(True, contradictions),
    }


def past_date(today: dt.date) -> Schema:
    """A date that the server refuses in the future."""
    return {"type": "string", "format": "date", "pattern": dates_up_to(today)}
