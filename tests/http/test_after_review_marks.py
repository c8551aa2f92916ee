"""The "after the review" mark beyond the answer page: CDS Hooks cards, the Markdown handout and the printed
handout mark an option, study, result or note first public after the review, in the same words."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from web_cases import FIRST_LINE
from web_html import parse_html

from engine import Answer, Engine
from render.cds_hooks import cards
from render.handout import render_handout
from teaching.words import after_review_mark

MARK = "After the review (2014)"


@pytest.fixture(scope="module")
def today(engine: Engine) -> Answer:
    return engine.evaluate({**FIRST_LINE, "as_of": "2026-05-15"})


def _details(engine: Engine, answer: Answer) -> dict[str, str]:
    by_summary = {c["summary"]: c["detail"] for c in cards(answer, engine.kb, [])}
    return {rec.regimen_id: next(d for s, d in by_summary.items() if rec.name in s) for rec in answer.recommendations}


def test_the_mark_names_the_review_year_from_the_knowledge_base(engine: Engine) -> None:
    """The phrase is built from the knowledge base's review date, not written out in each renderer."""
    assert after_review_mark(engine.kb.words, engine.kb.info.review_published) == MARK


def test_a_card_marks_an_option_and_a_study_after_the_review(engine: Engine, today: Answer) -> None:
    """T-DXd + pertuzumab's card and its DESTINY-Breast09 line carry the mark; trastuzumab + chemotherapy's do not."""
    details = _details(engine, today)
    tdxd = details["trastuzumab_deruxtecan_pertuzumab"]
    assert tdxd.splitlines()[0] == f"**FDA-approved** · _{MARK}_"
    assert any(line.startswith("- Evidence: DESTINY-Breast09") and MARK in line for line in tdxd.splitlines())
    assert MARK not in details["trastuzumab_chemotherapy"]


def test_a_card_says_when_a_study_the_review_knew_has_later_results(engine: Engine, today: Answer) -> None:
    """CLEOPATRA (2012) is not itself marked, but its line says its results were updated after the review."""
    lines = _details(engine, today)["pertuzumab_trastuzumab_chemotherapy"].splitlines()
    cleopatra = next(line for line in lines if line.startswith("- Evidence: CLEOPATRA"))
    assert cleopatra.endswith("_results updated after the review (2014)_")
    assert MARK not in lines[0]


def test_no_card_is_marked_as_the_review_saw_it(engine: Engine) -> None:
    """On the review's own date nothing is after it."""
    answer = engine.evaluate({**FIRST_LINE, "as_of": "2014-07-31"})
    assert all("after the review" not in c["detail"].lower() for c in cards(answer, engine.kb, []))


def test_the_handout_marks_options_later_results_and_notes(engine: Engine, today: Answer) -> None:
    """The handout marks T-DXd + pertuzumab's heading, CLEOPATRA's final overall survival (not CLEOPATRA itself)
    and the MARIANNE note; the 1998 option is unmarked."""
    lines = render_handout(engine, today).splitlines()
    assert f"### T-DXd + pertuzumab · _{MARK}_" in lines
    assert "### Trastuzumab + chemotherapy" in lines
    cleopatra = next(line for line in lines if line.startswith("- **CLEOPATRA**"))
    assert MARK not in cleopatra
    final_os = next(line for line in lines if line.startswith("  - Overall survival (final prespecified"))
    assert final_os.endswith(f"_{MARK}_")
    notes = lines[lines.index("## Notes") + 2 : lines.index("## Why not the others") - 1]
    assert notes
    assert any(MARK in line for line in notes)


def test_the_handout_as_the_review_saw_it_has_no_mark(engine: Engine) -> None:
    """A 2014 handout is the review's world: no line is marked."""
    text = render_handout(engine, engine.evaluate({**FIRST_LINE, "as_of": dt.date(2014, 7, 31).isoformat()}))
    assert "after the review" not in text.lower()


def test_the_printed_handout_marks_options_and_key_trials(client: FlaskClient) -> None:
    """The printable page marks T-DXd + pertuzumab and its key trial, not trastuzumab + chemotherapy."""
    response = client.get("/handout", query_string={**FIRST_LINE, "as_of": "2026-05-15"})
    assert response.status_code == 200
    rows = {
        li["data-regimen"]: li
        for li in parse_html(response.get_data(as_text=True)).find_all("li", class_="verdict-row")
    }
    tdxd = rows["trastuzumab_deruxtecan_pertuzumab"]
    assert MARK in tdxd.find("p", class_="verdict-head").text
    assert MARK in tdxd.find("p", class_="verdict-trial").text
    assert MARK not in rows["trastuzumab_chemotherapy"].text


def test_the_answer_page_marks_studies_and_later_results_in_the_evidence(client: FlaskClient) -> None:
    """In the evidence tables, DESTINY-Breast09 is marked as a study; CLEOPATRA's final overall survival as a result."""
    response = client.get("/answer", query_string={**FIRST_LINE, "as_of": "2026-05-15"})
    doc = parse_html(response.get_data(as_text=True))
    tdxd = doc.by_id("regimen-trastuzumab_deruxtecan_pertuzumab").find("th", scope="rowgroup")
    assert "DESTINY-Breast09" in tdxd.text
    assert MARK in tdxd.text
    pertuzumab = doc.by_id("regimen-pertuzumab_trastuzumab_chemotherapy")
    cleopatra = next(th for th in pertuzumab.find_all("th", scope="rowgroup") if "CLEOPATRA" in th.text)
    assert MARK not in cleopatra.text
    cells = [td.text for td in pertuzumab.find_all("td")]
    assert any("final prespecified" in c and MARK in c for c in cells)
    assert any(MARK in li.text for li in doc.by_id("notes").find_all("li"))


def test_the_verdict_key_dates_the_statuses_and_explains_the_mark(client: FlaskClient) -> None:
    """Today's key names the case's date and what the mark means; the review's date needs no mark."""
    today = parse_html(client.get("/answer", query_string={**FIRST_LINE, "as_of": "2026-05-15"}).get_data(as_text=True))
    key = today.find("p", class_="verdict-key").text
    assert "public on 2026-05-15" in key
    assert f'"{MARK}" marks what came after the review' in key
    then = parse_html(client.get("/answer", query_string={**FIRST_LINE, "as_of": "2014-07-31"}).get_data(as_text=True))
    assert MARK not in then.find("p", class_="verdict-key").text
