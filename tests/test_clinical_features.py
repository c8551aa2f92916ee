"""Step definitions for the clinical behaviour specification in features/.

The feature files are written for a clinician: regimens are named by their drugs ("T-DM1",
"pertuzumab + trastuzumab + docetaxel", "lapatinib + trastuzumab without chemotherapy"), and
cases by their decisive features. The steps translate those words into the engine's vocabulary
(engine.vocabulary) and check the Answer the engine gives. The engine itself is the session
fixture `engine` from conftest.py: built once, reused by every scenario.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import parse
from pytest_bdd import given, parsers, scenarios, then, when

from her2_cds.engine import Answer, CaseError, Engine, Evidence, Recommendation
from her2_cds.engine.answer import WhyNot
from her2_cds.engine.vocabulary import CASE_FIELDS, DERIVED_FACTS, REGIMEN_IDS, STATUSES
from tests.steps_time import time_steps

scenarios(
    "metastatic.feature",
    "neoadjuvant.feature",
    "adjuvant.feature",
    "scope.feature",
    "time_travel.feature",
    "first_public.feature",
    "review_corrected.feature",
    "corrections.feature",
    "case_validation.feature",
)

# ---- the clinic's words, as parse types ----

_DRUG = r"(?:T-DM1|T-DXd|[a-z]+)"


@parse.with_pattern(rf"{_DRUG}(?: \+ {_DRUG})*(?: without chemotherapy)?")
def _regimen_id(text: str) -> str:
    """A regimen in the clinic's words -> its id: "pertuzumab + trastuzumab + docetaxel", "T-DM1 + lapatinib"."""
    words = (
        text.removesuffix(" without chemotherapy")
        .replace("T-DM1", "trastuzumab emtansine")
        .replace("T-DXd", "trastuzumab deruxtecan")
    )
    drugs = ["chemotherapy" if d == "docetaxel" else d for d in words.split(" + ")]
    regimen = "_".join(d.replace(" ", "_") for d in drugs)
    if regimen not in REGIMEN_IDS:
        raise ValueError(f"{text!r} names no regimen of the domain vocabulary ({regimen!r})")
    return regimen


@parse.with_pattern(r"approved|supported|investigational|not recommended|not offered")
def _status(text: str) -> str:
    return text.replace(" ", "_")


@parse.with_pattern(r"positive|negative|unknown")
def _choice(text: str) -> str:
    return text


@parse.with_pattern(r"positive|negative|equivocal|low|ultralow")
def _her2(text: str) -> str:
    return text


@parse.with_pattern(r"postmenopausal|premenopausal|menopausal status unknown")
def _menopause(text: str) -> str:
    return "unknown" if text == "menopausal status unknown" else text


@parse.with_pattern(r"\d{4}-\d{2}-\d{2}")
def _date(text: str) -> str:
    return text


@parse.with_pattern(r"derives|does not derive")
def _derives(text: str) -> bool:
    return text == "derives"


@parse.with_pattern(r"[a-z0-9_]+")
def _name(text: str) -> str:
    return text


TYPES = {
    "Regimen": _regimen_id,
    "Status": _status,
    "Choice": _choice,
    "HER2": _her2,
    "Menopause": _menopause,
    "Date": _date,
    "Derives": _derives,
    "Name": _name,
}


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TYPES)


time_steps(TYPES)  # the label's high-risk definition, results by their day, the order of an answer


# ---- reading an answer ----


def _offered(answer: Answer) -> dict[str, Recommendation]:
    return {r.regimen_id: r for r in answer.recommendations}


def _recommendation(answer: Answer, regimen: str) -> Recommendation:
    offered = _offered(answer)
    assert regimen in offered, f"{regimen} is not offered; the answer offers {sorted(offered)}"
    return offered[regimen]


def _why_not(answer: Answer, regimen: str) -> WhyNot:
    entries = {w.regimen_id: w for w in answer.why_not}
    assert regimen in entries, f"{regimen} is not in why-not; why-not lists {sorted(entries)}"
    return entries[regimen]


def _is_study(evidence: Evidence, study: str) -> bool:
    """A study by its name, or by the name before its parenthesis: "EGF30008" for "EGF30008 (lapatinib + letrozole)"."""
    return evidence.name == study or evidence.name.startswith(study + " (")


def _evidence(answer: Answer, regimen: str, study: str) -> Evidence:
    records = _recommendation(answer, regimen).evidence
    found = [e for e in records if _is_study(e, study)]
    assert found, f"{regimen} does not cite {study}; it cites {[e.name for e in records]}"
    return found[0]


def _field_list(text: str) -> list[str]:
    return [] if text == "nothing" else [f.strip() for f in text.split(",")]


# ---- cases ----
# Each Given builds the raw case (a dict of the domain's fields), as a student would enter it.


@given(step("a metastatic case, first line, hormone receptor {hr:Choice}"), target_fixture="case_fields")
def metastatic_first_line_case(hr: str) -> dict[str, Any]:
    return {"setting": "metastatic", "metastatic_line": "first", "hormone_receptor_status": hr}


@given(
    step("a metastatic case, first line, hormone receptor {hr:Choice}, {menopause:Menopause}"),
    target_fixture="case_fields",
)
def metastatic_first_line_case_with_menopause(hr: str, menopause: str) -> dict[str, Any]:
    return {**metastatic_first_line_case(hr), "menopausal_status": menopause}


@given(
    step("a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor {hr:Choice}"),
    target_fixture="case_fields",
)
def metastatic_case_pretreated_with_trastuzumab(hr: str) -> dict[str, Any]:
    return {
        "setting": "metastatic",
        "metastatic_line": "pretreated",
        "prior_trastuzumab": True,
        "hormone_receptor_status": hr,
    }


@given(
    step("a metastatic case, pretreated for metastatic disease without trastuzumab, hormone receptor {hr:Choice}"),
    target_fixture="case_fields",
)
def metastatic_case_pretreated_without_trastuzumab(hr: str) -> dict[str, Any]:
    return {
        "setting": "metastatic",
        "metastatic_line": "pretreated",
        "prior_trastuzumab": False,
        "hormone_receptor_status": hr,
    }


@given(
    step("a first-line metastatic relapse {months:d} months after adjuvant trastuzumab, hormone receptor {hr:Choice}"),
    target_fixture="case_fields",
)
def relapse_after_adjuvant_trastuzumab(months: int, hr: str) -> dict[str, Any]:
    return {
        "setting": "metastatic",
        "metastatic_line": "first",
        "prior_trastuzumab": True,
        "months_since_trastuzumab": months,
        "hormone_receptor_status": hr,
    }


@given(
    step(
        "a first-line metastatic relapse after adjuvant trastuzumab, months since the last dose not recorded,"
        " hormone receptor {hr:Choice}"
    ),
    target_fixture="case_fields",
)
def relapse_after_adjuvant_trastuzumab_timing_unknown(hr: str) -> dict[str, Any]:
    return {
        "setting": "metastatic",
        "metastatic_line": "first",
        "prior_trastuzumab": True,
        "hormone_receptor_status": hr,
    }


@given(
    step("a neoadjuvant case, hormone receptor {hr:Choice}, tumor {size:f} cm, nodes {nodes:Choice}"),
    target_fixture="case_fields",
)
def neoadjuvant_case(hr: str, size: float, nodes: str) -> dict[str, Any]:
    return {"setting": "neoadjuvant", "hormone_receptor_status": hr, "tumor_size_cm": size, "node_status": nodes}


@given(
    step("an adjuvant case, hormone receptor {hr:Choice}, tumor {size:f} cm, nodes {nodes:Choice}"),
    target_fixture="case_fields",
)
def adjuvant_case(hr: str, size: float, nodes: str) -> dict[str, Any]:
    return {"setting": "adjuvant", "hormone_receptor_status": hr, "tumor_size_cm": size, "node_status": nodes}


@given(step("the HER2 result is {her2:HER2}"), target_fixture="case_fields")
def with_her2_result(case_fields: dict[str, Any], her2: str) -> dict[str, Any]:
    return {**case_fields, "her2_status": her2}


@given(step("{field:Name} is given as {value}"), target_fixture="case_fields")
def with_field_given_as(case_fields: dict[str, Any], field: str, value: str) -> dict[str, Any]:
    return {**case_fields, field: json.loads(value)}  # the value exactly as JSON would carry it


@given(step("{field:Name} is left out"), target_fixture="case_fields")
def with_field_left_out(case_fields: dict[str, Any], field: str) -> dict[str, Any]:
    assert field in case_fields, f"the case has no {field} to leave out"
    return {k: v for k, v in case_fields.items() if k != field}


@given("as_of is today", target_fixture="case_fields")
def with_as_of_today(case_fields: dict[str, Any]) -> dict[str, Any]:
    return {**case_fields, "as_of": dt.date.today().isoformat()}


@given("a case with the fields", target_fixture="case_fields")
def case_from_a_table(datatable: list[list[str]]) -> dict[str, Any]:
    header, *rows = datatable
    assert header == ["field", "value"], header
    return {field: json.loads(value) for field, value in rows}


# ---- evaluating ----


@when("the engine evaluates the case", target_fixture="answer")
def engine_evaluates(engine: Engine, case_fields: dict[str, Any]) -> Answer:
    return engine.evaluate(case_fields)


@when("the engine evaluates the case as the review saw it", target_fixture="answer")
def engine_evaluates_as_the_review_saw_it(engine: Engine, case_fields: dict[str, Any]) -> Answer:
    return engine.evaluate({**case_fields, "as_of": engine.kb.info.review_published.isoformat()})


@when("the engine evaluates the case as of today", target_fixture="answer")
def engine_evaluates_today(engine: Engine, case_fields: dict[str, Any]) -> Answer:
    """Today, as far as the knowledge base knows: its evidence cut-off."""
    return engine.evaluate({**case_fields, "as_of": engine.kb.info.evidence_cutoff.isoformat()})


@when(step("the engine evaluates the case as of {day:Date}"), target_fixture="answer")
def engine_evaluates_as_of(engine: Engine, case_fields: dict[str, Any], day: str) -> Answer:
    return engine.evaluate({**case_fields, "as_of": day})


@when("the case is checked", target_fixture="checked")
def engine_checks_the_case(engine: Engine, case_fields: dict[str, Any]) -> Answer | CaseError:
    try:
        return engine.evaluate(case_fields)
    except CaseError as error:
        return error


# ---- regimens and their status ----


@then(step("{regimen:Regimen} is {status:Status}"))
def regimen_has_status(answer: Answer, regimen: str, status: str) -> None:
    offered = _offered(answer)
    if status == "not_offered":
        assert regimen not in offered, f"{regimen} is offered as {offered[regimen].status}"
        _why_not(answer, regimen)  # a regimen not offered is always explained
    else:
        assert regimen in offered, f"{regimen} is not offered; the answer offers {sorted(offered)}"
        assert offered[regimen].status == status, f"{regimen} is {offered[regimen].status}, not {status}"


@then(step("{regimen:Regimen} is conditional on {fields}"))
def regimen_is_conditional_on(answer: Answer, regimen: str, fields: str) -> None:
    expected = _field_list(fields)
    assert all(f in CASE_FIELDS for f in expected), f"unknown case field in {expected}"
    assert _recommendation(answer, regimen).conditional_on == expected


@then(step("the approval of {regimen:Regimen} is dated {date}"))
def approval_is_dated(answer: Answer, regimen: str, date: str) -> None:
    approval = _recommendation(answer, regimen).approval
    assert approval is not None, f"{regimen} carries no approval"
    assert approval.date == date


@then(step("{regimen:Regimen} has no approval"))
def regimen_has_no_approval(answer: Answer, regimen: str) -> None:
    assert _recommendation(answer, regimen).approval is None


@then(step("{regimen:Regimen} cites {study}"))
def regimen_cites_study(answer: Answer, regimen: str, study: str) -> None:
    _evidence(answer, regimen, study)


@then(step("{study} is cited as {level} with n = {n:d}"))
def study_is_cited_with_level_and_size(answer: Answer, study: str, level: str, n: int) -> None:
    records = [e for r in answer.recommendations for e in r.evidence if _is_study(e, study)]
    assert records, f"no regimen in the answer cites {study}"
    assert {(e.level_label, e.n) for e in records} == {(level, n)}


@then(step('{regimen:Regimen} carries the caution "{text}"'))
def regimen_carries_caution(answer: Answer, regimen: str, text: str) -> None:
    cautions = _recommendation(answer, regimen).cautions
    assert any(text in c for c in cautions), f"no caution of {regimen} says {text!r}: {cautions}"


@then(step('{regimen:Regimen} carries no caution mentioning "{text}"'))
def regimen_carries_no_such_caution(answer: Answer, regimen: str, text: str) -> None:
    cautions = _recommendation(answer, regimen).cautions
    assert not any(text in c for c in cautions), f"a caution of {regimen} mentions {text!r}: {cautions}"


@then(step('why-not for {regimen:Regimen} says "{text}"'))
def why_not_says(answer: Answer, regimen: str, text: str) -> None:
    reasons = _why_not(answer, regimen).reasons
    assert any(text in r for r in reasons), f"no why-not reason for {regimen} says {text!r}: {reasons}"


@then("no regimen is offered")
def no_regimen_is_offered(answer: Answer) -> None:
    assert answer.recommendations == []


@then(step("the answer offers {count:d} regimens"))
def answer_offers_count(answer: Answer, count: int) -> None:
    assert len(answer.recommendations) == count, [r.regimen_id for r in answer.recommendations]


# ---- ordering and completeness ----


@then("the regimens are listed approved first, then supported, then investigational, then not recommended")
def regimens_are_ordered_by_status(answer: Answer) -> None:
    ranks = [STATUSES.index(r.status) for r in answer.recommendations]
    assert ranks == sorted(ranks), [r.status for r in answer.recommendations]


@then(step("the statuses in order are {statuses}"))
def statuses_in_order(answer: Answer, statuses: str) -> None:
    expected = [s.strip().replace(" ", "_") for s in statuses.split(",")]
    assert [r.status for r in answer.recommendations] == expected


@then("no regimen appears twice")
def no_regimen_appears_twice(answer: Answer) -> None:
    ids = [r.regimen_id for r in answer.recommendations]
    assert len(ids) == len(set(ids)), ids
    explained = [w.regimen_id for w in answer.why_not]
    assert len(explained) == len(set(explained)), explained


@then("no approved or supported regimen is in why-not")
def no_approved_or_supported_in_why_not(answer: Answer) -> None:
    strong = {r.regimen_id for r in answer.recommendations if r.status in ("approved", "supported")}
    assert strong, "the answer offers nothing approved or supported, so this check proves nothing"
    assert strong.isdisjoint(w.regimen_id for w in answer.why_not)


@then("every regimen is either offered or in why-not")
def every_regimen_is_accounted_for(answer: Answer) -> None:
    accounted = {r.regimen_id for r in answer.recommendations} | {w.regimen_id for w in answer.why_not}
    assert accounted == set(REGIMEN_IDS)


# ---- scope, notes, trace, stamp ----


@then("the answer is out of scope")
def answer_is_out_of_scope(answer: Answer) -> None:
    assert answer.in_scope is False


@then("the answer is in scope")
def answer_is_in_scope(answer: Answer) -> None:
    assert answer.in_scope is True


@then(step('the scope note says "{text}"'))
def scope_note_says(answer: Answer, text: str) -> None:
    assert text in answer.scope_note, answer.scope_note


@then("the scope note is empty")
def scope_note_is_empty(answer: Answer) -> None:
    assert answer.scope_note == ""


@then(step('every one of the {count:d} regimens is in why-not with the reason "{text}"'))
def every_regimen_in_why_not_with_reason(answer: Answer, count: int, text: str) -> None:
    assert len(REGIMEN_IDS) == count
    assert [w.regimen_id for w in answer.why_not] == list(REGIMEN_IDS)
    for entry in answer.why_not:
        assert entry.status is None, f"{entry.regimen_id} has status {entry.status}"
        assert any(text in r for r in entry.reasons), f"{entry.regimen_id}: {entry.reasons}"


@then(step('a note says "{text}"'))
def a_note_says(answer: Answer, text: str) -> None:
    notes = [n.text for n in answer.notes]
    assert any(text in n for n in notes), f"no note says {text!r}: {notes}"


@then(step('no note says "{text}"'))
def no_note_says(answer: Answer, text: str) -> None:
    notes = [n.text for n in answer.notes]
    assert answer.notes, "the answer has no notes at all, so this check proves nothing"
    assert not any(text in n for n in notes), f"a note says {text!r}: {notes}"


@then(step("the trace {derives:Derives} {fact:Name}"))
def trace_derives(answer: Answer, derives: bool, fact: str) -> None:
    assert fact in DERIVED_FACTS, f"{fact} is not a derived fact of the vocabulary"
    assert (fact in answer.trace.derived_facts) is derives, answer.trace.derived_facts


@then(step("the trace shows the rule {rule} fired"))
def trace_shows_rule(answer: Answer, rule: str) -> None:
    fired = [f.rule for f in answer.trace.fired]
    assert rule in fired, fired


@then(step('the answer says "{text}"'))
def answer_disclaimer_says(answer: Answer, text: str) -> None:
    assert text in answer.disclaimer


@then(step("the knowledge base is version {version} with evidence to {cutoff:Date}"))
def knowledge_base_stamp(answer: Answer, version: str, cutoff: str) -> None:
    assert answer.knowledge_base.version == version
    assert answer.knowledge_base.evidence_cutoff.isoformat() == cutoff
    assert len(answer.knowledge_base.sha256) == 64


@then(step("the case was evaluated as of {day:Date}"))
def case_was_evaluated_as_of(answer: Answer, day: str) -> None:
    assert answer.case.as_of.isoformat() == day


# ---- corrections ----


@then(step('the {study} evidence for {regimen:Regimen} shows the review\'s "{review}" corrected to "{primary}"'))
def evidence_shows_correction(answer: Answer, study: str, regimen: str, review: str, primary: str) -> None:
    corrections = _evidence(answer, regimen, study).corrections
    assert any(review in c.review_says and primary in c.primary_says for c in corrections), (
        f"no correction of {study} pairs {review!r} with {primary!r}: {[c.model_dump() for c in corrections]}"
    )


@then(step("the {study} evidence for {regimen:Regimen} reports P = {p_value} as in the {source}"))
def evidence_reports_p_value(answer: Answer, study: str, regimen: str, p_value: str, source: str) -> None:
    as_in = {"review": "review", "primary publication": "primary"}[source]
    findings = _evidence(answer, regimen, study).findings
    assert any(f.p_value == p_value and f.as_in == as_in for f in findings), [
        (f.endpoint, f.p_value, f.as_in) for f in findings
    ]


@then(step('the approval of {regimen:Regimen} shows the review\'s Table 1 row "{row}"'))
def approval_shows_table_1_row(answer: Answer, regimen: str, row: str) -> None:
    approval = _recommendation(answer, regimen).approval
    assert approval is not None, f"{regimen} carries no approval"
    assert row in approval.review_table_1, approval.review_table_1


@then(step('the approval of {regimen:Regimen} shows the correction "{text}"'))
def approval_shows_correction(answer: Answer, regimen: str, text: str) -> None:
    approval = _recommendation(answer, regimen).approval
    assert approval is not None, f"{regimen} carries no approval"
    assert text in approval.correction, approval.correction


@then(step("the approval of {regimen:Regimen} has no correction"))
def approval_has_no_correction(answer: Answer, regimen: str) -> None:
    approval = _recommendation(answer, regimen).approval
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


@then(step("the only field named is {field:Name}"))
def only_field_named(checked: Answer | CaseError, field: str) -> None:
    assert [e.field for e in _refusal(checked).errors] == [field]


@then(step("the fields named are exactly {fields}"))
def fields_named_exactly(checked: Answer | CaseError, fields: str) -> None:
    named = [e.field for e in _refusal(checked).errors]
    assert sorted(named) == sorted(_field_list(fields)), named
    assert len(named) == len(set(named)), f"a field is named twice: {named}"


@then(step('the error for {field:Name} says "{text}"'))
def error_for_field_says(checked: Answer | CaseError, field: str, text: str) -> None:
    messages = [e.message for e in _refusal(checked).errors if e.field == field]
    assert messages, f"{field} is not named"
    assert any(text in m for m in messages), messages
