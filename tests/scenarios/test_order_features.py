"""Step definitions for features/order.feature: the order of an answer and the reason each option gives for
its place (a guideline of the day, a randomized head-to-head trial, the status, or nothing)."""

from __future__ import annotations

from typing import Any

from clinic_words import recommendation, step
from flask.testing import FlaskClient
from pytest_bdd import scenarios, then
from web_cases import as_form
from web_html import get_page

from engine import Answer, Engine

scenarios("order.feature")


def _order(answer: Answer) -> list[str]:
    return [r.regimen_id for r in answer.recommendations]


@then(step("{regimen:Regimen} is listed first"))
def listed_first(answer: Answer, regimen: str) -> None:
    assert _order(answer)[0] == regimen, _order(answer)


@then(step("{regimen:Regimen} comes next"))
def comes_next(answer: Answer, regimen: str) -> None:
    assert _order(answer)[1] == regimen, _order(answer)


@then(step("{regimen:Regimen} comes before {other:Regimen}"))
def comes_before(answer: Answer, regimen: str, other: str) -> None:
    order = _order(answer)
    assert order.index(regimen) < order.index(other), order


@then(step("{regimen:Regimen} comes after every option approved whole"))
def after_the_whole(answer: Answer, regimen: str) -> None:
    order = _order(answer)
    rec = recommendation(answer, regimen)
    assert rec.status == "approved", rec.status_label
    assert rec.labelled_part, rec.status_label
    whole = [r.regimen_id for r in answer.recommendations if r.status == "approved" and not r.labelled_part]
    assert whole
    assert all(order.index(w) < order.index(regimen) for w in whole), order


@then(step('the order line of {regimen:Regimen} says "{text}"'))
def order_line_says(engine: Engine, answer: Answer, regimen: str, text: str) -> None:
    line = engine.kb.words.order.line(recommendation(answer, regimen).ordered_by)
    assert text in line or text in line[:1].lower() + line[1:], line  # the line's first word is capitalized


@then(step('the order line of {regimen:Regimen} does not say "{text}"'))
def order_line_does_not_say(engine: Engine, answer: Answer, regimen: str, text: str) -> None:
    line = engine.kb.words.order.line(recommendation(answer, regimen).ordered_by)
    assert text not in line, line


@then(step('the answer page names {regimen:Regimen} first, with "{text}"'))
def page_names_first(client: FlaskClient, case_fields: dict[str, Any], answer: Answer, regimen: str, text: str) -> None:
    """The verdict panel of the answer page (what a student reads) lists it first, its order line giving the
    reason."""
    query = as_form({**case_fields, "as_of": answer.case.as_of.isoformat()})
    first = get_page(client, "/answer", query).find("li", class_="verdict-row")
    assert first["data-regimen"] == regimen, first.text
    line = first.find("p", class_="verdict-order").text.removeprefix("Order: ")
    assert text in line or text in line[:1].lower() + line[1:], line
