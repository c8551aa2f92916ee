"""The pages say an option's labels in the knowledge base's words ([option] in rules/case-words.toml): its place in
the order, its approval (a heading on the answer page, marked accelerated or converted), why, its cautions, and
behind the engine's reasoning the label before its rules; an app over a reworded copy shows the new words."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rules_copy import loaded

from web import create_app
from web.services import current_engine

CASE = "first-line-trastuzumab-not-recorded-2022"  # ordered options, approvals and cautions
NEOADJUVANT = "neoadjuvant-large-tumor"  # pertuzumab's neoadjuvant approval: accelerated, converted in 2017
TABLE_1 = "altto-adjuvant-lapatinib"  # an approval with its row of the review's Table 1, corrected for two options

REWORDED = {
    '"Order:"': '"Placed so:"',
    '"Caution:"': '"Take care:"',
    '"FDA approval {date}:"': '"Approved by the FDA on {date}:"',
    '"Rules:"': '"Rules that fired:"',
    '"Why:"': '"Because:"',
    '"Cautions:"': '"Take care with:"',
    '"FDA approval, {date}"': '"Approved by the FDA, {date}"',
    '" (accelerated approval)"': '" (an accelerated approval)"',
    '" (accelerated, converted to regular approval on {date})"': '" (accelerated, regular from {date})"',
    '"After the review ({year})"': '"Since the review ({year})"',
    '"Biosimilar"': '"A copy by another maker"',
    '"Why not a higher status:"': '"Not higher because:"',
    '"Learning points"': '"Points to learn"',
    '"Questions"': '"To discuss"',
    '"A HER2 breast cancer case"': '"A case of your own"',
    '"The review\'s Table 1:"': '"Table 1 of the review said:"',
    '"Correction:"': '"Corrected:"',
    '"Formulations and biosimilars on {date}"': '"Other forms as of {date}"',
    '"Source:"': '"From:"',
    '"Critical-appraisal note"': '"Appraisal"',
    '"correction not verified"': '"not checked"',
    '"The review says:"': '"In the review:"',
    '"The primary record:"': '"In the record:"',
    '"number from the review"': '"as the review gives it"',
    '"{source}, not verified"': '"{source}, unchecked"',
    '"; P {p}"': '"; p-value {p}"',
    '"The review\'s Table 1 row:"': '"Table 1 of the review, its row:"',
    '"(The same correction of the review\'s Table 1 is recorded for {studies}.)"': '"(Also for {studies}.)"',
    '"Evidence"': '"The evidence"',
    '"Evidence for {name}"': '"Studies behind {name}"',
    '"not verified"': '"no publication checked"',
    '"Evidence charts"': '"Charts of the evidence"',
    '"not verified against the primary publication"': '"unchecked against the publication"',
    '"Effect size"': '"Size of the effect"',
    '"Review refs"': '"The review\'s references"',
    '"Arms"': '"Treatment arms"',
}


@pytest.fixture(scope="module")
def reworded(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    edits = [(f"= {old}\n", f"= {new}\n") for old, new in REWORDED.items()] + [('names = " and "', 'names = " & "')]
    return create_app({"TESTING": True, "ENGINE": loaded(tmp_path_factory.mktemp("reworded"), *edits)})


def _query(app: Flask, case_id: str, **more: str) -> str:
    with app.app_context():
        stated = current_engine().kb.cases[case_id].case
    shown = {
        k: v.isoformat() if isinstance(v, dt.date) else str(v).lower() if isinstance(v, bool) else v
        for k, v in stated.items()
    }
    return urlencode({**shown, **more})


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_reworded_option_labels_reach_the_library_case_and_the_answer_page(reworded: Flask) -> None:
    client = reworded.test_client()
    case = _page(client, f"/cases/{CASE}?reasoning=on")
    for said in ('<span class="order-label">Placed so:</span>', "<p>Approved by the FDA on 20", "Take care: "):
        assert said in case
    assert '<p class="rules">Rules that fired: <code>' in case
    answer = _page(client, f"/answer?{_query(reworded, CASE, reasoning='on')}")
    assert "<h4>Approved by the FDA, 20" in answer
    assert "<strong>Because:</strong>" in answer
    assert "<strong>Take care with:</strong>" in answer
    assert '<p class="muted">Rules that fired: <code>' in answer
    assert '<span class="order-label">Placed so:</span>' in answer
    assert '<span class="badge badge-after-review">Since the review (2014)</span>' in answer
    assert "</strong>, a copy by another maker: " in answer
    assert "<strong>Not higher because:</strong>" in answer
    assert "<h4>Other forms as of 2022-" in answer
    assert '<p class="muted">From: ' in answer
    assert '<span class="muted">From: ' in answer
    assert "<p>From: Patel TA" in answer  # the footer's source: the review
    assert '<strong class="appraisal-label">Appraisal:</strong> ' in answer
    assert '<strong class="appraisal-label">Appraisal</strong> (' in answer
    assert "<p>In the review: <q>" in answer
    assert "<p>In the record: " in answer
    assert '<span class="source-tag">as the review gives it' in answer
    assert ", unchecked *</span>" in answer
    assert '<span class="as-in">(as the review gives it)</span>' in case
    assert "; p-value " in case
    assert "<h2>Points to learn: " in case
    assert "<h2>To discuss</h2>" in case
    then = _page(client, f"/answer?{_query(reworded, NEOADJUVANT, as_of='2015-01-01')}")
    assert " (an accelerated approval)</h4>" in then
    later = _page(client, f"/answer?{_query(reworded, NEOADJUVANT, as_of='2019-01-01')}")
    assert " (accelerated, regular from 2017-12-20)</h4>" in later
    old = ["Order:", "Caution:", "FDA approval, 20", "Why:", "Cautions:", "Rules:", "After the review", ", biosimilar:"]
    old += ["Why not a higher status:", "Learning points", "Questions", "Source:", "Critical-appraisal"]
    old += ["The review says", "The primary record:", "number from the review", ", not verified *"]
    assert [said for said in old if said in case + answer] == []


def test_reworded_option_labels_reach_the_teaching_pages(reworded: Flask) -> None:
    client = reworded.test_client()
    handout = _page(client, f"/cases/{CASE}/handout")
    assert '<span class="order-label">Placed so:</span>' in handout
    assert '<h2 id="questions-title">To discuss</h2>' in handout
    assert "A case of your own" in _page(client, f"/handout?{_query(reworded, CASE)}")
    assert "# A case of your own\n" in _page(client, f"/handout.md?{_query(reworded, CASE)}")
    timeline = _page(client, "/timeline")
    assert '<p class="teaching-note"><strong>Table 1 of the review said:</strong> ' in timeline
    assert '<p class="correction"><strong>Corrected:</strong> ' in timeline
    what_if = _page(client, f"/what-if?{_query(reworded, CASE)}")
    assert '<span class="muted order">Placed so: ' in what_if
    change = re.search(r'<option value="([^"]+)"', what_if)
    assert change is not None
    chosen = _page(client, f"/what-if?{_query(reworded, CASE, change=change.group(1), reasoning='on')}")
    assert '<p class="muted">Rules that fired: <code>' in chosen


def test_reworded_evidence_labels_reach_the_answer_evidence_and_handout_pages(reworded: Flask) -> None:
    client = reworded.test_client()
    answer = _page(client, f"/answer?{_query(reworded, CASE)}")
    said = ["<h4>The evidence</h4>", "<h4>Charts of the evidence</h4>", '<caption class="visually-hidden">Studies ']
    said += ['aria-label="Studies behind Pertuzumab + trastuzumab + taxane-based chemotherapy"']
    said += ['<abbr title="unchecked against the publication">*</abbr>', '<th scope="col">Treatment arms</th>']
    said += ['<th scope="col">Size of the effect</th>', '<th scope="col">The review&#39;s references</th>']
    assert [words for words in said if words not in answer] == []
    table = _page(client, f"/answer?{_query(reworded, TABLE_1)}")
    assert [words for words in ("<p>Table 1 of the review, its row: <q>", "(Also for ") if words not in table] == []
    assert "<h1>Charts of the evidence</h1>" in _page(client, "/evidence")
    assert '<p class="muted">* unchecked against the publication.</p>' in _page(client, f"/cases/{CASE}/handout")
    old = ["<h4>Evidence</h4>", "Evidence for ", "<h4>Evidence charts", "The same correction"]
    old += ["The review's Table 1 row:", "The review&#39;s Table 1 row:", ">Effect size<", ">Review refs<", ">Arms<"]
    assert [said for said in old if said in answer + table] == []
