"""Browser tests of the teaching pages in a real Chromium: walkthrough, learner reveal, timeline, evidence."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from packaged import EVIDENCE_CUTOFF
from playwright.sync_api import Browser, ConsoleMessage, Page
from web_browser import open_page

from engine.loader import load_knowledge_base
from teaching.seminar import library_titles
from web.teaching import case_query

pytestmark = pytest.mark.browser
_KB = load_knowledge_base()
TITLES = library_titles(_KB.cases.values(), _KB.words)  # what a student sees in the library's lists


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that records console errors (a CSP violation is one)."""
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    tab.on("console", record)
    yield tab
    context.close()
    assert errors == [], f"console errors: {errors}"


def test_the_case_walkthrough(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/cases")
    page.get_by_role("link", name=TITLES["early-relapse-after-adjuvant"], exact=True).click()
    page.wait_for_url("**/cases/early-relapse-after-adjuvant")
    for step in ("Step 1", "Step 2", "Step 3", "Step 4", "Step 5"):
        assert page.get_by_role("heading", name=step).is_visible()
    assert "Already treated with trastuzumab" in page.locator("#step-derived").inner_text()
    option = page.locator('li.option[data-regimen="trastuzumab_emtansine"]')
    assert option.get_attribute("data-status") == "approved"
    assert page.locator("#what-if a[href^='/what-if?']").count() == 1
    assert page.locator("[data-check]").get_attribute("data-check") == "passed"


def test_the_learner_commits_then_sees_the_reveal(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/cases/late-relapse-after-adjuvant/learn")
    assert page.locator("li.option").count() == 0  # no answer before the commitment
    selects = page.locator("form.learner select")
    assert selects.evaluate_all("els => els.every(e => e.value === '')")  # no choice is made for the student
    asked = selects.count()
    for index in range(asked):
        selects.nth(index).select_option("not_offered")
    page.get_by_label("T-DM1 (ado-trastuzumab emtansine)").select_option("approved")
    page.get_by_label("Pertuzumab + trastuzumab + taxane-based chemotherapy").select_option("approved")
    page.get_by_label("Afatinib").select_option("unsure")
    page.get_by_role("button", name="Commit and reveal").click()
    page.wait_for_selector("table.reveal")
    assert "/cases/late-relapse-after-adjuvant/learn/result?" in page.url  # a shareable GET result
    row = page.locator('tr[data-regimen="trastuzumab_emtansine"]')
    assert row.get_attribute("data-verdict") == "wrong_status"
    assert "Investigational" in row.inner_text()
    assert page.locator('tr[data-regimen="afatinib"]').get_attribute("data-verdict") == "unsure"
    correct = page.locator('tr[data-regimen="pertuzumab_trastuzumab_chemotherapy"]').get_attribute("data-verdict")
    assert correct == "correct"
    assert f"/ {asked}" in page.locator("p.score").inner_text()  # the regimens asked, not all 19
    assert asked < 19


def test_the_timeline_and_a_case_through_time(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/timeline")
    assert page.locator("li.approval").count() >= 7
    assert page.get_by_text("The review's Table 1:").first.is_visible()
    page.get_by_role("link", name=TITLES["first-line-in-2014"], exact=True).click()
    page.wait_for_selector("table.case-timeline")
    rows = page.locator("table.case-timeline tr[data-date]")
    assert rows.first.get_attribute("data-date") == "1998-09-24"
    assert rows.last.get_attribute("data-date") == EVIDENCE_CUTOFF.isoformat()
    assert "Pertuzumab" in page.locator('tr[data-date="2012-06-08"]').inner_text()


def test_the_evidence_charts_load_as_images(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/evidence")
    images = page.locator("figure.chart img")
    assert images.count() == 3
    for index in range(3):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert image.get_attribute("alt")
    assert page.locator("table.numbers").count() == 3


def test_every_library_case_fits_a_phone(browser: Browser, live_server: str) -> None:
    """On a 375-pixel phone screen no library case's walkthrough, handout or what-if page scrolls sideways: a
    long status ("Supported by randomized evidence, conditional", "FDA-approved (FDA: US Food and Drug
    Administration)") wraps inside its pill, and the features table inside the numbered steps."""
    page, console = open_page(browser, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    sideways: dict[str, int] = {}
    for case_id, teaching in _KB.cases.items():
        what_if = "/what-if?" + case_query(teaching.case)
        for path in (f"/cases/{case_id}", f"/cases/{case_id}/handout", what_if):
            page.goto(live_server + path)
            extra = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if extra > 0:
                sideways[path] = extra
    page.close()
    assert sideways == {}
    assert console.unexpected() == []
