"""The answer a student reads in a minute, in Debian's Chromium: the verdict on the first screen, short in print."""

from __future__ import annotations

import io
import unicodedata
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader
from web_browser import open_page
from web_cases import CASES, SECOND_LINE, as_form

from engine import Engine

pytestmark = pytest.mark.browser

FIRST_SCREEN = 800  # px: a 1280x800 laptop, and the first 800 px of a phone


def answer_path(name: str) -> str:
    return "/answer?" + urlencode(as_form(CASES[name]))


@pytest.mark.parametrize("name", CASES)
def test_a_laptop_reads_each_evidence_table_without_scrolling_sideways(
    browser: Browser, live_server: str, name: str
) -> None:
    """At 1280 px, every option opened, no evidence table is wider than its box (a DOI or a trial number breaks
    rather than push the table 20-100 px past the page's column)."""
    page, console = open_page(browser, viewport={"width": 1280, "height": FIRST_SCREEN})
    page.goto(live_server + answer_path(name))
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    wide = page.locator(".table-scroll").evaluate_all(
        "boxes => boxes.filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.querySelector('caption').textContent)"
    )
    assert wide == []
    assert console.unexpected() == []
    page.context.close()


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
    assert_prints_with_its_order(page, 3)
    page.context.close()
    assert console.unexpected() == []


def test_a_printed_option_is_one_size_under_its_name(browser: Browser, live_server: str) -> None:
    """On paper an option's order, reason and key trial are set no larger than its name (the order and the key
    trial were sized from the screen's root, about 11.4 pt under a 9.5 pt name)."""
    page, console = open_page(browser)
    page.goto(live_server + answer_path("metastatic pretreated"))
    page.emulate_media(media="print")
    sizes = page.locator("#verdict li.verdict-row").first.evaluate(
        "row => [...row.querySelectorAll('p')].map(p => [p.className, parseFloat(getComputedStyle(p).fontSize)])"
    )
    name = page.locator("#verdict .verdict-name").first.evaluate("a => parseFloat(getComputedStyle(a).fontSize)")
    assert [c for c, size in sizes if size > name] == []
    assert console.unexpected() == []
    page.context.close()


def test_the_printed_answer_keeps_the_case_and_drops_the_screens_links(browser: Browser, live_server: str) -> None:
    """On paper the case line stays, without "Change the case" or "See this case as the review saw it or as of the
    cut-off", which only a screen can follow."""
    page, console = open_page(browser)
    page.goto(live_server + answer_path("neoadjuvant"))
    page.emulate_media(media="print")
    assert page.locator(".case-summary").is_visible()
    assert not page.get_by_text("Change the case").is_visible()
    assert not page.locator(".date-switch").is_visible()
    assert console.unexpected() == []
    page.context.close()


def test_the_printed_names_of_the_options_in_depth_carry_no_stray_arrows(browser: Browser, live_server: str) -> None:
    """On paper "Each option in depth" lists the names in four columns: without the screen's fold arrows, which
    sat outside each name and so printed at the end of the column before it (and off the first column)."""
    page, console = open_page(browser)
    page.goto(live_server + answer_path("neoadjuvant"))
    page.emulate_media(media="print")
    summaries = page.locator("section.depth details.regimen > summary")
    assert summaries.count() > 1
    assert set(summaries.evaluate_all("all => all.map(s => getComputedStyle(s).listStyleType)")) == {"none"}
    assert console.unexpected() == []
    page.context.close()


def assert_prints_with_its_order(page: Page, most: int) -> None:
    """The page prints on `most` A4 pages or fewer, and each verdict row's order line is in the print."""
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) <= most, len(pdf.pages)
    # the PDF's text without spaces or line breaks, its ligatures ("ﬁ") undone
    text = "".join("".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in pdf.pages)
    rows = page.locator("#verdict li.verdict-row .verdict-order")
    assert rows.count() == page.locator("#verdict li.verdict-row").count() > 0
    assert all("".join(line.split())[:60] in text for line in rows.all_inner_texts())


# The answers the order and adjuvant pertuzumab's statuses changed, with the library cases added with them
TOUCHED: dict[str, dict[str, object]] = {
    "second line at the cut-off": {**SECOND_LINE, "as_of": "2026-12-06"},
    "residual disease at the cut-off": {
        "setting": "adjuvant",
        "her2_status": "positive",
        "prior_trastuzumab": True,
        "hormone_receptor_status": "negative",
        "tumor_size_cm": 3.0,
        "node_status": "positive",
        "neoadjuvant_response": "residual",
        "as_of": "2026-12-06",
    },
    "small node-negative at the cut-off": {
        "setting": "adjuvant",
        "her2_status": "positive",
        "hormone_receptor_status": "positive",
        "tumor_size_cm": 0.4,
        "node_status": "negative",
        "tumor_grade": 1,
        "age_years": 60,
        "as_of": "2026-12-06",
    },
    "high-risk node-negative before the approval": {
        "setting": "adjuvant",
        "her2_status": "positive",
        "hormone_receptor_status": "positive",
        "tumor_size_cm": 1.5,
        "node_status": "negative",
        "tumor_grade": 2,
        "age_years": 60,
        "as_of": "2017-10-01",
    },
}
NEW_LIBRARY_CASES = [
    "adjuvant-small-node-negative-2017",
    "adjuvant-node-negative-risk-open-today",
    "adjuvant-nodes-unknown-today",
    "relapse-timing-unknown-2022",
    "relapse-timing-unknown-today",
    "her2-low-db04-presented-2022",
    "her2-low-chemotherapy-unknown-2022",
    "man-hormone-receptor-positive",
    "man-hormone-receptor-positive-2009",
]


@pytest.mark.parametrize("name", [*TOUCHED, *NEW_LIBRARY_CASES])
def test_the_answers_of_changed_cases_print_on_at_most_three_a4_pages(
    browser: Browser, live_server: str, engine: Engine, name: str
) -> None:
    """Printed with its options folded, each of these answers takes three A4 pages or fewer, its order lines in the
    print."""
    case = TOUCHED[name] if name in TOUCHED else engine.kb.cases[name].case
    page, console = open_page(browser)
    page.goto(live_server + "/answer?" + urlencode(as_form(dict(case))))
    assert_prints_with_its_order(page, 3)
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
