"""Security headers and request ids (web/security.py), and what the templates may not contain."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from web_cases import CASES, as_form
from web_html import parse_html
from werkzeug.test import TestResponse

from web.security import CONTENT_SECURITY_POLICY

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none';"
    " base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

REQUESTS = {
    "form": lambda c: c.get("/"),
    "answer": lambda c: c.get("/answer", query_string=as_form(CASES["neoadjuvant"])),
    "invalid form": lambda c: c.get("/answer", query_string={"setting": "nowhere"}),
    "api page": lambda c: c.get("/api"),
    "api answer": lambda c: c.post("/api/v1/recommendations", json=CASES["adjuvant"]),
    "api 422": lambda c: c.post("/api/v1/recommendations", json={}),
    "openapi": lambda c: c.get("/api/v1/openapi.json"),
    "static": lambda c: c.get("/static/style.css"),
    "404": lambda c: c.get("/nothing"),
    "405": lambda c: c.put("/api/v1/regimens"),
    "413": lambda c: c.post("/api/v1/recommendations", data=b"{" * (2 * 1024 * 1024), content_type="application/json"),
}


def _close(response: TestResponse) -> TestResponse:
    response.close()  # static files are streamed from disk: close them (warnings are errors)
    return response


@pytest.mark.parametrize("name", REQUESTS)
def test_every_response_carries_the_security_headers(client: FlaskClient, name: str) -> None:
    """Pages, API answers, static files and errors all carry CSP, nosniff and a no-referrer policy."""
    response = _close(REQUESTS[name](client))
    assert response.headers["Content-Security-Policy"] == CSP == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("no-referrer", "same-origin")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert len(response.headers["X-Request-ID"]) == 32


def test_request_ids_differ_between_requests(client: FlaskClient) -> None:
    """Each request gets its own id."""
    ids = {client.get("/api/v1/knowledge-base").headers["X-Request-ID"] for _ in range(5)}
    assert len(ids) == 5


@pytest.mark.parametrize("name", ["form", "answer", "invalid form", "api page", "404"])
def test_pages_have_no_inline_script_or_style(client: FlaskClient, name: str) -> None:
    """No inline script, event handler or style on any page: the CSP would block them, so none may be needed."""
    page = parse_html(REQUESTS[name](client).text)
    for node in page.iter():
        assert not [a for a in node.attrs if a.startswith("on")], f"<{node.tag}> has an event handler"
        assert "style" not in node.attrs, f"<{node.tag}> has an inline style"
        assert node.tag != "style"
        if node.tag == "script":
            assert node["src"].startswith("/static/")
            assert not node.children


def test_entered_text_is_escaped(client: FlaskClient) -> None:
    """Markup typed into the form comes back as text, never as markup (Jinja autoescapes)."""
    attack = '<script>alert("x")</script>'
    response = client.get(
        "/answer", query_string={"setting": "adjuvant", "her2_status": "positive", "tumor_size_cm": attack}
    )
    assert response.status_code == 422
    assert attack not in response.text
    assert "&lt;script&gt;" in response.text
    assert not parse_html(response.text).find_all("script", src=False)


def test_app_templates_autoescape(client: FlaskClient) -> None:
    """The app's .html templates are autoescaped."""
    app = client.application
    assert app.select_jinja_autoescape("answer.html")
