"""`her2-cds serve` started for a test: on a free loopback port, waited for, and stopped with SIGTERM."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# The test server's deadlines, a fifth of the defaults (10 s each), so that a stall the server must end
# ends in seconds: the abuse tests scale what they hold (and for how long) to these.
HEADER_SECONDS = 2.0
IO_SECONDS = 2.0
READY_CASE = {"setting": "metastatic", "metastatic_line": "first", "hormone_receptor_status": "positive"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def post(port: int, case: Any, path: str = "/api/v1/recommendations", timeout: float = 30) -> tuple[int, bytes]:
    """POST a JSON body on a fresh connection; status and body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", path, body=json.dumps(case), headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Server:
    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the master's children."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]


def rss_kb(pid: int) -> int:
    """A process's resident memory in kB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


@contextlib.contextmanager
def serving(log: Path, workers: int = 2, short_deadlines: bool = False) -> Iterator[Server]:
    """`her2-cds serve` with WORKERS=`workers`, its output in `log`; stopped (SIGTERM) when the block ends.
    With `short_deadlines`, the server's header and I/O deadlines are HEADER_SECONDS and IO_SECONDS."""
    port = free_port()
    command = Path(sys.executable).with_name("her2-cds")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "her2_cds.cli"]
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": str(workers)}
    if short_deadlines:
        env |= {"HER2_CDS_HEADER_SECONDS": str(HEADER_SECONDS), "HER2_CDS_IO_SECONDS": str(IO_SECONDS)}
    with log.open("wb") as out:
        process = subprocess.Popen([*argv, "serve"], stdout=out, stderr=subprocess.STDOUT, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"her2-cds serve exited with {process.returncode}: {log.read_text()[-2000:]}")
            with contextlib.suppress(OSError):
                if post(port, READY_CASE, timeout=5)[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise AssertionError(f"her2-cds serve did not answer within 60 s: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield Server(process, port, log)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
