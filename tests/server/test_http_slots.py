"""The real server's slots under slow senders (loopback): whole-body deadlines, one address's share, chunk sizes.

A client that sends a byte now and then makes progress on every read, so no per-read deadline ends it;
hundreds of them once held every slot. Here the slow senders come from 127.0.0.2 and the normal client
from 127.0.0.3 (Linux answers every 127.x.y.z on the loopback), so the server sees two client addresses.
The server is the session's (tests/support/served.py: 4 s for a body, 60 connections an address a worker).
"""

from __future__ import annotations

import contextlib
import importlib
import ipaddress
import json
import select
import socket
import time

import pytest
from served import BODY_SECONDS, IO_SECONDS, PER_ADDRESS, Pressure, post

from engine import Engine
from her2_cds.serving import Served
from web import create_app, gunicorn_conf, slots
from web.bounds import Bounds, bounds_of

SLOW_FROM, NORMAL_FROM = "127.0.0.2", "127.0.0.3"
WORKERS = 2  # the session's server (tests/conftest.py)
SLOW_CONNECTIONS = 3 * PER_ADDRESS * WORKERS  # three times what one address may hold
HOLD_SECONDS = 2 * BODY_SECONDS
P99_LIMIT = 1.0
HEAD = b"POST /api/v1/recommendations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"


class SlowSenders(Pressure):
    """SLOW_CONNECTIONS connections from SLOW_FROM, each sending its body a byte a second, each reopened a second
    after the server answers or closes it; `held` samples how many are open and unanswered after a second (a
    refused one is answered in milliseconds)."""

    def __init__(self, port: int) -> None:
        super().__init__(port)
        self.socks: dict[socket.socket, float] = {}
        self.answers: list[bytes] = []
        self.held: list[int] = []
        self.reopen_at: list[float] = []

    def _open(self) -> None:
        s = socket.socket()
        s.bind((SLOW_FROM, 0))
        s.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            s.connect(("127.0.0.1", self.port))
        self.socks[s] = time.monotonic()

    def _send(self, s: socket.socket, data: bytes) -> None:
        with contextlib.suppress(OSError):
            s.send(data)

    def _run(self) -> None:
        for _ in range(SLOW_CONNECTIONS):
            self._open()
        time.sleep(0.2)
        for s in self.socks:
            self._send(s, HEAD + b"Content-Length: 100000\r\n\r\n{")
        last_byte = time.monotonic()
        while not self.stop.is_set():
            readable, _, _ = select.select(list(self.socks), [], [], 0.1)
            for s in readable:  # answered (408, 429) or closed: reopen it later
                with contextlib.suppress(OSError):
                    self.answers.append(s.recv(65536))
                del self.socks[s]
                s.close()
                self.reopen_at.append(time.monotonic() + 1.0)
            now = time.monotonic()
            while self.reopen_at and self.reopen_at[0] <= now:
                self.reopen_at.pop(0)
                self._open()
                s = next(reversed(self.socks))
                time.sleep(0.001)
                self._send(s, HEAD + b"Content-Length: 100000\r\n\r\n{")
            if now - last_byte >= 1.0:
                for s in self.socks:
                    self._send(s, b" ")
                last_byte = now
            self.held.append(sum(now - opened > 1.0 for opened in self.socks.values()))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


@pytest.mark.slow
def test_slow_senders_from_one_address_hold_at_most_their_share(server: Served, engine: Engine) -> None:
    """Three times one address's share of slow body senders: they hold at most PER_ADDRESS a worker, the rest are
    refused with a 429 at once, and a client from another address is answered right, p99 <= 1 s."""
    cases = [dict(t.case) for t in engine.kb.cases.values()]
    answers = [engine.evaluate(c).model_dump(mode="json") for c in cases]
    latencies: list[float] = []
    wrong = 0
    with SlowSenders(server.port) as slow:
        time.sleep(1.0)
        stop = time.monotonic() + HOLD_SECONDS
        i = 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                status, body = post(server.port, cases[i % len(cases)], timeout=10, source=NORMAL_FROM)
                wrong += status != 200 or json.loads(body) != answers[i % len(cases)]
            except OSError:
                wrong += 1
            latencies.append(time.perf_counter() - started)
            i += 1
    held = slow.held[len(slow.held) // 4 :]  # once the first connections are all accepted or refused
    refused = sum(a.startswith(b"HTTP/1.1 429") for a in slow.answers)
    print(
        f"\n{SLOW_CONNECTIONS} slow senders: held p99 {percentile(held, 0.99)}, max {max(held)};"
        f" {refused} refused (429), {sum(a.startswith(b'HTTP/1.1 408') for a in slow.answers)} ended (408);"
        f" normal client: {len(latencies)} requests, {wrong} wrong, p99 {percentile(latencies, 0.99) * 1000:.0f} ms"
    )
    assert wrong == 0
    assert percentile(latencies, 0.99) <= P99_LIMIT
    assert len(latencies) > 50
    assert max(held) <= PER_ADDRESS * WORKERS
    assert refused > 0
    assert all(b"Content-Security-Policy" in a for a in slow.answers if a.startswith(b"HTTP/1.1 429"))


@pytest.mark.slow
def test_a_body_sent_slowly_but_steadily_is_ended_at_the_body_deadline(server: Served) -> None:
    """A byte every half second never stalls a read for IO_SECONDS, but the whole body has BODY_SECONDS: a 408."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=IO_SECONDS * 2) as s:
        s.sendall(HEAD + b"Content-Length: 1000\r\n\r\n{")
        started = time.monotonic()
        answer = b""
        while time.monotonic() - started < BODY_SECONDS + 4:
            readable, _, _ = select.select([s], [], [], 0.5)
            if readable:
                answer = s.recv(65536)
                break
            with contextlib.suppress(OSError):
                s.sendall(b" ")
        seconds = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert f"within {BODY_SECONDS:g} seconds" in json.loads(answer.partition(b"\r\n\r\n")[2])["message"]
    # ended by the body's deadline: not before it, and before the client's own limit of four seconds more
    assert BODY_SECONDS - 0.5 <= seconds < BODY_SECONDS + 4


@pytest.mark.slow
@pytest.mark.parametrize("size", [b"ffffffffffffffff", b"100001", b"f" * 200])  # 100001: the limit and a byte
def test_a_chunk_larger_than_any_body_is_refused_at_once(server: Served, size: bytes) -> None:
    """A chunk size past the body limit is a 413 as soon as its line arrives, not a 408 after a stall."""
    request = HEAD.replace(b"recommendations", b"recommendations/batch") + b"Transfer-Encoding: chunked\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=IO_SECONDS * 3) as s:
        s.sendall(request + size + b"\r\n" + b"x" * 10)
        started = time.monotonic()
        answer = s.recv(65536)
        seconds = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert "larger than the limit of 1,048,576 bytes (1 MB)" in json.loads(answer.partition(b"\r\n\r\n")[2])["message"]
    assert seconds < IO_SECONDS  # at once: a stall would be answered only after IO_SECONDS, and with a 408


@pytest.mark.slow
def test_a_chunked_fhir_record_past_its_limit_names_that_limit(server: Served) -> None:
    """A chunk past the FHIR routes' limit is refused by the worker with that route's limit (8 MB) in its words."""
    request = HEAD.replace(b"recommendations", b"fhir/case") + b"Transfer-Encoding: chunked\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=IO_SECONDS * 3) as s:
        s.sendall(request + b"ffffffff\r\n" + b"x" * 10)
        answer = s.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert "8,388,608 bytes (8 MB)" in json.loads(answer.partition(b"\r\n\r\n")[2])["message"]


@pytest.mark.slow
def test_a_client_that_waits_for_100_continue_is_told_to_send(server: Served) -> None:
    """The body is read before the app runs, so the worker sends the 100 Continue such a client waits for."""
    body = json.dumps(
        {
            "setting": "metastatic",
            "her2_status": "positive",
            "metastatic_line": "first",
            "hormone_receptor_status": "negative",
        }
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=IO_SECONDS * 3) as s:
        s.sendall(HEAD + f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n".encode())
        assert s.recv(65536).startswith(b"HTTP/1.1 100 Continue")
        s.sendall(body.encode())
        assert s.recv(65536).startswith(b"HTTP/1.1 200")


def test_a_trusted_proxy_is_not_bounded_by_the_share_of_one_address() -> None:
    """All a proxy's clients share its address: one gunicorn trusts (HER2_CDS_TRUSTED_PROXIES) is exempt; any other
    is bounded."""
    addresses = slots.Addresses(PER_ADDRESS, (ipaddress.ip_network("10.0.0.0/8"),))
    assert all(addresses.admit("10.1.2.3") for _ in range(PER_ADDRESS + 5))
    assert all(addresses.admit("192.0.2.1") for _ in range(PER_ADDRESS))
    assert not addresses.admit("192.0.2.1")
    addresses.release("192.0.2.1")
    assert addresses.admit("192.0.2.1")


@pytest.mark.parametrize(
    ("name", "text"),
    [("HER2_CDS_BODY_SECONDS", "0"), ("HER2_CDS_HEADER_SECONDS", "x"), ("HER2_CDS_CONNECTIONS_PER_ADDRESS", "2.5")],
)
def test_a_bad_bound_in_the_environment_stops_the_app_naming_it(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, name: str, text: str
) -> None:
    """create_app reads the bounds from the environment (web.bounds): a bad one stops it, naming it and what it
    allows; the same in its test_config."""
    monkeypatch.setenv(name, text)
    with pytest.raises(SystemExit, match=f"^{name}={text!r}: allowed: "):
        create_app({"TESTING": True, "ENGINE": engine})
    monkeypatch.delenv(name)
    with pytest.raises(SystemExit, match=f"^{name}={text!r}: allowed: "):
        create_app({"TESTING": True, "ENGINE": engine, name: text})


def test_the_bounds_are_the_apps_from_its_environment_or_its_config(
    monkeypatch: pytest.MonkeyPatch, engine: Engine
) -> None:
    monkeypatch.setenv("HER2_CDS_BODY_SECONDS", "4")
    app = create_app({"TESTING": True, "ENGINE": engine, "HER2_CDS_CONNECTIONS_PER_ADDRESS": 7})
    assert bounds_of(app) == Bounds(body_seconds=4.0, per_address=7)
    monkeypatch.delenv("HER2_CDS_BODY_SECONDS")
    assert bounds_of(create_app({"TESTING": True, "ENGINE": engine})) == Bounds()


def test_bad_trusted_proxies_stop_gunicorn_naming_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """gunicorn reads its trusted proxies when it starts (web.gunicorn_conf), before any app is built."""
    monkeypatch.setenv("HER2_CDS_TRUSTED_PROXIES", "x")
    with pytest.raises(SystemExit, match=r"^HER2_CDS_TRUSTED_PROXIES='x': allowed: IP addresses or networks"):
        importlib.reload(gunicorn_conf)
    monkeypatch.setenv("HER2_CDS_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")
    assert importlib.reload(gunicorn_conf).forwarded_allow_ips == "10.0.0.0/8,192.0.2.1/32"
    monkeypatch.delenv("HER2_CDS_TRUSTED_PROXIES")
    assert importlib.reload(gunicorn_conf).forwarded_allow_ips == ""
