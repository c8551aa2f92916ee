"""Clinical steps for a case out of scope: the answer page's engine's reasoning, the walkthrough, the case's page and
a what-if change say which test of the scope it fails, and say the scope note once, never again for every option."""

from __future__ import annotations

from clinic_words import step
from flask.testing import FlaskClient
from pytest_bdd import then, when
from web_cases import as_form
from web_html import Node, get_page

from engine import Answer, Engine
from engine.knowledge import TeachingCase
from render.walkthrough import render_text


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
    printed = render_text(engine, answer)
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
