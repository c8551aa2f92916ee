"""Pages and JSON after the review: the "after the review" mark, the review/today switch, what changed between
them, and the review's open questions as a page and an endpoint (dated)."""

from __future__ import annotations

from flask.testing import FlaskClient
from web_cases import SECOND_LINE as SECOND_LINE_CASE
from web_cases import as_form
from web_html import Node, parse_html

FIRST_LINE = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
    "prior_trastuzumab": "false",
}
SECOND_LINE = as_form(SECOND_LINE_CASE)


def page(client: FlaskClient, path: str, query: dict[str, str] | None = None) -> Node:
    response = client.get(path, query_string=query or {})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return parse_html(response.get_data(as_text=True))


def test_an_option_after_the_review_carries_the_mark_and_one_from_it_does_not(client: FlaskClient) -> None:
    """Today, T-DXd + pertuzumab is marked "After the review"; pertuzumab + trastuzumab + docetaxel (2012) is not."""
    doc = page(client, "/answer", {**FIRST_LINE, "as_of": "2026-05-15"})
    rows = {li["data-regimen"]: li for li in doc.by_id("verdict").find_all("li", class_="verdict-row")}
    assert "After the review" in rows["trastuzumab_deruxtecan_pertuzumab"].text
    assert "After the review" not in rows["pertuzumab_trastuzumab_chemotherapy"].text


def test_the_answer_switches_between_the_review_and_today_in_one_click(client: FlaskClient) -> None:
    """The answer links to the same case as of 2014-07-31 and as of the cut-off; the current one is marked."""
    doc = page(client, "/answer", {**FIRST_LINE, "as_of": "2014-07-31"})
    links = doc.find("p", class_="date-switch").find_all("a")
    assert [a["href"].split("as_of=")[1][:10] for a in links] == ["2014-07-31", "2026-12-06"]
    assert links[0].has("aria-current")
    assert not links[1].has("aria-current")


def test_the_answer_lists_what_changed_since_the_review_with_the_approval_behind_it(client: FlaskClient) -> None:
    """Between 2014 and today, first-line T-DXd + pertuzumab became approved, naming its approval's date; each
    status in the words of the verdict's badges (the knowledge base's titles), not a lower-case short word."""
    doc = page(client, "/answer", FIRST_LINE)
    items = doc.by_id("since-the-review").find_all("li")
    changes = {li["data-regimen"]: li.text for li in items if li.has("data-regimen")}
    assert "Not offered → FDA-approved" in changes["trastuzumab_deruxtecan_pertuzumab"]
    assert "2025-12-15" in changes["trastuzumab_deruxtecan_pertuzumab"]
    assert "Investigational → Supported by randomized evidence" in changes["trastuzumab_emtansine"]
    badges = {span.text for span in doc.by_id("verdict").find_all("span", class_="badge")}
    assert {"FDA-approved", "Supported by randomized evidence"} <= badges


def test_the_open_questions_endpoint_is_dated(client: FlaskClient) -> None:
    """As of 2014-07-31 every question is open; today APHINITY's is answered with its teaching point."""
    then = client.get("/api/v1/open-questions", query_string={"as_of": "2014-07-31"}).get_json()
    assert not any(q["answered"] for q in then["questions"])
    assert then["disclaimer"].startswith("Educational use only")
    now = {q["id"]: q for q in client.get("/api/v1/open-questions").get_json()["questions"]}
    assert now["aphinity"]["answered_on"] == "2017-07-13"
    assert "node-positive" in now["aphinity"]["teaching_point"]


def test_a_bad_date_for_the_open_questions_is_a_422_naming_as_of(client: FlaskClient) -> None:
    """A date that is not YYYY-MM-DD, or is in the future, is refused naming the field."""
    for bad in ("2017-13-01", "3000-01-01", ""):
        response = client.get("/api/v1/open-questions", query_string={"as_of": bad})
        assert response.status_code == 422
        assert response.get_json()["errors"][0]["field"] == "as_of"


def test_the_open_questions_page_quotes_the_review_and_marks_answers_after_it(client: FlaskClient) -> None:
    """The page quotes each question in the review's words; an answer is marked as after the review."""
    doc = page(client, "/open-questions")
    section = doc.by_id("q-marianne")
    assert "results expected late 2014 or early 2015" in section.find("blockquote").text
    assert "After the review" in section.text
    assert "Educational use only, not for clinical decisions" in doc.text
    before = page(client, "/open-questions", {"as_of": "2016-11-06"}).by_id("q-marianne")
    assert before["data-answered"] == "no"


def test_an_unanswered_open_question_says_as_of_when(client: FlaskClient) -> None:
    """A question no result has answered is dated, never 'still open' without a day: as of the page's date, or
    the cut-off for a later date."""
    page = client.get("/open-questions?as_of=2015-01-01").get_data(as_text=True)
    assert "As of 2015-01-01, no later result in this knowledge base answers this question." in page
    assert "still open" not in page
    today = client.get("/open-questions").get_data(as_text=True)
    assert "no later result in this knowledge base answers this question" in today


def test_what_changed_says_who_is_named_first_now_and_why(client: FlaskClient) -> None:
    """Second line: T-DM1 was named first in 2014 (ASCO 2014), T-DXd is at the cut-off (ASCO 2022)."""
    doc = page(client, "/answer", SECOND_LINE)
    (first,) = doc.by_id("since-the-review").find_all("li", class_="first-named")
    assert first["data-first"] == "trastuzumab_deruxtecan"
    assert "Named first : T-DM1 (ado-trastuzumab emtansine) → T-DXd" in first.text
    assert "Listed first for second line by ASCO 2022" in first.text


def test_the_timeline_page_shows_each_change_of_the_option_named_first(client: FlaskClient) -> None:
    doc = page(client, "/timeline", SECOND_LINE)
    rows = {tr["data-date"]: tr.text for tr in doc.find_all("tr", data_date=True)}
    assert "Named first: T-DXd" in rows["2021-09-21"]
    assert "DESTINY-Breast03" in rows["2021-09-21"]


def test_what_if_a_later_date_names_the_new_first_option(client: FlaskClient) -> None:
    """Second line as of 2021-09-20: moving to a later date that puts T-DXd first (DESTINY-Breast03) says so."""
    doc = page(client, "/what-if", {**SECOND_LINE, "as_of": "2021-09-20", "tab": "dates"})
    items = [li.text for li in doc.find("ul", class_="flip-list").find_all("li")]
    assert any("named first: T-DXd" in text for text in items), items
