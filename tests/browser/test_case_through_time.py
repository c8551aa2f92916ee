"""'This case through time' in a real Chromium: it opens on the case's own table, a phone reads it without
scrolling sideways (each date a card), a wide screen keeps the table's header in view, and it prints whole."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader
from web_browser import open_page

pytestmark = pytest.mark.browser

QUERY = urlencode(
    {
        "setting": "metastatic",
        "her2_status": "positive",
        "metastatic_line": "first",
        "hormone_receptor_status": "negative",
        "prior_trastuzumab": "false",
    }
)
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
FITS = "part => [...part.querySelectorAll('th, td')].filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.id)"
# the words of an option's name or status (a hyphen may end a line) wider than its column, measured in the
# cell's own font with 2 px to spare (a browser's text may measure a little wider than the canvas's)
WHOLE_WORDS = """table => {
  const pen = document.createElement('canvas').getContext('2d');
  const cells = [...table.querySelectorAll('thead th, td[class^="status-"]')];
  return cells.filter(c => getComputedStyle(c).position !== 'absolute').flatMap(cell => {
    const style = getComputedStyle(cell);
    pen.font = style.font;
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 2;
    return cell.textContent.trim().split(/\\s+|(?<=-)/).filter(word => pen.measureText(word).width > room);
  });
}"""
# prior trastuzumab left out: every option after trastuzumab is shown too, conditional, 11 options in all
WIDEST = urlencode(
    {
        "setting": "metastatic",
        "her2_status": "positive",
        "metastatic_line": "first",
        "hormone_receptor_status": "negative",
    }
)


def test_a_phone_opens_on_the_cases_table_and_never_scrolls_sideways(browser: Browser, live_server: str) -> None:
    page, console = open_page(browser, viewport={"width": 375, "height": 812})
    page.goto(f"{live_server}/timeline?{QUERY}")
    table_top = page.locator("table.case-timeline").bounding_box()
    assert table_top is not None
    assert table_top["y"] < 2 * 812  # within two screens of the top (it was 10,130 px down)
    assert page.evaluate(OVERFLOW) == 0
    first = page.locator("table.case-timeline tr[data-date]").first
    assert first.evaluate("row => getComputedStyle(row).display") == "block"  # a card
    assert page.locator('tr[data-date="2012-06-08"] td[data-label]:visible').count() >= 1
    assert console.unexpected() == []
    page.context.close()


def test_a_wide_screen_keeps_the_tables_header_in_view(browser: Browser, live_server: str) -> None:
    page, console = open_page(browser, viewport={"width": 1920, "height": 1080})
    page.goto(f"{live_server}/timeline?{QUERY}")
    header = page.locator("table.case-timeline thead")
    assert header.evaluate("head => getComputedStyle(head).position") == "sticky"
    region = page.locator(".timeline-scroll")
    region.evaluate("r => { r.scrollTop = r.scrollHeight / 2; }")
    region_box, header_box = region.bounding_box(), header.bounding_box()
    assert region_box is not None
    assert header_box is not None
    assert abs(header_box["y"] - region_box["y"]) < 2  # the header stays at the top of the scrolled table
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth")  # every column shown, none scrolled to
    assert page.evaluate(OVERFLOW) == 0
    assert console.unexpected() == []
    page.context.close()


@pytest.mark.parametrize("width", [1280, 1920])
def test_a_laptop_and_a_projector_show_all_eleven_options_without_scrolling_sideways(
    browser: Browser, live_server: str, width: int
) -> None:
    page, console = open_page(browser, viewport={"width": width, "height": 900})
    page.goto(f"{live_server}/timeline?{WIDEST}")
    assert page.locator("table.case-timeline tr[data-date]").first.locator("td[class^='status-']").count() == 11
    region = page.locator(".timeline-scroll")
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth"), region.evaluate(
        "r => [r.scrollWidth, r.clientWidth]"
    )
    assert page.evaluate(OVERFLOW) == 0
    assert page.locator("table.case-timeline tbody").evaluate(FITS) == []  # no text runs out of its cell
    assert page.locator("table.case-timeline").evaluate(WHOLE_WORDS) == []  # no word is cut
    assert console.unexpected() == []
    page.context.close()


@pytest.mark.parametrize(
    ("query", "most"), [(QUERY, 3), (WIDEST, 4)], ids=["no prior trastuzumab", "prior trastuzumab left out"]
)
def test_the_case_through_time_prints_on_a_few_a4_pages(
    browser: Browser, live_server: str, query: str, most: int
) -> None:
    """The first-line case prints its rows on a few A4 pages (16 before, when each approval for another setting
    was a row of its own and every approval followed in full): the line of approvals that changed nothing for it
    is printed, and where every approval is."""
    page, console = open_page(browser, viewport={"width": 794, "height": 1123})
    page.goto(f"{live_server}/timeline?{query}")
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) <= most, len(pdf.pages)
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Approvals that changed nothing for this case" in text
    assert "Timeline of approvals page" in text
    assert console.unexpected() == []
    page.context.close()


def test_the_case_through_time_prints_whole(browser: Browser, live_server: str) -> None:
    page, console = open_page(browser, viewport={"width": 794, "height": 1123})
    page.goto(f"{live_server}/timeline?{QUERY}")
    page.emulate_media(media="print")
    assert page.evaluate(OVERFLOW) == 0
    rows = page.locator("table.case-timeline tr[data-date]")
    widths = rows.evaluate_all("rows => rows.map(r => r.scrollWidth - r.clientWidth)")
    assert max(widths) == 0  # no row is cut at the page's edge
    assert page.pdf(format="A4")[:4] == b"%PDF"
    assert console.unexpected() == []
    page.context.close()
