"""The glossary on a page in Chromium: the first use of an abbreviation shows what it stands for as text, so a
student on a 375 px phone (no hover) and a printed handout both see it."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser
from web_browser import open_page
from web_cases import CASES, as_form

pytestmark = pytest.mark.browser

NEO = urlencode(as_form(CASES["neoadjuvant"]))


def test_on_a_phone_the_first_use_shows_its_expansion_without_hovering(browser: Browser, live_server: str) -> None:
    page, console = open_page(browser, viewport={"width": 375, "height": 800}, has_touch=True, is_mobile=True)
    page.goto(f"{live_server}/answer?{NEO}")
    expansion = page.locator("#verdict .gloss").first  # the summary at the top of the page, in running text
    assert expansion.locator("xpath=preceding-sibling::abbr[@title][1]").count() == 1
    assert expansion.is_visible()
    assert expansion.inner_text().strip().startswith("(")
    box = expansion.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 375 + 1
    assert console.errors == []


def test_a_printed_handout_shows_the_expansions(browser: Browser, live_server: str) -> None:
    page, _ = open_page(browser)
    page.goto(f"{live_server}/handout?{NEO}")
    page.emulate_media(media="print")
    first = page.locator("main .gloss").first
    assert first.is_visible()
    assert first.inner_text().strip() in page.locator("main").inner_text()
