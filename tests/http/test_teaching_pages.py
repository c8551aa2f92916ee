"""The teaching pages (web/teaching.py): library, walkthrough, learner mode, what-if, timeline, evidence, handout."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient
from packaged import REGIMEN_IDS
from web_html import Node, parse_html

from engine import Engine
from engine.vocabulary import STATUSES
from teaching.learner import learner_items

# prior trastuzumab left out
FIRST_LINE = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
}
NEO = {
    "setting": "neoadjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "negative",
    "tumor_size_cm": "1.5",
    "node_status": "negative",
}


def _page(client: FlaskClient, url: str, status: int = 200) -> Node:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    page = parse_html(response.get_data(as_text=True))
    assert "Educational use only" in page.text
    assert not page.find_all("script", src=False)  # no inline script, whatever the CSP
    return page


def test_the_library_lists_every_case_with_both_ways_in(client: FlaskClient, engine: Engine) -> None:
    page = _page(client, "/cases")
    rows = page.find_all("tr", data_case=True)
    assert [r["data-case"] for r in rows] == list(engine.kb.cases)
    links = {a["href"] for a in page.find_all("a", href=True)}
    assert {"/cases/first-line-dual-blockade", "/cases/first-line-dual-blockade/learn"} <= links


@pytest.mark.parametrize(
    "case_id", ["early-relapse-after-adjuvant", "neoadjuvant-large-tumor", "her2-negative-selection"]
)
def test_a_walkthrough_has_its_five_steps_and_the_teaching(client: FlaskClient, engine: Engine, case_id: str) -> None:
    page = _page(client, f"/cases/{case_id}")
    for step in ("step-features", "step-derived", "step-rules", "step-options", "step-evidence"):
        page.by_id(step)
    assert page.find(data_check=True)["data-check"] == "passed"
    answer = engine.evaluate(engine.kb.cases[case_id].case)
    shown = {li["data-regimen"]: li["data-status"] for li in page.find_all("li", class_="option")}
    assert shown == {r.regimen_id: r.status for r in answer.recommendations}
    kinds = [li["data-kind"] for li in page.by_id("step-rules").find_all("li", data_kind=True)]
    assert len(kinds) == sum(not f.rule.startswith("derive.") for f in answer.trace.fired)
    assert all(f.rule not in page.text for f in answer.trace.fired)  # rule ids only in the engine's reasoning
    reasoning = _page(client, f"/cases/{case_id}?reasoning=on")
    assert all(
        f.rule in reasoning.by_id("step-rules").text for f in answer.trace.fired if not f.rule.startswith("derive.")
    )
    assert page.by_id("questions").text.count("?") >= 2
    page.by_id("what-if")


@pytest.mark.parametrize(
    ("case_id", "counted"),
    [
        ("her2-low-db04-2022", "(1 expected status, 3 regimens expected absent)"),
        ("first-line-today", "(6 expected statuses, 0 regimens expected absent)"),
    ],
)
def test_a_walkthrough_counts_its_expectations_in_words(client: FlaskClient, case_id: str, counted: str) -> None:
    """The check line counts a case's expectations as a sentence does: one status, two statuses."""
    assert counted in " ".join(client.get(f"/cases/{case_id}").get_data(as_text=True).split())


def test_a_walkthrough_shows_derived_facts_and_relevant_charts(client: FlaskClient) -> None:
    page = _page(client, "/cases/early-relapse-after-adjuvant")
    assert "Already treated with trastuzumab for metastatic disease" in page.by_id("step-derived").text
    neo = _page(client, "/cases/neoadjuvant-large-tumor")
    sources = {img["src"] for img in neo.by_id("step-evidence").find_all("img")}
    assert "/evidence/pcr.svg?as_of=2014-07-31" in sources


def _all(choice: str, **chosen: str) -> dict[str, str]:
    return {f"choice-{r}": chosen.get(r, choice) for r in REGIMEN_IDS}


def test_learner_form_asks_the_regimens_that_matter_with_no_choice_made(client: FlaskClient, engine: Engine) -> None:
    """A library case asks the regimens that bear on it and the library's distractors, not all 19: each a select
    whose first option is an empty "Choose…", plus each status, not offered and unsure."""
    form = _page(client, "/cases/late-relapse-after-adjuvant/learn")
    selects = form.find_all("select")
    case = engine.kb.cases["late-relapse-after-adjuvant"]
    asked = learner_items(engine, engine.evaluate(case.case), case)
    assert len(asked) < len(REGIMEN_IDS)
    assert [s["name"] for s in selects] == [f"choice-{r}" for r in asked]
    for select in selects:
        options = select.find_all("option")
        assert options[0]["value"] == ""
        assert options[0].has("selected")
        assert {o["value"] for o in options[1:]} == {*STATUSES, "not_offered", "unsure"}
    assert form.find("form", class_="learner")["method"] == "get"
    assert "status-approved" not in form.text  # the answer is not shown before the commitment


def test_learner_result_is_a_shareable_get_page(client: FlaskClient) -> None:
    """The result is a GET page whose address holds the choices: the same address gives the same score."""
    query = _all("not_offered", trastuzumab_emtansine="approved", pertuzumab_trastuzumab_chemotherapy="approved")
    path = f"/cases/late-relapse-after-adjuvant/learn/result?{urlencode(query)}"
    reveal = _page(client, path)
    verdicts = {tr["data-regimen"]: tr["data-verdict"] for tr in reveal.find_all("tr", data_verdict=True)}
    assert verdicts["trastuzumab_emtansine"] == "wrong_status"
    assert verdicts["pertuzumab_trastuzumab_chemotherapy"] == "correct"
    assert verdicts["trastuzumab_chemotherapy"] == "missed"
    assert int(reveal.find(data_correct=True)["data-correct"]) == sum(v == "correct" for v in verdicts.values())
    assert reveal.find("a", rel="bookmark")["href"] == path
    assert client.get(path).get_data() == client.get(path).get_data()


def test_learner_unsure_is_never_scored_correct(client: FlaskClient) -> None:
    """A student who answers "unsure" everywhere scores 0: a blank is never counted as a right "not offered"."""
    reveal = _page(client, f"/cases/late-relapse-after-adjuvant/learn/result?{urlencode(_all('unsure'))}")
    assert reveal.find(data_correct=True)["data-correct"] == "0"
    assert {tr["data-verdict"] for tr in reveal.find_all("tr", data_verdict=True)} == {"unsure"}


def test_learner_result_without_every_choice_is_the_form_again(client: FlaskClient) -> None:
    """Leaving a regimen without a choice, or giving an unknown one, is a 422 form naming each one, choices kept."""
    query = _all("not_offered")
    del query["choice-afatinib"]
    query["choice-neratinib"] = "maybe"
    response = client.get(f"/learn/result?{urlencode(NEO)}&{urlencode(query)}")
    assert response.status_code == 422
    form = parse_html(response.get_data(as_text=True))
    assert form.by_id("choice-afatinib")["aria-invalid"] == "true"
    assert form.by_id("choice-neratinib")["aria-invalid"] == "true"
    kept = form.by_id("choice-lapatinib_chemotherapy").find("option", value="not_offered")
    assert kept.has("selected")
    assert {a["href"] for a in form.find("div", class_="error-summary").find_all("a")} == {
        "#choice-afatinib",
        "#choice-neratinib",
    }


def test_what_if_lets_the_student_choose_the_change(client: FlaskClient) -> None:
    """The what-if page lists every change; choosing one shows the options that move, each with its reason."""
    page = _page(client, f"/what-if?{urlencode(NEO)}")
    features = {li["data-feature"] for li in page.by_id("what-if").find_all("li", data_feature=True)}
    assert {"Tumor size (cm)", "Lymph node status"} <= features
    options = [o["value"] for o in page.by_id("change").find_all("option")]
    assert "node_status=positive" in options
    chosen = _page(client, f"/what-if?{urlencode({**NEO, 'change': 'node_status=positive'})}")
    change = chosen.by_id("chosen")
    assert "Lymph node status: Negative → Positive" in change.find("h2").text
    assert "Pertuzumab + trastuzumab + taxane-based chemotherapy" in change.text
    assert page.find("section", class_="answer-summary").find_all("li")


def test_what_if_dates_have_their_own_tab(client: FlaskClient) -> None:
    """Date changes (each FDA approval) are listed on their own tab, not among the features."""
    features = _page(client, f"/what-if?{urlencode(NEO)}")
    dates = _page(client, f"/what-if?{urlencode(NEO)}&tab=dates")
    assert "Date" not in {li["data-feature"] for li in features.by_id("what-if").find_all("li", data_feature=True)}
    assert {li["data-feature"] for li in dates.by_id("what-if").find_all("li", data_feature=True)} == {"Date"}
    assert "FDA approval of" in dates.by_id("what-if").text


def test_a_bad_case_query_is_a_422_naming_the_field(client: FlaskClient) -> None:
    response = client.get("/what-if?setting=neoadjuvant&her2_status=positive&hormone_receptor_status=negative")
    assert response.status_code == 422
    assert "tumor_size_cm" in response.get_data(as_text=True)


def test_timeline_shows_every_approval_with_the_review_row(client: FlaskClient, engine: Engine) -> None:
    page = _page(client, "/timeline")
    items = page.find_all("li", class_="approval")
    assert len(items) == len(engine.kb.approvals)
    assert "The review's Table 1" in page.text
    assert "Correction" in page.text
    assert "library-links" in {ul.attrs.get("class") for ul in page.find_all("ul")}


def test_timeline_of_a_case_has_a_row_per_date(client: FlaskClient, engine: Engine) -> None:
    page = _page(client, f"/timeline?{urlencode(NEO)}")
    dates = [tr["data-date"] for tr in page.find_all("tr", data_date=True)]
    assert dates[0] == "1998-09-24"
    assert dates[-1] == engine.kb.info.evidence_cutoff.isoformat()


def test_a_case_through_time_has_a_row_only_where_its_options_change(client: FlaskClient) -> None:
    """First line, no prior trastuzumab: the 2007 lapatinib + capecitabine approval (after trastuzumab) changes
    nothing for this case, so it is no row of its own ("Changes: –") but is named, with a link to its entry, in
    the one line of approvals that changed nothing; every row between the first and the last changes something."""
    page = _page(client, f"/timeline?{urlencode({**FIRST_LINE, 'prior_trastuzumab': 'false'})}")
    rows = page.find_all("tr", data_date=True)
    changes = {tr["data-date"]: tr.find("td", class_="changes").text.strip() for tr in rows}
    assert "2007-03-13" not in changes
    assert [day for day, said in list(changes.items())[1:-1] if said == "–"] == []
    assert "2012-06-08" in changes  # pertuzumab's first-line approval changed it
    unchanged = page.by_id("unchanged")
    assert "2007-03-13 Lapatinib + capecitabine" in " ".join(unchanged.text.split())
    links = {a["href"] for a in unchanged.find_all("a")}
    assert "#approval-lapatinib-capecitabine-2007" in links
    assert {f"#{li['id']}" for li in page.find_all("li", class_="approval")} >= links


def test_a_status_that_rests_on_what_the_case_leaves_out_is_marked_conditional(client: FlaskClient) -> None:
    """A first-line case that leaves out prior trastuzumab: lapatinib + capecitabine, approved after trastuzumab,
    reads "FDA-approved, conditional" as on the answer page, and the page names what is not known; trastuzumab +
    chemotherapy, which needs no such fact, is not marked."""
    page = _page(client, f"/timeline?{urlencode(FIRST_LINE)}")
    row = page.find("tr", data_date="2012-06-08")
    cells = {td["data-label"]: td.text for td in row.find_all("td", data_label=True)}
    assert cells["Lapatinib + capecitabine"] == "FDA-approved, conditional"
    assert cells["Trastuzumab + chemotherapy"] == "FDA-approved"
    assert "Not known in this case: prior trastuzumab" in page.text
    told = _page(client, f"/timeline?{urlencode({**FIRST_LINE, 'prior_trastuzumab': 'false'})}")
    assert "conditional" not in told.text


def test_timeline_marks_the_approvals_and_dates_after_the_review(client: FlaskClient, engine: Engine) -> None:
    """An approval after 2014-07-31 carries "After the review (2014)"; the 2012 pertuzumab approval does not; a
    case's later rows say what happened in clinical words, marked too."""
    page = _page(client, "/timeline")
    items = {li["data-approval"]: li.find("h2").text for li in page.find_all("li", class_="approval")}
    assert "After the review (2014)" in items["trastuzumab-deruxtecan-pertuzumab-first-line-2025"]
    assert "After the review" not in items["pertuzumab-metastatic-2012"]
    case = _page(client, f"/timeline?{urlencode(FIRST_LINE)}")
    rows = {tr["data-date"]: tr.find("td").text for tr in case.find_all("tr", data_date=True)}
    assert "FDA approval: T-DXd + pertuzumab" in rows["2025-12-15"]
    assert "After the review (2014)" in rows["2025-12-15"]
    assert "After the review" not in rows["2012-06-08"]


def test_evidence_page_has_each_chart_with_its_table_and_sources(client: FlaskClient) -> None:
    page = _page(client, "/evidence")
    for name in ("pcr", "hr-gap", "hazard-ratios"):
        section = page.by_id(f"chart-{name}")
        img = section.find("img")
        assert img["src"] == f"/evidence/{name}.svg"
        assert img["alt"]
        assert section.find("table").find_all("td")
        assert "Sources:" in section.text


def test_charts_are_svg_files_without_script(client: FlaskClient) -> None:
    response = client.get("/evidence/hr-gap.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert b"<script" not in response.data
    assert b"NeoSphere" in response.data
    assert client.get("/evidence/nope.svg").status_code == 404


def test_handouts_download_as_markdown_attachments(client: FlaskClient) -> None:
    response = client.get(f"/handout.md?{urlencode(NEO)}")
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"] == 'attachment; filename="her2-cds-handout.md"'
    assert response.get_data(as_text=True).startswith("# A HER2 breast cancer case")
    case = client.get("/cases/altto-adjuvant-lapatinib/handout.md")
    assert 'filename="her2-cds-altto-adjuvant-lapatinib.md"' in case.headers["Content-Disposition"]
    assert "ALTTO" in case.get_data(as_text=True)


def test_an_unknown_case_is_a_404_page(client: FlaskClient) -> None:
    _page(client, "/cases/no-such-case", status=404)


def test_learner_result_reveals_each_model_answer_under_its_question(client: FlaskClient, engine: Engine) -> None:
    """After committing, the result page shows every library question with its model answer right under it."""
    teaching = engine.kb.cases["neoadjuvant-small-node-negative"]
    reveal = _page(client, f"/cases/{teaching.id}/learn/result?{urlencode(_all('unsure'))}")
    shown = [
        (li.find(class_="question-text").text.strip(), li.find(class_="model-answer").text.strip())
        for li in reveal.by_id("questions").find_all("li", class_="question")
    ]
    assert shown == [(q.text, f"Model answer: {q.answer}") for q in teaching.questions]


def test_learner_form_does_not_give_the_model_answers_away(client: FlaskClient, engine: Engine) -> None:
    """The practice form, before any commitment, carries none of the case's model answers."""
    teaching = engine.kb.cases["neoadjuvant-small-node-negative"]
    form = _page(client, f"/cases/{teaching.id}/learn")
    assert all(q.answer not in form.text for q in teaching.questions)
    assert not form.find_all(class_="model-answer")


def test_a_walkthrough_folds_each_model_answer_away(client: FlaskClient, engine: Engine) -> None:
    """The walkthrough keeps each model answer in a closed <details> under its question, for the student to open."""
    teaching = engine.kb.cases["altto-adjuvant-lapatinib"]
    page = _page(client, f"/cases/{teaching.id}")
    folds = page.by_id("questions").find_all("details", class_="model-answer")
    assert [d.find("p").text.strip() for d in folds] == [q.answer for q in teaching.questions]
    assert not any(d.has("open") for d in folds)


def test_the_practice_form_of_a_library_case_does_not_show_its_title(client: FlaskClient, engine: Engine) -> None:
    """'Test yourself' once opened with the library title ("T-DXd over T-DM1 (DESTINY-Breast03)"): the answer."""
    case = engine.kb.cases["second-line-tdxd-over-tdm1-2022"]
    page = client.get(f"/cases/{case.id}/learn").get_data(as_text=True)
    assert case.title not in page
    assert "Test yourself: a case, metastatic, already treated for metastatic disease" in page
