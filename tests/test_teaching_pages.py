"""The teaching pages (web/teaching.py): library, walkthrough, learner mode, what-if, timeline, evidence, handout."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient
from web_html import Node, parse_html

from her2_cds.engine import Engine
from her2_cds.engine.vocabulary import REGIMEN_IDS

NEO = {
    "setting": "neoadjuvant",
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
    fired = [tr["data-rule"] for tr in page.find_all("tr", data_rule=True)]
    assert fired == [f.rule for f in answer.trace.fired]
    assert page.by_id("questions").text.count("?") >= 2
    page.by_id("what-if")


def test_a_walkthrough_shows_derived_facts_and_relevant_charts(client: FlaskClient) -> None:
    page = _page(client, "/cases/early-relapse-after-adjuvant")
    assert "trastuzumab_pretreated" in page.by_id("step-derived").text
    neo = _page(client, "/cases/neoadjuvant-large-tumor")
    sources = {img["src"] for img in neo.by_id("step-evidence").find_all("img")}
    assert "/evidence/pcr.svg" in sources


def test_learner_form_offers_every_regimen_then_reveals_a_score(client: FlaskClient) -> None:
    form = _page(client, "/cases/late-relapse-after-adjuvant/learn")
    selects = form.find_all("select")
    assert [s["name"] for s in selects] == [f"choice-{r}" for r in REGIMEN_IDS]
    assert "status-approved" not in form.text  # the answer is not shown before the commitment
    response = client.post(
        "/cases/late-relapse-after-adjuvant/learn",
        data={"choice-trastuzumab_emtansine": "approved", "choice-pertuzumab_trastuzumab_chemotherapy": "approved"},
    )
    assert response.status_code == 200
    reveal = parse_html(response.get_data(as_text=True))
    verdicts = {tr["data-regimen"]: tr["data-verdict"] for tr in reveal.find_all("tr", data_verdict=True)}
    assert verdicts["trastuzumab_emtansine"] == "wrong_status"
    assert verdicts["pertuzumab_trastuzumab_chemotherapy"] == "correct"
    assert verdicts["trastuzumab_chemotherapy"] == "missed"
    assert int(reveal.find(data_correct=True)["data-correct"]) == sum(v == "correct" for v in verdicts.values())


def test_learner_mode_works_on_any_case_and_refuses_bad_choices(client: FlaskClient) -> None:
    query = urlencode(NEO)
    _page(client, f"/learn?{query}")
    ok = client.post(f"/learn?{query}", data={"choice-lapatinib_chemotherapy": "not_recommended"})
    assert ok.status_code == 200
    bad = client.post(f"/learn?{query}", data={"choice-lapatinib_chemotherapy": "maybe"})
    assert bad.status_code == 422
    assert "choices.lapatinib_chemotherapy" in bad.get_data(as_text=True)


def test_what_if_page_shows_the_answer_beside_the_flips(client: FlaskClient) -> None:
    page = _page(client, f"/what-if?{urlencode(NEO)}")
    features = {tr["data-feature"] for tr in page.by_id("what-if").find_all("tr", data_feature=True)}
    assert {"tumor_size_cm", "node_status", "as_of"} <= features
    assert "pertuzumab" in page.by_id("what-if").text.lower()
    assert page.find("section", class_="answer-summary").find_all("li")


def test_a_bad_case_query_is_a_422_naming_the_field(client: FlaskClient) -> None:
    response = client.get("/what-if?setting=neoadjuvant&hormone_receptor_status=negative")
    assert response.status_code == 422
    assert "tumor_size_cm" in response.get_data(as_text=True)


def test_timeline_shows_every_approval_with_the_review_row(client: FlaskClient, engine: Engine) -> None:
    page = _page(client, "/timeline")
    items = page.find_all("li", class_="approval")
    assert len(items) == len(engine.kb.approvals)
    assert "The review's Table 1" in page.text
    assert "Correction" in page.text
    assert "library-links" in {ul.attrs.get("class") for ul in page.find_all("ul")}


def test_timeline_of_a_case_has_a_row_per_date(client: FlaskClient) -> None:
    page = _page(client, f"/timeline?{urlencode(NEO)}")
    dates = [tr["data-date"] for tr in page.find_all("tr", data_date=True)]
    assert dates[0] == "1998-09-24"
    assert dates[-1] == "2014-07-31"


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
