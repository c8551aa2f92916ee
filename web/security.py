"""Security headers on every response, and a request id that ties an error page to its log line."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, g

bp = Blueprint("security", __name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

# An SVG opened on its own is a document: matplotlib styles it inline, and nothing in it may run.
SVG_SECURITY_POLICY = "; ".join(
    ["default-src 'none'", "style-src 'unsafe-inline'", "img-src data:", "frame-ancestors 'self'"]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def request_id() -> str:
    """This request's id (made on first use, so error handlers have one even before routing)."""
    if "request_id" not in g:
        g.request_id = uuid.uuid4().hex
    rid: str = g.request_id
    return rid


@bp.before_app_request
def _assign_request_id() -> None:
    request_id()


@bp.after_app_request
def _secure(response: Response) -> Response:
    if response.mimetype == "image/svg+xml":
        response.headers.setdefault("Content-Security-Policy", SVG_SECURITY_POLICY)
    # answers name a patient's case in their URL or body (a page, JSON, a Markdown handout): not for shared
    # caches or the back button's disk, unless a response says otherwise (a chart, a static file)
    response.headers.setdefault("Cache-Control", "no-store")
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers["X-Request-ID"] = request_id()
    return response
