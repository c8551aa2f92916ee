"""A CDS Hooks card and a handout say an option's lines in the knowledge base's words ([option] in
rules/case-words.toml), a handout its headings and stamp ([printed]), and a card its summary and source ([card]):
an app over a reworded copy says the new words on both."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from rules_copy import loaded

from web import create_app
from web.services import current_engine

# conditional, ordered, approved, with cautions, p values, numbers from the review and from the primary
# publications, and on a card a study the review knew whose results shown include later ones
CASE = "first-line-trastuzumab-not-recorded-2022"

BOTH = [
    ('"After the review ({year})"', '"Since the 2014 review ({year})"', "_Since the 2014 review (2014)_"),
    ('"Order:"', '"Placed so:"', "Placed so: "),
    ('"FDA approval {date}:"', '"Approved by the FDA on {date}:"', "Approved by the FDA on "),
    ('"Caution:"', '"Take care:"', "Take care:"),
    ('"{name} ({level}, {size}) {refs}"', '"{name} [{level}; {size}] {refs}"', "; n = "),
]
HANDOUT = [  # a card lists no results, no corrections and no headings
    ('"The review\'s Table 1:"', '"Table 1 of the review said:"', "*Table 1 of the review said:*"),
    ('"Correction:"', '"Corrected:"', "*Corrected:* "),
    ('"the review says {review}; {primary}"', '"{review} in the review; {primary}"', "*Corrected:* HR 0.73"),
    ('"Notes"', '"Teaching notes"', "## Teaching notes"),
    ('"The case"', '"This case"', "## This case"),
    ('"feature"', '"what"', "| what | value |"),
    ('"Why not a higher status:"', '"Not higher because:"', "- *Not higher because:* "),
    ('"Learning points"', '"Points to learn"', "## Points to learn"),
    ('"Questions"', '"To discuss"', "## To discuss"),
    ('"Biosimilar"', '"A biosimilar"', "- *A biosimilar on 20"),
    ('"{kind}, {date}:"', '"{kind} on {date}:"', "- *A biosimilar on 20"),
    ('"(Source: {source})"', '"[source: {source}]"', " [source: "),
    ('"Why not the others"', '"Not offered here"', "## Not offered here"),
    (
        '"Knowledge base {version}, evidence to {cutoff}, sha256 {sha}"',
        '"Built from knowledge base {version} ({cutoff}), sha256 {sha}"',
        "Built from knowledge base ",
    ),
    ('"{endpoint}: {result}{p} ({source})"', '"{endpoint} = {result}{p} [{source}]"', " = "),
    ('"; P {p}"', '"; p-value {p}"', "; p-value "),
    ('"number from the review"', '"as the review gives it"', "[as the review gives it]"),
    ('"from the primary publication"', '"as first published"', "[as first published]"),
]
PART = "tdm1-after-trastuzumab"  # the FDA label covers part of trastuzumab + chemotherapy: its status line says so
STATUS = ('"Status: {status}."', '"Standing: {status}!"', "Standing: approved for trastuzumab alone after chemo")
CARD = [
    ('"{summary} (educational)"', '"{summary} [for teaching]"', None),
    ('"{status}: {name}"', '"{name} is {status}"', None),
    ('"her2-cds {version} (educational)"', '"her2-cds {version}, for teaching"', None),
    ('"Evidence: {study}"', '"Study: {study}"', "- Study: "),
    ('"No HER2-directed option for this case"', '"Nothing HER2-directed here"', None),
    ('"results updated {mark}"', '"newer results {mark}"', "_newer results since the 2014 review (2014)_"),
    ('"The full answer (her2-cds, educational)"', '"Whole answer (her2-cds, for teaching)"', None),
    ('"What if? (her2-cds, educational)"', '"Change one thing (her2-cds, for teaching)"', None),
]
# the packaged words (a study's own text may say "FDA approval of ..." or "P = ...")
OLD = ["Status: ", "Order: ", "*FDA approval 2", "\nFDA approval 2", "Caution:", "(number from the", "- Evidence: "]
OLD += ["After the review (", "*Biosimilar, ", "(Source: FDA"]
OLD += ["*Correction:*", "*The review's Table 1:*", "## Notes", "## Why not the others", "\nKnowledge base "]


@pytest.fixture(scope="module")
def reworded(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    edits = [(f"= {old}\n", f"= {new}\n") for old, new, _ in BOTH + HANDOUT + CARD + [STATUS]]
    return create_app({"TESTING": True, "ENGINE": loaded(tmp_path_factory.mktemp("reworded"), *edits)})


def test_reworded_option_lines_reach_the_handout_and_the_card(reworded: Flask) -> None:
    client = reworded.test_client()
    handout = client.get(f"/cases/{CASE}/handout.md").get_data(as_text=True)
    with reworded.app_context():
        stated = current_engine().kb.cases[CASE].case
    case = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in stated.items()}
    body = {"hook": "org.her2-cds.case-review", "context": {"case": case}}
    cards = client.post("/cds-services/her2-case-review", json=body).get_json()["cards"]
    card = "\n".join(c["detail"] for c in cards)
    assert [said for _, _, said in BOTH + HANDOUT if said not in handout] == []
    assert [said for _, _, said in BOTH + CARD if said is not None and said not in card] == []
    summaries = [c["summary"] for c in cards]
    assert "Pertuzumab + trastuzumab + taxane-based chemotherapy is FDA-approved [for teaching]" in summaries
    assert {c["source"]["label"] for c in cards} == {"her2-cds 2026.12-r1, for teaching"}
    links = {link["label"] for c in cards for link in c["links"]}
    assert {"Whole answer (her2-cds, for teaching)", "Change one thing (her2-cds, for teaching)"} <= links
    assert not [label for label in links if "(her2-cds, educational)" in label]
    body["context"]["case"] = {**case, "her2_status": "negative"}
    (none,) = client.post("/cds-services/her2-case-review", json=body).get_json()["cards"]
    assert none["summary"] == "Nothing HER2-directed here [for teaching]"
    assert not [old for old in OLD if old in handout or old in card]
    part = client.get(f"/cases/{PART}/handout.md").get_data(as_text=True)
    assert STATUS[2] in part
    assert "Status: " not in part
