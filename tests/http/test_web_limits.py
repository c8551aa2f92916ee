"""Bounded input and bounded echo (web/limits.py, web/jsonbody.py): huge numbers, chunked bodies, long keys."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from web_cases import CASES, as_form

from web.jsonbody import MAX_KEYS
from web.limits import FIELD_CHARS, MAX_ERRORS

CASE = CASES["neoadjuvant"]
# the six endpoints that read a JSON body, each with a body that carries a case where a number goes
JSON_POSTS = {
    "/api/v1/recommendations": lambda n: {**CASE, "tumor_size_cm": n},
    "/api/v1/recommendations/batch": lambda n: {"cases": [{**CASE, "tumor_size_cm": n}]},
    "/api/v1/learner/score": lambda n: {"case": {**CASE, "tumor_size_cm": n}, "choices": {}},
    "/api/v1/what-if": lambda n: {**CASE, "tumor_size_cm": n},
    "/api/v1/timeline": lambda n: {**CASE, "tumor_size_cm": n},
    "/cds-services/her2-case-review": lambda n: {"context": {"case": {**CASE, "tumor_size_cm": n}}},
}


def chunked(client: FlaskClient, path: str, body: bytes, content_type: str = "application/json") -> Any:
    """POST `body` as a chunked request: no Content-Length, the stream ends where the body does."""
    return client.post(
        path,
        headers={"Content-Type": content_type, "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True, "CONTENT_LENGTH": ""},
    )


@pytest.mark.parametrize("path", JSON_POSTS)
def test_an_integer_of_4301_digits_is_a_400_naming_it(client: FlaskClient, path: str) -> None:
    """An integer past Python's 4,300-digit limit is a clear 400 on every JSON endpoint, never a 500."""
    body = json.dumps(JSON_POSTS[path]("NUMBER")).replace('"NUMBER"', "9" * 4301)
    response = client.post(path, data=body, content_type="application/json")
    assert response.status_code == 400
    assert "a number is written with 4,301 characters" in response.json["message"]


def test_a_float_too_large_to_be_finite_is_a_400(client: FlaskClient) -> None:
    """1e400 reads as infinity in Python: refused like the literal Infinity."""
    body = json.dumps({**CASE, "tumor_size_cm": "N"}).replace('"N"', "1e400")
    response = client.post("/api/v1/recommendations", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "too large to be a finite number" in response.json["message"]


def test_an_object_with_too_many_keys_is_a_400(client: FlaskClient) -> None:
    """More keys in one object than any request needs is refused before validation lists them all."""
    body = {f"field{i}": 1 for i in range(MAX_KEYS + 1)}
    response = client.post("/api/v1/recommendations", json=body)
    assert response.status_code == 400
    assert f"{MAX_KEYS + 1:,} keys" in response.json["message"]


def test_a_chunked_body_over_the_limit_is_a_413(client: FlaskClient) -> None:
    """A 3 MB chunked body is refused with 413 as a declared one is, not cut and parsed."""
    body = json.dumps({"cases": [CASE] * 20_000}).encode()
    assert len(body) > 2_000_000
    response = chunked(client, "/api/v1/recommendations/batch", body)
    assert response.status_code == 413
    assert "larger than the limit" in response.json["message"]


def test_a_chunked_body_within_the_limit_is_answered(client: FlaskClient) -> None:
    """A chunked body under the limit is read whole and answered."""
    response = chunked(client, "/api/v1/recommendations", json.dumps(CASE).encode())
    assert response.status_code == 200
    assert response.json["case"]["setting"] == "neoadjuvant"


def test_a_chunked_form_over_the_limit_is_a_413(client: FlaskClient) -> None:
    """The learner form sent chunked past the limit is a 413 page, not a silently shortened form."""
    query = "&".join(f"{k}={v}" for k, v in as_form(CASE).items())
    response = chunked(client, f"/learn?{query}", b"choice-x=" + b"a" * 2_000_000, "application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.mimetype == "text/html"


def test_ninety_thousand_unknown_keys_do_not_come_back(client: FlaskClient) -> None:
    """Hundreds of long unknown fields get a short 422: a bounded list, each name shortened, the rest counted."""
    body = {f"{i:04d}" + "k" * 900: 1 for i in range(MAX_KEYS - 1)}
    response = client.post("/api/v1/recommendations", json=body)
    assert response.status_code == 422
    assert len(response.data) < 20_000
    errors = response.json["errors"]
    assert len(errors) == MAX_ERRORS + 1
    assert all(len(e["field"]) <= FIELD_CHARS for e in errors)
    assert errors[-1]["field"] == "(more)"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/learner/score", {"case_id": "x" * 500_000, "choices": {}}),
        ("/cds-services/her2-case-review", {"hook": "x" * 500_000, "context": {"case": CASE}}),
        ("/api/v1/recommendations/batch", {"cases": [], **{"x" * 900 + str(i): 1 for i in range(900)}}),
    ],
    ids=["learner case_id", "cds hook", "batch envelope"],
)
def test_errors_echo_input_shortened(client: FlaskClient, path: str, body: dict[str, Any]) -> None:
    """A long value or many long keys in a request come back shortened in its 422."""
    response = client.post(path, json=body)
    assert response.status_code == 422
    assert len(response.data) < 10_000


def test_json_syntax_errors_read_plainly(client: FlaskClient) -> None:
    """An unterminated string names its place once ("starting at line 1"), not "at at"."""
    response = client.post("/api/v1/recommendations", data='{"setting": "adj', content_type="application/json")
    assert "starting at line 1, column 13" in response.json["message"]
    assert "at at" not in response.json["message"]


def test_a_body_that_stops_arriving_is_a_408(client: FlaskClient) -> None:
    """The server's socket timeout while the app reads the body is a 408 in the app's voice, not a 500."""

    class Stalled(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            raise TimeoutError("timed out")

    response = client.post(
        "/api/v1/recommendations",
        content_type="application/json",
        environ_overrides={"wsgi.input": Stalled(), "CONTENT_LENGTH": "100"},
    )
    assert response.status_code == 408
    assert "stopped arriving" in response.json["message"]
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
