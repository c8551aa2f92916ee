"""A PostgreSQL server of the test run's own (not a test module): Debian's postgresql package (`make test`
installs it when missing), a cluster made by initdb in a temporary folder, listening on a Unix socket in that
folder only (no TCP port), stopped and deleted after. As root, the server runs as the postgres user the package
creates (PostgreSQL refuses to run as root), or as nobody."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PORT = 5432  # the socket's name (.s.PGSQL.5432) in a folder of its own: nothing listens on a TCP port


def postgres_bin() -> Path:
    """The folder of Debian's newest PostgreSQL server programs (initdb, pg_ctl)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise RuntimeError("PostgreSQL's server is not installed: `make test` installs Debian's postgresql package")


def _as_owner(owner: str | None, argv: list[str]) -> list[str]:
    return ["runuser", "-u", owner, "--", *argv] if owner else argv


@contextmanager
def postgresql() -> Iterator[str]:
    """A running PostgreSQL server; yields its URL (postgresql://, as a deployment gives it)."""
    folder = Path(tempfile.mkdtemp(prefix="her2-cds-pg-"))
    owner = None
    if os.geteuid() == 0:
        owner = "postgres" if _user_exists("postgres") else "nobody"
        shutil.chown(folder, owner)
    data, log = folder / "data", folder / "server.log"
    bin_dir = postgres_bin()
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    try:
        subprocess.run(
            _as_owner(owner, [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]),
            **run,  # type: ignore[call-overload]
        )
        options = f"-k {folder} -c listen_addresses= -p {PORT} -F"
        subprocess.run(
            _as_owner(owner, [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start"]),
            **run,  # type: ignore[call-overload]
        )
        try:
            yield f"postgresql://postgres@/postgres?host={folder}&port={PORT}"
        finally:
            subprocess.run(
                _as_owner(owner, [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                **run,  # type: ignore[call-overload]
            )
    except subprocess.CalledProcessError as exc:
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}{tail}") from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
