"""FHIR R4 records mapped to cases (intake): one record per setting, provenance, gaps and bad FHIR."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir_records import NEGATIVE, POSITIVE, RECORDS, breast_cancer, bundle, her2_ihc, patient, prefetch, surgery
from packaged import PACKAGED

from engine.vocabulary import CASE_FIELDS
from intake import FhirCase, FhirInputError, case_from_bundle, case_from_prefetch
from intake.read import MAX_ENTRIES

AS_OF = dt.date(2025, 1, 15)
# no trastuzumab in the medication history sent: not known (null), never taken as none
# a record that does not state menopausal status leaves it at its default, unknown, which the case does not state
COMMON = {"as_of": AS_OF, "her2_status": "positive", "sex": "female"}
# a metastatic record's metastasis is the brain's (SNOMED 94225005); no chemotherapy or endocrine therapy in its
# medication history leaves them unknown (a list may be incomplete), not false
METASTATIC = {"brain_metastases": True}
EXPECTED: dict[str, dict[str, Any]] = {
    "metastatic first line": {
        **METASTATIC, "setting": "metastatic", "metastatic_line": "first", "hormone_receptor_status": "positive",
        "menopausal_status": "postmenopausal",
    },
    "metastatic pretreated": {
        **METASTATIC, "setting": "metastatic", "metastatic_line": "pretreated", "hormone_receptor_status": "negative",
        "prior_trastuzumab": True, "months_since_trastuzumab": 17,
    },
    "neoadjuvant": {
        "setting": "neoadjuvant", "hormone_receptor_status": "negative", "tumor_size_cm": 5.0,
        "node_status": "positive",
    },
    "adjuvant": {
        "setting": "adjuvant", "hormone_receptor_status": "negative", "tumor_size_cm": 1.8, "node_status": "negative",
        "age_years": 56,  # from birthDate: age is a case field after surgery (the label's age < 35)
    },
    "HER2-low": {
        **METASTATIC, "setting": "metastatic", "metastatic_line": "first", "hormone_receptor_status": "positive",
        "her2_status": "low",
    },
    "missing data": {
        "setting": "neoadjuvant", "hormone_receptor_status": "unknown", "tumor_size_cm": 5.1,
        "node_status": "unknown",
    },
    "contradictory results": {
        **METASTATIC, "setting": "metastatic", "metastatic_line": "first", "hormone_receptor_status": "negative",
    },
}  # fmt: skip


def _read(name: str) -> FhirCase:
    return case_from_bundle(bundle(*RECORDS[name]), AS_OF, PACKAGED)


@pytest.mark.parametrize("name", RECORDS)
def test_each_record_is_valid_fhir(name: str) -> None:
    """Every test record passes the FHIR library's own validation as a Bundle."""
    parsed = Bundle.model_validate(bundle(*RECORDS[name]))
    assert len(parsed.entry or []) == len(RECORDS[name])


@pytest.mark.parametrize("name", EXPECTED)
def test_each_record_maps_to_its_case(name: str) -> None:
    """Each setting's record becomes the case a clinician would write from it."""
    result = _read(name)
    assert result.case is not None, result.problems
    assert result.case.stated() == {**COMMON, **EXPECTED[name]}


def test_every_field_names_its_resource_and_path() -> None:
    """Provenance names the resource (type/id) and the element each field was read from."""
    sources = {s.field: s for s in _read("adjuvant").provenance}
    assert (sources["setting"].resource, sources["setting"].path) == ("Procedure/surg1", "performedDateTime")
    assert (sources["tumor_size_cm"].resource, sources["tumor_size_cm"].path) == (
        "Observation/size",
        "component[0].valueQuantity",
    )
    assert sources["node_status"].resource == "Observation/n"
    assert sources["her2_status"].path == "valueString"


def test_her2_low_is_read_from_the_ish_that_settles_it() -> None:
    """IHC 2+ without amplification is HER2-low, and its provenance names the ISH result that settled it."""
    result = _read("HER2-low")
    (source,) = [s for s in result.provenance if s.field == "her2_status"]
    assert source.resource == "Observation/ish"
    assert result.case is not None
    assert result.case.her2_status == "low"


def test_disagreeing_her2_results_are_named_and_the_positive_one_counts() -> None:
    """IHC negative, then ISH amplified with no therapy between: HER2-positive, and the disagreement named."""
    result = _read("contradictory results")
    assert result.case is not None
    assert result.case.her2_status == "positive"
    (conflict,) = result.conflicts
    assert "Observation/her2-old" in conflict
    assert "Observation/her2-new" in conflict


def test_missing_inputs_are_named_with_the_resource_that_settles_them() -> None:
    """What the record lacks is listed in clinical words with the resource to send."""
    missing = {m.what: m.send for m in _read("missing data").missing}
    assert set(missing) == {"estrogen receptor status", "progesterone receptor status", "lymph-node status",
                            "menopausal status"}  # fmt: skip
    assert "85337-4" in missing["estrogen receptor status"]
    assert "21906-3" in missing["lymph-node status"]


def test_no_tumor_size_before_surgery_gives_no_case_and_says_why() -> None:
    """A neoadjuvant record without a size: no case; the problem and the missing input name the tumor size."""
    result = case_from_bundle(
        bundle(patient(), breast_cancer(), her2_ihc("h", "2024-01-01", POSITIVE)), AS_OF, PACKAGED
    )
    assert result.case is None
    assert [p.field for p in result.problems] == ["tumor_size_cm"]
    assert "tumor size" in [m.what for m in result.missing]


def test_records_after_the_date_are_left_out() -> None:
    """Read before the surgery date, the adjuvant record is before surgery, and has no tumor size yet."""
    result = case_from_bundle(bundle(*RECORDS["adjuvant"]), dt.date(2024, 2, 15), PACKAGED)
    setting = next(s for s in result.provenance if s.field == "setting")
    assert (setting.value, setting.resource) == ("neoadjuvant", "Condition/bc1")
    assert "tumor size" in [m.what for m in result.missing]


def test_age_is_read_and_kept_only_where_the_case_has_it() -> None:
    """Age comes from Patient.birthDate on the case's date; unused if the case has no age field."""
    (age,) = [s for s in _read("adjuvant").provenance if s.field == "age_years"]
    assert (age.value, age.resource, age.path) == (56, "Patient/p1", "birthDate")
    assert age.used == ("age_years" in CASE_FIELDS)


def test_a_malformed_resource_is_named_with_its_path() -> None:
    """A bad date in an Observation is refused naming the resource, its entry and the element."""
    record = bundle(patient(), her2_ihc("her2", "2024-13-45", NEGATIVE))
    with pytest.raises(FhirInputError) as info:
        case_from_bundle(record, AS_OF, PACKAGED)
    (problem,) = info.value.problems
    assert (problem.resource, problem.at) == ("Observation/her2", "entry[1].resource")
    assert problem.path == "effectiveDateTime"


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"resourceType": "Patient"}, "resourceType"),
        ({"resourceType": "Bundle", "type": "collection", "entry": {"resource": {}}}, "entry"),
        (
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"resource": {"resourceType": "Potion", "id": "x"}}],
            },
            "resourceType",
        ),
        ({"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:1"}]}, "(resource)"),
        (
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"resource": {"resourceType": "Patient", "birthDate": 7}}],
            },
            "birthDate",
        ),
    ],
)
def test_wrong_fhir_is_refused_naming_the_path(body: dict[str, Any], path: str) -> None:
    """A non-Bundle, a bad entry list, an unknown type, an empty entry or a wrong element type is named."""
    with pytest.raises(FhirInputError) as info:
        case_from_bundle(body, AS_OF, PACKAGED)
    assert [p.path for p in info.value.problems] == [path]


def test_a_bundle_over_the_limit_is_refused() -> None:
    """More than MAX_ENTRIES entries is refused before any is read."""
    with pytest.raises(FhirInputError) as info:
        case_from_bundle(bundle(*[patient(rid=f"p{i}") for i in range(MAX_ENTRIES + 1)]), AS_OF, PACKAGED)
    assert f"{MAX_ENTRIES:,}" in info.value.problems[0].message


def test_other_fhir_resources_are_skipped() -> None:
    """An Encounter in a patient's Bundle is normal: skipped, not refused."""
    encounter = {"resourceType": "Encounter", "id": "e1", "status": "finished", "class": {"code": "AMB"}}
    result = case_from_bundle(bundle(*RECORDS["adjuvant"], encounter), AS_OF, PACKAGED)
    assert result.case is not None


def test_a_prefetch_maps_like_a_bundle_and_lists_absent_keys() -> None:
    """The same record as a prefetch gives the same case; keys not sent are listed, not fetched; a null key
    is one the EHR found nothing for."""
    keys = prefetch(*RECORDS["adjuvant"])
    del keys["medicationStatements"]
    keys["medicationAdministrations"] = None
    result = case_from_prefetch(keys, AS_OF, PACKAGED)
    assert result.case == _read("adjuvant").case
    assert result.missing_prefetch == ["medicationStatements"]  # null: the EHR found nothing (CDS Hooks 2.0)


def test_a_surgery_that_was_not_done_does_not_count() -> None:
    """A breast-surgery Procedure with status not-done leaves the case before surgery."""
    planned = surgery("s2", "2024-03-01") | {"status": "not-done"}
    result = case_from_bundle(bundle(*RECORDS["neoadjuvant"], planned), AS_OF, PACKAGED)
    assert result.case is not None
    assert result.case.setting == "neoadjuvant"
