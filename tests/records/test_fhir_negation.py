"""Negated and erroneous FHIR records (intake): never read as a positive fact, and said to be passed over."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fhir_records import (
    NEGATIVE,
    RECORDS,
    UNKNOWN_MODIFIER,
    bundle,
    do_not_give_trastuzumab,
    her2_ihc,
    metastasis,
    surgery,
    trastuzumab,
)
from packaged import PACKAGED

from intake import FhirCase, FhirInputError, case_from_bundle

AS_OF = dt.date(2025, 1, 15)
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"


def _with(name: str, *more: dict[str, Any]) -> FhirCase:
    return case_from_bundle(bundle(*RECORDS[name], *more), AS_OF, PACKAGED)


def _verified(code: str) -> dict[str, Any]:
    return {"verificationStatus": {"coding": [{"system": VERIFICATION, "code": code}]}}


def test_a_do_not_give_order_is_not_trastuzumab_given() -> None:
    """An active MedicationRequest for trastuzumab with doNotPerform true is no dose: prior trastuzumab stays
    not known (null), as without the order."""
    result = _with("metastatic first line", do_not_give_trastuzumab("dnp", "2024-11-01"))
    assert result.case is not None
    assert (result.case.prior_trastuzumab, result.case.metastatic_line) == (None, "first")


def test_a_do_not_give_order_is_named_in_the_notes_with_why() -> None:
    """The note names the order and says, in clinical words, that an order not to give is no dose."""
    (note,) = _with("metastatic first line", do_not_give_trastuzumab("dnp", "2024-11-01")).notes
    assert note.startswith("MedicationRequest/dnp (trastuzumab) was passed over")
    assert "order not to give the drug (doNotPerform true)" in note


def test_the_provenance_of_prior_trastuzumab_names_the_order_passed_over() -> None:
    """Prior trastuzumab's provenance points to the do-not-give order it did not count."""
    result = _with("metastatic first line", do_not_give_trastuzumab("dnp", "2024-11-01"))
    (source,) = [s for s in result.provenance if s.field == "prior_trastuzumab"]
    assert "MedicationRequest/dnp passed over" in source.note


def test_a_do_not_give_order_leaves_earlier_doses_counted() -> None:
    """After doses were given, a later order not to give trastuzumab does not erase them."""
    result = _with("metastatic pretreated", do_not_give_trastuzumab("dnp", "2024-11-01"))
    assert result.case is not None
    assert (result.case.prior_trastuzumab, result.case.metastatic_line) == (True, "pretreated")


def test_do_not_perform_false_is_an_ordinary_order() -> None:
    """doNotPerform false is the usual order: trastuzumab counts as given, and nothing is noted."""
    order = trastuzumab("t1", "2024-11-01", "MedicationRequest") | {"doNotPerform": False}
    result = _with("metastatic first line", order)
    assert result.case is not None
    assert (result.case.prior_trastuzumab, result.notes) == (True, [])


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("MedicationAdministration", "not-done"),
        ("MedicationAdministration", "entered-in-error"),
        ("MedicationStatement", "not-taken"),
        ("MedicationStatement", "entered-in-error"),
        ("MedicationStatement", "intended"),
        ("MedicationRequest", "cancelled"),
        ("MedicationRequest", "entered-in-error"),
        ("MedicationRequest", "draft"),
    ],
)
def test_a_trastuzumab_record_not_given_or_in_error_is_passed_over_and_noted(kind: str, status: str) -> None:
    """A trastuzumab record whose status says it was not given (or was recorded in error) is no dose, and is noted."""
    result = _with("metastatic first line", trastuzumab("t9", "2024-11-01", kind) | {"status": status})
    assert result.case is not None
    assert result.case.prior_trastuzumab is None
    assert [n for n in result.notes if n.startswith(f"{kind}/t9 (trastuzumab) was passed over")]
    assert f"(status {status})" in result.notes[0]


@pytest.mark.parametrize("kind", ["MedicationStatement", "MedicationAdministration"])
def test_trastuzumab_stopped_part_way_was_given(kind: str) -> None:
    """A course stopped part-way (status stopped) was begun: trastuzumab counts as given."""
    result = _with("metastatic first line", trastuzumab("t9", "2024-11-01", kind) | {"status": "stopped"})
    assert result.case is not None
    assert result.case.prior_trastuzumab is True


@pytest.mark.parametrize("status", ["entered-in-error", "cancelled"])
def test_a_her2_result_in_error_or_cancelled_does_not_change_her2(status: str) -> None:
    """A later HER2-negative result recorded in error or cancelled leaves HER2 positive, and is noted."""
    wrong = her2_ihc("her2-wrong", "2024-12-01", NEGATIVE) | {"status": status}
    result = _with("adjuvant", wrong)
    assert result.case is not None
    assert result.case.her2_status == "positive"
    assert any(n.startswith("Observation/her2-wrong (HER2 by immunohistochemistry)") for n in result.notes)


@pytest.mark.parametrize("code", ["refuted", "entered-in-error"])
def test_a_ruled_out_metastasis_does_not_make_the_disease_metastatic(code: str) -> None:
    """A secondary-cancer Condition refuted or in error leaves the disease early, and is noted."""
    result = _with("neoadjuvant", metastasis("met-no", "2024-06-01") | _verified(code))
    assert result.case is not None
    assert result.case.setting == "neoadjuvant"
    assert any(n.startswith("Condition/met-no (metastatic disease)") for n in result.notes)


@pytest.mark.parametrize("status", ["not-done", "entered-in-error", "preparation"])
def test_a_surgery_not_done_leaves_the_case_before_surgery(status: str) -> None:
    """A breast-surgery Procedure not done, in error or only being prepared does not make the case adjuvant."""
    result = _with("neoadjuvant", surgery("s2", "2024-03-01") | {"status": status})
    assert result.case is not None
    assert result.case.setting == "neoadjuvant"
    assert any(n.startswith("Procedure/s2 (breast surgery) was passed over") for n in result.notes)


@pytest.mark.parametrize("code", ["unconfirmed", "provisional", "differential"])
def test_a_suspected_metastasis_does_not_make_the_disease_metastatic(code: str) -> None:
    """A secondary-cancer Condition not confirmed (unconfirmed, provisional, differential) leaves the disease early."""
    result = _with("neoadjuvant", metastasis("met-maybe", "2024-06-01") | _verified(code))
    assert result.case is not None
    assert result.case.setting == "neoadjuvant"
    assert any(n.startswith("Condition/met-maybe") and f"(verificationStatus {code})" in n for n in result.notes)


def test_a_confirmed_metastasis_makes_the_disease_metastatic() -> None:
    """A secondary-cancer Condition with verificationStatus confirmed is read as metastatic disease."""
    result = _with("neoadjuvant", metastasis("met-yes", "2024-06-01") | _verified("confirmed"))
    assert result.case is not None
    assert result.case.setting == "metastatic"


@pytest.mark.parametrize("intent", ["proposal", "plan", "option"])
def test_a_trastuzumab_proposal_or_plan_is_not_trastuzumab_given(intent: str) -> None:
    """A MedicationRequest that only proposes or plans trastuzumab (no order) is no dose, and is noted."""
    request = trastuzumab("t-plan", "2024-11-01", "MedicationRequest") | {"status": "active", "intent": intent}
    result = _with("metastatic first line", request)
    assert result.case is not None
    assert result.case.prior_trastuzumab is None
    assert any(n.startswith("MedicationRequest/t-plan") and f"(intent {intent})" in n for n in result.notes)


def test_a_void_record_the_case_does_not_use_is_not_noted() -> None:
    """A cancelled Observation of something the case does not read passes over without a note."""
    other = her2_ihc("x", "2024-12-01", NEGATIVE) | {"status": "cancelled", "code": {"text": "blood pressure"}}
    assert _with("adjuvant", other).notes == []


@pytest.mark.parametrize(
    ("resource", "path"),
    [
        (trastuzumab("t1", "2024-11-01") | {"modifierExtension": [UNKNOWN_MODIFIER]}, "modifierExtension"),
        (
            trastuzumab("t1", "2024-11-01", "MedicationRequest")
            | {"dosageInstruction": [{"text": "6 mg/kg", "modifierExtension": [UNKNOWN_MODIFIER]}]},
            "dosageInstruction[0].modifierExtension",
        ),
        (metastasis("m1", "2024-06-01") | {"implicitRules": "http://example.org/local-rules"}, "implicitRules"),
    ],
)
def test_a_modifier_the_service_does_not_understand_is_refused_by_path(resource: dict[str, Any], path: str) -> None:
    """A modifier extension (on the resource or an element read) or implicitRules is refused, naming its path."""
    with pytest.raises(FhirInputError) as info:
        _with("neoadjuvant", resource)
    (problem,) = info.value.problems
    assert problem.path == path
    assert "refused rather than misread" in problem.message
