"""Read a request body as strict JSON: media type, size, syntax, no NaN, no duplicated key, no deep nesting.

Python's `json` module accepts NaN and Infinity and lets a duplicated key silently win; here both
are refused, because a case whose meaning depends on the parser must not be answered.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from flask import Request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

MAX_DEPTH = 32  # a case is 1 deep, a batch 3; anything near this is an attack or a mistake


class _Refused(ValueError):
    """The body parses as Python's JSON but is not acceptable JSON."""


def _no_constants(name: str) -> NoReturn:
    raise _Refused(f"{name} is not a JSON number; send a finite number")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"the key {key!r} appears twice in one object; give each field once")
        result[key] = value
    return result


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest (iteratively: no recursion to exhaust)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_json(raw: bytes) -> Any:
    """Decode strict JSON, raising BadRequest with a message that says what is wrong and where."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"The body is not UTF-8 text (byte {exc.start} is invalid).") from None
    if not text.strip():
        raise BadRequest("The body is empty; send a JSON object.")
    try:
        value = json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_duplicates)
    except _Refused as exc:
        raise BadRequest(f"The body is not acceptable JSON: {exc}.") from None
    except json.JSONDecodeError as exc:
        raise BadRequest(f"The body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from None
    except RecursionError:
        raise BadRequest(f"The JSON is nested too deeply (more than {MAX_DEPTH} levels).") from None
    if _depth(value) > MAX_DEPTH:
        raise BadRequest(f"The JSON is nested too deeply (more than {MAX_DEPTH} levels).")
    return value


def read_json(request: Request) -> Any:
    """The request's body as strict JSON; 415 unless it is declared application/json, 413 if over the limit."""
    if request.mimetype != "application/json":
        given = request.mimetype or "no Content-Type"
        raise UnsupportedMediaType(f"The body must be JSON sent with Content-Type: application/json, not {given}.")
    return parse_json(request.get_data(cache=False))
