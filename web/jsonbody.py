"""Read a request body as strict JSON: media type, size, syntax, no NaN, no duplicated key, no deep nesting.

Python's `json` module accepts NaN and Infinity and lets a duplicated key silently win; here both
are refused, because a case whose meaning depends on the parser must not be answered.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from flask import Request
from werkzeug.exceptions import BadRequest, ClientDisconnected, UnsupportedMediaType

from engine.templates import Sentences
from web.limits import shorten
from web.services import current_engine

MAX_DEPTH = 32  # a case is 1 deep, a batch 3; anything near this is an attack or a mistake
MAX_KEYS = 1000  # keys in one object: a case has about ten; a thousand is a mistake or an attack
MAX_NUMBER_CHARS = 64  # a number's text: far beyond any field, and far below Python's 4,300-digit limit


class _Refused(ValueError):
    """The body parses as Python's JSON but is not acceptable JSON: which [json_body] sentence says why, and its
    slots (the parser's hooks have no words; parse_json says it)."""

    def __init__(self, sentence: str, **slots: str) -> None:
        super().__init__(sentence)
        self.sentence, self.slots = sentence, slots


def _no_constants(name: str) -> NoReturn:
    raise _Refused("not_a_number", name=name)


def _number(text: str) -> None:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused("long_number", chars=f"{len(text):,}", most=str(MAX_NUMBER_CHARS))


def _integer(text: str) -> int:
    _number(text)
    return int(text)


def _float(text: str) -> float:
    _number(text)
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused("too_large_number", text=text)
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len(pairs) > MAX_KEYS:
        raise _Refused("too_many_keys", count=f"{len(pairs):,}", most=f"{MAX_KEYS:,}")
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused("repeated_key", key=repr(shorten(key)))
        result[key] = value
    return result


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest (iteratively: no recursion to exhaust)."""
    if type(value) is dict and not any(type(child) in (dict, list) for child in value.values()):
        return 1  # a case: one object of plain values, the usual body
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


def parse_json(raw: bytes, words: Sentences) -> Any:
    """Decode strict JSON, raising BadRequest with a message that says what is wrong and where, in `words` (the
    knowledge base's [json_body]: passed in, as this may run off the request's thread)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(words("not_utf8", byte=str(exc.start))) from None
    if not text.strip():
        raise BadRequest(words("empty"))
    try:
        value = json.loads(
            text,
            parse_constant=_no_constants,
            parse_int=_integer,
            parse_float=_float,
            object_pairs_hook=_no_duplicates,
        )
    except _Refused as exc:
        raise BadRequest(words("not_acceptable", problem=words(exc.sentence, **exc.slots))) from None
    except json.JSONDecodeError as exc:
        # "Unterminated string starting at" names its place: no second "at"
        where = "not_valid_here" if exc.msg.endswith(" at") else "not_valid"
        raise BadRequest(words(where, problem=exc.msg, line=str(exc.lineno), column=str(exc.colno))) from None
    except RecursionError:
        raise BadRequest(words("nested", most=str(MAX_DEPTH))) from None
    if _depth(value) > MAX_DEPTH:
        raise BadRequest(words("nested", most=str(MAX_DEPTH)))
    return value


def json_bytes(request: Request, media_types: tuple[str, ...] = ("application/json",)) -> bytes:
    """The request's body, unparsed; 415 unless it is declared one of `media_types`, 413 if over the limit."""
    environ = request.environ
    # the usual request, JSON of a declared length, read from the environ as it is; the rest as werkzeug parses it
    if environ.get("CONTENT_TYPE") not in media_types and request.mimetype not in media_types:
        words = body_words()
        given = request.mimetype or words("no_media_type")
        allowed = words("media_join").join(media_types)
        raise UnsupportedMediaType(words("media_type", allowed=allowed, given=shorten(given)))
    declared = environ.get("CONTENT_LENGTH", "")
    plain = declared.isdigit() and len(declared) < 16 and "HTTP_TRANSFER_ENCODING" not in environ
    length, limit = int(declared) if plain else request.content_length, request.max_content_length
    if length is None or (limit is not None and length > limit):
        return request.get_data(cache=False)  # chunked, unbounded or over the limit: werkzeug's checks (413)
    # a body of a declared length within the limit, read in one call: werkzeug's guarded stream cost ~12 us of a
    # cached answer's ~190 us (benchmarks/RESULTS.md). gunicorn marks every input terminated (wsgi.input_terminated)
    # and has read the body whole by now (web/worker.py); a chunked one reaches here with its length (web/limits.py)
    try:
        body: bytes = environ["wsgi.input"].read(length)
    except OSError as exc:  # the server's socket timeout among them: web/errors.py answers 408 or 400, as werkzeug's
        raise ClientDisconnected() from exc
    if len(body) < length:
        raise ClientDisconnected()
    return body


def read_json(request: Request, media_types: tuple[str, ...] = ("application/json",)) -> Any:
    """The request's body as strict JSON; 415 unless it is declared one of `media_types`, 413 if over the limit."""
    return parse_json(json_bytes(request, media_types), body_words())


def body_words() -> Sentences:
    """The words of a body that cannot be read ([json_body]): the current app's knowledge base's."""
    return current_engine().kb.words.json_body
