"""Value forms read since the first pass (intake.observations, intake.values, intake.her2): HER2-ultralow in words,
a Condition's onset as a period or an age, an ISH ratio as a plain number, and a comparator never read as plain."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fhir_records import (
    NEGATIVE,
    POSITIVE,
    breast_cancer,
    bundle,
    er,
    her2_ihc,
    her2_ish,
    metastasis,
    patient,
    pr,
    trastuzumab,
)
from packaged import PACKAGED

from intake import FhirCase, case_from_bundle

AS_OF = dt.date(2025, 1, 15)
UCUM = "http://unitsofmeasure.org"


def _read(*resources: dict[str, Any]) -> FhirCase:
    return case_from_bundle(bundle(*resources), AS_OF, PACKAGED)


def _status(result: FhirCase) -> Any:
    return next(s.value for s in result.provenance if s.field == "her2_status")


def _metastatic(her2: dict[str, Any], *more: dict[str, Any]) -> FhirCase:
    return _read(patient(), breast_cancer("bc1", "2022-05-20"), metastasis("met1", "2022-06-01"), her2,
                 er("er", "2022-05-22", POSITIVE), pr("pr", "2022-05-22", NEGATIVE), *more)  # fmt: skip


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ({"valueString": "IHC 0 with membrane staining"}, "ultralow"),
        ({"valueString": "HER2-ultralow"}, "ultralow"),
        ({"valueCodeableConcept": {"text": "0+ (ultralow)"}}, "ultralow"),
        ({"valueString": "0"}, "negative"),
        ({"valueString": "not ultralow"}, "unknown"),  # no result read: a denial is never the finding
    ],
)
def test_her2_ultralow_in_words_is_ultralow(value: dict[str, Any], status: str) -> None:
    """IHC 0 with membrane staining (the FDA's definition of HER2-ultralow, 2025) or the word: HER2-ultralow,
    which the case takes and the rules read; IHC 0 alone stays negative."""
    her2 = her2_ihc("her2", "2022-05-22", "0")
    del her2["valueString"]
    result = _metastatic(her2 | value)
    assert _status(result) == status


@pytest.mark.parametrize(
    ("onset", "line"),
    [
        # an age: born 1968-04-12, metastatic at 54, between 2022-04-12 and 2023-04-11
        ({"onsetAge": {"value": 54, "unit": "years", "system": UCUM, "code": "a"}}, None),
        ({"onsetAge": {"value": 53, "unit": "years", "system": UCUM, "code": "a"}}, "pretreated"),
        ({"onsetPeriod": {"start": "2022-04-01", "end": "2022-12-31"}}, None),
        ({"onsetPeriod": {"start": "2022-04-01"}}, "pretreated"),
    ],
)
def test_an_onset_as_a_period_or_an_age_dates_metastasis_within_its_window(
    onset: dict[str, Any], line: str | None
) -> None:
    """Metastasis dated by onsetPeriod or onsetAge: the case is metastatic, and trastuzumab begun on 2022-07-01 is
    after metastasis only if the whole window lies before it; within the window the line of treatment is not
    known, and says why, never guessed."""
    met = metastasis("met1", "2022-06-01")
    del met["onsetDateTime"]
    result = _read(patient(), breast_cancer("bc1", "2020-05-20"), met | onset, her2_ihc("h", "2020-05-22", "3+"),
                   er("er", "2020-05-22", POSITIVE), pr("pr", "2020-05-22", NEGATIVE),
                   trastuzumab("t1", "2022-07-01"))  # fmt: skip
    setting = next(s for s in result.provenance if s.field == "setting")
    assert (setting.value, setting.resource) == ("metastatic", "Condition/met1")
    if line is None:
        assert result.case is None
        (missing,) = [m for m in result.missing if m.field == "metastatic_line"]
        assert missing.what == "whether trastuzumab on 2022-07-01 came after metastasis"
    else:
        assert result.case is not None
        assert result.case.metastatic_line == line


def test_an_age_at_onset_with_a_comparator_is_not_a_date() -> None:
    """onsetAge "< 60 years" does not date the onset (a comparator is a modifier): the Condition's recordedDate,
    if any, does; here none, so the line of treatment is not known."""
    met = metastasis("met1", "2022-06-01")
    del met["onsetDateTime"]
    met["onsetAge"] = {"value": 60, "comparator": "<", "unit": "years", "system": UCUM, "code": "a"}
    result = _read(patient(), met, her2_ihc("her2", "2022-05-22", "3+"), er("er", "2022-05-22", POSITIVE),
                   pr("pr", "2022-05-22", NEGATIVE))  # fmt: skip
    assert [m.field for m in result.missing if m.field == "metastatic_line"] == ["metastatic_line"]


def _ish_ratio(value: float, **more: Any) -> dict[str, Any]:
    ish = her2_ish("ish", "2022-05-22", NEGATIVE)
    del ish["valueCodeableConcept"]
    return ish | {"valueQuantity": {"value": value, **more}}


@pytest.mark.parametrize("ratio", [2.4, 1.5])
def test_an_ish_ratio_alone_is_read_and_noted_as_not_settling_her2(ratio: float) -> None:
    """An ISH ratio as a plain number, with no other HER2 result: HER2 stays unknown (ASCO/CAP 2018: the ratio
    decides only with the average copy number), and the note gives the ratio and why."""
    result = _metastatic(_ish_ratio(ratio))
    assert _status(result) == "unknown"
    (note,) = [n for n in result.notes if n.startswith("Observation/ish")]
    assert f"the HER2/CEP17 ratio by ISH, {ratio:g}" in note
    assert "the ratio alone does not settle HER2 status" in note


def test_an_ish_ratio_beside_ihc_2_plus_leaves_it_equivocal() -> None:
    """IHC 2+ with a ratio of 2.4 and no copy number: equivocal (group 1 or 2), with the note."""
    result = _metastatic(her2_ihc("her2", "2022-05-22", "2+"), _ish_ratio(2.4))
    assert _status(result) == "equivocal"
    assert any("2.4" in n for n in result.notes)


def test_an_ish_value_with_a_comparator_is_not_a_plain_ratio() -> None:
    """valueQuantity "> 2.2" is not read as the number 2.2 (nor as a ratio): no HER2 result is read from it."""
    result = _metastatic(_ish_ratio(2.2, comparator=">"))
    assert _status(result) == "unknown"
    assert not [n for n in result.notes if n.startswith("Observation/ish")]
