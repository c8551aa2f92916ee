"""Clinical steps for the review's corrections (shown beside the evidence and the approvals) and for a case
the engine refuses, naming each field it refuses by the clinician's words."""

from __future__ import annotations

from clinic_words import evidence, field_list, recommendation, step
from pytest_bdd import then

from her2_cds.engine import Answer, CaseError

# ---- corrections ----


@then(step('the {study} evidence for {regimen:Regimen} shows the review\'s "{review}" corrected to "{primary}"'))
def evidence_shows_correction(answer: Answer, study: str, regimen: str, review: str, primary: str) -> None:
    corrections = evidence(answer, regimen, study).corrections
    assert any(review in c.review_says and primary in c.primary_says for c in corrections), (
        f"no correction of {study} pairs {review!r} with {primary!r}: {[c.model_dump() for c in corrections]}"
    )


@then(step("the {study} evidence for {regimen:Regimen} reports P = {p_value} as in the {source}"))
def evidence_reports_p_value(answer: Answer, study: str, regimen: str, p_value: str, source: str) -> None:
    as_in = {"review": "review", "primary publication": "primary"}[source]
    findings = evidence(answer, regimen, study).findings
    assert any(f.p_value == p_value and f.as_in == as_in for f in findings), [
        (f.endpoint, f.p_value, f.as_in) for f in findings
    ]


@then(step('the approval of {regimen:Regimen} shows the review\'s Table 1 row "{row}"'))
def approval_shows_table_1_row(answer: Answer, regimen: str, row: str) -> None:
    approval = recommendation(answer, regimen).approval
    assert approval is not None, f"{regimen} carries no approval"
    assert row in approval.review_table_1, approval.review_table_1


@then(step('the approval of {regimen:Regimen} shows the correction "{text}"'))
def approval_shows_correction(answer: Answer, regimen: str, text: str) -> None:
    approval = recommendation(answer, regimen).approval
    assert approval is not None, f"{regimen} carries no approval"
    assert text in approval.correction, approval.correction


@then(step("the approval of {regimen:Regimen} has no correction"))
def approval_has_no_correction(answer: Answer, regimen: str) -> None:
    approval = recommendation(answer, regimen).approval
    assert approval is not None, f"{regimen} carries no approval"
    assert approval.correction == ""


# ---- validation ----


def _refusal(checked: Answer | CaseError) -> CaseError:
    assert isinstance(checked, CaseError), "the case was accepted"
    return checked


@then("the case is refused")
def case_is_refused(checked: Answer | CaseError) -> None:
    assert _refusal(checked).errors, "refused without naming a field"


@then("the case is accepted")
def case_is_accepted(checked: Answer | CaseError) -> None:
    assert isinstance(checked, Answer), f"refused: {checked}"


@then(step("the only field named is {field:Field}"))
def only_field_named(checked: Answer | CaseError, field: str) -> None:
    assert [e.field for e in _refusal(checked).errors] == [field]


@then(step("the fields named are exactly {fields}"))
def fields_named_exactly(checked: Answer | CaseError, fields: str) -> None:
    named = [e.field for e in _refusal(checked).errors]
    assert sorted(named) == sorted(field_list(fields)), named
    assert len(named) == len(set(named)), f"a field is named twice: {named}"


@then(step('the error for {field:Field} says "{text}"'))
def error_for_field_says(checked: Answer | CaseError, field: str, text: str) -> None:
    messages = [e.message for e in _refusal(checked).errors if e.field == field]
    assert messages, f"{field} is not named"
    assert any(text in m for m in messages), messages
