"""Every page in a real Chromium, served by a real HTTP server: text contrast, a phone's width, print
layout, no console errors, the main navigation, and the answer page joined to the teaching layer.

The pages (fixture in conftest.py) fail on any console error or uncaught page error.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Page
from web_browser import CONTRAST, NOTICE, open_page
from web_cases import CASES, as_form

from engine import Engine
from web.charts import ChartView, charts_for

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path",
    [
        "/?setting=metastatic&her2_status=positive",
        "/answer?" + "&".join(f"{k}={v}" for k, v in as_form(CASES["neoadjuvant"]).items()),
        "/api",
        "/cases/neoadjuvant-large-tumor",
        "/evidence",
    ],
    ids=["form", "answer", "api", "walkthrough", "evidence"],
)
def test_text_contrast_is_at_least_4_5(browser: Browser, live_server: str, pages: list[Page], path: str) -> None:
    """Every piece of visible text has a WCAG AA contrast ratio of 4.5:1 or more against its background."""
    page, console = open_page(browser)
    pages.append(page)
    page.goto(live_server + path)
    assert page.evaluate(CONTRAST) == []
    assert console.unexpected() == []


@pytest.mark.parametrize(
    "path",
    [
        "/?setting=neoadjuvant&her2_status=positive",
        "/answer?" + "&".join(f"{k}={v}" for k, v in as_form(CASES["neoadjuvant"]).items()),
    ],
)
def test_pages_fit_a_phone(browser: Browser, live_server: str, pages: list[Page], path: str) -> None:
    """On a 375-pixel phone screen the page does not scroll sideways (wide tables scroll inside their box)."""
    page, console = open_page(browser, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    pages.append(page)
    page.goto(live_server + path)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.locator("main").bounding_box()["width"] <= 375  # type: ignore[index]
    assert console.unexpected() == []


def test_print_layout_hides_navigation_and_keeps_the_answer(
    browser: Browser, live_server: str, pages: list[Page]
) -> None:
    """Printed, the answer drops navigation and links but keeps the notice, the verdict and the folded options."""
    page, console = open_page(browser)
    pages.append(page)
    page.goto(live_server + "/answer?" + "&".join(f"{k}={v}" for k, v in as_form(CASES["adjuvant"]).items()))
    page.emulate_media(media="print")
    assert not page.locator("nav").first.is_visible()
    assert not page.locator("ul.links").first.is_visible()
    assert not page.locator("ul.teaching-links").is_visible()
    assert page.locator(".notice").is_visible()
    assert page.locator("#verdict li.verdict-row").first.is_visible()
    assert page.locator("details.regimen summary").first.is_visible()
    assert not page.locator("table.evidence").first.is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"
    assert console.unexpected() == []


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/api",
        "/answer?setting=adjuvant&her2_status=positive&hormone_receptor_status=negative&tumor_size_cm=1&node_status=negative",
        # the one page kind no other browser test opens (the what-if page's dates tab)
        "/what-if?" + urlencode(as_form(CASES["neoadjuvant"])) + "&tab=dates",
    ],
)
def test_pages_load_without_console_errors(browser: Browser, live_server: str, pages: list[Page], path: str) -> None:
    """The pages load their stylesheet, script and icon with no console error and say they are educational."""
    page, console = open_page(browser)
    pages.append(page)
    response = page.goto(live_server + path)
    assert response is not None
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert NOTICE in page.locator("body").inner_text()
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != ""
    assert console.unexpected() == []


# ---- the answer page joined to the teaching layer, the main navigation, and print ----

NEO_ANSWER = "/answer?" + urlencode(as_form(CASES["neoadjuvant"]))


def test_answer_page_charts_load_and_its_teaching_links_work(
    browser: Browser, live_server: str, engine: Engine, pages: list[Page]
) -> None:
    """The answer's chart images load as SVG (200), and its what-if, learner, timeline and handout links work."""
    page, console = open_page(browser)
    pages.append(page)
    charts: dict[str, tuple[int, str]] = {}
    page.on("response", lambda r: charts.update({r.url: (r.status, r.headers.get("content-type", ""))}))
    page.goto(live_server + NEO_ANSWER)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    images = page.locator(".figure-block figure.chart img")
    expected = charts_for(engine.evaluate(CASES["neoadjuvant"]), ChartView.of(engine.kb))
    assert images.count() == len(expected) == 3
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert image.get_attribute("alt")
    page.wait_for_load_state("networkidle")
    # each chart is asked for with the answer's cited studies (?cite=...): compare the chart paths
    assert {url.removeprefix(live_server).split("?")[0]: v for url, v in charts.items() if "/evidence/" in url} == {
        f"/evidence/{chart.name}.svg": (200, "image/svg+xml; charset=utf-8") for chart in expected
    }
    assert page.locator("#figure-pcr table.numbers tr.cited").count() > 0
    with page.expect_download() as download:
        page.get_by_role("link", name="Handout (Markdown)").click()
    assert download.value.suggested_filename == "her2-cds-handout.md"
    for name, heading, marker in [
        ("What if? Change one feature", "What if?", "#what-if li[data-feature]"),
        ("Test yourself on this case", "Test yourself", "form.learner select"),
        ("This case through time", "This case through time", "table.case-timeline tr[data-date]"),
    ]:
        page.goto(live_server + NEO_ANSWER)
        page.get_by_role("link", name=name).click()
        page.wait_for_selector(marker)
        assert page.locator("h1").inner_text() == heading
        assert page.locator(marker).count() > 0
    assert console.unexpected() == []


def test_main_navigation_links_work(browser: Browser, live_server: str, pages: list[Page]) -> None:
    """Each main navigation link opens its page, which marks that link as the current page."""
    page, console = open_page(browser)
    pages.append(page)
    page.goto(live_server + NEO_ANSWER)
    for name, path, heading in [
        ("Case library", "/cases", "Teaching cases"),
        ("Timeline", "/timeline", "Timeline of approvals"),
        ("Evidence charts", "/evidence", "Evidence charts"),
        ("JSON API", "/api", "The JSON API"),
        ("Case form", "/", "Describe a case"),
    ]:
        nav = page.get_by_role("navigation", name="Main")
        nav.get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(live_server + path)
        assert page.locator("h1").inner_text() == heading
        link = page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)
        assert link.get_attribute("aria-current") == "page"
    assert console.unexpected() == []


@pytest.mark.parametrize(
    "path",
    [
        NEO_ANSWER,
        "/cases/neoadjuvant-large-tumor",
        "/what-if?" + urlencode(as_form(CASES["neoadjuvant"])),
        "/timeline?" + urlencode(as_form(CASES["neoadjuvant"])),
        "/evidence",
        "/cases/first-line-dual-blockade/learn",
    ],
    ids=["answer", "walkthrough", "what-if", "timeline", "evidence", "learner"],
)
def test_print_hides_navigation_on_the_answer_and_teaching_pages(
    browser: Browser, live_server: str, pages: list[Page], path: str
) -> None:
    """Printed, every page hides navigation, forms and link lists, keeps the notice, prints link addresses."""
    page, console = open_page(browser)
    pages.append(page)
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("nav").first.is_visible()
    page.emulate_media(media="print")
    hidden = "sel => [...document.querySelectorAll(sel)].every(e => getComputedStyle(e).display === 'none')"
    for selector in ("nav", "form", ".links", ".actions", ".library-links"):
        assert page.evaluate(hidden, selector), selector
    assert page.locator(".notice").is_visible()
    assert NOTICE in page.locator("footer").inner_text()
    assert page.locator("footer .print-only").is_visible()
    after = page.evaluate("getComputedStyle(document.querySelector('footer a[href^=\"http\"]'), '::after').content")
    assert "https://doi.org/" in after
    # whole tables are kept on a page; a case's timeline prints as cards that break between dates, never inside one
    breaks = page.evaluate(
        "[...document.querySelectorAll('main table:not(.case-timeline), main table.case-timeline tr')]"
        ".map(t => getComputedStyle(t).breakInside)"
    )
    assert set(breaks) <= {"avoid"}
    assert page.pdf(format="A4")[:4] == b"%PDF"
    assert console.unexpected() == []
