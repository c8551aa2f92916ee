"""Clinical steps for the review's corrections (shown beside the evidence and the approvals) and for a case
the engine refuses, naming each field it refuses by the clinician's words."""

from __future__ import annotations

from clinic_words import evidence, field_list, recommendation, step
from packaged import CASE_CHECKS
from pytest_bdd import then

from engine import Answer, CaseError
from engine.case_fields import CASE_FIELDS

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
# The steps check that the error names the right field and says what the vocabulary (engine/case_fields.py)
# says it allows; the messages word for word are the web layer's test (tests/http/test_web_case_messages.py).


def _refusal(checked: Answer | CaseError) -> CaseError:
    assert isinstance(checked, CaseError), "the case was accepted"
    return checked


def _message(checked: Answer | CaseError, field: str) -> str:
    messages = [e.message for e in _refusal(checked).errors if e.field == field]
    assert len(messages) == 1, f"{field} is named {len(messages)} times: {_refusal(checked).errors}"
    return messages[0]


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


@then(step("the error for {field:Field} says what the field allows"))
def error_says_what_the_field_allows(checked: Answer | CaseError, field: str) -> None:
    message = _message(checked, field)
    assert CASE_FIELDS[field].allowed in message, message


@then(step("the error for {field:Field} says it is required, with what the field allows"))
def error_says_required_and_allowed(checked: Answer | CaseError, field: str) -> None:
    message = _message(checked, field)
    assert "required" in message, message
    assert CASE_FIELDS[field].allowed in message, message


@then(step("the error for {field:Field} lists the fields a case may have"))
def error_lists_the_case_fields(checked: Answer | CaseError, field: str) -> None:
    assert field not in CASE_FIELDS, f"{field} is a case field"
    message = _message(checked, field)
    assert ", ".join(CASE_FIELDS) in message, message


@then(step("the error for {field:Field} says it belongs to {setting} cases only, so leave it out"))
def error_says_leave_it_out(checked: Answer | CaseError, field: str, setting: str) -> None:
    assert CASE_FIELDS[field].settings == (setting,), CASE_FIELDS[field].settings
    message = _message(checked, field)
    assert setting in message, message
    assert "leave it out" in message, message


@then(step("the error for {field:Field} says it needs {other:Field} to be yes, or to leave it out"))
def error_says_it_needs_another_field(checked: Answer | CaseError, field: str, other: str) -> None:
    assert CASE_FIELDS[field].needs_true == other, CASE_FIELDS[field].needs_true
    message = _message(checked, field)
    assert other in message, message
    assert "leave it out" in message, message


@then(step("the error for {field:Field} names {other:Field} and says why"))
def error_names_the_other_field_and_why(checked: Answer | CaseError, field: str, other: str) -> None:
    message = _message(checked, field)
    found = [c for c in CASE_CHECKS if {field, other} <= set(c.fields)]
    assert len(found) == 1, f"no one contradiction names {field} and {other}"
    assert f"contradicts {other} " in message, message
    assert found[0].why in message, message
