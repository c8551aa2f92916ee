"""Bounds on what a request may cost: body size however it is sent, and how much of the input an error echoes.

A body sent chunked has no Content-Length, and Werkzeug cuts such a stream at the limit without a word:
the JSON then looks truncated ("Unterminated string") and a form loses its tail. Here a chunked body
is read up to the limit first, so that one byte more is a 413, as it is with a Content-Length.
An error names what was sent, shortened, and lists a bounded number of problems: a 1 MB key or
90,000 unknown fields must not come back as a 20 MB error.
"""

from __future__ import annotations

import contextlib
import io

from flask import Blueprint, current_app, request
from werkzeug.exceptions import BadRequest, ClientDisconnected, RequestEntityTooLarge

from engine import FieldError
from engine.templates import Sentences
from web.services import current_engine

bp = Blueprint("limits", __name__)

ECHO_CHARS = 60  # how much of a sent value an error message repeats
FIELD_CHARS = 120  # a field's name in an error: room for a FHIR path, not for a 1 MB key
MAX_ERRORS = 20  # field errors listed in one answer; the rest are counted
MAX_MESSAGE_CHARS = 1000  # one error message
DRAIN_BYTES = 4 * 1024 * 1024  # read past the limit of a refused chunked body, at most


def shorten(text: str, limit: int = ECHO_CHARS) -> str:
    """`text` as an error may echo it: at most `limit` characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def bounded_errors(errors: list[FieldError], words: Sentences) -> list[FieldError]:
    """At most MAX_ERRORS errors, each field name and message shortened; a last entry counts the rest (in `words`,
    [http_error] more_problems)."""
    kept = [
        FieldError(field=shorten(e.field, FIELD_CHARS), message=shorten(e.message, MAX_MESSAGE_CHARS))
        for e in errors[:MAX_ERRORS]
    ]
    if len(errors) > MAX_ERRORS:
        rest = len(errors) - MAX_ERRORS
        kept.append(FieldError(field="(more)", message=words("more_problems", count=f"{rest:,}")))
    return kept


@bp.before_app_request
def _read_chunked_body() -> None:
    environ = request.environ
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    if not chunked or not environ.get("wsgi.input_terminated") or environ.get("CONTENT_LENGTH"):
        return
    limit: int = current_app.config["MAX_CONTENT_LENGTH"]
    try:
        body = environ["wsgi.input"].read(limit + 1)
    except OSError as exc:  # a timeout or a client gone: reported by web.errors as 408 or 400
        raise ClientDisconnected() from exc
    except Exception:  # the server's own parse error of the chunk framing
        raise BadRequest(current_engine().kb.words.http_error("malformed_chunks")) from None
    if len(body) > limit:
        # read on a little, so that the client, still sending, can read the 413 (closing a socket with
        # unread data resets it, and the client may lose the answer); a larger body is cut off
        with contextlib.suppress(Exception):
            for _ in range(DRAIN_BYTES // 65536):
                if not environ["wsgi.input"].read(65536):
                    break
        raise RequestEntityTooLarge()
    # from here on the body is an ordinary one of known length: Werkzeug's own limits apply
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ["wsgi.input_terminated"] = False
