"""The words that join names and events inside a sentence a person reads are the knowledge base's: between study
names and between what happened on one day ([changes] names, events), between the fields no date settles ([mark]
list), and between a case's values in a student's reason ([reasons] list); an app over a reworded copy joins with
the new words."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask import Flask
from rules_copy import loaded
from web_cases import FIRST_LINE

from web import create_app


@pytest.fixture(scope="module")
def reworded(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    engine = loaded(
        tmp_path_factory.mktemp("reworded"),
        ('names = ", "', 'names = " + "'),
        ('events = "; "', 'events = " | "'),
        ('list = ", "\nand = " and "\nunknown_one', 'list = " / "\nand = " and "\nunknown_one'),
        ('list = ", "\nand = " and "\nno_rule', 'list = " · "\nand = " and "\nno_rule'),
    )
    return create_app({"TESTING": True, "ENGINE": engine})


def test_reworded_joins_reach_the_case_through_time(reworded: Flask) -> None:
    page = reworded.test_client().get(f"/timeline?{urlencode(FIRST_LINE)}").get_data(as_text=True)
    assert "results counted from this day: EGF104900 + Neratinib phase II" in page
    assert "results counted from this day: CLEOPATRA | head-to-head result public: CLEOPATRA," in page
    assert "Not known in this case: prior trastuzumab / months since the last trastuzumab." in page


def test_reworded_join_reaches_a_students_reasons(reworded: Flask) -> None:
    query = urlencode({**FIRST_LINE, "as_of": "2013-01-01"})
    page = reworded.test_client().get(f"/answer?{query}").get_data(as_text=True)
    assert "this case: metastatic · first line." in page
    assert "this case: metastatic, first line." not in page
