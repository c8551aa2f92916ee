"""A library case as a lesson tells it is in the knowledge base's words ([lesson] in rules/case-words.toml): a
seminar's title for each case (its number, its setting and line, its other parts, its date or the cut-off) and each
rule a case fired in its walkthrough (a regimen's, a derived fact's, a teaching note's, with what held); an app over
a reworded copy says the new words on the library's list, on a case's page and in its JSON."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from rules_copy import loaded

from web import create_app

REWORDED = [
    ('title = "Case {position}: {case}"', 'title = "No. {position} ({case})"'),
    ('setting = ", "\nparts', 'setting = " / "\nparts'),
    ('parts = "; "', 'parts = " | "'),
    ('on = "on {date}"', 'on = "dated {date}"'),
    ('at_cutoff = "at the cut-off"', 'at_cutoff = "today"'),
    ('"{name}: {status}, for {held} (all true here)."', '"{name} is {status} because {held}."'),
    ('derived = "{meaning}: {held}."', 'derived = "{meaning}, as {held}."'),
    ('"Teaching note, for {held}: {note}"', '"Note ({held}): {note}"'),
    ('and = " and "\n\n# ---- Each kind', 'and = " plus "\n\n# ---- Each kind'),
]


@pytest.fixture(scope="module")
def reworded(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return create_app({"TESTING": True, "ENGINE": loaded(tmp_path_factory.mktemp("reworded"), *REWORDED)})


def test_reworded_titles_reach_the_library(reworded: Flask) -> None:
    titles = re.findall(r">(No\. \d+ \([^<]*\))<", reworded.test_client().get("/cases").get_data(as_text=True))
    assert "No. 1 (after surgery | hormone receptor-negative | dated 2014-07-31)" in titles
    assert any(" / first line | " in t for t in titles), titles
    assert any(t.endswith(" | today)") for t in titles), titles
    assert not [t for t in titles if "; " in t or " on 20" in t]


def test_reworded_fired_rules_reach_a_cases_walkthrough(reworded: Flask) -> None:
    page = reworded.test_client().get("/cases/adjuvant-node-negative-hr-positive").get_data(as_text=True)
    assert "Lapatinib + trastuzumab + chemotherapy is Not recommended because treatment after surgery" in page
    assert " plus HER2-positive disease plus a date on or after 2014-06-03." in page
    assert "Note (early breast cancer (before or after surgery) plus HER2-positive disease" in page
    assert "(all true here)" not in page
    body = reworded.test_client().get("/api/v1/cases/pretreated-count-unknown-today").get_json()
    derived = [s["plain"] for s in body["walkthrough"]["fired"] if s["kind"] == "derivation"]
    assert derived
    assert all(", as " in said and said.endswith(".") for said in derived), derived
