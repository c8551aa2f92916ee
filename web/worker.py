"""The gunicorn worker of `her2-cds serve`: gevent's, with deadlines on slow clients and errors in the app's voice.

Why gevent: a sync worker (or a thread) is held by each connection for as long as its client takes
to send the request or read the answer, so a few slow or stalled clients starve everyone. Here a
connection costs a greenlet while it waits, and a worker keeps serving others; each worker holds at
most `worker_connections` of them. The engine's work is short (milliseconds) and yields between
batch answers (web.api), so one request does not hold the loop for long.

Deadlines: a request's line and headers must arrive within the header deadline and its body within
the body deadline after them (then 408); every read or write on a socket that makes no progress within
the deadline of one read ends the connection (a client that stops reading its answer is dropped). One
client address holds at most its share of a worker's connections (web.slots says why and how). The
deadlines and the share are the app's (web.bounds: read by create_app, before the fork).

Errors that gunicorn raises before the app sees the request (a bad request line, an address or
headers over the limits, the header deadline) are answered by the app's own error response: JSON
under /api/ and /cds-services/, a page elsewhere, with the security headers and a request id.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import signal
import socket
import uuid
from typing import Any

import gevent
import gevent.os
from flask import Flask
from gunicorn.http import errors as http_errors
from gunicorn.http.message import Message
from gunicorn.workers.base_async import AsyncWorker
from gunicorn.workers.ggevent import GeventWorker
from werkzeug.exceptions import ServiceUnavailable

from engine.templates import Sentences
from web import too_large
from web.bounds import Bounds, bounds_of
from web.services import engine_of
from web.slots import (
    Addresses,
    BodyMalformed,
    BodyShort,
    BodyStalled,
    BodyTimeout,
    BodyTooLarge,
    TooManyConnections,
    drain,
    read_body,
)

_TARGET_PEEK = 256  # bytes of a request line read back to find its path after a parse error


class HeaderTimeout(Exception):
    """The request line and headers did not arrive within the header deadline."""


def error_words(app: Flask) -> Sentences:
    """The words of the app's errors ([http_error]): its knowledge base's, loaded in the master before the fork."""
    return engine_of(app).kb.words.http_error


def _status(exc: BaseException, cfg: Any, bounds: Bounds, words: Sentences) -> tuple[int, str]:
    """The HTTP status and the message (in the app's words) for an error raised before the app."""
    if isinstance(exc, HeaderTimeout):
        return 408, words("headers_late", seconds=f"{bounds.header_seconds:g}")
    if isinstance(exc, BodyTimeout):
        return 408, words("body_late", seconds=f"{bounds.body_seconds:g}")
    if isinstance(exc, BodyStalled):
        return 408, words("stalled")
    if isinstance(exc, BodyShort):
        return 400, words("short_body")
    if isinstance(exc, BodyMalformed):
        return 400, words("malformed_chunks")
    if isinstance(exc, BodyTooLarge):
        return 413, too_large(words, exc.limit)
    if isinstance(exc, TooManyConnections):
        return 429, words("too_many_connections", count=str(bounds.per_address))
    if isinstance(exc, http_errors.LimitRequestLine):
        return 414, words("line_too_long", limit=f"{cfg.limit_request_line:,}")
    if isinstance(exc, http_errors.LimitRequestHeaders):
        size = f"{cfg.limit_request_field_size:,}"
        return 431, words("headers_too_large", fields=str(cfg.limit_request_fields), size=size)
    if isinstance(exc, http_errors.UnsupportedTransferCoding):
        return 501, words("transfer_coding")
    if isinstance(exc, http_errors.ExpectationFailed):
        return 417, words("expectation")
    if isinstance(exc, http_errors.ParseException) and not isinstance(
        exc, http_errors.InvalidResponseHeader | http_errors.InvalidResponseHeaderName
    ):
        return 400, words("unreadable")
    return 500, ""


def _parsed_so_far(exc: BaseException) -> str | None:
    """The request target as far as gunicorn's parser had read it when `exc` was raised there.

    The parser raises before it hands over a request (a request line or headers over the limits, the
    header deadline), so the path is read back from its frames: the Request being built (its `path`,
    once the request line is parsed) or the bytes it had buffered (the request line's start).
    """
    tb = exc.__traceback__
    while tb is not None:
        local = tb.tb_frame.f_locals
        if isinstance(local.get("self"), Message):
            path = getattr(local["self"], "path", None)
            if isinstance(path, str) and path:
                return path
            buf = local.get("buf")
            if isinstance(buf, bytes | bytearray):
                words = bytes(buf[:_TARGET_PEEK]).split(b" ", 2)
                if len(words) > 1:
                    return words[1].split(b"?", 1)[0].decode("latin-1")
        tb = tb.tb_next
    return None


def _path(req: Any, exc: BaseException) -> str:
    """The request's path if the parser got that far ("/" otherwise: the error is then a page)."""
    req = req or getattr(exc, "req", None)
    path = getattr(req, "path", None)
    if not isinstance(path, str):
        path = _parsed_so_far(exc)
    # only the path's start chooses the error's voice (JSON under /api/); a long one is cut
    return path[:_TARGET_PEEK] if isinstance(path, str) and path.startswith("/") else "/"


def error_bytes(app: Flask, status: int, message: str, path: str) -> bytes:
    """The app's own error response as raw HTTP/1.1 bytes, built as the app builds every error."""
    from web.errors import error_response, server_error
    from web.security import request_id

    with app.test_request_context(path):
        response = error_response(status, message or server_error(request_id()))
        response = app.process_response(response)  # the security headers, request id and Cache-Control
        body = response.get_data()
        response.headers["Content-Length"] = str(len(body))
        response.headers["Connection"] = "close"
        head = [f"HTTP/1.1 {response.status}"] + [f"{k}: {v}" for k, v in response.headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


DRAW_SECONDS = 10.0  # a chart not drawn by then is a 503


def draw_in_child(name: str, kb: Any, marked: bool) -> bytes:
    """Draw a chart in a forked child: the worker's loop serves others meanwhile, and matplotlib's
    transient memory (several MB per chart) is the child's, returned to the system when it exits."""
    from web.charts import draw_svg

    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: draw, write, exit without running the parent's exit handlers
        status = 1
        try:
            os.close(reader)
            view = memoryview(draw_svg(name, kb, marked))
            while view:
                view = view[os.write(writer, view) :]
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    os.set_blocking(reader, False)
    chunks: list[bytes] = []
    try:
        with gevent.Timeout(DRAW_SECONDS, False):
            while chunk := gevent.os.nb_read(reader, 65536):
                chunks.append(chunk)
            _, status = os.waitpid(pid, 0)
            if status == 0:
                return b"".join(chunks)
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        raise ServiceUnavailable(kb.words.http_error("chart_late", name=repr(name), seconds=f"{DRAW_SECONDS:g}"))
    finally:
        os.close(reader)


class Worker(GeventWorker):  # type: ignore[misc]  # gunicorn ships no types
    """gunicorn's gevent worker with per-connection deadlines and the app's own error responses."""

    def init_process(self) -> None:
        from web.services import charts_of

        # the app was built in the master (preload): its chart store draws in a child from now on
        charts_of(self.app.wsgi()).drawer = draw_in_child
        self.bounds = bounds_of(self.app.wsgi())
        self.words = error_words(self.app.wsgi())
        # the proxies gunicorn trusts (web.gunicorn_conf) are exempt from one address's share
        proxies = tuple(ipaddress.ip_network(a) for a in self.cfg.forwarded_allow_ips if a != "*")
        self.addresses = Addresses(self.bounds.per_address, proxies)
        self.refusal: bytes | None = None
        self.refusal_id = b""
        super().init_process()

    def handle(self, listener: Any, client: socket.socket, addr: Any) -> None:
        client.settimeout(self.bounds.io_seconds)  # a refusal below is sent under the per-write deadline
        address = addr[0] if isinstance(addr, tuple) else ""
        if not self.addresses.admit(address):
            self.refuse(client)
            return
        # no socket deadline while a request's line and headers are awaited: timeout_ctx governs that wait (a 408
        # or a quiet close); a socket TimeoutError there would reach gunicorn as a socket error and be logged with
        # a traceback. handle_request sets the per-read deadline for the body and the answer.
        client.settimeout(None)
        gevent.getcurrent().served = False
        try:
            # AsyncWorker's, not GeventWorker's: that one makes the socket blocking, which drops the timeout
            AsyncWorker.handle(self, listener, client, addr)
        finally:
            self.addresses.release(address)

    def timeout_ctx(self) -> gevent.Timeout:
        # awaiting a request on a kept-alive connection: close quietly after keepalive seconds;
        # a connection's first request: its headers must arrive within the header deadline, else a 408
        if getattr(gevent.getcurrent(), "served", False):
            return gevent.Timeout(self.cfg.keepalive, False)
        return gevent.Timeout(self.bounds.header_seconds, HeaderTimeout())

    def handle_request(self, listener_name: Any, req: Any, sock: socket.socket, addr: Any) -> bool:
        gevent.getcurrent().served = True
        # Let the worker's other connections go first: a client that sends its next request at once would
        # otherwise find it already read and be served again and again while the others wait (p99 ~1 s)
        gevent.sleep(0)
        # a read of the body or a write of the answer with no progress: TimeoutError
        sock.settimeout(self.bounds.io_seconds)
        read_body(req, sock, self.bounds.body_seconds)  # whole, within its deadline; an error is handle_error's
        try:
            result: bool = super().handle_request(listener_name, req, sock, addr)
        except TimeoutError:
            # the client stopped reading its answer within the deadline of one write: drop it, not a server error
            self.log.warning("client %s stopped reading %s %s; connection closed", addr[0], req.method, req.path)
            raise StopIteration() from None
        sock.settimeout(None)
        return result

    def refuse(self, client: socket.socket) -> None:
        """Answer 429 and close: the app's error, built once per worker (a flood of refusals must cost little),
        each with a request id of its own."""
        if self.refusal is None:
            self.refusal = error_bytes(
                self.wsgi, *_status(TooManyConnections(), self.cfg, self.bounds, self.words), "/"
            )
            self.refusal_id = self.refusal.split(b"X-Request-ID: ", 1)[1][:32]
        with contextlib.suppress(OSError):
            client.sendall(self.refusal.replace(self.refusal_id, uuid.uuid4().hex.encode()))
        client.close()

    def handle_error(self, req: Any, client: socket.socket, addr: Any, exc: BaseException) -> None:
        status, message = _status(exc, self.cfg, self.bounds, self.words)
        if status == 500:
            self.log.exception("Error handling request %s", getattr(req, "uri", "(no URI read)"))
        else:
            self.log.warning("%s from %s: %s", status, (addr or ("",))[0], str(exc)[:200])
        try:
            client.sendall(error_bytes(self.wsgi, status, message, _path(req, exc)))
        except Exception:  # the client may be gone; nothing more to tell it
            self.log.debug("Failed to send error response.")
            return
        if isinstance(exc, BodyTooLarge):
            drain(client)
