"""The pages in a real Chromium (Debian's /usr/bin/chromium, driven by Playwright), served by a real HTTP server.

The app runs in werkzeug's threaded server on a free port; each test gets a fresh browser context and
fails on any console error or uncaught page error (a CSP violation, for one, is a console error).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from web_cases import CASES, as_form
from werkzeug.serving import make_server

from engine import Engine
from web import create_app
from web.forms import FIELDS

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NOTICE = "Educational use only, not for clinical decisions."
EXPECTED_422 = "status of 422"  # Chromium logs a 4xx page load as a console error; only where we asked for one


@pytest.fixture(scope="module")
def live_server(engine: Engine) -> Iterator[str]:
    """The app on a free port in werkzeug's threaded server; yields its base URL."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, create_app({"ENGINE": engine}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless (never a downloaded browser)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Console:
    """Console errors and uncaught page errors seen by a page."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def unexpected(self, allowed: str | None = None) -> list[str]:
        return [e for e in self.errors if allowed is None or allowed not in e]


def open_page(browser: Browser, javascript: bool = True, **options: Any) -> tuple[Page, Console]:
    context = browser.new_context(java_script_enabled=javascript, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page, Console(page)


@pytest.fixture
def pages(browser: Browser) -> Iterator[list[Page]]:
    """Pages opened by a test; their contexts are closed after it."""
    opened: list[Page] = []
    yield opened
    for page in opened:
        page.context.close()


def fill_case(page: Page, case: dict[str, Any]) -> None:
    """Fill the visible fields of the form with a case's values (the setting is already chosen)."""
    for name, value in as_form(case).items():
        if name == "setting":
            continue
        control = page.locator(f"#field-{name}")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)


def statuses_shown(page: Page) -> dict[str, str]:
    """Regimen id -> status, as the answer page groups them."""
    shown = {}
    for status in ("approved", "supported", "investigational", "not_recommended"):
        for ident in page.locator(f"#status-{status} article.regimen").evaluate_all("els => els.map(e => e.id)"):
            shown[ident.removeprefix("regimen-")] = status
    return shown


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
@pytest.mark.parametrize("name", CASES)
def test_form_gives_the_answer_in_each_setting(
    browser: Browser, live_server: str, engine: Engine, pages: list[Page], name: str, javascript: bool
) -> None:
    """Choosing the setting, filling the form and submitting shows the engine's answer, with or without JavaScript."""
    page, console = open_page(browser, javascript)
    pages.append(page)
    page.goto(live_server + "/")
    page.select_option("#field-setting", CASES[name]["setting"])
    if not javascript:
        page.click("text=Continue")  # the server reloads the form with the setting's fields
        page.wait_for_url("**/?setting=*")
    assert page.locator("#field-tumor_size_cm").is_visible() == (name in ("neoadjuvant", "adjuvant"))
    assert page.locator("#field-metastatic_line").is_visible() == name.startswith("metastatic")
    fill_case(page, CASES[name])
    page.click("button.primary")
    page.wait_for_url("**/answer?*")
    assert page.locator("h1").inner_text() == "Answer for this case"
    answer = engine.evaluate(CASES[name])
    assert statuses_shown(page) == {r.regimen_id: r.status for r in answer.recommendations}
    assert NOTICE in page.locator("header").inner_text()
    assert console.unexpected() == []


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_bad_input_shows_the_message_beside_the_field(
    browser: Browser, live_server: str, pages: list[Page], javascript: bool
) -> None:
    """A non-number in the tumor size comes back as a 422 form with the message beside the field and values kept."""
    page, console = open_page(browser, javascript)
    pages.append(page)
    page.goto(live_server + "/?setting=neoadjuvant")
    fill_case(page, {**CASES["neoadjuvant"], "tumor_size_cm": "three"})
    with page.expect_navigation() as navigation:
        page.click("button.primary")
    response = navigation.value
    assert response is not None
    assert response.status == 422
    size = page.locator("#field-tumor_size_cm")
    assert size.input_value() == "three"
    assert size.get_attribute("aria-invalid") == "true"
    error = page.locator("#error-tumor_size_cm")
    assert error.is_visible()
    assert "'three' is not a number" in error.inner_text()
    assert "error-tumor_size_cm" in (size.get_attribute("aria-describedby") or "")
    assert page.locator("#field-node_status").input_value() == "positive"
    page.click(".error-summary a")  # the summary's link takes the keyboard to the field
    assert page.evaluate("document.activeElement.id") == "field-tumor_size_cm"
    assert console.unexpected(allowed=EXPECTED_422) == []


def test_changing_the_setting_without_javascript_reloads_the_right_fields(
    browser: Browser, live_server: str, pages: list[Page]
) -> None:
    """Without JavaScript, "Update the fields" reloads the form for a changed setting, keeping the values."""
    page, console = open_page(browser, javascript=False)
    pages.append(page)
    page.goto(live_server + "/?setting=metastatic&hormone_receptor_status=positive")
    assert page.locator("#field-metastatic_line").is_visible()
    page.select_option("#field-setting", "adjuvant")
    page.click("text=Update the fields for a changed setting")
    page.wait_for_url("**/?setting=adjuvant*")
    assert not page.locator("#field-metastatic_line").is_visible()
    assert page.locator("#field-tumor_size_cm").is_visible()
    assert page.locator("#field-hormone_receptor_status").input_value() == "positive"
    assert console.unexpected() == []


def test_javascript_shows_the_fields_of_the_setting_at_once(
    browser: Browser, live_server: str, pages: list[Page]
) -> None:
    """With JavaScript, changing the setting shows and hides fields in place, and the reload button is hidden."""
    page, console = open_page(browser)
    pages.append(page)
    page.goto(live_server + "/?setting=metastatic")
    assert not page.locator("text=Update the fields for a changed setting").is_visible()
    page.select_option("#field-setting", "neoadjuvant")
    assert page.locator("#field-tumor_size_cm").is_visible()
    assert page.locator("#field-tumor_size_cm").is_enabled()
    assert not page.locator("#field-metastatic_line").is_visible()
    assert page.locator("#field-metastatic_line").is_disabled()
    assert page.url.endswith("/?setting=metastatic")  # no reload
    assert console.unexpected() == []


def test_keyboard_order_follows_the_form(browser: Browser, live_server: str, pages: list[Page]) -> None:
    """Tab goes to the skip link, the navigation, then every visible field in order, with a visible focus ring."""
    page, console = open_page(browser)
    pages.append(page)
    page.goto(live_server + "/?setting=adjuvant")
    visited: list[str] = []
    while "Get the answer" not in visited and len(visited) < 30:
        page.keyboard.press("Tab")
        visited.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", f"no visible focus on {visited[-1]}"
    assert visited[:4] == ["Skip to the content", "her2-cds", "Case form", "JSON API"]
    assert visited[-1] == "Get the answer"
    fields = [f"field-{f.name}" for f in FIELDS if f.everywhere or "adjuvant" in f.settings]
    assert list(dict.fromkeys(v for v in visited if v.startswith("field-"))) == fields  # a date input has 4 stops
    assert console.unexpected() == []


CONTRAST = """
() => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const el of document.body.querySelectorAll('*')) {
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!text || !el.getClientRects().length || el.closest('.visually-hidden')) continue;
    const [a, b] = [lum(parse(getComputedStyle(el).color)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) failures.push(el.tagName + ' ' + ratio.toFixed(2) + ' ' + el.textContent.trim().slice(0, 40));
  }
  return failures;
}
"""


@pytest.mark.parametrize(
    "path",
    [
        "/?setting=metastatic",
        "/answer?" + "&".join(f"{k}={v}" for k, v in as_form(CASES["neoadjuvant"]).items()),
        "/api",
    ],
    ids=["form", "answer", "api"],
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
    ["/?setting=neoadjuvant", "/answer?" + "&".join(f"{k}={v}" for k, v in as_form(CASES["neoadjuvant"]).items())],
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
    """Printed, the answer drops navigation and links but keeps the notice, the regimens and the evidence."""
    page, console = open_page(browser)
    pages.append(page)
    page.goto(live_server + "/answer?" + "&".join(f"{k}={v}" for k, v in as_form(CASES["adjuvant"]).items()))
    page.emulate_media(media="print")
    assert not page.locator("nav").first.is_visible()
    assert not page.locator("ul.links").is_visible()
    assert page.locator(".notice").is_visible()
    assert page.locator("table.evidence").first.is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"
    assert console.unexpected() == []


@pytest.mark.parametrize(
    "path",
    ["/", "/api", "/answer?setting=adjuvant&hormone_receptor_status=negative&tumor_size_cm=1&node_status=negative"],
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
