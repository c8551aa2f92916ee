"""The bounds a `her2-cds serve` worker holds its connections to (web.slots says why each exists), read once per app.

create_app reads each from the environment into the app's config, under the name an operator sets it with (a test
server is started with shorter stalls), lets its `test_config` override it, and refuses a bad one at start, naming
it and what it allows: nothing here reads the environment at import. The worker takes the app's (`bounds_of`).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask

DEFAULT_HEADER_SECONDS = 10.0
DEFAULT_IO_SECONDS = 10.0
DEFAULT_BODY_SECONDS = 20.0  # a whole 1 MiB body at 52 kB/s; a case is a few hundred bytes
DEFAULT_PER_ADDRESS = 100  # of a worker's 500 connections (gunicorn_conf.worker_connections)
MOST_SECONDS = 3600.0
MOST_PER_ADDRESS = 100_000
HEADER_SECONDS = "HER2_CDS_HEADER_SECONDS"  # the request line and headers, from the first byte awaited to the last
IO_SECONDS = "HER2_CDS_IO_SECONDS"  # a single read or write with no progress
BODY_SECONDS = "HER2_CDS_BODY_SECONDS"  # the whole body, after the headers
PER_ADDRESS = "HER2_CDS_CONNECTIONS_PER_ADDRESS"  # connections one client address holds of a worker
TRUSTED_PROXIES = "HER2_CDS_TRUSTED_PROXIES"
NAMES = (HEADER_SECONDS, IO_SECONDS, BODY_SECONDS, PER_ADDRESS)
BOUNDS_KEY = "her2_cds.bounds"


@dataclass(frozen=True)
class Bounds:
    """A worker's deadlines (seconds) and its bound on one client address's connections."""

    header_seconds: float = DEFAULT_HEADER_SECONDS
    io_seconds: float = DEFAULT_IO_SECONDS
    body_seconds: float = DEFAULT_BODY_SECONDS
    per_address: int = DEFAULT_PER_ADDRESS


def from_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The bounds an operator set in the environment, under their own names (for the app's config)."""
    return {name: environ[name] for name in NAMES if name in environ}


def _number(config: Mapping[str, Any], name: str, default: float, high: float, whole: bool = False) -> float:
    """A bound of the app's config (given as text from the environment, or as a number by a test's config)."""
    given = config.get(name)
    text = "" if given is None else str(given)
    try:
        value = (int(text) if whole else float(text)) if text else default
    except ValueError:
        value = -1
    if not 0 < value <= high:
        kind = "a whole number" if whole else "a number of seconds"
        raise SystemExit(f"{name}={text!r}: allowed: {kind} above 0, at most {high:g} (default {default:g})")
    return value


def read_bounds(config: Mapping[str, Any]) -> Bounds:
    """The bounds of an app's config; SystemExit names a bad one and what it allows (the server does not start)."""
    return Bounds(
        header_seconds=_number(config, HEADER_SECONDS, DEFAULT_HEADER_SECONDS, MOST_SECONDS),
        io_seconds=_number(config, IO_SECONDS, DEFAULT_IO_SECONDS, MOST_SECONDS),
        body_seconds=_number(config, BODY_SECONDS, DEFAULT_BODY_SECONDS, MOST_SECONDS),
        per_address=int(_number(config, PER_ADDRESS, DEFAULT_PER_ADDRESS, MOST_PER_ADDRESS, whole=True)),
    )


def trusted_proxies(environ: Mapping[str, str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The proxies whose X-Forwarded-* and SCRIPT_NAME headers gunicorn reads (HER2_CDS_TRUSTED_PROXIES; none
    unless set): gunicorn's setting (web.gunicorn_conf), read when gunicorn starts, before any app is built; a
    worker exempts the same proxies from the share of one address."""
    text = environ.get(TRUSTED_PROXIES, "")
    try:
        return tuple(ipaddress.ip_network(part.strip()) for part in text.split(",") if part.strip())
    except ValueError:
        raise SystemExit(f"{TRUSTED_PROXIES}={text!r}: allowed: IP addresses or networks, comma-separated") from None


def install(app: Flask) -> None:
    """Read the app's bounds once (create_app calls this before it builds anything else)."""
    app.extensions[BOUNDS_KEY] = read_bounds(app.config)


def bounds_of(app: Flask) -> Bounds:
    bounds: Bounds = app.extensions[BOUNDS_KEY]
    return bounds
