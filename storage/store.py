"""The seminar store: SQLite by default, PostgreSQL for replicas behind a balancer, the same code for both.

The database is made on first use (its folder too, for SQLite) and brought to the newest schema by the
Alembic migrations in storage/migrations. Each process opens its own connections on first use: under
`her2-cds serve` the app is built in gunicorn's master before the workers fork, and a connection must
not cross a fork.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, delete, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from storage.tables import ResponseRow, SeminarRow

MIGRATIONS = Path(__file__).with_name("migrations")
# no 0/o, 1/l/i: a code read off a projector is typed without doubt; 31**10 codes (about 2**49)
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 10
MAX_CASES = 12  # cases in one seminar: a 60-minute class takes far fewer


@dataclass(frozen=True)
class Limits:
    """What one seminar and the server's seminars may cost."""

    max_cases: int = MAX_CASES
    max_title: int = 120
    responses_per_minute: int = 300  # per seminar: 30 students answering 10 cases within a minute
    max_responses: int = 3000  # per seminar, in all
    seminars_per_minute: int = 30  # created on the whole server (all replicas: counted in the database)
    days: int = 30  # a seminar, and its responses, are deleted this long after it is created


@dataclass(frozen=True)
class Seminar:
    code: str
    title: str
    case_ids: tuple[str, ...]
    as_of: dt.date | None
    created_at: dt.datetime
    expires_at: dt.datetime


class Refused(Exception):
    """A bound reached: the field it concerns, why, and when to try again."""

    def __init__(self, field: str, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.field, self.message, self.retry_after = field, message, retry_after


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def database_url(url: str) -> str:
    """The URL as SQLAlchemy takes it: postgresql:// (and postgres://) through psycopg 3, the driver installed."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _seminar(row: SeminarRow) -> Seminar:
    return Seminar(row.code, row.title, tuple(row.case_ids), row.as_of, row.created_at, row.expires_at)


class Store:
    """Seminars and their responses in one database (`url`: sqlite:///path or postgresql://...)."""

    def __init__(self, url: str, limits: Limits | None = None, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.url = database_url(url)
        self.limits = limits or Limits()
        self.clock = clock
        self._engine: Engine | None = None
        self._pid = -1
        self._lock = threading.Lock()

    # ---- connections ----

    def engine(self) -> Engine:
        """This process's engine, made (and the schema migrated) on first use."""
        with self._lock:
            if self._engine is None or self._pid != os.getpid():
                self._engine = self._connect()
                self._pid = os.getpid()
            return self._engine

    def _connect(self) -> Engine:
        url = make_url(self.url)
        options: dict[str, Any] = {}
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            options["connect_args"] = {"timeout": 30}  # seconds a writer waits for another worker's write
        engine = create_engine(url, pool_pre_ping=True, **options)
        if url.get_backend_name() == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        _migrate(engine)
        return engine

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with Session(self.engine()) as session, session.begin():
            yield session

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = None

    # ---- seminars ----

    def create(self, title: str, case_ids: list[str], as_of: dt.date | None) -> tuple[Seminar, str]:
        """A new seminar and its teacher's token (shown once: only its hash is kept)."""
        now = self.clock()
        with self._session() as session:
            session.execute(delete(ResponseRow).where(ResponseRow.seminar_code.in_(_expired(now))))
            session.execute(delete(SeminarRow).where(SeminarRow.expires_at <= now))
            recent = session.scalar(
                select(func.count()).select_from(SeminarRow).where(SeminarRow.created_at > now - _MINUTE)
            )
            if (recent or 0) >= self.limits.seminars_per_minute:
                raise Refused(
                    "(seminar)",
                    f"{self.limits.seminars_per_minute} seminars were created on this server in the last minute,"
                    " the most it takes; try again in a minute",
                    60,
                )
            token = secrets.token_urlsafe(32)
            row = SeminarRow(
                code=_new_code(session),
                token_sha256=_hash(token),
                title=title,
                case_ids=list(case_ids),
                as_of=as_of,
                created_at=now,
                expires_at=now + dt.timedelta(days=self.limits.days),
            )
            session.add(row)
            return _seminar(row), token

    def get(self, code: str) -> Seminar | None:
        """The seminar of this code, expired or not (None: no such code)."""
        with self._session() as session:
            row = session.get(SeminarRow, code)
            return None if row is None else _seminar(row)

    def token_matches(self, code: str, token: str) -> bool:
        with self._session() as session:
            stored = session.scalar(select(SeminarRow.token_sha256).where(SeminarRow.code == code))
        return stored is not None and hmac.compare_digest(stored, _hash(token))

    # ---- responses ----

    def add_response(self, code: str, case_id: str, choices: Mapping[str, str]) -> None:
        """Record one anonymous response, or raise Refused when the seminar has taken its share."""
        now = self.clock()
        with self._session() as session:
            counted = select(func.count()).select_from(ResponseRow).where(ResponseRow.seminar_code == code)
            if (session.scalar(counted) or 0) >= self.limits.max_responses:
                raise Refused(
                    "(seminar)",
                    f"this seminar has its {self.limits.max_responses:,} responses, the most one seminar keeps;"
                    " the teacher can start another",
                    3600,
                )
            last_minute = session.scalar(counted.where(ResponseRow.created_at > now - _MINUTE)) or 0
            if last_minute >= self.limits.responses_per_minute:
                raise Refused(
                    "(seminar)",
                    f"this seminar took {self.limits.responses_per_minute} responses in the last minute, the most it"
                    " takes; send yours again in a minute",
                    60,
                )
            session.add(ResponseRow(seminar_code=code, case_id=case_id, choices=dict(choices), created_at=now))

    def responses(self, code: str) -> list[tuple[str, dict[str, str]]]:
        """(case id, choices) of every response to the seminar, oldest first."""
        with self._session() as session:
            rows = session.execute(
                select(ResponseRow.case_id, ResponseRow.choices)
                .where(ResponseRow.seminar_code == code)
                .order_by(ResponseRow.id)
            )
            return [(case_id, dict(choices)) for case_id, choices in rows]


_MINUTE = dt.timedelta(minutes=1)


def _expired(now: dt.datetime) -> Any:
    return select(SeminarRow.code).where(SeminarRow.expires_at <= now)


def _new_code(session: Session) -> str:
    while True:  # a clash is a one-in-10**14 event: draw again
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.get(SeminarRow, code) is None:
            return code


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not wait for a writer (several workers)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _migrate(engine: Engine) -> None:
    """Bring the database to the newest schema. Two processes may start on a new database at once: the
    loser's migration fails on the tables the winner made, and its second look finds them current."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    for attempt in (1, 2):
        try:
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            return
        except Exception:
            if attempt == 2:
                raise
