"""An element the mapping never reads that is not valid FHIR (intake.read): the record is read, and a note names the
resource and the element; never fatal, never silent, and the notes are bounded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fhir_records import RECORDS, bundle, her2_ihc, prefetch
from packaged import PACKAGED

from intake import case_from_bundle, case_from_prefetch
from intake.read import MAX_UNREAD_NOTES

AS_OF = dt.date(2025, 1, 15)


@pytest.mark.parametrize(
    ("change", "element"),
    [
        ({"note": "seen by Dr X"}, "note"),  # an array of Annotation, not a string
        ({"referenceRange": [{"low": {"value": "high"}}]}, "referenceRange[0].low.value"),
        ({"valueRange": {"low": {"value": 1}}}, "(resource)"),  # a second value[x] besides valueString
    ],
)
def test_an_invalid_element_not_read_is_noted_not_fatal(change: dict[str, Any], element: str) -> None:
    """A HER2 result with an invalid element the mapping does not read: the case is read as without it, and a
    note names the resource, where it sat and the element."""
    her2 = her2_ihc("her2", "2020-01-12", "3+") | change
    plain = case_from_bundle(bundle(*RECORDS["adjuvant"]), AS_OF, PACKAGED)
    record = [her2 if r.get("id") == "her2" else r for r in RECORDS["adjuvant"]]
    result = case_from_bundle(bundle(*record), AS_OF, PACKAGED)
    assert result.case == plain.case
    (note,) = [n for n in result.notes if n.startswith("Observation/her2")]
    assert f"entry[{record.index(her2)}].resource): {element}" in note
    assert "is not valid FHIR R4B" in note
    assert plain.notes == []


def test_an_invalid_element_of_a_prefetch_resource_is_noted() -> None:
    """The same in a patient-view prefetch: the note names the prefetch key's entry."""
    record = [her2_ihc("her2", "2020-01-12", "3+") | {"note": 5} if r.get("id") == "her2" else r
              for r in RECORDS["adjuvant"]]  # fmt: skip
    result = case_from_prefetch(prefetch(*record), AS_OF, PACKAGED, "p1")
    assert result.case is not None
    assert any(n.startswith("Observation/her2 (prefetch.observations.entry[0].resource): note") for n in result.notes)


def test_the_notes_of_invalid_elements_are_bounded() -> None:
    """Many resources with invalid elements not read: each of the first MAX_UNREAD_NOTES is noted, the rest
    counted in one note."""
    extra = [her2_ihc(f"h{i}", "2020-01-12", "3+") | {"note": "x"} for i in range(MAX_UNREAD_NOTES + 7)]
    result = case_from_bundle(bundle(*RECORDS["adjuvant"], *extra), AS_OF, PACKAGED)
    invalid = [n for n in result.notes if "not valid FHIR R4B" in n]
    assert len(invalid) == MAX_UNREAD_NOTES + 1
    assert invalid[-1].startswith("7 more resources hold elements that are not valid FHIR R4B")
