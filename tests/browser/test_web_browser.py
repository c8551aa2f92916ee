"""The case form in a real Chromium (Debian's /usr/bin/chromium, driven by Playwright), served by a real HTTP server.

The app runs in werkzeug's threaded server on a free port; each test gets a fresh browser context and
fails on any console error or uncaught page error (a CSP violation, for one, is a console error).
Every page's contrast, phone and print layout and navigation are in tests/browser/test_web_browser_pages.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page
from web_browser import EXPECTED_422, NOTICE, fill_case, open_page, statuses_shown
from web_cases import CASES

from engine import Engine
from web.forms import FIELDS

pytestmark = pytest.mark.browser


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
    page.goto(live_server + "/?setting=neoadjuvant&her2_status=positive")
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
    page.goto(live_server + "/?setting=metastatic&her2_status=positive&hormone_receptor_status=positive")
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
    page.goto(live_server + "/?setting=metastatic&her2_status=positive")
    assert not page.locator("text=Update the fields for a changed setting").is_visible()
    page.select_option("#field-setting", "neoadjuvant")
    assert page.locator("#field-tumor_size_cm").is_visible()
    assert page.locator("#field-tumor_size_cm").is_enabled()
    assert not page.locator("#field-metastatic_line").is_visible()
    assert page.locator("#field-metastatic_line").is_disabled()
    assert page.url.endswith("/?setting=metastatic&her2_status=positive")  # no reload
    assert console.unexpected() == []


def test_javascript_hides_menopausal_status_for_a_man(browser: Browser, live_server: str, pages: list[Page]) -> None:
    """With JavaScript, choosing male hides and disables menopausal status in place; female shows it again."""
    page, console = open_page(browser)
    pages.append(page)
    page.goto(live_server + "/?setting=metastatic&her2_status=positive")
    assert page.locator("#field-menopausal_status").is_visible()
    page.select_option("#field-sex", "male")
    assert not page.locator("#field-menopausal_status").is_visible()
    assert page.locator("#field-menopausal_status").is_disabled()
    page.select_option("#field-sex", "female")
    assert page.locator("#field-menopausal_status").is_enabled()
    page.select_option("#field-setting", "adjuvant")  # a setting change keeps the rule
    page.select_option("#field-sex", "male")
    assert not page.locator("#field-menopausal_status").is_visible()
    assert console.unexpected() == []


def test_keyboard_order_follows_the_form(browser: Browser, live_server: str, pages: list[Page]) -> None:
    """Tab goes to the skip link, the navigation, then every visible field in order, with a visible focus ring."""
    page, console = open_page(browser)
    pages.append(page)
    page.goto(live_server + "/?setting=adjuvant&her2_status=positive")
    visited: list[str] = []
    while "Get the answer" not in visited and len(visited) < 40:
        page.keyboard.press("Tab")
        visited.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", f"no visible focus on {visited[-1]}"
    assert visited[:8] == [
        "Skip to the content",
        "her2-cds",
        "Case form",
        "Case library",
        "Timeline",
        "Evidence charts",
        "Glossary",
        "JSON API",
    ]
    assert visited[-1] == "Get the answer"
    fields = [f"field-{f.name}" for f in FIELDS if f.everywhere or "adjuvant" in f.settings]
    assert list(dict.fromkeys(v for v in visited if v.startswith("field-"))) == fields  # a date input has 4 stops
    assert console.unexpected() == []
