"""Strict JSON bodies (web/jsonbody.py): media type, syntax, NaN, duplicated keys, nesting, encoding."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from web_cases import CASES
from werkzeug.exceptions import BadRequest

from engine import Engine
from web.jsonbody import MAX_DEPTH, _depth, parse_json

URL = "/api/v1/recommendations"


def send(client: FlaskClient, data: bytes | str, content_type: str = "application/json") -> dict[str, object]:
    response = client.post(URL, data=data, content_type=content_type)
    body: dict[str, object] = response.json  # type: ignore[assignment]
    body["_status"] = response.status_code
    return body


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused(client: FlaskClient, constant: str) -> None:
    """NaN and the infinities are not JSON numbers: 400 naming the constant."""
    data = (
        '{"setting": "adjuvant", "her2_status": "positive", "hormone_receptor_status": "negative",'
        ' "node_status": "negative",'
    )
    body = send(client, data + f' "tumor_size_cm": {constant}}}')
    assert body["_status"] == 400
    assert constant.lstrip("-") in str(body["message"])


@pytest.mark.parametrize(
    "data",
    [
        '{"setting": "adjuvant", "her2_status": "positive", "setting": "metastatic"}',
        '{"cases": [{"a": 1, "b": 2, "a": 3}]}',
    ],
    ids=["top level", "nested"],
)
def test_duplicated_keys_are_refused(client: FlaskClient, data: str) -> None:
    """A key given twice in one object is refused with 400 naming the key, wherever it is."""
    body = send(client, data)
    assert body["_status"] == 400
    assert "appears twice" in str(body["message"])


def test_deep_nesting_beyond_the_parser_is_400(client: FlaskClient) -> None:
    """Nesting deep enough to exhaust the parser's recursion is a 400, not a crash."""
    body = send(client, "[" * 200_000)
    assert body["_status"] == 400
    assert "nested too deeply" in str(body["message"])


def test_nesting_over_the_limit_is_400(client: FlaskClient) -> None:
    """Moderate nesting past the limit is refused before it reaches the engine."""
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    body = send(client, '{"setting": ' + deep + "}")
    assert body["_status"] == 400
    assert "nested too deeply" in str(body["message"])


def test_nesting_at_the_limit_reaches_validation(client: FlaskClient) -> None:
    """Nesting within the limit is parsed, and the case is then refused for what it is (422)."""
    deep = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert send(client, '{"setting": ' + deep + "}")["_status"] == 422


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"\xff\xfe{}", "UTF-8"), (b"", "empty"), (b"   ", "empty"), ('\ufeff{"setting": "adjuvant"}'.encode(), "BOM")],
    ids=["not utf-8", "empty", "blank", "byte order mark"],
)
def test_unreadable_bodies_are_400(client: FlaskClient, data: bytes, words: str) -> None:
    """A body that is not UTF-8, is empty or starts with a byte-order mark is a 400 that says so."""
    body = send(client, data)
    assert body["_status"] == 400
    assert words in str(body["message"])


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/problem+json", ""]
)
def test_other_media_types_are_415(client: FlaskClient, content_type: str) -> None:
    """Only application/json is read: anything else, or no Content-Type, is 415."""
    body = send(client, json.dumps(CASES["adjuvant"]), content_type)
    assert body["_status"] == 415
    assert "application/json" in str(body["message"])


def test_a_body_shorter_than_its_length_is_400(client: FlaskClient) -> None:
    """A body that ends before the length its Content-Length gave is refused as cut short, never read as what came
    (a real server waits for the rest until its I/O deadline: tests/server/test_http_abuse.py)."""
    data = json.dumps(CASES["adjuvant"]).encode()
    response = client.post(
        URL, data=data, content_type="application/json", environ_overrides={"CONTENT_LENGTH": str(len(data) + 50)}
    )
    assert response.status_code == 400
    assert "ended before the length it declared" in str(response.json["message"])  # type: ignore[index]


def test_a_short_body_from_a_server_that_marks_its_input_terminated_is_400(client: FlaskClient) -> None:
    """gunicorn marks every request's input terminated (wsgi.input_terminated): a body that ends before its declared
    length is still refused as cut short, read as the length it declared and not as whatever came."""
    data = json.dumps(CASES["adjuvant"]).encode()
    overrides = {"CONTENT_LENGTH": str(len(data) + 50), "wsgi.input_terminated": True}
    response = client.post(URL, data=data, content_type="application/json", environ_overrides=overrides)
    assert response.status_code == 400
    assert "ended before the length it declared" in str(response.json["message"])  # type: ignore[index]


def test_a_body_of_its_declared_length_is_read_whole(client: FlaskClient) -> None:
    """A body sent with its Content-Length is read whole: the case it holds is answered."""
    response = client.post(URL, data=json.dumps(CASES["adjuvant"]), content_type="application/json")
    assert response.status_code == 200
    assert response.json["case"]["setting"] == "adjuvant"  # type: ignore[index]


def test_charset_parameter_is_accepted(client: FlaskClient) -> None:
    """application/json; charset=utf-8 is JSON."""
    body = send(client, json.dumps(CASES["adjuvant"]), "application/json; charset=utf-8")
    assert body["_status"] == 200


def test_parse_json_reads_plain_json(engine: Engine) -> None:
    """Ordinary JSON parses to the same value as json.loads gives."""
    text = json.dumps({"cases": [CASES["neoadjuvant"], {"x": [1, 2.5, None, True, "é"]}]})
    assert parse_json(text.encode(), engine.kb.words.json_body) == json.loads(text)


def test_depth_counts_arrays_and_objects() -> None:
    """_depth: a scalar is 0 deep, a case 1, a batch 3."""
    assert _depth(5) == 0
    assert _depth(CASES["adjuvant"]) == 1
    assert _depth({"cases": [CASES["adjuvant"]]}) == 2 + 1
    assert _depth([[[]]]) == 3


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_parse_or_give_a_clear_400(engine: Engine, data: bytes) -> None:
    """Any bytes either parse as JSON or raise BadRequest with a message; nothing else escapes."""
    problem: BadRequest | None = None
    try:
        parse_json(data, engine.kb.words.json_body)
    except BadRequest as exc:
        problem = exc
    assert problem is None or str(problem.description).startswith("The ")
