"""Clinical steps that read an answer: each regimen's status, approval, evidence and cautions, the order of the
answer, why-not, scope, notes, the engine's reasoning and the knowledge base's stamp."""

from __future__ import annotations

from clinic_words import evidence, field_list, is_study, offered, recommendation, step, why_not
from packaged import REGIMEN_IDS
from pytest_bdd import then

from engine import Answer, Engine
from engine.knowledge import Rule
from engine.vocabulary import CASE_FIELDS, STATUSES

# ---- regimens and their status ----


@then(step("{regimen:Regimen} is {status:Status}"))
def regimen_has_status(answer: Answer, regimen: str, status: str) -> None:
    found = offered(answer)
    if status == "not_offered":
        assert regimen not in found, f"{regimen} is offered as {found[regimen].status}"
        why_not(answer, regimen)  # a regimen not offered is always explained
    else:
        assert regimen in found, f"{regimen} is not offered; the answer offers {sorted(found)}"
        assert found[regimen].status == status, f"{regimen} is {found[regimen].status}, not {status}"


@then(step("{regimen:Regimen} is conditional on {fields}"))
def regimen_is_conditional_on(answer: Answer, regimen: str, fields: str) -> None:
    expected = field_list(fields)
    assert all(f in CASE_FIELDS for f in expected), f"unknown case field in {expected}"
    assert recommendation(answer, regimen).conditional_on == expected


@then(step("the approval of {regimen:Regimen} is dated {date}"))
def approval_is_dated(answer: Answer, regimen: str, date: str) -> None:
    approval = recommendation(answer, regimen).approval
    assert approval is not None, f"{regimen} carries no approval"
    assert approval.date == date


@then(step("{regimen:Regimen} has no approval"))
def regimen_has_no_approval(answer: Answer, regimen: str) -> None:
    assert recommendation(answer, regimen).approval is None


@then(step("{regimen:Regimen} cites {study}"))
def regimen_cites_study(answer: Answer, regimen: str, study: str) -> None:
    evidence(answer, regimen, study)


@then(step("{study} is cited as {level} with n = {n:d}"))
def study_is_cited_with_level_and_size(answer: Answer, study: str, level: str, n: int) -> None:
    records = [e for r in answer.recommendations for e in r.evidence if is_study(e, study)]
    assert records, f"no regimen in the answer cites {study}"
    assert {(e.level_label, e.n) for e in records} == {(level, n)}


@then(step('{regimen:Regimen} carries the caution "{text}"'))
def regimen_carries_caution(answer: Answer, regimen: str, text: str) -> None:
    cautions = recommendation(answer, regimen).cautions
    assert any(text in c for c in cautions), f"no caution of {regimen} says {text!r}: {cautions}"


@then(step('{regimen:Regimen} carries no caution mentioning "{text}"'))
def regimen_carries_no_such_caution(answer: Answer, regimen: str, text: str) -> None:
    cautions = recommendation(answer, regimen).cautions
    assert not any(text in c for c in cautions), f"a caution of {regimen} mentions {text!r}: {cautions}"


def _why_not_says(answer: Answer, regimen: str, text: str) -> None:
    reasons = why_not(answer, regimen).reasons
    assert any(text in r for r in reasons), f"no why-not reason for {regimen} says {text!r}: {reasons}"


@then(step('why-not for {regimen:Regimen} says "{text}"'))
def why_not_says(answer: Answer, regimen: str, text: str) -> None:
    _why_not_says(answer, regimen, text)


@then(step('no why-not reason says "{text}"'))
def no_why_not_reason_says(answer: Answer, text: str) -> None:
    assert answer.why_not, "the answer has no why-not entries at all, so this check proves nothing"
    said = [(w.regimen_id, r) for w in answer.why_not for r in w.reasons if text in r]
    assert not said, said


@then(step("why-not for {regimen:Regimen} says it needs that {fact:Conclusion}"))
def why_not_needs_a_conclusion(answer: Answer, regimen: str, fact: str) -> None:
    _why_not_says(answer, regimen, f"{fact} is true (here: false)")


@then(step("why-not for {regimen:Regimen} says it needs {field:Field} to be {value} (here: {actual})"))
def why_not_needs_a_value(answer: Answer, regimen: str, field: str, value: str, actual: str) -> None:
    _why_not_says(answer, regimen, f"{field} is {value} (here: {actual})")


@then(step("why-not for {regimen:Regimen} says it is offered here only as {status:Status}"))
def why_not_offered_only_as(answer: Answer, regimen: str, status: str) -> None:
    _why_not_says(answer, regimen, f"Offered here only as {status.replace('_', ' ')}")


@then(step("why-not for {regimen:Regimen} says it would be {status:Status} only if {fact:Conclusion}"))
def why_not_would_be(engine: Engine, answer: Answer, regimen: str, status: str, fact: str) -> None:
    lead = f"{status.replace('_', ' ').capitalize()} under rule "
    wanted = f" only if {fact} is true (here: false)"
    reasons = [r for r in why_not(answer, regimen).reasons if r.startswith(lead) and wanted in r]
    assert reasons, f"no why-not reason for {regimen} starts {lead!r} and says {wanted!r}"
    rule_id = reasons[0].removeprefix(lead).split(" ", 1)[0]
    rule = next(r.rule for r in engine.rulebook.rules if r.id == rule_id)
    assert (rule.regimen, rule.status) == (regimen, status), rule_id


@then("no regimen is offered")
def no_regimen_isoffered(answer: Answer) -> None:
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
def no_approved_or_supported_inwhy_not(answer: Answer) -> None:
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


@then(step("the engine's reasoning {derives:Derives} that {fact:Conclusion}"))
def reasoning_derives(answer: Answer, derives: bool, fact: str) -> None:
    assert (fact in answer.trace.derived_facts) is derives, answer.trace.derived_facts


def _fired(engine: Engine, answer: Answer) -> list[Rule]:
    rules = {r.id: r.rule for r in engine.rulebook.rules}
    return [rules[f.rule] for f in answer.trace.fired]


@then(step("the engine's reasoning shows a rule deriving that {fact:Conclusion} fired"))
def reasoning_shows_a_derivation(engine: Engine, answer: Answer, fact: str) -> None:
    assert any(r.derive == fact for r in _fired(engine, answer)), [r.id for r in _fired(engine, answer)]


@then(step("the engine's reasoning shows a rule deriving that {fact:Conclusion} from that {cause:Conclusion} fired"))
def reasoning_shows_a_derivation_from(engine: Engine, answer: Answer, fact: str, cause: str) -> None:
    fired = _fired(engine, answer)
    from_cause = [r for r in fired if r.derive == fact and any(c.fact == cause and c.op == "is_true" for c in r.when)]
    assert from_cause, [r.id for r in fired]


@then(step("the engine's reasoning shows a rule making {regimen:Regimen} {status:Status} fired"))
def reasoning_shows_a_regimen_rule(engine: Engine, answer: Answer, regimen: str, status: str) -> None:
    fired = _fired(engine, answer)
    assert any((r.regimen, r.status) == (regimen, status) for r in fired), [r.id for r in fired]


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
