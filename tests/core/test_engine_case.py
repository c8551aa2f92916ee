"""Case validation: every bad field is named with what is allowed; nothing malformed reaches the rule engine."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from packaged import EVIDENCE_CUTOFF, parse_packaged

from engine import Case, CaseError, Engine
from engine.case import ALLOWED

ADJUVANT: dict[str, Any] = {
    "setting": "adjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "positive",
    "tumor_size_cm": 2.5,
    "node_status": "positive",
}
METASTATIC: dict[str, Any] = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
}


def errors_of(data: object, today: dt.date | None = None) -> dict[str, str]:
    with pytest.raises(CaseError) as caught:
        parse_packaged(data, today=today)
    errors = {e.field: e.message for e in caught.value.errors}
    assert len(errors) == len(caught.value.errors), "a field is reported twice"
    assert str(caught.value) == "; ".join(f"{e.field}: {e.message}" for e in caught.value.errors)
    return errors


def says_what_is_allowed(message: str) -> bool:
    return "allowed:" in message or "leave it out" in message


def test_valid_cases_parse(engine: Engine) -> None:
    """The base cases used below are valid; what they leave out is not known; the date is the engine's to give."""
    case = parse_packaged(ADJUVANT)
    assert (case.her2_status, case.menopausal_status, case.prior_trastuzumab) == ("positive", "unknown", None)
    assert case.as_of is None
    assert engine.parse(ADJUVANT).as_of == engine.dated(case).as_of == EVIDENCE_CUTOFF
    assert parse_packaged(METASTATIC).metastatic_line == "first"


def test_a_whole_float_is_that_integer() -> None:
    """JSON's 3.0 in a whole-number field is 3 (JSON and JSON Schema do not tell them apart); 3.5 is refused."""
    case = parse_packaged({**METASTATIC, "prior_trastuzumab": True, "months_since_trastuzumab": 3.0})
    assert case.months_since_trastuzumab == 3
    assert type(case.months_since_trastuzumab) is int


BAD_FIELDS: list[tuple[str, dict[str, Any], str]] = [
    ("setting", {"setting": "palliative"}, "setting"),
    ("setting is null", {"setting": None}, "setting"),
    ("setting as a list", {"setting": ["adjuvant"]}, "setting"),
    ("her2 upper case", {"her2_status": "POSITIVE"}, "her2_status"),
    ("receptor status", {"hormone_receptor_status": "weak"}, "hormone_receptor_status"),
    ("node status", {"node_status": "N1"}, "node_status"),
    ("menopause", {"menopausal_status": "peri"}, "menopausal_status"),
    ("size zero", {"tumor_size_cm": 0}, "tumor_size_cm"),
    ("size negative", {"tumor_size_cm": -1.5}, "tumor_size_cm"),
    ("size too large", {"tumor_size_cm": 31}, "tumor_size_cm"),
    ("size huge", {"tumor_size_cm": 1e308}, "tumor_size_cm"),
    ("size nan", {"tumor_size_cm": float("nan")}, "tumor_size_cm"),
    ("size inf", {"tumor_size_cm": float("inf")}, "tumor_size_cm"),
    ("size -inf", {"tumor_size_cm": float("-inf")}, "tumor_size_cm"),
    ("size as text", {"tumor_size_cm": "2.5"}, "tumor_size_cm"),
    ("size as boolean", {"tumor_size_cm": True}, "tumor_size_cm"),
    ("size as object", {"tumor_size_cm": {"cm": 2}}, "tumor_size_cm"),
    ("months as text", {"prior_trastuzumab": True, "months_since_trastuzumab": "3"}, "months_since_trastuzumab"),
    ("months as boolean", {"prior_trastuzumab": True, "months_since_trastuzumab": True}, "months_since_trastuzumab"),
    ("months fractional", {"prior_trastuzumab": True, "months_since_trastuzumab": 2.5}, "months_since_trastuzumab"),
    ("months negative", {"prior_trastuzumab": True, "months_since_trastuzumab": -1}, "months_since_trastuzumab"),
    ("months enormous", {"prior_trastuzumab": True, "months_since_trastuzumab": 10**30}, "months_since_trastuzumab"),
    ("months nan", {"prior_trastuzumab": True, "months_since_trastuzumab": float("nan")}, "months_since_trastuzumab"),
    ("prior as number", {"prior_trastuzumab": 1}, "prior_trastuzumab"),
    ("prior as zero", {"prior_trastuzumab": 0}, "prior_trastuzumab"),
    ("prior as text", {"prior_trastuzumab": "true"}, "prior_trastuzumab"),
    ("as_of not a date", {"as_of": "yesterday"}, "as_of"),
    ("as_of without dashes", {"as_of": "20130101"}, "as_of"),
    ("as_of as number", {"as_of": 20130101}, "as_of"),
    ("as_of with time", {"as_of": "2013-01-01T00:00:00"}, "as_of"),
    ("as_of 30 February", {"as_of": "2013-02-30"}, "as_of"),
    ("as_of month 13", {"as_of": "2013-13-01"}, "as_of"),
    ("as_of far future", {"as_of": "2999-01-01"}, "as_of"),
]


@pytest.mark.parametrize(("label", "change", "field"), BAD_FIELDS, ids=[b[0] for b in BAD_FIELDS])
def test_bad_field_is_named_with_what_is_allowed(label: str, change: dict[str, Any], field: str) -> None:
    """A single bad field gives exactly one error, on that field, saying what is allowed."""
    errors = errors_of({**ADJUVANT, **change})
    assert list(errors) == [field], label
    assert says_what_is_allowed(errors[field])
    if field in ALLOWED and "allowed:" in errors[field]:
        assert ALLOWED[field] in errors[field]


def test_unknown_field_is_rejected() -> None:
    """An unknown field is named and the message lists the case's fields."""
    errors = errors_of({**ADJUVANT, "colour": "red"})
    assert list(errors) == ["colour"]
    assert "is not a case field" in errors["colour"]
    assert all(name in errors["colour"] for name in ALLOWED)


def test_misspelt_field_is_rejected_not_ignored() -> None:
    """`tumour_size_cm` is an unknown field, and tumor_size_cm is then reported missing."""
    raw = {**ADJUVANT, "tumour_size_cm": ADJUVANT["tumor_size_cm"]}
    del raw["tumor_size_cm"]
    assert set(errors_of(raw)) == {"tumour_size_cm", "tumor_size_cm"}


def test_every_bad_field_is_reported_at_once() -> None:
    """Three bad fields give three errors, one per field."""
    errors = errors_of({**ADJUVANT, "setting": "x", "node_status": "y", "menopausal_status": "z"})
    assert set(errors) == {"setting", "node_status", "menopausal_status"}


@pytest.mark.parametrize("data", [[], "adjuvant", 3, None, [ADJUVANT]], ids=["list", "text", "number", "null", "list1"])
def test_a_case_that_is_not_an_object(data: object) -> None:
    """Anything but a JSON object is a CaseError on "(case)"."""
    errors = errors_of(data)
    assert list(errors) == ["(case)"]
    assert "JSON object" in errors["(case)"]


def test_required_fields() -> None:
    """An empty object names setting, HER2 status and hormone receptor status as required: none has a default."""
    errors = errors_of({})
    assert set(errors) == {"setting", "her2_status", "hormone_receptor_status"}
    assert all(m.startswith("is required") for m in errors.values())


# ---- cross-field rules ----


def test_metastatic_requires_a_line() -> None:
    """A metastatic case without metastatic_line names it and its choices."""
    raw = dict(METASTATIC)
    del raw["metastatic_line"]
    errors = errors_of(raw)
    assert list(errors) == ["metastatic_line"]
    assert "required for the metastatic setting" in errors["metastatic_line"]
    assert "first or pretreated" in errors["metastatic_line"]


@pytest.mark.parametrize("setting", ["neoadjuvant", "adjuvant"])
def test_a_line_is_rejected_outside_metastatic(setting: str) -> None:
    """metastatic_line on a neoadjuvant or adjuvant case is refused, saying to leave it out."""
    errors = errors_of({**ADJUVANT, "setting": setting, "metastatic_line": "first"})
    assert list(errors) == ["metastatic_line"]
    assert "leave it out" in errors["metastatic_line"]


@pytest.mark.parametrize("setting", ["neoadjuvant", "adjuvant"])
@pytest.mark.parametrize("missing", ["tumor_size_cm", "node_status"])
def test_early_disease_needs_size_and_nodes(setting: str, missing: str) -> None:
    """Neoadjuvant and adjuvant cases require tumor_size_cm and node_status, naming what is allowed."""
    raw = {**ADJUVANT, "setting": setting}
    del raw[missing]
    errors = errors_of(raw)
    assert list(errors) == [missing]
    assert f"required for the {setting} setting" in errors[missing]
    assert ALLOWED[missing] in errors[missing]


def test_metastatic_case_may_omit_size_and_nodes() -> None:
    """A metastatic case needs neither tumor size nor nodes."""
    assert parse_packaged(METASTATIC).tumor_size_cm is None


@pytest.mark.parametrize("prior", [False, None], ids=["false", "absent"])
def test_months_without_prior_trastuzumab(prior: bool | None) -> None:
    """months_since_trastuzumab without prior_trastuzumab true is refused, saying how to fix it."""
    raw = {**METASTATIC, "months_since_trastuzumab": 3}
    if prior is not None:
        raw["prior_trastuzumab"] = prior
    errors = errors_of(raw)
    assert list(errors) == ["months_since_trastuzumab"]
    assert "prior_trastuzumab" in errors["months_since_trastuzumab"]


def test_months_with_prior_trastuzumab() -> None:
    """months_since_trastuzumab 0 with prior trastuzumab is valid."""
    assert (
        parse_packaged(
            {**METASTATIC, "prior_trastuzumab": True, "months_since_trastuzumab": 0}
        ).months_since_trastuzumab
        == 0
    )


def test_as_of_today_is_allowed_and_tomorrow_is_not() -> None:
    """as_of may be today but not tomorrow (today injected, so the test does not depend on the clock)."""
    today = dt.date(2020, 5, 17)
    assert parse_packaged({**ADJUVANT, "as_of": "2020-05-17"}, today=today).as_of == today
    errors = errors_of({**ADJUVANT, "as_of": "2020-05-18"}, today=today)
    assert list(errors) == ["as_of"]
    assert "in the future" in errors["as_of"]


def test_as_of_leap_day() -> None:
    """29 February is a real date in 2012 and not in 2013."""
    assert parse_packaged({**ADJUVANT, "as_of": "2012-02-29"}).as_of == dt.date(2012, 2, 29)
    assert "not a real calendar date" in errors_of({**ADJUVANT, "as_of": "2013-02-29"})["as_of"]


def test_cross_field_errors_come_with_field_errors() -> None:
    """A bad value and a broken cross-field rule are reported together."""
    raw = {
        "setting": "neoadjuvant",
        "her2_status": "positive",
        "hormone_receptor_status": "maybe",
        "metastatic_line": "first",
    }
    assert set(errors_of(raw)) == {"hormone_receptor_status", "metastatic_line", "tumor_size_cm", "node_status"}


# ---- hostile input ----


def test_very_long_string_value_is_a_case_error() -> None:
    """A 100,000-character setting is a CaseError on setting."""
    assert list(errors_of({**ADJUVANT, "setting": "x" * 100_000})) == ["setting"]


def test_very_long_field_name_is_a_case_error() -> None:
    """A 100,000-character unknown field is a CaseError (not a crash)."""
    assert len(errors_of({**ADJUVANT, "k" * 100_000: 1})) == 1


def test_error_messages_do_not_echo_huge_input() -> None:
    """An error about a 100,000-character value or field name stays under 1,000 characters."""
    for raw in ({**ADJUVANT, "setting": "x" * 100_000}, {**ADJUVANT, "k" * 100_000: 1}):
        with pytest.raises(CaseError) as caught:
            parse_packaged(raw)
        assert len(str(caught.value)) < 1_000


def test_deeply_nested_value_is_a_case_error() -> None:
    """A deeply nested JSON value in a field is a CaseError on that field."""
    nested: Any = "x"
    for _ in range(200):
        nested = [nested]
    assert list(errors_of({**ADJUVANT, "node_status": nested})) == ["node_status"]


def test_a_case_round_trips_through_json() -> None:
    """A parsed case dumped to JSON parses back to an equal case."""
    case = parse_packaged(
        {**METASTATIC, "prior_trastuzumab": True, "months_since_trastuzumab": 7, "as_of": "2010-01-02"}
    )
    assert parse_packaged(json.loads(case.model_dump_json(exclude_none=True))) == case


def test_as_fact_has_only_given_fields_and_an_ordinal_date(engine: Engine) -> None:
    """The fact sent to durable-rules has no None values, JSON scalars only, and as_of as an ordinal."""
    with pytest.raises(ValueError, match="undated"):
        parse_packaged(METASTATIC).as_fact()
    fact = engine.parse(METASTATIC).as_fact()
    assert "tumor_size_cm" not in fact
    assert fact["as_of"] == EVIDENCE_CUTOFF.toordinal()
    assert all(isinstance(v, str | int | float | bool) for v in fact.values())


def test_case_is_frozen() -> None:
    """A Case cannot be changed after validation."""
    case = parse_packaged(ADJUVANT)
    with pytest.raises(Exception):  # noqa: B017, PT011  pydantic's ValidationError for a frozen instance
        case.setting = "metastatic"  # type: ignore[misc]
    assert isinstance(case, Case)


def test_prior_trastuzumab_left_out_or_null_is_not_known() -> None:
    """prior_trastuzumab left out or null is not known, never "no": the case keeps null, the rules' fact leaves it
    out (so neither a test of true nor of false holds), and a link carries nothing for it."""
    pretreated = {**METASTATIC, "metastatic_line": "pretreated"}
    for case in (parse_packaged({**pretreated, "prior_trastuzumab": None}), parse_packaged(pretreated)):
        assert case.prior_trastuzumab is None
        assert "prior_trastuzumab" not in case.model_copy(update={"as_of": dt.date(2020, 1, 1)}).as_fact()
        assert "prior_trastuzumab" not in case.stated()


def test_a_field_at_its_not_known_default_is_not_stated() -> None:
    """Sex and menopausal status default to unknown: left out, or given as unknown (the form preselects it), the
    case does not state them; a value the case gives (female, postmenopausal) it states."""
    for case in (parse_packaged(METASTATIC), parse_packaged({**METASTATIC, "sex": "unknown"})):
        assert case.sex == "unknown"
        assert "sex" not in case.stated()
        assert "menopausal_status" not in case.stated()
    given = parse_packaged({**METASTATIC, "sex": "female", "menopausal_status": "postmenopausal"}).stated()
    assert (given["sex"], given["menopausal_status"]) == ("female", "postmenopausal")


def test_prior_trastuzumab_not_known_makes_the_options_after_trastuzumab_conditional(engine: Engine) -> None:
    """A pretreated metastatic case that does not state prior trastuzumab gets T-DM1 and the lapatinib options
    with the status they have after trastuzumab, each conditional on prior trastuzumab; no rule testing prior
    trastuzumab true or false fires."""
    tests = {r.id for r in engine.kb.rules if any(c.fact == "prior_trastuzumab" and c.op in ("is_true", "is_false")
                                                  for c in r.when)}  # fmt: skip
    pretreated = {**METASTATIC, "metastatic_line": "pretreated", "as_of": "2020-01-01"}
    given = {
        r.regimen_id: r
        for r in engine.evaluate(parse_packaged({**pretreated, "prior_trastuzumab": True})).recommendations
    }
    unknown = engine.evaluate(parse_packaged(pretreated))
    assert not {f.rule for f in unknown.trace.fired} & tests
    found = {r.regimen_id: r for r in unknown.recommendations}
    for regimen in ("trastuzumab_emtansine", "lapatinib_capecitabine", "lapatinib_trastuzumab"):
        assert found[regimen].status == given[regimen].status
        assert found[regimen].conditional_on == ["prior_trastuzumab"]
        assert not given[regimen].conditional
    assert answer_json_null(engine, pretreated)


def answer_json_null(engine: Engine, case: dict[str, Any]) -> bool:
    """The answer's JSON case says null for prior trastuzumab not known."""
    answer = engine.evaluate(parse_packaged({**case, "prior_trastuzumab": None}))
    return json.loads(answer.model_dump_json())["case"]["prior_trastuzumab"] is None


def test_a_man_with_a_menopausal_status_is_refused_naming_both_fields() -> None:
    """Menopausal status is a woman's: a man with one is a contradiction, each field named (rules/contradictions)."""
    errors = errors_of({**METASTATIC, "sex": "male", "menopausal_status": "postmenopausal"})
    assert set(errors) == {"sex", "menopausal_status"}
    assert "menopausal status is a woman's" in errors["sex"]


@pytest.mark.parametrize(("sex", "offered"), [("male", False), ("female", True), ("unknown", True)])
def test_lapatinib_letrozole_is_not_offered_for_a_man_and_the_answer_says_why(
    engine: Engine, sex: str, offered: bool
) -> None:
    """Hormone receptor-positive metastatic disease, menopausal status unknown: lapatinib + letrozole is approved,
    conditional on menopausal status, for a woman or a patient of unknown sex; for a man it is not offered (its
    label: postmenopausal women) and a note says why."""
    case = {**METASTATIC, "hormone_receptor_status": "positive", "sex": sex, "as_of": "2020-01-01"}
    answer = engine.evaluate(parse_packaged(case))
    assert ("lapatinib_letrozole" in [r.regimen_id for r in answer.recommendations]) is offered
    said = [n.text for n in answer.notes if n.text.startswith("Lapatinib + letrozole is not offered for a man")]
    assert bool(said) is not offered


def test_before_the_approval_a_mans_note_cites_the_trial_only(engine: Engine) -> None:
    """Before lapatinib + letrozole's approval (2010-01-29) the note for a man names EGF30008, not a label."""
    case = {**METASTATIC, "hormone_receptor_status": "positive", "sex": "male", "as_of": "2010-01-28"}
    (note,) = [n for n in engine.evaluate(parse_packaged(case)).notes if n.rule.startswith("note.lapatinib_letrozole")]
    assert (note.rule, "FDA approval" in note.text) == ("note.lapatinib_letrozole.man.before_approval", False)
