"""Accessibility with axe-core in Debian's Chromium: no serious or critical violation on the pages people read."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser
from web_browser import open_page
from web_cases import CASES, as_form

pytestmark = pytest.mark.browser

NEO = urlencode(as_form(CASES["neoadjuvant"]))
PAGES = {
    "form": "/?setting=neoadjuvant&her2_status=positive",
    "answer": f"/answer?{NEO}",
    "what-if": f"/what-if?{NEO}&change=node_status%3Dnegative",
    "learner": "/cases/neoadjuvant-large-tumor/learn",
    "learner result": "/cases/neoadjuvant-large-tumor/learn/result?"
    + "&".join(f"choice-{r}=unsure" for r in ("trastuzumab_chemotherapy", "afatinib")),
    "timeline": f"/timeline?{NEO}",
    "library": "/cases",
    "walkthrough": "/cases/neoadjuvant-large-tumor",
    "charts": "/evidence",
    "handout": f"/handout?{NEO}",
    "glossary": "/glossary",
}
SERIOUS = ("serious", "critical")


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_serious_or_critical_accessibility_violation(browser: Browser, live_server: str, path: str) -> None:
    """axe-core finds no serious or critical violation, with every fold of the page opened too."""
    page, console = open_page(browser)
    page.goto(live_server + path)
    axe = Axe()
    found = [v for v in axe.run(page).response["violations"] if v["impact"] in SERIOUS]
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    found += [v for v in axe.run(page).response["violations"] if v["impact"] in SERIOUS]
    page.context.close()
    assert [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in found] == []
    assert console.unexpected("status of 422") == []
