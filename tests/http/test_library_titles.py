"""Titles a student sees before the answer do not give it away: the library list, a case's own page heading and the
timeline's list of cases show each case's number and facts; the teaching title ("T-DXd over T-DM1") comes only
with the answer (the case page's learning points, the learner's result). And a case through time opens on the
case's own table, before the general timeline of approvals."""

from __future__ import annotations

from urllib.parse import urlencode

from flask.testing import FlaskClient

from engine import Engine
from teaching.seminar import library_titles

TITLE = "4 May 2022: T-DXd over T-DM1 (DESTINY-Breast03)"


def text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_no_teaching_title_is_in_the_library_list_or_the_timelines_list(engine: Engine, client: FlaskClient) -> None:
    pages = text(client, "/cases") + text(client, "/timeline")
    assert engine.kb.cases["second-line-tdxd-over-tdm1-2022"].title == TITLE
    for case in engine.kb.cases.values():
        assert case.title not in pages, case.id
    for title in library_titles(engine.kb.cases.values(), engine.kb.words).values():
        assert title in pages


def test_a_case_page_is_headed_by_its_facts_and_names_its_teaching_title_after_the_options(client: FlaskClient) -> None:
    page = text(client, "/cases/second-line-tdxd-over-tdm1-2022")
    heading = page[page.index("<h1>") : page.index("</h1>")]
    assert "T-DXd" not in heading
    assert "on 2022-05-04" in heading
    assert page.index(TITLE) > page.index('id="step-options"')


def test_a_case_through_time_opens_on_the_cases_own_table(client: FlaskClient) -> None:
    query = urlencode(
        {
            "setting": "metastatic",
            "her2_status": "positive",
            "metastatic_line": "first",
            "hormone_receptor_status": "negative",
        }
    )
    page = text(client, f"/timeline?{query}")
    assert "<h1" in page[page.index('id="case-timeline"') - 200 : page.index('id="case-timeline"') + 200]
    assert page.index('class="case-timeline"') < page.index('class="timeline"')
    assert 'data-label="Changes"' in page  # each cell says its column on a phone, where the table is cards


def test_the_timeline_without_a_case_opens_on_the_approvals(client: FlaskClient) -> None:
    page = text(client, "/timeline")
    assert page.index('class="timeline"') < page.index('id="case-timeline"')
    assert "<h1>Timeline of approvals</h1>" in page
