"""Every error is a clear message: JSON for the API, an HTML page otherwise, never a stack trace."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from markupsafe import escape
from werkzeug.exceptions import ClientDisconnected, HTTPException, MethodNotAllowed, UnprocessableEntity
from werkzeug.http import HTTP_STATUS_CODES

from engine import FieldError
from web import too_large
from web.limits import MAX_MESSAGE_CHARS, bounded_errors, shorten
from web.schemas import ErrorBody
from web.security import request_id
from web.services import current_engine

bp = Blueprint("errors", __name__)


def refusal(sentence: str, **slots: str) -> str:
    """One of the app's [http_error] sentences with its slots filled (the load checked it names exactly these)."""
    return current_engine().kb.words.http_error(sentence, **slots)


def server_error(rid: str) -> str:
    """A server error's message, quoting the request's id (the app's knowledge base's words: [http_error])."""
    return refusal("server", rid=rid)


class InvalidInput(UnprocessableEntity):
    """422 with the bad fields named, each with what is allowed; raised while a request is served (its words, unless
    given, are the app's knowledge base's)."""

    def __init__(self, errors: list[FieldError], description: str | None = None) -> None:
        self.errors = errors
        if not description:
            say = current_engine().kb.words.http_error
            count = say("one_problem") if len(errors) == 1 else say("problems", n=str(len(errors)))
            description = say("invalid", count=count)
        super().__init__(description)


def one_arg(name: str) -> str | None:
    """A query parameter that takes one value: None if not given, 422 naming it if given more than once (a
    second value is never dropped in silence)."""
    values = request.args.getlist(name)
    if len(values) > 1:
        message = current_engine().kb.case_checks.says("repeated", times=str(len(values)))  # as the case form says it
        raise InvalidInput([FieldError(field=name, message=message)])
    return values[0] if values else None


def wants_json() -> bool:
    """The API (/api/v1, /cds-services), `.json` links and clients that prefer JSON get JSON; browsers get pages."""
    path = request.path
    if path.startswith(("/api/", "/cds-services/")) or path == "/cds-services" or path.endswith(".json"):
        return True
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def _message(exc: HTTPException) -> str:
    if exc.description != type(exc).description:  # raised with our own words
        return str(exc.description)
    say = current_engine().kb.words.http_error
    if exc.code == 404:
        return say("not_found", path=shorten(request.path))
    if isinstance(exc, MethodNotAllowed):
        allowed = ", ".join(sorted(exc.valid_methods or []))
        return say("not_allowed", method=shorten(request.method), path=shorten(request.path), allowed=allowed)
    if exc.code == 413:
        # the route's own limit (web.body_limit: 8 MB on the FHIR routes), as the view set it or the app's
        return too_large(say, request.max_content_length or current_app.config["MAX_CONTENT_LENGTH"])
    return str(exc.description)


def error_response(status: int, message: str, errors: list[FieldError] | None = None) -> Response:
    """The error as JSON (API) or as a page (everything else), with the request id."""
    body = ErrorBody(
        status=status,
        error=HTTP_STATUS_CODES.get(status, "Error"),
        message=shorten(message, MAX_MESSAGE_CHARS),
        errors=bounded_errors(errors or [], current_engine().kb.words.http_error),
        request_id=request_id(),
        disclaimer=current_engine().kb.disclaimer,
    )
    if wants_json():
        response = jsonify(body.model_dump(mode="json"))
    else:
        response = current_app.response_class(render_template("error.html", error=body))
    response.status_code = status
    return response


def on_this_site(url: str) -> str:
    """A routing redirect's target as a path on this site: Werkzeug writes it on the request's Host header,
    which any client sets. One leading slash only: "//host/..." would send the browser to another site."""
    parts = urlsplit(url)
    return "/" + parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")


@bp.after_app_request
def _redirect_on_this_site(response: Response) -> Response:
    # Flask hands a routing redirect (/cases//x -> /cases/x, /api/ -> /api) to the client as Werkzeug wrote it,
    # past the error handlers; the app makes no redirect of its own to another site
    if response.location is not None:
        response.location = on_this_site(response.location)
        if response.status_code in (301, 302, 303, 307, 308):  # Werkzeug's page links to the Host-built URL
            target = escape(response.location)
            response.set_data(f'<!doctype html>\n<p>Moved to <a href="{target}">{target}</a>.</p>\n')
    return response


@bp.app_errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> Response | HTTPException:
    if exc.code is None or exc.code < 400:
        return exc
    response = error_response(exc.code, _message(exc), getattr(exc, "errors", None))
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    return response


@bp.app_errorhandler(ClientDisconnected)
def _short_body(exc: ClientDisconnected) -> Response:
    # Werkzeug reports a body cut short as a disconnect; the server's socket timeout is one cause
    say = current_engine().kb.words.http_error
    if isinstance(exc.__cause__ or exc.__context__, TimeoutError):
        status, message = 408, say("stalled")
    else:
        status, message = 400, say("short_body")
    response = error_response(status, message)
    response.headers["Connection"] = "close"
    return response


@bp.app_errorhandler(Exception)
def _unexpected(exc: Exception) -> Response:
    rid = request_id()
    current_app.logger.exception("request %s failed: %s %s", rid, request.method, request.path)
    return error_response(500, server_error(rid))
