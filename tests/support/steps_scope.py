"""Clinical steps for a case out of scope: the answer page's engine's reasoning, the walkthrough, the case's page and
a what-if change say which test of the scope it fails, and say the scope note once, never again for every option."""

from __future__ import annotations

from clinic_words import step
from flask.testing import FlaskClient
from pytest_bdd import then, when
from web_cases import as_form
from web_html import Node, get_page, parse_html

from engine import Answer, Engine
from engine.knowledge import TeachingCase
from render.walkthrough import render_text, text_view


def _reasoning(client: FlaskClient, teaching_case: TeachingCase, shown: bool) -> Node:
    query = dict(as_form(dict(teaching_case.case)), **({"reasoning": "on"} if shown else {}))
    return get_page(client, "/answer", query).by_id("trace")


def _flat(text: str) -> str:
    return " ".join(text.split())


@then(step('the engine\'s reasoning on the answer page says "{said}"'))
@then(step('it says "{said}"'))
def reasoning_says(client: FlaskClient, teaching_case: TeachingCase, said: str) -> None:
    assert said in _reasoning(client, teaching_case, shown=True).text


@then(step('there it names the scope\'s test as the engine tests it, "{test}", which the page without it does not'))
def reasoning_names_the_test(client: FlaskClient, teaching_case: TeachingCase, test: str) -> None:
    assert test in _reasoning(client, teaching_case, shown=True).text
    assert test not in get_page(client, "/answer", as_form(dict(teaching_case.case))).text


@then(
    step(
        "the walkthrough's engine's reasoning names every T-DXd rule for HER2-low with the tests it fails,"
        ' "{test}" among them'
    )
)
def walkthrough_names_the_rules(engine: Engine, answer: Answer, test: str) -> None:
    printed = render_text(text_view(engine, answer))
    reasoning = printed.split(f"== {engine.kb.words.printed('reasoning')} ==\n", 1)[1]
    name = engine.kb.regimens["trastuzumab_deruxtecan"].name
    (line,) = [x for x in reasoning.splitlines() if x.startswith(f"* {name}: ")]
    named = [r.id for r in engine.rulebook.by_regimen["trastuzumab_deruxtecan"] if "low" in r.rule.her2_statuses]
    assert named
    assert all(f"rule {rule} only if" in line for rule in named), line
    assert test in line, line


@when("a student opens the page of the library case", target_fixture="page")
def open_the_case_page(client: FlaskClient, teaching_case: TeachingCase) -> Node:
    return get_page(client, f"/cases/{teaching_case.id}")


@then("the page says the case's scope note once")
def page_says_the_note_once(engine: Engine, page: Node, teaching_case: TeachingCase) -> None:
    note = _flat(engine.evaluate(teaching_case.case).scope_note)
    assert note
    assert page.text.count(note) == 1, page.text


@then(step('the step of the rules that apply says "{said}"'))
def rules_step_says(page: Node, said: str) -> None:
    assert said in page.by_id("step-rules").text


@when(step('the student chooses the what-if change "{change}"'), target_fixture="page")
def choose_the_change(client: FlaskClient, teaching_case: TeachingCase, change: str) -> Node:
    page = get_page(client, "/what-if", as_form(dict(teaching_case.case)))
    chosen = [o for o in page.by_id("change").find_all("option") if o.text == change]
    assert chosen, f"no what-if change {change!r}"
    query = dict(as_form(dict(teaching_case.case)), change=chosen[0]["value"])
    return get_page(client, "/what-if", query).by_id("chosen")


@then("the change says the scope note once, and every option it drops only that it is no longer offered")
def change_says_the_note_once(engine: Engine, page: Node, teaching_case: TeachingCase) -> None:
    changes = page.find_all("li", class_="change")
    assert len(changes) > 1, "the change drops fewer than two options"
    reasons = {c.find_all("p")[1].text for c in changes}
    assert reasons == {engine.kb.words.changes("dropped")}, reasons
    dropped = [p.text for p in page.find_all("p", class_="scope")]
    assert len(dropped) == 1, page.text
    assert "HER2-directed therapy is for HER2-positive" in dropped[0]


@then("every regimen's reason says only that it is not offered")
def every_reason_only_not_offered(engine: Engine, page: Node) -> None:
    cells = page.find_all("td", data_label="Why")
    assert len(cells) > 1
    said = f"{engine.kb.words.title('not_offered')}."
    assert {c.text.removeprefix("Why ") for c in cells} == {said}, [c.text for c in cells]


@when("a class answers the library case in a seminar", target_fixture="seminar")
def class_answers_in_a_seminar(client: FlaskClient, teaching_case: TeachingCase) -> dict[str, str]:
    created = client.post("/api/v1/seminars", json={"title": "Scope", "case_ids": [teaching_case.id]})
    assert created.status_code == 201, created.text
    code, token = created.json["code"], created.json["teacher_token"]
    answered = client.post(f"/api/v1/seminars/{code}/responses", json={"case_id": teaching_case.id, "choices": {}})
    assert answered.status_code == 201, answered.text
    return {"code": code, "token": token}


def _not_offered(engine: Engine) -> str:
    return f"{engine.kb.words.title('not_offered')}."


@then("the seminar's results say the case's scope note once, and every regimen's reason only that it is not offered")
def results_say_the_note_once(
    client: FlaskClient, engine: Engine, teaching_case: TeachingCase, seminar: dict[str, str]
) -> None:
    """The results page draws the results the teacher's token fetches (static/seminar.js): the note once, as given."""
    results = client.get(
        f"/api/v1/seminars/{seminar['code']}/results", headers={"Authorization": f"Bearer {seminar['token']}"}
    )
    note = engine.evaluate(teaching_case.case).scope_note
    (tallied,) = results.json["cases"]
    assert tallied["scope_note"] == note
    assert results.text.count(note) == 1
    assert {r["reason"] for r in tallied["regimens"]} == {_not_offered(engine)}


@then(
    "the projector, the case's answer revealed, says the scope note once, and every regimen's reason only that it is"
    " not offered"
)
def projector_says_the_note_once(
    client: FlaskClient, engine: Engine, teaching_case: TeachingCase, seminar: dict[str, str]
) -> None:
    response = client.post(f"/s/{seminar['code']}/present", data={"token": seminar["token"], "reveal": "1"})
    assert response.status_code == 200, response.text
    answer = parse_html(response.text).by_id("answer-1")
    assert answer.text.count(_flat(engine.evaluate(teaching_case.case).scope_note)) == 1, answer.text
    reasons = [row.find_all("td")[1].text for row in answer.find("tbody").find_all("tr")]
    assert len(reasons) > 1
    assert set(reasons) == {_not_offered(engine)}, reasons
