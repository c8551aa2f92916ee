"""Who holds a connection slot of a `her2-cds serve` worker, and for how long (used by web.worker).

A worker holds at most `worker_connections` connections. A client that sends slowly but steadily
makes progress on every read, so a deadline per read never ends it; thousands of such clients could
hold every slot. Three bounds keep slots for others:

- a request's body must arrive whole within BODY_SECONDS of its headers (as the headers must within
  HEADER_SECONDS): the worker reads it before the app runs, under one deadline, then 408;
- a chunk whose declared size would take the body past its limit is refused when its size line is
  read (413), not after waiting for bytes that are never sent;
- one client address holds at most PER_ADDRESS connections of a worker; one more is answered 429 and
  closed at once. A trusted proxy (TRUSTED_PROXIES) is exempt: all its clients share its address, and
  its own limits apply.
"""

from __future__ import annotations

import io
import ipaddress
import os
import socket
from collections import Counter
from typing import Any

import gevent
from gunicorn.http.body import Body, ChunkedReader, LengthReader

from web import body_limit


def _number(name: str, default: float, high: float, whole: bool = False) -> float:
    """A bound from the environment (for an operator, or a test server with shorter stalls)."""
    text = os.environ.get(name, "")
    try:
        value = (int(text) if whole else float(text)) if text else default
    except ValueError:
        value = -1
    if not 0 < value <= high:
        kind = "a whole number" if whole else "a number of seconds"
        raise SystemExit(f"{name}={text!r}: allowed: {kind} above 0, at most {high:g} (default {default:g})")
    return value


def _networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    text = os.environ.get(name, "")
    try:
        return tuple(ipaddress.ip_network(part.strip()) for part in text.split(",") if part.strip())
    except ValueError:
        raise SystemExit(f"{name}={text!r}: allowed: IP addresses or networks, comma-separated") from None


DEFAULT_HEADER_SECONDS = 10.0
DEFAULT_IO_SECONDS = 10.0
DEFAULT_BODY_SECONDS = 20.0  # a whole 1 MiB body at 52 kB/s; a case is a few hundred bytes
DEFAULT_PER_ADDRESS = 100  # of a worker's 500 connections (gunicorn_conf.worker_connections)
# the request line and headers, from the first byte awaited to the last
HEADER_SECONDS = _number("HER2_CDS_HEADER_SECONDS", DEFAULT_HEADER_SECONDS, 3600)
IO_SECONDS = _number("HER2_CDS_IO_SECONDS", DEFAULT_IO_SECONDS, 3600)  # a single read or write with no progress
BODY_SECONDS = _number("HER2_CDS_BODY_SECONDS", DEFAULT_BODY_SECONDS, 3600)  # the whole body, after the headers
PER_ADDRESS = int(_number("HER2_CDS_CONNECTIONS_PER_ADDRESS", DEFAULT_PER_ADDRESS, 100_000, whole=True))
# the proxies whose X-Forwarded-* and SCRIPT_NAME headers gunicorn reads (none unless configured)
TRUSTED_PROXIES = _networks("HER2_CDS_TRUSTED_PROXIES")
DRAIN_BYTES = 4 * 1024 * 1024  # read on after refusing a body, so the client, still sending, can read why
DRAIN_SECONDS = 2.0


class BodyTimeout(Exception):
    """The body did not arrive whole within BODY_SECONDS."""


class BodyStalled(Exception):
    """The body stopped arriving: no byte for IO_SECONDS."""


class BodyShort(Exception):
    """The client closed before sending the length it declared."""


class BodyMalformed(Exception):
    """The chunked framing is not valid."""


class BodyTooLarge(Exception):
    """A chunk's declared size takes the body past the route's limit (web.body_limit), which it carries."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class TooManyConnections(Exception):
    """The client's address holds PER_ADDRESS connections of this worker already."""


def trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in TRUSTED_PROXIES)


class _BoundedChunks(ChunkedReader):  # type: ignore[misc]  # gunicorn ships no types
    """gunicorn's chunked reader, refusing a chunk at its size line once the sizes declared pass `limit`."""

    def __init__(self, req: Any, unreader: Any, limit: int) -> None:
        super().__init__(req, unreader)
        self.room = self.limit = limit

    def parse_chunk_size(self, unreader: Any, data: bytes | None = None) -> tuple[int, bytes | None]:
        size, rest = super().parse_chunk_size(unreader, data)
        self.room -= size
        if self.room < 0:
            raise BodyTooLarge(self.limit)
        return size, rest


def read_body(req: Any, sock: socket.socket) -> None:
    """Read the request's body whole under BODY_SECONDS and hand it to the app from memory.

    A body declared larger than the limit is left unread: the app answers 413 from its length."""
    reader = req.body.reader if req.body is not None else None
    if isinstance(reader, ChunkedReader):
        req.body = Body(_BoundedChunks(req, req.unreader, body_limit(req.path)))
        expected = None
    elif isinstance(reader, LengthReader) and 0 < reader.length <= body_limit(req.path):
        expected = reader.length
    else:
        return
    if req._expected_100_continue:  # the client waits for this before it sends the body
        sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        req._expected_100_continue = False
    chunks: list[bytes] = []
    try:
        with gevent.Timeout(BODY_SECONDS, BodyTimeout()):
            while data := req.body.read(65536):
                chunks.append(data)
    except (BodyTimeout, BodyTooLarge):
        raise
    except TimeoutError:
        raise BodyStalled() from None
    except OSError:
        raise  # the client is gone: nothing to answer
    except Exception:
        raise BodyMalformed() from None
    body = b"".join(chunks)
    if expected is not None and len(body) < expected:
        raise BodyShort()
    req.body = Body(io.BytesIO(body))


def drain(client: socket.socket) -> None:
    """After an answer refusing a body: read on a little (the client may still be sending: closing a socket
    with unread data resets it, and the client could lose the answer), at most DRAIN_BYTES or DRAIN_SECONDS."""
    with gevent.Timeout(DRAIN_SECONDS, False):
        try:
            client.shutdown(socket.SHUT_WR)
            left = DRAIN_BYTES
            while left > 0 and (data := client.recv(65536)):
                left -= len(data)
        except OSError:
            pass


class Addresses:
    """The connections a worker holds per client address."""

    def __init__(self) -> None:
        self.open: Counter[str] = Counter()

    def admit(self, address: str) -> bool:
        """Count a new connection from `address`; False (not counted) if it holds PER_ADDRESS already."""
        if self.open[address] >= PER_ADDRESS and not trusted(address):
            return False
        self.open[address] += 1
        return True

    def release(self, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]
