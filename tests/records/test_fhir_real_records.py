"""Real public records (tests/records/data, their origins in its README), each with the case it must give."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from packaged import PACKAGED
from real_records import JENNY, JENNY_STU2, SYNTHEA_IA, SYNTHEA_IIB, SYNTHEA_IV, find, load, without

from intake import FhirCase, case_from_bundle

AS_OF = dt.date(2025, 1, 15)
JENNY_CASE = {
    "setting": "adjuvant", "her2_status": "negative", "hormone_receptor_status": "positive",
    "tumor_size_cm": 2.5, "node_status": "negative", "age_years": 60,
    "sex": "female", "as_of": AS_OF,  # menopausal status not stated: unknown
}  # fmt: skip
# no trastuzumab in a record is not known (null), never "none": its medication list may be incomplete
CASES: dict[str, dict[str, Any]] = {
    # ER+/PR-/HER2-negative by LOINC 48676-1, partial mastectomy, 2.5 cm, cN0 (SNOMED CT in HEAD, LOINC in STU2)
    JENNY: JENNY_CASE,
    JENNY_STU2: JENNY_CASE,
    # stage IV (AJCC "4A") on the diagnosis, paclitaxel given after it: already treated, chemotherapy included
    SYNTHEA_IV: {
        "setting": "metastatic", "metastatic_line": "pretreated", "her2_status": "positive",
        "hormone_receptor_status": "positive", "prior_metastatic_chemotherapy": True,
        "sex": "female", "as_of": AS_OF,  # menopausal status not stated: unknown
    },
}  # fmt: skip


def _read(record: dict[str, Any], as_of: dt.date = AS_OF) -> FhirCase:
    return case_from_bundle(record, as_of, PACKAGED)


def _source(result: FhirCase, field: str) -> Any:
    return next(s for s in result.provenance if s.field == field)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_real_record_gives_its_case(name: str) -> None:
    """Each published record becomes the case a clinician would write from it."""
    result = _read(load(name))
    assert result.case is not None, result.problems
    assert result.case.stated() == CASES[name]


@pytest.mark.parametrize("name", [SYNTHEA_IA, SYNTHEA_IIB])
def test_a_synthea_record_without_surgery_or_size_gives_no_case_and_says_why(name: str) -> None:
    """Synthea's early-stage patients (no procedures in the data set, no tumor size): HER2-positive, before
    surgery as far as the record says, and no case until the tumor size is sent."""
    result = _read(load(name))
    assert result.case is None
    assert [p.field for p in result.problems] == ["tumor_size_cm"]
    assert _source(result, "her2_status").value == "positive"
    assert {"tumor size", "lymph-node status"} <= {m.what for m in result.missing}


def test_synthea_trastuzumab_as_herceptin_hylecta_is_prior_trastuzumab() -> None:
    """Trastuzumab as Synthea wrote it for mcode-omop's patient (RxNorm 2119714, with hyaluronidase)."""
    source = _source(_read(load(SYNTHEA_IA)), "prior_trastuzumab")
    assert source.value is True
    assert source.resource == "MedicationAdministration/59e11c4c-73ac-2a34-6771-a33c094f6233"


def test_synthea_ish_greater_than_2_2_alone_is_her2_positive() -> None:
    """Without its IHC result, the ISH text "greater than 2.2" (Synthea's HER2-positive ratio) settles it."""
    record = without(load(SYNTHEA_IV), "95641ed7-982c-4fdf-3496-1e26d6c0a592")
    source = _source(_read(record), "her2_status")
    assert (source.value, source.path) == ("positive", "valueString")


def test_jenny_without_her2_says_unknown_and_names_what_is_missing() -> None:
    """No HER2 result: HER2 status unknown (never the API's default, positive), and the missing input says why."""
    result = _read(without(load(JENNY), "tumor-marker-test-her2-jenny-m"))
    assert result.case is not None
    assert result.case.her2_status == "unknown"
    (her2,) = [m for m in result.missing if m.field == "her2_status"]
    assert "no HER2-directed option is shown until it is known" in her2.send
    assert "18474-7" in her2.send


@pytest.mark.parametrize(
    ("rid", "code", "display"),
    [
        ("tnm-clinical-distant-metastases-category-jenny-m", "1229903009", "cM1"),  # SNOMED CT cM category
        ("tnm-clinical-stage-group-jenny-m", "1222837003", "stage IV"),  # clinical TNM stage grouping
    ],
)
def test_jenny_staged_metastatic_by_snomed_is_metastatic(rid: str, code: str, display: str) -> None:
    """mCODE STU4's SNOMED CT staging: cM1, or AJCC stage IV, makes the case metastatic, from that Observation."""
    record = load(JENNY)
    value = find(record, rid)["valueCodeableConcept"]["coding"][0]
    value |= {"code": code, "display": f"American Joint Committee on Cancer {display} (qualifier value)"}
    result = _read(record)
    assert result.case is not None
    assert (result.case.setting, _source(result, "setting").resource) == ("metastatic", f"Observation/{rid}")


def test_jenny_read_before_her_surgery_is_before_surgery() -> None:
    """On 2018-03-20 the partial mastectomy (2018-04-01) has not happened: before surgery, size 2.5 cm."""
    result = _read(load(JENNY), dt.date(2018, 3, 20))
    assert result.case is not None
    assert result.case.setting == "neoadjuvant"


def test_another_patients_resource_in_jenny_record_is_refused_by_path() -> None:
    """One Observation about someone else: named by its entry and subject, and nothing read, never merged."""
    record = load(JENNY)
    find(record, "tumor-marker-test-er-jenny-m")["subject"]["reference"] = "Patient/someone-else"
    result = _read(record)
    assert (result.case, result.provenance) == (None, [])
    (problem,) = result.other_patients
    assert problem.field == "entry[19].resource.subject.reference"
    assert problem.message.startswith("Observation/tumor-marker-test-er-jenny-m, subject.reference: ")
    assert "someone-else" in problem.message


def test_two_real_patients_in_one_bundle_are_refused() -> None:
    """Jenny's Bundle with a Synthea patient's entries added: the second Patient and its resources are named."""
    record = load(JENNY)
    other = load(SYNTHEA_IV)
    record["entry"] += other["entry"]
    problems = _read(record).other_patients
    assert problems[0].message.startswith("Patient/8be62b06-5994-47fe-aad8-a27a02e054fa, id: ")
    assert all(p.field.endswith((".id", ".subject.reference")) for p in problems)
    assert len(problems) == 17  # the Patient and its 16 resources
