"""The answer page (web/pages.py) through Flask's test client: the verdict first, each option in depth, the
engine's reasoning only when asked, corrections, references, notes and the links to its JSON twin."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from flask.testing import FlaskClient
from packaged import DISCLAIMER
from web_cases import APPRAISAL, CASES, as_form, with_appraisal
from web_html import get_page

from engine import Engine
from engine.answer import Evidence
from teaching.evidence import citations
from teaching.shared_reasons import why_not_others
from web.charts import ChartView, charts_for

NOTICE = "Educational use only, not for clinical decisions."


@pytest.fixture
def appraised(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The session's engine, its answers carrying a correction of the review (web_cases.APPRAISAL) for one test."""
    evaluate = engine.evaluate
    monkeypatch.setattr(engine, "evaluate", lambda case, **kw: with_appraisal(evaluate(case, **kw)))
    return engine


@pytest.mark.parametrize("name", CASES)
def test_answer_page_opens_with_the_verdict(client: FlaskClient, engine: Engine, name: str) -> None:
    """The verdict panel comes before every table: one row per regimen in the answer's order, with its status."""
    answer = engine.evaluate(CASES[name])
    doc = get_page(client, "/answer", as_form(CASES[name]))
    rows = doc.by_id("verdict").find_all("li", class_="verdict-row")
    assert [(r["data-regimen"], r["data-status"]) for r in rows] == [
        (rec.regimen_id, rec.status) for rec in answer.recommendations
    ]
    for row, rec in zip(rows, answer.recommendations, strict=True):
        assert row.find("a", class_="verdict-name").text == rec.name
        assert row.find("a", class_="verdict-name")["href"] == f"#regimen-{rec.regimen_id}"
    main = doc.find("main")
    first_table = next(i for i, n in enumerate(main.iter()) if n.tag == "table")
    verdict_at = next(i for i, n in enumerate(main.iter()) if n.attrs.get("id") == "verdict")
    assert verdict_at < first_table


@pytest.mark.parametrize("name", CASES)
def test_answer_page_folds_each_option_in_depth(client: FlaskClient, engine: Engine, name: str) -> None:
    """Each option's approval, reasoning, cautions and evidence table fold away in a closed <details>."""
    answer = engine.evaluate(CASES[name])
    doc = get_page(client, "/answer", as_form(CASES[name]))
    for rec in answer.recommendations:
        option = doc.by_id(f"regimen-{rec.regimen_id}")
        assert option.tag == "details"
        assert not option.has("open")
        assert rec.name in option.find("summary").text
        assert " ".join(rec.rationale.split()) in option.text
        for caution in rec.cautions:
            assert " ".join(caution.split()) in option.text
        table = option.find("table", class_="evidence")
        headers = [th.text for th in table.find("thead").find_all("th")]
        assert headers == [
            "Study",
            "Design / level",
            "n",
            "Arms",
            "Endpoint",
            "Effect size",
            "P value",
            "Review refs",
            "Primary publication",
        ]
        assert [b.find("strong").text for b in table.find_all("tbody", class_="study")] == [
            e.name for e in rec.evidence
        ]
        if rec.approval is not None:
            assert f"FDA approval, {rec.approval.date}" in option.text
            assert " ".join(rec.approval.indication.split()) in option.text
    for fold in ("why-not", "case", "trace", "references"):
        assert doc.by_id(fold).tag == "details"
        assert not doc.by_id(fold).has("open")
    assert "Hormone receptor status" in doc.by_id("case").find("table", class_="case-table").text
    # "Why not the others" lays out the shared view: a reason several options share once, naming them after it
    offered = {r.regimen_id for r in answer.recommendations}
    said, why_not = why_not_others(engine, answer), doc.by_id("why-not")
    assert [dt.text for dt in why_not.find_all("dt")] == [s.term for s in said]
    assert [p.text for p in why_not.find_all("p", class_="covers")] == [s.covers for s in said if s.covers]
    named = sorted(n for s in said for n in s.names)
    assert named == sorted(w.name for w in answer.why_not if w.regimen_id not in offered)


def test_answer_page_says_educational_use_once_plus_the_footer(client: FlaskClient) -> None:
    """One disclaimer banner at the top and the footer: the full disclaimer is not repeated inside the answer."""
    doc = get_page(client, "/answer", as_form(CASES["neoadjuvant"]))
    assert " ".join(DISCLAIMER.split()) in doc.find("header").text
    assert NOTICE in doc.find("footer").text
    assert NOTICE not in doc.find("main").text


def test_answer_page_shows_the_engine_reasoning_only_when_asked(client: FlaskClient, engine: Engine) -> None:
    """Rule ids and the trace appear only with ?reasoning=on; otherwise the fold links to them."""
    answer = engine.evaluate(CASES["neoadjuvant"])
    plain = get_page(client, "/answer", as_form(CASES["neoadjuvant"]))
    assert not plain.by_id("trace").find_all("table")
    assert all(f.rule not in plain.text for f in answer.trace.fired)
    switch = plain.by_id("trace").find("a")["href"]
    assert "reasoning=on" in switch
    shown = get_page(client, switch.split("#")[0].split("?")[0], dict(parse_qsl(urlsplit(switch).query)))
    trace = shown.by_id("trace")
    assert trace.has("open")
    assert [row.find("code").text for row in trace.find("tbody").find_all("tr")] == [f.rule for f in answer.trace.fired]


def test_answer_page_marks_corrections_as_critical_appraisal(afresh_client: FlaskClient, appraised: Engine) -> None:
    """Where the review differs from the record, each correction is shown once, marked as a critical-appraisal note."""
    answer = appraised.evaluate(CASES["neoadjuvant"])
    doc = get_page(afresh_client, "/answer", as_form(CASES["neoadjuvant"]))
    notes = doc.find_all("aside", class_="appraisal")
    studies: dict[str, Evidence] = {}
    for rec in answer.recommendations:
        for ev in rec.evidence:
            studies.setdefault(ev.study_id, ev)  # shown under the first option that cites the study
    home = {e.study_id: r for r in reversed(answer.recommendations) for e in r.evidence}
    merged = {  # a study's correction of the review's Table 1 row joins the approval's note under that option
        (e.study_id, c.topic)
        for e in studies.values()
        for c in e.corrections
        if (a := home[e.study_id].approval) and a.correction and "Table 1" in c.review_says
    }
    corrections = [c for e in studies.values() for c in e.corrections if (e.study_id, c.topic) not in merged]
    approvals = [r.approval for r in answer.recommendations if r.approval and r.approval.correction]
    assert len(notes) == len(corrections) + len(approvals)
    assert all(n.find("strong", class_="appraisal-label").text.startswith("Critical-appraisal note") for n in notes)
    shown = " ".join(n.text for n in notes)
    assert APPRAISAL.primary_says in shown
    assert f"The review says: {APPRAISAL.review_says}" in shown


def test_answer_page_lists_the_cited_references_with_confidence(afresh_client: FlaskClient, appraised: Engine) -> None:
    """The reference list holds exactly the references the evidence and the figures cite, each with its confidence."""
    answer = appraised.evaluate(CASES["metastatic first-line"])
    doc = get_page(afresh_client, "/answer", as_form(CASES["metastatic first-line"]))
    cited = sorted(
        {
            n
            for r in answer.recommendations
            for e in r.evidence
            for n in [*e.review_refs, *(x for f in e.findings for x in f.refs)]
        }
        | {
            n
            for chart in charts_for(answer, ChartView.of(appraised.kb))
            for c in citations(appraised.kb, chart.studies(appraised.kb))
            for n in c.refs
        }
    )
    assert {1, 2, 3} <= set(cited)
    items = doc.by_id("references").find_all("li")
    assert [li["id"] for li in items] == [f"ref-{n}" for n in cited]
    for li, n in zip(items, cited, strict=True):
        assert f"Confidence: {appraised.kb.references[n].confidence}" in li.text
    links = {a["href"] for a in doc.find_all("a") if a["href"].startswith("#ref-")}
    assert links <= {f"#ref-{n}" for n in cited}


def test_answer_page_shows_notes_and_the_out_of_scope_note(client: FlaskClient, engine: Engine) -> None:
    """A HER2-negative case shows why no regimen is offered, and the answer's notes."""
    case = {**CASES["adjuvant"], "her2_status": "negative"}
    answer = engine.evaluate(case)
    doc = get_page(client, "/answer", as_form(case))
    assert " ".join(answer.scope_note.split()) in doc.find("section", class_="scope").text
    for note in answer.notes:
        assert " ".join(note.text.split()) in doc.by_id("notes").text


def test_why_not_the_others_says_what_happened_on_the_day_a_status_waits_for(client: FlaskClient) -> None:
    """Before surgery as of 2013-01-01, lapatinib in place of trastuzumab is not offered: the page says it is not
    recommended from the day CALGB 40601's results were public, not a bare "only from 2013-06-04 on"."""
    case = {**CASES["neoadjuvant"], "as_of": "2013-01-01"}
    doc = get_page(client, "/answer", as_form(case))
    why_not = doc.by_id("why-not")
    said = {dt.text: dd.text for dt, dd in zip(why_not.find_all("dt"), why_not.find_all("dd"), strict=True)}
    reason = " ".join(said["Lapatinib + chemotherapy (in place of trastuzumab)"].split())
    assert reason.startswith("Not recommended only from 2013-06-04, the day the results of CALGB 40601 were first")
    assert "2013-06-04 on" not in reason


def test_answer_links_reproduce_the_answer_and_its_json(client: FlaskClient, engine: Engine) -> None:
    """The answer's own link reproduces it, and the JSON link gives the same answer as the API."""
    form = as_form(CASES["metastatic pretreated"])
    doc = get_page(client, "/answer", form)
    links = {a.text: a["href"] for a in doc.find("ul", class_="links").find_all("a")}
    reproduce = urlsplit(links["Link to this answer"])
    assert reproduce.path == "/answer"
    pinned = form | {"as_of": engine.kb.info.evidence_cutoff.isoformat()}  # the default date, pinned in the link
    assert dict(parse_qsl(reproduce.query)) == pinned
    again = client.get(links["Link to this answer"])
    assert again.status_code == 200
    same = client.get("/answer.json", query_string=pinned).json, client.get("/answer.json", query_string=form).json
    assert same[0] == same[1]  # the same answer today; after an update the link keeps its date
    as_json = client.get(links["This answer as JSON"])
    assert as_json.status_code == 200
    assert as_json.mimetype == "application/json"
    assert as_json.json == engine.evaluate(CASES["metastatic pretreated"]).model_dump(mode="json")
    change = doc.find("p", class_="case-summary").find("a")
    assert change.text == "Change the case"
    assert urlsplit(change["href"]).path == "/"
