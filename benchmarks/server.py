"""Start `her2-cds serve` for a benchmark (her2_cds/serving.py) and drive it with wrk (Debian package wrk)."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from her2_cds.serving import Served
from her2_cds.serving import serving as served_child

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_BASE = "/api/v1/knowledge-base"
RECOMMEND = "/api/v1/recommendations"

# wrk's Lua: each thread numbered (id) before it starts, and kept for done()
THREAD_IDS = """
threads_started = {}
function setup(thread)
  thread:set("id", #threads_started)
  threads_started[#threads_started + 1] = thread
end
"""
# wrk's Lua: POST the bodies of a file (one JSON case a line) in turn, each thread from its own place
POST_BODIES = (
    THREAD_IDS
    + """
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
)


@dataclass
class Load:
    """One wrk run: requests served, seconds, latency percentiles and errors. A run on a schedule (OPEN_LOOP)
    times each answer from the moment its request was due; `p99_wrk_ms` is wrk's own p99 (the same figure
    when nothing is scheduled): from the moment each request went out, with the answers wrk guesses a slow
    one held back filled in at the run's mean interval between a connection's requests."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    p99_wrk_ms: float
    bytes_read: float  # answers, headers and all: a big answer costs both sides CPU to send and read

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


@contextlib.contextmanager
def serving() -> Iterator[Served]:
    """`her2-cds serve` with its defaults (gunicorn, 2 x cores + 1 workers), every worker booted."""
    with served_child() as running:
        time.sleep(1.0)  # the first answer comes from one worker; give the others their second to boot
        yield running


def wrk(
    url: str, seconds: float, connections: int = 8, script: Path | None = None, *args: str, threads: int = 2
) -> Load:
    """Run wrk (`threads` threads, `connections` connections) and read its summary."""
    binary = shutil.which("wrk")
    if binary is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk)")
    argv = [binary, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "10s"]
    argv += ["-s", str(script), url, "--", *args] if script else [url]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 120, check=True).stdout
    return read_summary(out)


def read_summary(out: str) -> Load:
    """A Load from wrk's summary (and the OPEN_LOOP line a script on a schedule adds)."""

    def ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]

    # wrk writes its bytes in binary units: "2.46MB read"
    done = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m), ([\d.]+)([KMGT]?)B read", out)
    assert done is not None, out
    elapsed = float(done.group(2)) * {"ms": 1e-3, "s": 1.0, "m": 60.0}[done.group(3)]
    read = float(done.group(4)) * 1024 ** " KMGT".index(done.group(5) or " ")
    p50 = ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors += sum(int(g) for g in socket_errors.groups()) if socket_errors else 0
    scheduled = re.search(r"^OPEN_LOOP (\{.*\})$", out, re.MULTILINE)
    if scheduled is None:
        return Load(int(done.group(1)), elapsed, p50, p99, errors, p99, read)
    due = json.loads(scheduled.group(1))
    return Load(int(done.group(1)), elapsed, due["p50_ms"], due["p99_ms"], errors, p99, read)
