"""Chromium for the web tests (not a test module): the app on a live server, Debian's Chromium, pages that
record console errors, and a WCAG contrast check. Shared by the browser test modules."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from web_cases import as_form
from werkzeug.serving import make_server

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

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


def buffered(app: WSGIApplication) -> WSGIApplication:
    """The app with each response read whole, and its iterable closed, before the server writes it.

    werkzeug's dev server (serving.py, execute) drains the socket before it closes the app's iterable; when
    Chromium has reset the connection (a favicon cancelled by a quick navigation) the drain raises, a static
    file is never closed, and its ResourceWarning fails whichever test is running when it is collected.
    """

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return wsgi


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """The app on a free port in werkzeug's threaded server; yields its base URL."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless (never a downloaded browser)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


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
    """A page in a fresh context, recording console errors."""
    context = browser.new_context(java_script_enabled=javascript, **options)
    page = context.new_page()
    page.set_default_timeout(30_000)  # Playwright's default: a page drawn while the other test worker is busy
    return page, Console(page)


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
    """Regimen id -> status, as the answer page's verdict panel lists them."""
    rows = page.locator("#verdict li.verdict-row")
    return dict(rows.evaluate_all("els => els.map(e => [e.dataset.regimen, e.dataset.status])"))


# Every element with visible text whose contrast against its background is below 4.5:1 (WCAG AA).
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
