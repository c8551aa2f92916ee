"""Form-to-case conversion (web/forms.py): typed values, empty means absent, nothing coerced silently."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaged import CASE_CHECKS, parse_packaged
from rules_copy import loaded
from web_cases import CASES, as_form
from werkzeug.datastructures import MultiDict

from engine import Case, CaseError
from engine.case import ALLOWED
from web.forms import BY_NAME, FIELDS, SETTINGS, case_from_form, case_from_values, form_values, hint_words


def errors_of(values: dict[str, str]) -> dict[str, str]:
    with pytest.raises(CaseError) as caught:
        case_from_values(values, CASE_CHECKS)
    fields = [e.field for e in caught.value.errors]
    assert len(fields) == len(set(fields)), "one message per field"
    return {e.field: e.message for e in caught.value.errors}


def test_the_form_has_exactly_the_case_fields() -> None:
    """The form's field names are the JSON field names of a case, in the case's order."""
    assert [f.name for f in FIELDS] == list(Case.model_fields)


def test_setting_specific_fields() -> None:
    """The line is for metastatic cases, tumor size and nodes for early disease (optional in extended adjuvant)."""
    assert BY_NAME["metastatic_line"].settings == ("metastatic",)
    early = ("neoadjuvant", "adjuvant", "extended_adjuvant")
    assert BY_NAME["tumor_size_cm"].settings == BY_NAME["node_status"].settings == early
    assert BY_NAME["tumor_size_cm"].required_in == ("neoadjuvant", "adjuvant")
    assert BY_NAME["neoadjuvant_response"].settings == ("adjuvant",)
    assert BY_NAME["brain_metastases"].settings == ("metastatic",)
    assert BY_NAME["hormone_receptor_status"].everywhere
    assert BY_NAME["setting"].settings == SETTINGS


@pytest.mark.parametrize("name", CASES)
def test_form_strings_give_the_json_case(name: str) -> None:
    """The form's strings for a case convert to the same Case as its JSON."""
    assert case_from_values(as_form(CASES[name]), CASE_CHECKS) == parse_packaged(CASES[name])


def test_empty_optional_fields_are_absent() -> None:
    """An empty field is left out, so the case's default applies."""
    values, repeated = form_values(MultiDict({**as_form(CASES["adjuvant"]), "as_of": "", "menopausal_status": "  "}))
    assert repeated == {}
    assert "as_of" not in values
    assert "menopausal_status" not in values
    case = case_from_values(values, CASE_CHECKS)
    assert case.as_of is None  # the engine answers it as of its knowledge base's cut-off
    assert case.menopausal_status == "unknown"


def test_values_are_trimmed_and_kept_in_form_order() -> None:
    """Surrounding spaces are trimmed and values come back in the form's order."""
    values, _ = form_values(MultiDict([("node_status", " positive "), ("setting", "adjuvant")]))
    assert list(values.items()) == [("setting", "adjuvant"), ("node_status", "positive")]


@pytest.mark.parametrize("text", ["abc", "2,5,1", "2.5cm", "1e3", "nan", "inf", "--2", "0x10", "1,000.5"])
def test_non_number_in_a_number_field_is_an_error_naming_it(text: str) -> None:
    """Text in the tumor size is an error naming the field and echoing the text, never coerced."""
    message = errors_of({**as_form(CASES["adjuvant"]), "tumor_size_cm": text})["tumor_size_cm"]
    assert repr(text) in message
    assert "is not a number" in message
    assert ALLOWED["tumor_size_cm"] in message


@pytest.mark.parametrize("text", ["3.5", "three", "6 months", "1e1"])
def test_months_must_be_a_whole_number(text: str) -> None:
    """Months since trastuzumab is a whole number: 3.5 or words are errors naming the field."""
    values = {**as_form(CASES["metastatic pretreated"]), "months_since_trastuzumab": text}
    assert "is not a whole number" in errors_of(values)["months_since_trastuzumab"]


def test_numbers_out_of_range_are_errors() -> None:
    """Huge numbers are out of range, whether they overflow or only exceed the field's limit."""
    case = as_form(CASES["metastatic pretreated"])
    assert "out of range" in errors_of({**case, "months_since_trastuzumab": "9" * 5000})["months_since_trastuzumab"]
    assert "out of range" in errors_of({**case, "months_since_trastuzumab": "1201"})["months_since_trastuzumab"]
    size = errors_of({**as_form(CASES["adjuvant"]), "tumor_size_cm": "1" + "0" * 400})["tumor_size_cm"]
    assert "out of range" in size
    assert len(size) < 200


def test_numbers_convert_to_their_types() -> None:
    """A whole number of months is an int; a tumor size is a float, with a leading + or a bare fraction."""
    pretreated = case_from_values(
        {**as_form(CASES["metastatic pretreated"]), "months_since_trastuzumab": "+4"}, CASE_CHECKS
    )
    assert pretreated.months_since_trastuzumab == 4
    assert case_from_values({**as_form(CASES["adjuvant"]), "tumor_size_cm": ".5"}, CASE_CHECKS).tumor_size_cm == 0.5


@pytest.mark.parametrize("text", ["yes", "True", "1", "on"])
def test_boolean_is_true_or_false_only(text: str) -> None:
    """prior_trastuzumab accepts the strings true and false only, and unknown (it may be said to be not known)."""
    assert (
        "is not true, false or unknown"
        in errors_of({**as_form(CASES["adjuvant"]), "prior_trastuzumab": text})["prior_trastuzumab"]
    )


def test_prior_trastuzumab_unknown_or_left_empty_is_not_known() -> None:
    """ "unknown" in the form, or nothing, is prior trastuzumab not known (null), never "no"."""
    form = as_form(CASES["adjuvant"])
    assert case_from_values({**form, "prior_trastuzumab": "unknown"}, CASE_CHECKS).prior_trastuzumab is None
    assert (
        case_from_values({k: v for k, v in form.items() if k != "prior_trastuzumab"}, CASE_CHECKS).prior_trastuzumab
        is None
    )


def test_repeated_field_is_an_error() -> None:
    """A field given twice in the query string is an error, not a silent choice of one."""
    args = MultiDict([*as_form(CASES["adjuvant"]).items(), ("setting", "metastatic")])
    with pytest.raises(CaseError) as caught:
        case_from_form(args, CASE_CHECKS)
    assert {e.field: e.message for e in caught.value.errors}["setting"] == "is given 2 times; give it once"


def test_unknown_field_is_an_error() -> None:
    """A query parameter that is not a case field is refused (a typo must not change the answer)."""
    assert "is not a case field" in errors_of({**as_form(CASES["adjuvant"]), "tumour_size": "3"})["tumour_size"]


def test_conversion_and_validation_errors_are_merged_one_per_field() -> None:
    """Conversion errors come first; the engine's errors are added for the other fields."""
    errors = errors_of({"setting": "adjuvant", "tumor_size_cm": "big", "her2_status": "maybe"})
    assert next(iter(errors)) == "tumor_size_cm"
    assert set(errors) == {"tumor_size_cm", "her2_status", "hormone_receptor_status", "node_status"}
    assert "is not a number" in errors["tumor_size_cm"]


def test_case_from_form_returns_the_values_as_entered() -> None:
    """case_from_form gives the case and the entered values, without the empty ones."""
    case, values = case_from_form(MultiDict({**as_form(CASES["neoadjuvant"]), "as_of": ""}), CASE_CHECKS)
    assert case == parse_packaged(CASES["neoadjuvant"])
    assert values == as_form(CASES["neoadjuvant"])


_valid_cases = st.one_of(
    st.fixed_dictionaries(
        {"setting": st.just("metastatic"), "metastatic_line": st.sampled_from(["first", "pretreated"])},
        optional={"months_since_trastuzumab": st.integers(0, 1200)},
    ),
    st.fixed_dictionaries(
        {
            "setting": st.sampled_from(["neoadjuvant", "adjuvant"]),
            "tumor_size_cm": st.floats(0.01, 30, allow_nan=False).map(lambda x: round(x, 2)).filter(lambda x: x > 0),
            "node_status": st.sampled_from(["positive", "negative", "unknown"]),
        }
    ),
).flatmap(
    lambda place: st.fixed_dictionaries(
        {
            "hormone_receptor_status": st.sampled_from(["positive", "negative", "unknown"]),
            "her2_status": st.sampled_from(["positive", "negative", "equivocal"]),
        },
        optional={
            "menopausal_status": st.sampled_from(["premenopausal", "postmenopausal", "unknown"]),
            "as_of": st.dates(dt.date(1998, 1, 1), dt.date(2020, 1, 1)).map(dt.date.isoformat),
        },
    ).map(lambda rest: {**place, **rest, "prior_trastuzumab": "months_since_trastuzumab" in place})
)


@settings(max_examples=150, deadline=None)
@given(_valid_cases)
def test_round_trip_through_the_form(case: dict[str, Any]) -> None:
    """Any valid case, written as the form's strings, converts back to the same Case."""
    assert case_from_values(as_form(case), CASE_CHECKS) == parse_packaged(case)


def test_the_forms_hints_are_a_reworded_copys(tmp_path: Path) -> None:
    """A date's hint after the field's own is the knowledge base's words ([form_hint])."""
    other = loaded(tmp_path, ('"{hint} Pick the day in the date control."', '"{hint} Choose a day."'))
    date = next(f for f in FIELDS if f.kind == "date")
    assert hint_words(date, other.kb.words).endswith(" Choose a day.")
