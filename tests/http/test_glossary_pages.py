"""The glossary on the pages: a glossary page in the navigation lists every abbreviation, each answer page marks
the first use of each with its expansion, and every abbreviation an answer page shows has a glossary entry."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from engine import Engine
from teaching.glossary import Glossary, visible_text


def trial_names(engine: Engine) -> set[str]:
    """Trial names and their aliases: names, not abbreviations (the page says what each trial is)."""
    return {
        word
        for study in engine.kb.studies.values()
        for name in (study.name, *study.aliases)
        for word in (*re.findall(r"[A-Za-z0-9-]+", name), *name.replace("-", " ").split())
    }


def test_every_abbreviation_on_every_library_answer_page_has_a_glossary_entry(
    engine: Engine, client: FlaskClient
) -> None:
    glossary = Glossary(engine.kb.glossary, engine.kb.not_abbreviations)
    names = trial_names(engine)
    missing: dict[str, str] = {}
    for case_id in engine.kb.cases:
        text = visible_text(client.get(f"/cases/{case_id}").get_data(as_text=True))
        for word in glossary.unexplained(text) - names:
            missing.setdefault(word, case_id)
    assert missing == {}


def test_the_form_answer_marks_the_first_use_of_each_abbreviation_once(client: FlaskClient) -> None:
    page = client.get(
        "/answer?setting=metastatic&her2_status=positive&metastatic_line=first&hormone_receptor_status=negative&prior_trastuzumab=false"
    ).get_data(as_text=True)
    assert len(re.findall(r'<abbr title="hazard ratio[^"]*">HR</abbr>', page)) == 1
    assert len(re.findall(r'<abbr title="pathological complete response[^"]*">pCR</abbr>', page)) <= 1
    assert len(re.findall(r'<abbr title="[^"]*">HER2</abbr>', page)) == 1


def test_the_glossary_page_lists_every_term_and_the_navigation_links_to_it(engine: Engine, client: FlaskClient) -> None:
    page = client.get("/glossary").get_data(as_text=True)
    for term in engine.kb.glossary:
        assert f'id="term-{term.abbr}"' in page
    assert 'href="/glossary"' in client.get("/").get_data(as_text=True)


def test_json_answers_are_not_marked(client: FlaskClient) -> None:
    body = client.get("/api/v1/cases/first-line-today").get_data(as_text=True)
    assert "<abbr" not in body
