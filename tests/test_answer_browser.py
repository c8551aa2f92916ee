"""The answer a student reads in a minute, in Debian's Chromium: the verdict on the first screen, short in print."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader
from web_browser import open_page
from web_cases import CASES, as_form

pytestmark = pytest.mark.browser

FIRST_SCREEN = 800  # px: a 1280x800 laptop, and the first 800 px of a phone


def answer_path(name: str) -> str:
    return "/answer?" + urlencode(as_form(CASES[name]))


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", CASES)
def test_verdict_and_first_regimen_are_on_the_first_screen(
    browser: Browser, live_server: str, name: str, width: int
) -> None:
    """At 1280 px and at 375 px the verdict panel and its first regimen's name end within the first 800 px."""
    page, console = open_page(browser, viewport={"width": width, "height": FIRST_SCREEN})
    page.goto(live_server + answer_path(name))
    title = page.locator("#verdict-title").bounding_box()
    first = page.locator("#verdict li.verdict-row .verdict-head").first.bounding_box()
    assert title is not None
    assert first is not None
    assert title["y"] + title["height"] <= FIRST_SCREEN
    assert first["y"] + first["height"] <= FIRST_SCREEN
    page.context.close()
    assert console.unexpected() == []


@pytest.mark.parametrize("name", CASES)
def test_answer_prints_on_at_most_three_a4_pages(browser: Browser, live_server: str, name: str) -> None:
    """Printed with its options folded, the answer takes three A4 pages or fewer."""
    page, console = open_page(browser)
    page.goto(live_server + answer_path(name))
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) <= 3
    page.context.close()
    assert console.unexpected() == []
