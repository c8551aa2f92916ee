"""The answer a student reads in a minute, in Debian's Chromium: the verdict on the first screen, short in print."""

from __future__ import annotations

import io
import unicodedata
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader
from web_browser import open_page
from web_cases import CASES, as_form

from engine import Engine

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


@pytest.mark.parametrize("day", ["review", "cut-off"])
@pytest.mark.parametrize("name", CASES)
def test_answer_prints_on_at_most_three_a4_pages(
    browser: Browser, live_server: str, engine: Engine, name: str, day: str
) -> None:
    """Printed with its options folded, the answer as the review saw it and at the cut-off takes three A4 pages or
    fewer, and the print keeps each option's place in the order and its reason."""
    info = engine.kb.info
    as_of = info.review_published if day == "review" else info.evidence_cutoff
    page, console = open_page(browser)
    page.goto(live_server + answer_path(name) + f"&as_of={as_of.isoformat()}")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) <= 3
    # the PDF's text without spaces or line breaks, its ligatures ("ﬁ") undone
    text = "".join("".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in pdf.pages)
    rows = page.locator("#verdict li.verdict-row .verdict-order")
    assert rows.count() == page.locator("#verdict li.verdict-row").count() > 0
    assert all("".join(line.split())[:60] in text for line in rows.all_inner_texts())
    page.context.close()
    assert console.unexpected() == []


# The page's own text, folded parts included (textContent), without the printed address of the page.
PAGE_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('.page-url, script, style').forEach(e => e.remove());
  return body.textContent;
}"""


def test_the_engine_reasoning_switch_shows_the_rules(browser: Browser, live_server: str, engine: Engine) -> None:
    """With ?reasoning=on the answer shows the rules that fired, by id."""
    page, console = open_page(browser)
    page.goto(live_server + answer_path("neoadjuvant") + "&reasoning=on")
    text = page.evaluate(PAGE_TEXT)
    assert all(f.rule in text for f in engine.evaluate(CASES["neoadjuvant"]).trace.fired)
    page.context.close()
    assert console.unexpected() == []


@pytest.mark.parametrize(
    "path", ["/handout?" + urlencode(as_form(CASES["neoadjuvant"])), "/cases/neoadjuvant-large-tumor/handout"]
)
def test_printable_handout_fits_two_a4_pages(browser: Browser, live_server: str, path: str) -> None:
    """The printable handout (case, verdict, key trials, teaching points) prints on two A4 pages or fewer."""
    page, console = open_page(browser)
    page.goto(live_server + path)
    assert page.locator(".handout li.verdict-row").count() > 0
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) <= 2
    assert "Educational use only, not for clinical decisions." in pdf.pages[0].extract_text()
    page.context.close()
    assert console.unexpected() == []
