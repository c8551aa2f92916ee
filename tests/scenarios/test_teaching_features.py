"""Step definitions for features/teaching.feature: the teaching layer, in the engine and over the web.

The feature names regimens, statuses and case fields in the clinic's words (tests/support/clinic_words.py); a
learner's verdicts are words too ("the wrong status")."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import parse
from clinic_words import TYPES
from flask.testing import FlaskClient
from packaged import REGIMEN_IDS
from pytest_bdd import given, parsers, scenarios, then, when
from web_html import Node, parse_html
from werkzeug.test import TestResponse

from engine import Answer, Engine
from engine.knowledge import TeachingCase
from teaching.learner import LearnerScore, learner_items, parse_commitment, score
from teaching.library import coverage
from teaching.timeline import CaseTimeline, case_timeline
from teaching.whatif import Flip, StatusChange, what_if

scenarios("teaching.feature")


@parse.with_pattern(r"correct|the wrong status|missed|extra|unsure")
def _verdict(text: str) -> str:
    return text.removeprefix("the ").replace(" ", "_")


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types={**TYPES, "Verdict": _verdict})


@given(parsers.parse('the library case "{case_id}"'), target_fixture="teaching_case")
def the_library_case(engine: Engine, case_id: str) -> TeachingCase:
    return engine.kb.cases[case_id]


@given("the whole case library", target_fixture="library")
def the_whole_case_library(engine: Engine) -> list[TeachingCase]:
    return list(engine.kb.cases.values())


@given("a case with no hormone receptor status", target_fixture="case_fields")
def a_case_without_hormone_receptor_status() -> dict[str, Any]:
    return {"setting": "metastatic", "her2_status": "positive", "metastatic_line": "first"}


@when("the engine evaluates the library case", target_fixture="answer")
def the_engine_evaluates_the_library_case(engine: Engine, teaching_case: TeachingCase) -> Answer:
    return engine.evaluate(teaching_case.case)


@then("every status the case expects is the engine's")
def every_expected_status_holds(teaching_case: TeachingCase, answer: Answer) -> None:
    got = {r.regimen_id: r.status for r in answer.recommendations}
    assert {k: got.get(k) for k in teaching_case.expect} == dict(teaching_case.expect)


@then("no regimen the case expects absent is offered")
def no_expected_absent_regimen_is_offered(teaching_case: TeachingCase, answer: Answer) -> None:
    offered = {r.regimen_id for r in answer.recommendations}
    assert offered.isdisjoint(teaching_case.expect_absent)


@when("the engine evaluates every library case", target_fixture="unexercised")
def the_engine_evaluates_every_library_case(engine: Engine, library: list[TeachingCase]) -> list[str]:
    return coverage(engine, library).unexercised


@then("every rule of the rulebook fires for at least one library case")
def every_rule_fires_for_some_case(unexercised: list[str]) -> None:
    assert unexercised == []


@when(step("the student commits {regimen:Regimen} as {status:Status} and nothing else"), target_fixture="result")
def the_student_commits(engine: Engine, teaching_case: TeachingCase, regimen: str, status: str) -> LearnerScore:
    return score(engine, engine.evaluate(teaching_case.case), parse_commitment({regimen: status}, engine.kb))


@then(step("{regimen:Regimen} is scored as {verdict:Verdict} against the engine's {truth:Status}"))
def the_regimen_is_scored_against_the_engine(result: LearnerScore, regimen: str, verdict: str, truth: str) -> None:
    item = next(i for i in result.items if i.regimen_id == regimen)
    assert (item.verdict, item.engine) == (verdict, truth)


@then(step("{regimen:Regimen} is scored as {verdict:Verdict}"))
def the_regimen_is_scored(result: LearnerScore, regimen: str, verdict: str) -> None:
    assert next(i for i in result.items if i.regimen_id == regimen).verdict == verdict


@then(step("{regimen:Regimen} is decided by one {status:Status} rule, explained in clinical words"))
def the_reason_is_in_words(engine: Engine, result: LearnerScore, regimen: str, status: str) -> None:
    item = next(i for i in result.items if i.regimen_id == regimen)
    (rule,) = item.rules
    decided = next(r.rule for r in engine.rulebook.rules if r.id == rule)
    assert (decided.regimen, decided.status) == (regimen, status)
    assert rule not in item.reason
    assert item.reason.startswith(f"{engine.kb.words.title(status)}: ")


@when("the student opens the practice form of the case", target_fixture="page")
def the_student_opens_the_practice_form(client: FlaskClient, teaching_case: TeachingCase) -> Node:
    response = client.get(f"/cases/{teaching_case.id}/learn")
    assert response.status_code == 200
    return parse_html(response.get_data(as_text=True))


@then(
    "the form asks for a choice for each regimen that bears on the case or that the library names as a distractor,"
    " but answers none of the case's questions"
)
def the_form_gives_no_answer_away(page: Node, teaching_case: TeachingCase, engine: Engine) -> None:
    asked = learner_items(engine, engine.evaluate(teaching_case.case), teaching_case)
    assert [s["name"] for s in page.find_all("select")] == [f"choice-{r}" for r in asked]
    assert len(asked) < len(REGIMEN_IDS)
    assert all(q.answer not in page.text for q in teaching_case.questions)


@when(parsers.parse('the student commits "{choice}" for every regimen'), target_fixture="page")
def the_student_commits_every_regimen(client: FlaskClient, teaching_case: TeachingCase, choice: str) -> Node:
    query = urlencode({f"choice-{r}": choice for r in REGIMEN_IDS})
    response = client.get(f"/cases/{teaching_case.id}/learn/result?{query}")
    assert response.status_code == 200
    return parse_html(response.get_data(as_text=True))


@then(parsers.parse('the result page answers "{question}" under the question'), target_fixture="model_answer")
def the_result_page_answers_the_question(page: Node, question: str) -> str:
    item = next(li for li in page.find_all("li", class_="question") if li.find(class_="question-text").text == question)
    return item.find(class_="model-answer").text


@then(parsers.parse('that answer quotes the 2013 pertuzumab label "{words}" and cites the review\'s reference [{ref}]'))
def the_answer_quotes_and_cites(model_answer: str, words: str, ref: str) -> None:
    assert words in model_answer
    assert "30 September 2013" in model_answer
    assert f"[{ref}]" in model_answer


@when(step("the student flips one feature, {field:Field}: {change}"), target_fixture="flip")
def the_student_flips_one_feature(engine: Engine, teaching_case: TeachingCase, field: str, change: str) -> Flip:
    label = f"{field}: {change}"  # the what-if's own label for the flip
    flips = {f.label: f for f in what_if(engine, teaching_case.case).flips}
    assert label in flips, f"no flip {label!r}; flips: {sorted(flips)}"
    return flips[label]


@then(step("{regimen:Regimen} changes from {before:Status} to {after:Status}"), target_fixture="change")
def the_regimen_changes(flip: Flip, regimen: str, before: str, after: str) -> StatusChange:
    change = next(c for c in flip.changes if c.regimen_id == regimen)
    assert (change.before, change.after) == (before, after)
    return change


@then("the change names the rule behind it")
def the_change_names_its_rule(change: StatusChange) -> None:
    assert change.rules
    assert all(rule in change.reason for rule in change.rules)


@when("the case is traced through time", target_fixture="timeline")
def the_case_is_traced_through_time(engine: Engine, teaching_case: TeachingCase) -> CaseTimeline:
    return case_timeline(engine, teaching_case.case)


@then("its first point comes before any approval, with no option")
def the_first_point_has_no_option(timeline: CaseTimeline) -> None:
    assert timeline.points[0].options == {}
    assert "before the first approval" in timeline.points[0].event


@then(step("{regimen:Regimen} first appears as {status:Status} on {day}"))
def the_regimen_first_appears(timeline: CaseTimeline, regimen: str, status: str, day: str) -> None:
    first = next(p for p in timeline.points if regimen in p.options)
    assert (first.date, first.options[regimen]) == (day, status)


@then("the last point is the evidence cut-off")
def the_last_point_is_the_cutoff(engine: Engine, timeline: CaseTimeline) -> None:
    assert timeline.points[-1].date == engine.kb.info.evidence_cutoff.isoformat()
    assert "cut-off" in timeline.points[-1].event


@when("a CDS client sends the case to the her2-case-review service", target_fixture="response")
def a_cds_client_sends_the_case(client: FlaskClient, request: Any) -> TestResponse:
    names = request.fixturenames
    case = request.getfixturevalue("teaching_case").case if "teaching_case" in names else None
    if case is None:
        case = request.getfixturevalue("case_fields")
    body = {"hook": "org.her2-cds.case-review", "hookInstance": "f3b1c8e0-teaching", "context": {"case": case}}
    return client.post("/cds-services/her2-case-review", json=body)


@then("the service answers 200 with one card per option of the engine's answer")
def one_card_per_option(response: TestResponse, engine: Engine, teaching_case: TeachingCase) -> None:
    assert response.status_code == 200
    options = engine.evaluate(teaching_case.case).recommendations
    assert len(response.get_json()["cards"]) == len(options)


@then(step("the card for {regimen:Regimen} is {indicator}"))
def the_card_has_the_indicator(response: TestResponse, engine: Engine, regimen: str, indicator: str) -> None:
    name = engine.kb.regimens[regimen].name  # a card names the regimen as people do, never by its id
    card = next(c for c in response.get_json()["cards"] if c["summary"].endswith(f": {name} (educational)"))
    assert card["indicator"] == indicator


@then("every card says it is for educational use only")
def every_card_says_educational_use_only(response: TestResponse) -> None:
    assert all("Educational use only" in c["detail"] for c in response.get_json()["cards"])


@then(step("the service answers 422 naming {field:Field}"))
def the_service_answers_422(response: TestResponse, field: str) -> None:
    assert response.status_code == 422
    assert field in {e["field"] for e in response.get_json()["errors"]}


@when("a student opens the evidence page", target_fixture="response")
def a_student_opens_the_evidence_page(client: FlaskClient) -> TestResponse:
    return client.get("/evidence")


@when(parsers.parse('a student downloads the handout of the library case "{case_id}"'), target_fixture="response")
def a_student_downloads_the_handout(client: FlaskClient, case_id: str) -> TestResponse:
    return client.get(f"/cases/{case_id}/handout.md")


@then(
    parsers.parse("the page shows {count:d} charts, each as an SVG image with a table of its numbers and its sources")
)
def the_page_shows_the_charts(client: FlaskClient, response: TestResponse, count: int) -> None:
    page = parse_html(response.get_data(as_text=True))
    sections = [s for s in page.find_all("section") if (s.attrs.get("id") or "").startswith("chart-")]
    assert len(sections) == count
    for section in sections:
        image = client.get(section.find("img")["src"])
        assert image.mimetype == "image/svg+xml"
        assert section.find("table").find_all("td")
        assert "Sources:" in section.text


@then("the download is a Markdown attachment that says educational use only")
def the_download_is_a_markdown_attachment(response: TestResponse) -> None:
    assert response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "Educational use only" in response.get_data(as_text=True)
