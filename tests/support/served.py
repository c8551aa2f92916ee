"""What tests of the real server share: its short deadlines (her2_cds/serving.py starts it) and a JSON POST."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Iterable
from typing import Any, Self

# The test server's deadlines, a fifth of the defaults (web/slots.py), so that a stall the server must end
# ends in seconds: the abuse tests scale what they hold (and for how long) to these. Its bound on one
# address's connections is lower than the default (100 a worker), so a test can pass it with a few hundred.
HEADER_SECONDS = 2.0
IO_SECONDS = 2.0
BODY_SECONDS = 4.0
PER_ADDRESS = 60
SHORT_DEADLINES = {
    "HER2_CDS_HEADER_SECONDS": str(HEADER_SECONDS),
    "HER2_CDS_IO_SECONDS": str(IO_SECONDS),
    "HER2_CDS_BODY_SECONDS": str(BODY_SECONDS),
    "HER2_CDS_CONNECTIONS_PER_ADDRESS": str(PER_ADDRESS),
}


def post(
    port: int, case: Any, path: str = "/api/v1/recommendations", timeout: float = 30, source: str = "127.0.0.1"
) -> tuple[int, bytes]:
    """POST a JSON body on a fresh connection from `source` (any 127.x.y.z: a client address of its own); status
    and body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        conn.request("POST", path, body=json.dumps(case), headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Pressure:
    """Connections a background thread (`_run`, until `stop`) keeps on the server while the block runs; all closed
    after it."""

    socks: Iterable[socket.socket]

    def __init__(self, port: int) -> None:
        self.port, self.stop = port, threading.Event()
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        for s in self.socks:
            s.close()


def tracebacks(log: str) -> list[str]:
    """Each traceback in a server log with the lines around it: a failing check shows what was raised, not the
    whole log (whose tail is all a CI report may keep)."""
    lines = log.splitlines()
    return ["\n".join(lines[max(0, i - 3) : i + 30]) for i, line in enumerate(lines) if "Traceback" in line]
