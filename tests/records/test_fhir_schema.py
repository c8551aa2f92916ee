"""The FHIR schemas (intake.schema): what they allow, the R4B models read; what they refuse, the server refuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fhir.resources.R4B import fhirtypes, get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from fhir_records import RECORDS, bundle, her2_ihc, patient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaged import PACKAGED
from pydantic import ValidationError

from intake import FhirInputError, case_from_bundle
from intake.check import check_resource, validator
from intake.elements import READ
from intake.fhir_types import RESOURCE_TYPES
from intake.mapping import map_record
from intake.record import index
from intake.schema import prune

AS_OF = dt.date(2025, 1, 15)
OBSERVATION = {"resourceType": "Observation", "id": "o1", "status": "final", "code": {"text": "HER2"}}
SETTINGS = settings(max_examples=400, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))


def _models_accept(resource: dict[str, Any]) -> bool:
    try:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


def _schema_allows(resource: dict[str, Any]) -> bool:
    return bool(validator(f"Fhir{resource['resourceType']}").is_valid(resource))


def test_the_resource_types_are_those_of_the_r4b_models() -> None:
    """The written-out list of R4B resource types is the models' own (a Bundle entry of another is refused)."""
    names = [n[:-4] for n in dir(fhirtypes) if n.endswith("Type") and hasattr(getattr(fhirtypes, n), "_model_klass")]
    found = {n for n in names if issubclass(get_fhir_model_class(n), Resource)} - {"Resource", "DomainResource"}
    assert set(RESOURCE_TYPES) == found


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_each_record_maps_the_same_without_what_is_passed_over(name: str) -> None:
    """The mapping of each record read whole by the models equals its mapping read as the server reads it."""
    whole = [get_fhir_model_class(r["resourceType"]).model_validate(r) for r in RECORDS[name]]
    pruned = [
        get_fhir_model_class(r["resourceType"]).model_validate(prune(r, r["resourceType"])) for r in RECORDS[name]
    ]
    assert map_record(index(pruned, AS_OF), AS_OF, PACKAGED.words) == map_record(
        index(whole, AS_OF), AS_OF, PACKAGED.words
    )


# A FHIR date, dateTime or instant as text: digits in the places FHIR puts them, often real, sometimes not
_DIGITS = st.text("0123456789", min_size=2, max_size=2)
_DATES = st.builds(
    lambda y, m, d, t, z: f"{y}-{m}-{d}{t}{z}",
    st.text("0123456789", min_size=4, max_size=4),
    st.sampled_from(["01", "02", "04", "12", "13", "00"]) | _DIGITS,
    st.sampled_from(["01", "28", "29", "30", "31", "00", "32"]),
    st.sampled_from(["", "T10:00:00", "T23:59:60", "T24:00:00", "T10:00:00.1234567"]),
    st.sampled_from(["", "Z", "+14:00", "+14:01", "-13:59", "+5:00"]),
)
_PARTS = st.sampled_from(["2024", "0000", "2024-02", "2024-13", "999", "2024-2", "2024-01-01\n"])


@SETTINGS
@given(st.sampled_from(["effectiveDateTime", "effectiveInstant", "issued"]), _DATES | _PARTS | st.text(max_size=12))
def test_dates_the_schema_allows_are_those_the_models_accept(element: str, text: str) -> None:
    """A date, dateTime or instant: the schema allows it exactly when the models accept it (30 February never)."""
    resource = OBSERVATION | {element: text}
    allowed = _schema_allows(resource)
    assert not allowed or _models_accept(resource), text
    if element != "effectiveInstant":  # the schema refuses more instants than the models: none with leap seconds
        assert allowed == _models_accept(resource) or ":60" in text or len(text) > 30, text


_BLANKS = st.sampled_from([" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x85", "\xa0", "\u2028", "\ufeff", "\u3000"])
_WORDS = st.text(st.sampled_from("ab1") | _BLANKS, max_size=6)


@SETTINGS
@given(st.sampled_from(["status", "valueString"]), _WORDS | st.text(max_size=6))
def test_codes_and_strings_the_schema_allows_the_models_accept(element: str, text: str) -> None:
    """A code (single spaces between words) or a string (not only blanks): what the schema allows, the
    models accept, whichever engine's idea of a blank (U+0085, U+FEFF) the text tries."""
    resource = OBSERVATION | {element: text}
    assert not _schema_allows(resource) or _models_accept(resource), repr(text)


@SETTINGS
@given(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.text(max_size=4)))
def test_integers_are_json_typed(value: Any) -> None:
    """valueInteger takes a 32-bit JSON integer only (never "5" or true), as the models read it."""
    allowed = _schema_allows(OBSERVATION | {"valueInteger": value})
    assert allowed == (type(value) in (int, float) and float(value).is_integer() and -(2**31) <= value < 2**31)
    assert not allowed or _models_accept(OBSERVATION | {"valueInteger": value})


@pytest.mark.parametrize(
    ("change", "allowed"),
    [
        ({"valueString": "3+", "valueInteger": 3}, False),  # two forms of value[x]
        ({"valueString": "3+", "valueRange": {"low": {"value": 1}}}, True),  # a form not read: passed over
        ({"effectiveDateTime": "2024-01-01", "effectivePeriod": {"start": "2024-01-01"}}, False),
        ({"_status": {"extension": [{"url": "x"}]}}, True),  # a primitive's extensions: passed over
        ({"extension": [{"url": "x", "valueCoding": {"code": 7}}]}, True),  # extensions: passed over
        ({"subject": 5}, False),  # the subject is read (one patient): described whole
        ({"specimen": 5}, True),  # an element not read: named, passed over
        ({"colour": "red"}, False),  # not an element of an Observation
        ({"code": {"coding": [{"system": 5}]}}, False),  # an element read: described whole
        ({"valueQuantity": {"value": 2.5, "unit": "cm"}}, True),
        ({"valueQuantity": {"value": "2.5", "unit": "cm"}}, False),  # a decimal is a JSON number
        ({"valueQuantity": {"value": 1e19}}, False),  # beyond what the schema bounds (a body reads 64 digits)
        ({"id": "her2 1"}, False),  # an id has no spaces
        ({"id": "x" * 256}, False),  # nor more than 255 characters
        ({"status": "final  result"}, False),  # a code has single spaces between words
    ],
)
def test_what_is_read_is_described_and_the_rest_passed_over(change: dict[str, Any], allowed: bool) -> None:
    """Elements read are checked whole; other R4B elements and extensions pass; unknown elements do not."""
    resource = OBSERVATION | change
    assert _schema_allows(resource) == allowed
    if allowed:
        assert _models_accept(prune(resource, "Observation"))


def test_a_required_element_not_read_is_given_to_the_models_as_a_placeholder() -> None:
    """A MedicationAdministration's effective[x] is required (the schema says so) but only two forms are read."""
    given = {"resourceType": "MedicationAdministration", "status": "completed", "subject": {"reference": "Patient/p1"}}
    given |= {"medicationCodeableConcept": {"text": "trastuzumab"}}
    assert not _schema_allows(given)
    given |= {"effectiveDateTime": "2024-01-01"}
    assert _schema_allows(given)
    assert _models_accept(prune(given, "MedicationAdministration"))
    assert "performer" not in READ["MedicationAdministration"]


def test_an_unknown_element_is_named() -> None:
    """An element R4B does not define for the type is named by its path, not by the schema's pattern."""
    (problem,) = check_resource(OBSERVATION | {"colour": "red"}, "entry[0].resource", "Observation")
    assert (problem.path, problem.message) == ("colour", "is not an element of Observation in FHIR R4B")


def test_a_problem_names_the_element_and_what_is_allowed() -> None:
    """A bad date in an element read: the element path, the value and the allowed forms."""
    (problem,) = check_resource(OBSERVATION | {"effectiveDateTime": "2024-02-30"}, "entry[0].resource", "Observation")
    assert (problem.resource, problem.path) == ("Observation/o1", "effectiveDateTime")
    assert problem.message.startswith("'2024-02-30' is not allowed; allowed: a FHIR dateTime")


def test_a_prefetch_bundle_reads_the_type_its_query_asks_for() -> None:
    """In the observations key, a Condition is another type: skipped; in a Bundle posted whole, it is read."""
    from fhir_records import prefetch

    from intake import case_from_prefetch

    record = RECORDS["metastatic pretreated"]
    keys = prefetch(*record)
    keys["observations"]["entry"] += keys.pop("conditions")["entry"]
    settings_ = [
        [p.value for p in result.provenance if p.field == "setting"]
        for result in (
            case_from_bundle(bundle(*record), AS_OF, PACKAGED),
            case_from_prefetch(keys, AS_OF, PACKAGED),
        )
    ]
    assert settings_ == [["metastatic"], ["adjuvant"]]


def test_an_observation_with_two_values_is_refused_by_name() -> None:
    """Two forms of value[x] in a HER2 result: a 422 naming the resource and the rule, never a guess."""
    her2 = her2_ihc("her2", "2024-01-01", "3+") | {"valueInteger": 3}
    with pytest.raises(FhirInputError) as info:
        case_from_bundle(bundle(patient(), her2), AS_OF, PACKAGED)
    (problem,) = info.value.problems
    assert problem.resource == "Observation/her2"
    assert "at most one of" in problem.message
