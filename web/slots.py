"""Who holds a connection slot of a `her2-cds serve` worker, and for how long (used by web.worker).

A worker holds at most `worker_connections` connections. A client that sends slowly but steadily
makes progress on every read, so a deadline per read never ends it; thousands of such clients could
hold every slot. Three bounds keep slots for others:

- a request's body must arrive whole within the body deadline of its headers (as the headers must within
  theirs): the worker reads it before the app runs, under one deadline, then 408;
- a chunk whose declared size would take the body past its limit is refused when its size line is
  read (413), not after waiting for bytes that are never sent;
- one client address holds at most its share of a worker's connections; one more is answered 429 and
  closed at once. A trusted proxy (gunicorn's forwarded_allow_ips, from HER2_CDS_TRUSTED_PROXIES) is exempt:
  all its clients share its address, and its own limits apply.

The deadlines and the share are the app's (web.bounds, read by create_app); nothing here reads the environment.
"""

from __future__ import annotations

import io
import ipaddress
import socket
from collections import Counter
from collections.abc import Sequence
from typing import Any

import gevent
from gunicorn.http.body import Body, ChunkedReader, LengthReader

from web import body_limit

DRAIN_BYTES = 4 * 1024 * 1024  # read on after refusing a body, so the client, still sending, can read why
DRAIN_SECONDS = 2.0


class BodyTimeout(Exception):
    """The body did not arrive whole within the body deadline."""


class BodyStalled(Exception):
    """The body stopped arriving: no byte within the deadline of one read."""


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
    """The client's address holds its share of this worker's connections already."""


Networks = Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network]


def trusted(address: str, proxies: Networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


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


def read_body(req: Any, sock: socket.socket, seconds: float) -> None:
    """Read the request's body whole within `seconds` and hand it to the app from memory.

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
        with gevent.Timeout(seconds, BodyTimeout()):
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
    """The connections a worker holds per client address: at most `share` each, but for the trusted `proxies`."""

    def __init__(self, share: int, proxies: Networks = ()) -> None:
        self.share, self.proxies = share, proxies
        self.open: Counter[str] = Counter()

    def admit(self, address: str) -> bool:
        """Count a new connection from `address`; False (not counted) if it holds its share already."""
        if self.open[address] >= self.share and not trusted(address, self.proxies):
            return False
        self.open[address] += 1
        return True

    def release(self, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]
