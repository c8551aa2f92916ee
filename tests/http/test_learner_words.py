"""The learner's form errors and feedback, and the what-if's group of date changes are the knowledge base's words
(rules/case-words.toml: [learner], and [changes] date); an app over a reworded copy says the new words."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask import Flask
from rules_copy import loaded
from web_cases import FIRST_LINE

from web import create_app
from web.services import engine_of

LIBRARY = "late-relapse-after-adjuvant"


@pytest.fixture(scope="module")
def reworded(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    engine = loaded(
        tmp_path_factory.mktemp("reworded"),
        ('"Choose a status, not offered, or unsure."', '"Pick one."'),
        ('"{value} is not a choice; choose', '"{value} cannot be scored; choose'),
        ('"{key} is given {times} times; give it once"', '"{key}: {times} answers, give one"'),
        ('"is not a regimen of the knowledge base"', '"is no regimen here"'),
        ('date = "Date"', 'date = "Another day"'),
        ('"Its place in the answer\'s order: {line}"', '"Where it stands, and why: {line}"'),
    )
    return create_app({"TESTING": True, "ENGINE": engine})


def test_reworded_learner_errors_reach_the_form(reworded: Flask) -> None:
    client = reworded.test_client()
    unscored = client.get(f"/cases/{LIBRARY}/learn/result?choice-aspirin=approved")
    assert unscored.status_code == 422
    assert "Pick one." in unscored.text
    assert "is no regimen here" in unscored.text
    twice = client.get(f"/learn/result?{urlencode(FIRST_LINE)}&choice-afatinib=approved&choice-afatinib=not_offered")
    assert "choice-afatinib: 2 answers, give one" in twice.text
    bad = client.get(f"/learn/result?{urlencode(FIRST_LINE)}&choice-afatinib=maybe")
    assert "&#39;maybe&#39; cannot be scored; choose" in bad.text


def test_reworded_date_group_reaches_the_what_if(reworded: Flask) -> None:
    page = reworded.test_client().get(f"/what-if?{urlencode(FIRST_LINE)}&tab=dates").text
    assert 'data-feature="Another day"' in page
    assert 'data-feature="Date"' not in page


def test_reworded_place_in_the_order_reaches_the_feedback(reworded: Flask) -> None:
    """The feedback on each choice says why the option stands where it does in the knowledge base's words."""
    client = reworded.test_client()
    choices = "&".join(f"choice-{r}=unsure" for r in engine_of(reworded).kb.regimen_ids)
    page = client.get(f"/learn/result?{urlencode(FIRST_LINE)}&{choices}").text
    assert "Where it stands, and why: " in page
    assert "Its place in the answer" not in page
