"""Clinical steps for a reason several options share: the walkthrough, the handout and the answer page say it once,
then name the options it covers in the answer's order (the JSON keeps one entry per option); a case out of scope says
its scope note once and lists no option again for it."""

from __future__ import annotations

from clinic_words import step
from flask.testing import FlaskClient
from pytest_bdd import then
from web_cases import as_form
from web_html import get_page

from engine import Answer, Engine
from engine.knowledge import TeachingCase
from render.handout import render_handout
from render.walkthrough import render_text, text_view
from teaching.reasons import not_offered, reasons_for


def _section(text: str, heading: str) -> list[str]:
    """The lines of a printed section, from under its heading to the blank line that ends it."""
    after = text.split(f"{heading}\n", 1)[1].lstrip("\n")
    return after.split("\n\n", 1)[0].splitlines()


def _page_entries(client: FlaskClient, teaching_case: TeachingCase) -> list[str]:
    """The answer page's "Why not the others", one text per entry (its term, its reasons, what they cover)."""
    why_not = get_page(client, "/answer", as_form(dict(teaching_case.case))).by_id("why-not")
    pairs = zip(why_not.find_all("dt"), why_not.find_all("dd"), strict=True)
    return [" ".join(f"{dt.text} {dd.text}".split()) for dt, dd in pairs]


def _said_once_naming(engine: Engine, where: str, entries: list[str], reason: str, names: list[str]) -> None:
    holding = [e for e in entries if reason in e]
    assert len(holding) == 1, f"{where}: {len(holding)} entries say {reason!r}"
    (entry,) = holding
    assert entry.count(reason) == 1, f"{where}: {entry!r}"
    words = engine.kb.words
    covers = words.reason("covers", options=words.reasons["options"].join(names))
    assert covers in entry.split(reason, 1)[1], f"{where}: {entry!r} does not name {names} after the reason"


def _names_sharing(engine: Engine, answer: Answer, regimen: str) -> tuple[str, list[str]]:
    """The reason a regimen is not offered, and the names of every option not offered for that reason, in order."""
    reasons = {r: reasons_for(engine, answer, r) for r in not_offered(answer)}
    names = {w.regimen_id: w.name for w in answer.why_not}
    return " ".join(reasons[regimen]), [names[r] for r in reasons if reasons[r] == reasons[regimen]]


@then(
    step(
        "the walkthrough, the handout and the answer page each say once why {first:Regimen} and {second:Regimen}"
        " are not offered, naming both in the answer's order"
    )
)
def shared_reason_said_once(
    engine: Engine, client: FlaskClient, teaching_case: TeachingCase, answer: Answer, first: str, second: str
) -> None:
    reason, names = _names_sharing(engine, answer, first)
    assert (reason, names) == _names_sharing(engine, answer, second), f"{first} and {second} differ in reason"
    heading = engine.kb.words.printed("why_not")
    printed = {
        "walkthrough": _section(render_text(text_view(engine, answer)), f"== {heading} =="),
        "handout": _section(render_handout(engine, answer, teaching_case), f"## {heading}"),
        "answer page": _page_entries(client, teaching_case),
    }
    for where, entries in printed.items():
        _said_once_naming(engine, where, entries, reason, names)


@then(
    step("the answer page says once why the case is out of scope, with no list of the options giving that reason again")
)
def page_says_scope_once(client: FlaskClient, teaching_case: TeachingCase, answer: Answer) -> None:
    assert not answer.in_scope
    page = get_page(client, "/answer", as_form(dict(teaching_case.case)))
    note = " ".join(answer.scope_note.split())
    assert page.text.count(note) == 1, page.text
    assert not page.find_all(id="why-not"), "the page lists why not for each option"


@then(
    step(
        "the walkthrough says it once, its engine's reasoning naming the HER2 status the scope asks for and the case's"
    )
)
def walkthrough_says_scope_once(engine: Engine, answer: Answer) -> None:
    printed = render_text(text_view(engine, answer))
    assert printed.count(answer.scope_note) == 1, printed
    reasoning = _section(printed, f"== {engine.kb.words.printed('reasoning')} ==")
    test = f"her2_status is positive (here: {answer.case.her2_status})"  # the scope's test, in the engine's words
    assert [line for line in reasoning if test in line], reasoning
