"""Start `her2-cds serve` on a free loopback port for a benchmark and drive it with wrk (Debian package wrk)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_BASE = "/api/v1/knowledge-base"
RECOMMEND = "/api/v1/recommendations"

# wrk's Lua: POST the bodies of a file (one JSON case a line) in turn, each thread from its own place
POST_BODIES = """
local n = 0
function setup(thread)
  thread:set("id", n)
  n = n + 1
end
function init(args)
  bodies = {}
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  counter = id * 7919
end
function request()
  counter = counter + 1
  return wrk.format("POST", wrk.path, {["Content-Type"] = "application/json"}, bodies[(counter % #bodies) + 1])
end
"""


@dataclass
class Load:
    """One wrk run: requests served, seconds, latency percentiles and errors."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def serving() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`her2-cds serve` with its defaults (gunicorn, 2 x cores + 1 workers), yielding its base URL."""
    port = _free_port()
    command = Path(sys.executable).with_name("her2-cds")
    env = {k: v for k, v in os.environ.items() if k != "WORKERS"} | {"HOST": "127.0.0.1", "PORT": str(port)}
    server = subprocess.Popen(
        [str(command), "serve"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"her2-cds serve exited with {server.returncode}")
            with contextlib.suppress(OSError), urllib.request.urlopen(url + KNOWLEDGE_BASE, timeout=5) as response:
                if response.status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("her2-cds serve did not answer within 60 s")
            time.sleep(0.2)
        time.sleep(1.0)  # every worker booted
        yield url, server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def wrk(url: str, seconds: float, connections: int = 8, script: Path | None = None, *args: str) -> Load:
    """Run wrk (2 threads, `connections` connections) and read its summary."""
    binary = shutil.which("wrk")
    if binary is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk)")
    argv = [binary, "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "10s"]
    argv += ["-s", str(script), url, "--", *args] if script else [url]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 120, check=True).stdout

    def ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]

    done = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", out)
    assert done is not None, out
    elapsed = float(done.group(2)) * {"ms": 1e-3, "s": 1.0, "m": 60.0}[done.group(3)]
    p50 = ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors += sum(int(g) for g in socket_errors.groups()) if socket_errors else 0
    return Load(int(done.group(1)), elapsed, p50, p99, errors)


def workers(server: subprocess.Popen[bytes]) -> list[int]:
    """The gunicorn worker processes under `her2-cds serve` (children of its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == server.pid:
                    found.append(int(entry.name))
    return sorted(found)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
