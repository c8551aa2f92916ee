"""The seminar store (storage/) on both databases it serves: SQLite, the default, and PostgreSQL, for replicas
behind a balancer. The PostgreSQL server is the test run's own (tests/support/postgres.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from postgres import postgresql
from sqlalchemy import inspect, text

from storage import Limits, Refused, Store
from storage.store import CODE_ALPHABET, CODE_LENGTH, MIGRATIONS

START = dt.datetime(2026, 12, 1, 9, 0, 0)


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    """One PostgreSQL server for this module's tests."""
    with postgresql() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind: an SQLite file not yet made, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new-folder' / 'seminars.sqlite3'}"
        return
    server: str = request.getfixturevalue("pg_server")
    name = f"t{tmp_path.name.lower().replace('-', '_')[-40:]}"
    admin = Store(server)
    with admin.engine().connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    yield server.replace("/postgres?", f"/{name}?")


def store_of(url: str, clock: Clock | None = None, **limits: int) -> Store:
    return Store(url, Limits(**limits), clock or Clock())


def test_the_database_is_made_on_first_use_at_the_newest_migration(url: str) -> None:
    store = store_of(url)
    if url.startswith("sqlite"):
        assert not Path(url.removeprefix("sqlite:///")).exists()  # nothing until first use
    store.get("aaaaaaaaaa")
    head = ScriptDirectory.from_config(_config()).get_current_head()
    with store.engine().connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == head
        assert {"seminar", "seminar_response"} <= set(inspect(connection).get_table_names())
    store.dispose()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def test_a_seminar_and_its_responses_survive_a_new_store_on_the_same_database(url: str) -> None:
    first = store_of(url)
    seminar, token = first.create("Tuesday seminar", ["case-b", "case-a"], dt.date(2020, 1, 1))
    first.add_response(seminar.code, "case-b", {"neratinib": "approved"})
    first.add_response(seminar.code, "case-a", {})
    first.dispose()  # as a server restart does
    again = store_of(url)
    assert again.get(seminar.code) == seminar
    assert again.get(seminar.code).case_ids == ("case-b", "case-a")  # type: ignore[union-attr]
    assert again.responses(seminar.code) == [("case-b", {"neratinib": "approved"}), ("case-a", {})]
    assert again.token_matches(seminar.code, token)
    again.dispose()


def test_codes_are_short_unguessable_and_the_token_is_kept_only_as_its_hash(url: str) -> None:
    store = store_of(url, seminars_per_minute=100)
    made = [store.create("t", ["x"], None) for _ in range(20)]
    codes = {s.code for s, _ in made}
    assert len(codes) == 20
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    seminar, token = made[0]
    assert len(token) >= 40
    assert not store.token_matches(seminar.code, made[1][1])  # another seminar's token
    assert not store.token_matches("nosuchcode", token)
    with store.engine().connect() as connection:
        stored = connection.execute(text("SELECT * FROM seminar")).all()
    assert all(token not in str(row) for _, token in made for row in stored)
    assert hashlib.sha256(token.encode()).hexdigest() in str(stored)
    store.dispose()


def test_no_personal_data_is_stored(url: str) -> None:
    """A response row holds its case, its choices and its time: no name, address or browser of a student."""
    store = store_of(url)
    store.get("aaaaaaaaaa")
    with store.engine().connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("seminar_response")}
    assert columns == {"id", "seminar_code", "case_id", "choices", "created_at"}
    store.dispose()


def test_responses_a_minute_are_bounded_and_the_refusal_says_why(url: str) -> None:
    clock = Clock()
    store = store_of(url, clock, responses_per_minute=3)
    seminar, _ = store.create("t", ["x"], None)
    for _ in range(3):
        store.add_response(seminar.code, "x", {})
    with pytest.raises(Refused) as refused:
        store.add_response(seminar.code, "x", {})
    assert "3 responses in the last minute" in refused.value.message
    assert refused.value.retry_after == 60
    clock.now += dt.timedelta(seconds=61)
    store.add_response(seminar.code, "x", {})  # a minute on, it takes responses again
    assert len(store.responses(seminar.code)) == 4
    store.dispose()


def test_a_seminar_keeps_a_bounded_number_of_responses(url: str) -> None:
    clock = Clock()
    store = store_of(url, clock, max_responses=2)
    seminar, _ = store.create("t", ["x"], None)
    store.add_response(seminar.code, "x", {})
    clock.now += dt.timedelta(minutes=5)
    store.add_response(seminar.code, "x", {})
    with pytest.raises(Refused, match="its 2 responses"):
        store.add_response(seminar.code, "x", {})
    store.dispose()


def test_seminars_created_a_minute_are_bounded(url: str) -> None:
    clock = Clock()
    store = store_of(url, clock, seminars_per_minute=2)
    store.create("a", ["x"], None)
    store.create("b", ["x"], None)
    with pytest.raises(Refused, match="2 seminars were created"):
        store.create("c", ["x"], None)
    clock.now += dt.timedelta(minutes=2)
    store.create("c", ["x"], None)
    store.dispose()


def test_an_ended_seminar_and_its_responses_are_deleted_at_the_next_creation(url: str) -> None:
    clock = Clock()
    store = store_of(url, clock, days=1)
    old, _ = store.create("old", ["x"], None)
    store.add_response(old.code, "x", {"neratinib": "unsure"})
    assert old.expires_at == START + dt.timedelta(days=1)
    clock.now += dt.timedelta(days=1, seconds=1)
    assert store.get(old.code) == old  # still there until something is created
    store.create("new", ["x"], None)
    assert store.get(old.code) is None
    assert store.responses(old.code) == []
    store.dispose()
