"""A study's and a result's numbers are printed in the knowledge base's words ([numbers] in rules/case-words.toml):
the review's references, a study's size and its note, a hazard ratio with its confidence interval and the level
where the record gives none, and the joins between them; an app over a reworded copy prints the new words on the
answer page, a library case, the evidence page, the handout, the card and the command line's walkthrough."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from flask import Flask
from rules_copy import loaded

from render.walkthrough import render_text, text_view
from web import create_app
from web.services import current_engine

CASE = "first-line-trastuzumab-not-recorded-2022"  # studies with references, sizes, notes, hazard ratios, arms

REWORDED = [
    ('reference = "[{n}]"', 'reference = "ref. {n}"'),
    ('references = ", "', 'references = " & "'),
    ('size = "n = {n}"', 'size = "{n} patients"'),
    ('size_note = "{size}; {note}"', 'size_note = "{size} (note: {note})"'),
    ('hazard_ratio = "HR {hr}"', 'hazard_ratio = "hazard ratio {hr}"'),
    ('interval = "{hr} ({level} CI {low}-{high})"', 'interval = "{hr}, {level} interval {low} to {high}"'),
    ('effect = "; "', 'effect = " | "'),
    ('arm_values = ", "', 'arm_values = " / "'),
]


@pytest.fixture(scope="module")
def reworded(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return create_app({"TESTING": True, "ENGINE": loaded(tmp_path_factory.mktemp("reworded"), *REWORDED)})


def _case(app: Flask) -> dict[str, object]:
    with app.app_context():
        stated = current_engine().kb.cases[CASE].case
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in stated.items()}


def test_reworded_numbers_reach_the_pages(reworded: Flask) -> None:
    client = reworded.test_client()
    query = urlencode({k: str(v).lower() if isinstance(v, bool) else v for k, v in _case(reworded).items()})
    answer = client.get(f"/answer?{query}").get_data(as_text=True)
    assert '<a href="#ref-18">ref. 18</a> <a href="#ref-42">ref. 42</a>' in answer
    assert "Pertuzumab + trastuzumab + docetaxel (402 patients): median PFS 18.5 months" in answer
    assert "(PMC3969339 Table 3) | hazard ratio 0.62, 95% interval 0.51 to 0.75<br>" in answer
    assert "median TTP 4.6 months / response rate 32% / median OS 20.3 months" in answer
    assert not [
        old for old in ('">[18]</a>', "(n = 402)", "Table 3); HR 0.62", "4.6 months, response") if old in answer
    ]
    case = client.get(f"/cases/{CASE}").get_data(as_text=True)
    assert "randomized phase III, 808 patients; the review's" in case
    assert "ref. 18ref. 42; NCT00567190" in case
    evidence = client.get("/evidence").get_data(as_text=True)
    assert "NeoALTTO ref. 12 ref. 34; CALGB 40601 ref. 37" in evidence


def test_reworded_numbers_reach_the_handout_the_card_and_the_walkthrough(reworded: Flask) -> None:
    client = reworded.test_client()
    handout = client.get(f"/cases/{CASE}/handout.md").get_data(as_text=True)
    body = {"hook": "org.her2-cds.case-review", "context": {"case": _case(reworded)}}
    cards = client.post("/cds-services/her2-case-review", json=body).get_json()["cards"]
    card = "\n".join(c["detail"] for c in cards)
    with reworded.app_context():
        engine = current_engine()
        text = render_text(text_view(engine, engine.evaluate(_case(reworded))))
    assert "CLEOPATRA** (randomized phase III, 808 patients (note: " in handout
    assert "- Evidence: CLEOPATRA (randomized phase III, 808 patients) ref. 18 & ref. 42" in card  # no note on a card
    assert "Evidence: CLEOPATRA (randomized phase III, 808 patients (note: " in text
    assert ") ref. 18 & ref. 42" in handout
    assert ") ref. 18 & ref. 42" in text
    assert not [old for old in ("n = 808", "[18], [42]") if old in handout + card + text]
