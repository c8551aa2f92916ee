"""Error handling (web/errors.py): every error a clear message, JSON for the API, HTML otherwise, never a trace."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from packaged import DISCLAIMER
from web_cases import CASES
from web_html import parse_html

from engine import Engine, EngineError
from web.errors import InvalidInput

NOTICE = "Educational use only, not for clinical decisions."


def _boom(*_: Any, **__: Any) -> Any:
    raise EngineError("rules r1 and r2 give trastuzumab_chemotherapy two statuses")


def test_unknown_page_is_an_html_404(client: FlaskClient) -> None:
    """An unknown page is a 404 page naming the path, with the notice and a way back."""
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = parse_html(response.text)
    assert "/no-such-page" in page.find("p", class_="error-message").text
    assert NOTICE in page.text
    assert page.find("a", href="/")


@pytest.mark.parametrize("path", ["/api/v1/no-such-endpoint", "/api/nothing", "/no-such-answer.json"])
def test_unknown_api_path_is_a_json_404(client: FlaskClient, path: str) -> None:
    """An unknown API (or .json) path is a JSON 404 with the message, the request id and the disclaimer."""
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    body = response.json
    assert body["status"] == 404
    assert body["error"] == "Not Found"
    assert path in body["message"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert body["disclaimer"] == DISCLAIMER


def test_a_client_that_prefers_json_gets_json_errors(client: FlaskClient) -> None:
    """Outside /api/, a client whose Accept header prefers JSON gets the error as JSON; a browser gets HTML."""
    as_json = client.get("/no-such-service", headers={"Accept": "application/json"})
    assert as_json.status_code == 404
    assert as_json.json["status"] == 404
    as_page = client.get("/no-such-service", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert as_page.mimetype == "text/html"


def test_wrong_method_on_a_page_is_an_html_405(client: FlaskClient) -> None:
    """POSTing to the form page is a 405 page that says which methods are allowed."""
    response = client.post("/")
    assert response.status_code == 405
    assert response.mimetype == "text/html"
    assert "GET" in response.headers["Allow"]
    assert "POST is not allowed on /" in parse_html(response.text).find("p", class_="error-message").text


def test_wrong_method_on_the_api_is_a_json_405(client: FlaskClient) -> None:
    """DELETE on an API endpoint is a JSON 405 with an Allow header."""
    response = client.delete("/api/v1/regimens")
    assert response.status_code == 405
    assert response.json["status"] == 405
    assert "GET" in response.headers["Allow"]


def test_too_large_body_is_413(client: FlaskClient) -> None:
    """A body over 1 MB is refused with a JSON 413 that states the limit."""
    response = client.post(
        "/api/v1/recommendations/batch", data=b" " * (1024 * 1024 + 1), content_type="application/json"
    )
    assert response.status_code == 413
    assert "1 MB" in response.json["message"]


def test_malformed_json_is_400(client: FlaskClient) -> None:
    """Malformed JSON is a 400 saying where it broke."""
    response = client.post("/api/v1/recommendations", data='{"setting": ', content_type="application/json")
    assert response.status_code == 400
    assert "line 1" in response.json["message"]


def test_body_not_declared_json_is_415(client: FlaskClient) -> None:
    """A body sent as a form is a 415 naming the media type required."""
    response = client.post("/api/v1/recommendations", data={"setting": "adjuvant"})
    assert response.status_code == 415
    assert "application/json" in response.json["message"]


def test_invalid_case_is_422_with_field_errors(client: FlaskClient) -> None:
    """An invalid case is a 422 whose errors name each field and what it allows."""
    response = client.post(
        "/api/v1/recommendations",
        json={"setting": "palliative", "her2_status": "positive", "hormone_receptor_status": "negative"},
    )
    assert response.status_code == 422
    assert response.json["errors"] == [
        {
            "field": "setting",
            "message": "'palliative' is not allowed; allowed: metastatic, neoadjuvant, adjuvant or extended_adjuvant",
        }
    ]
    assert "1 problem" in response.json["message"]


def test_invalid_input_counts_its_problems(app: Flask) -> None:
    """InvalidInput is a 422 that carries its field errors and says how many there are."""
    from engine import FieldError

    with app.app_context():  # raised while a request is served: its words are the app's knowledge base's
        exc = InvalidInput([FieldError(field="a", message="x"), FieldError(field="b", message="y")])
    assert exc.code == 422
    assert [e.field for e in exc.errors] == ["a", "b"]
    assert "2 problems" in str(exc.description)


def test_engine_failure_on_the_api_is_a_generic_json_500_and_logged(
    client: FlaskClient, engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An engine failure is a generic 500 quoting a request id; the traceback goes to the log, not the client."""
    monkeypatch.setattr(engine, "answer_json_for", _boom)  # the API's path to an answer
    with caplog.at_level(logging.ERROR):
        response = client.post("/api/v1/recommendations", json=CASES["adjuvant"])
    assert response.status_code == 500
    rid = response.json["request_id"]
    assert rid == response.headers["X-Request-ID"]
    assert rid in response.json["message"]
    assert "two statuses" not in response.text
    assert "Traceback" not in response.text
    logged = [r for r in caplog.records if rid in r.getMessage()]
    assert logged
    assert logged[0].exc_info is not None
    assert "two statuses" in caplog.text
    assert "Traceback" in caplog.text


def test_engine_failure_on_a_page_is_a_generic_html_500(
    afresh_client: FlaskClient, engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """On a page, a server error is an HTML 500 with the request id and the notice, never a stack trace."""
    monkeypatch.setattr(engine, "evaluate", _boom)
    with caplog.at_level(logging.ERROR):
        response = afresh_client.get(
            "/answer",
            query_string={
                "setting": "adjuvant",
                "her2_status": "positive",
                "hormone_receptor_status": "negative",
                "tumor_size_cm": "2",
                "node_status": "negative",
            },
        )
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    page = parse_html(response.text)
    assert response.headers["X-Request-ID"] in page.text
    assert NOTICE in page.text
    assert "Traceback" not in response.text
    assert "EngineError" not in response.text


def test_redirects_pass_through_the_error_handler(fresh_app: Flask) -> None:
    """A routing redirect (a 3xx HTTPException) stays a redirect, not an error page."""
    fresh_app.add_url_rule("/folder/", "folder", lambda: "folder")
    response = fresh_app.test_client().get("/folder")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/folder/")


def test_aborted_request_keeps_its_own_description(fresh_app: Flask) -> None:
    """An HTTP error raised with its own words keeps them (here a 400 from a view)."""
    from flask import abort

    fresh_app.add_url_rule("/api/v1/test-abort", "abort", lambda: abort(400, "The case is upside down."))
    response = fresh_app.test_client().get("/api/v1/test-abort")
    assert response.status_code == 400
    assert response.json["message"] == "The case is upside down."
