"""Clinical steps for a reason several options share: the walkthrough, the handout and the answer page say it once,
then name the options it covers in the answer's order (the JSON keeps one entry per option)."""

from __future__ import annotations

from clinic_words import step
from flask.testing import FlaskClient
from pytest_bdd import then
from web_cases import as_form
from web_html import get_page

from engine import Answer, Engine
from engine.knowledge import TeachingCase
from render.handout import render_handout
from render.walkthrough import render_text
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
        "walkthrough": _section(render_text(engine, answer), f"== {heading} =="),
        "handout": _section(render_handout(engine, answer, teaching_case), f"## {heading}"),
        "answer page": _page_entries(client, teaching_case),
    }
    for where, entries in printed.items():
        _said_once_naming(engine, where, entries, reason, names)


@then(
    step(
        "the walkthrough's reasoning and the answer page each say once why all {count:d} options are not offered,"
        " naming them in the answer's order"
    )
)
def one_reason_said_once_for_all(
    engine: Engine, client: FlaskClient, teaching_case: TeachingCase, answer: Answer, count: int
) -> None:
    (engine_reason,) = {tuple(w.reasons) for w in answer.why_not}  # the engine's reasoning: one reason for all
    reason, names = _names_sharing(engine, answer, answer.why_not[0].regimen_id)
    assert len(names) == len(answer.why_not) == count
    reasoning = _section(render_text(engine, answer), f"== {engine.kb.words.printed('reasoning')} ==")
    _said_once_naming(engine, "the walkthrough's reasoning", reasoning, " ".join(engine_reason), names)
    _said_once_naming(engine, "the answer page", _page_entries(client, teaching_case), reason, names)
