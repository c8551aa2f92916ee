"""`her2-cds serve` as a child process, for smoke tests and load measurements: started on a free loopback
port, yielded once it answers, stopped with SIGTERM when the block ends. Linux only (workers and memory are
read from /proc)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from web.store import DATABASE_ENV

READY_PATH = "/api/v1/knowledge-base"


def free_port() -> int:
    """A loopback port nothing listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Served:
    """A running `her2-cds serve`: its master process, its port and its log (None: its output discarded)."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path | None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the master's children."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return sorted(int(pid) for pid in children)

    def log_tail(self) -> str:
        return f": {self.log.read_text(errors='replace')[-2000:]}" if self.log else ""


def rss_kib(pid: int) -> int:
    """A process's resident memory in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise ValueError(f"process {pid} reports no resident memory (VmRSS)")


def _wait_until_answering(served: Served, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if served.process.poll() is not None:
            raise RuntimeError(f"her2-cds serve exited with {served.process.returncode}{served.log_tail()}")
        with contextlib.suppress(OSError), urllib.request.urlopen(served.url + READY_PATH, timeout=5) as response:
            if response.status == 200:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"her2-cds serve did not answer within {seconds:g} s{served.log_tail()}")
        time.sleep(0.2)


@contextlib.contextmanager
def serving(
    workers: int | None = None, log: Path | None = None, env: Mapping[str, str] | None = None, seconds: float = 120
) -> Iterator[Served]:
    """`her2-cds serve` with WORKERS=`workers` (None: its default, 2 x cores + 1) and `env` added, its output
    in `log` (or discarded); yielded once it answers (within `seconds`), stopped with SIGTERM after. Unless `env`
    names a database, the seminars go to a temporary SQLite file removed after, never the checkout's instance/."""
    port = free_port()
    scratch = tempfile.TemporaryDirectory(prefix="her2-cds-serving-")
    environ = {k: v for k, v in os.environ.items() if k != "WORKERS"} | {"HOST": "127.0.0.1", "PORT": str(port)}
    if workers is not None:
        environ["WORKERS"] = str(workers)
    environ[DATABASE_ENV] = f"sqlite:///{Path(scratch.name) / 'her2-cds.sqlite3'}"
    environ |= env or {}
    argv = [sys.executable, "-m", "her2_cds", "serve"]
    with log.open("wb") if log else contextlib.nullcontext(subprocess.DEVNULL) as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=environ)
    served = Served(process, port, log)
    try:
        _wait_until_answering(served, seconds)
        yield served
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        scratch.cleanup()
