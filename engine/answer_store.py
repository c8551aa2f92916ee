"""The classes' answers shared by a server's workers: a template written by one worker is read by the others.

Each worker keeps its own cache (engine/answer_cache.py), so under distinct cases on distinct days most classes
were made once in every worker: five workers, five times. This store keeps each class's API template
(answer_cache.Template) in one SQLite file the workers share, so a class one worker has made costs the others a
read. A template is kept as the numbers of its texts, each text stored once for every template that holds it
(most texts are shared by many classes), and an id of the class: the digest of its key, the cache's own class,
keyed by the knowledge base's sha256 (two knowledge bases' classes never meet in one file). It keeps too what a
durable-rules session fired for a class of case (engine/firing.py's class): the rules, in order, and the facts
they derived, so that a session runs once for a class in the whole server.

The store holds what one running server made: `clear` empties it when the app is built (answers change with the
engine's code, not only its knowledge base), and when it holds more than its room it starts afresh, as the
engine's other stores do; a template some of whose texts are gone is read as not kept. Sharing saves time only:
a template read back is the one written (tests/core/test_answer_store.py).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import threading
from array import array
from collections.abc import Callable, Hashable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from engine.answer_cache import Template
from engine.firing import Fired

# where `her2-cds serve` tells its app the file is (web/__init__.py reads it), and the folder it made for it, which
# the server removes when it stops (web/gunicorn_conf.py)
STORE_ENV = "HER2_CDS_ANSWER_STORE"
SCRATCH_ENV = "HER2_CDS_ANSWER_SCRATCH"
# classes kept before the store starts afresh: a template is ~2 kB of numbers, its texts shared
STORE_ROOM = 16384
# texts a process keeps the numbers of before it lets them go (a worker's memory): 1,000 classes over the space
# hold 2,241 distinct texts
TEXTS_KNOWN = 8192
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS text (id INTEGER PRIMARY KEY, body BLOB NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS template"
    " (class BLOB PRIMARY KEY, texts BLOB NOT NULL, records BLOB NOT NULL, places BLOB NOT NULL, names TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS firing (class BLOB PRIMARY KEY, fired TEXT NOT NULL, derived TEXT NOT NULL)",
)
_NAMES = "\x00"  # between two slots' names: no name holds it
_BATCH = 500  # texts asked for at once (SQLite's limit on a statement's parameters is 999 or more)
T = TypeVar("T")


class AnswerStore:
    """Templates by class of case in one SQLite file, for every process that opens it (each opens its own
    connection on first use, after a fork as before it)."""

    def __init__(
        self,
        path: Path | str,
        records: Iterable[bytes] = (),
        room: int = STORE_ROOM,
        namespace: str = "",
        shared: Callable[[bytes], bytes] = bytes,
    ) -> None:
        self.path = Path(path)
        # in every class's id: two knowledge bases' classes never meet in one file
        self._namespace = namespace.encode()
        self.room = room
        self.check_every = 256  # templates written between two counts of the store's
        self.reads = self.hits = self.busy = 0
        # the engine's own record texts: a record read back is the object the engine wrote at load
        self._records = {r: r for r in records}
        self._shared = shared  # a template's text read back is the object the engine's writer keeps for it
        self._pid = -1
        self._db: sqlite3.Connection | None = None
        # what this process knows of the texts' numbers, both ways; let go when full (a worker's memory). Plain dicts
        # bounded here, not engine/kept.py's Kept: a read looks up ~200 numbers at once, and Kept's calls made a read
        # ~60% dearer under the profiler, on the path this store exists to make fast
        self._numbers: dict[str | bytes, int] = {}
        self._texts: dict[int, bytes] = {}
        self._bytes: dict[int, bytes] = {}
        self._names: dict[str, tuple[str, ...]] = {}  # the slots' names of a template, as stored
        self._written = 0
        # one transaction at a time on this process's connection, whichever thread asks
        self._lock = threading.Lock()
        self._inherited: list[sqlite3.Connection] = []

    def _connection(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():  # a forked worker opens its own
            if self._db is not None:  # a parent's, never used or closed here (closing it would touch its locks)
                self._inherited.append(self._db)
            self._pid = os.getpid()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None, timeout=0, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # what a crash loses is made again
            db.execute("PRAGMA cache_size=-256")  # KiB of pages kept: the OS keeps the file's, for every worker
            for statement in _SCHEMA:
                db.execute(statement)
            self._db = db
            self._forget()
        return self._db

    def _forget(self) -> None:
        self._numbers.clear()
        self._texts.clear()
        self._bytes.clear()
        self._names.clear()

    def clear(self) -> None:
        """Forget every template (the app is built: its engine may answer differently from the last one's)."""
        db = self._connection()
        db.execute("PRAGMA busy_timeout = 10000")  # the app is being built: worth waiting for
        for table in ("template", "text", "firing"):
            db.execute(f"DELETE FROM {table}")
        db.execute("PRAGMA busy_timeout = 0")
        self._forget()

    def close(self) -> None:
        """Close this process's connection (a server's master, before its workers fork)."""
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None

    def __len__(self) -> int:
        """How many classes the store keeps."""
        (kept,) = self._connection().execute("SELECT count(*) FROM template").fetchone()
        return int(kept)

    def class_id(self, key: Hashable) -> bytes:
        """A class's id in the store: the digest of its key as written (the same in every process)."""
        return hashlib.blake2b(repr(key).encode(), digest_size=16, key=self._namespace[:64]).digest()

    def get(self, key: Hashable) -> Template | None:
        """The template kept for the class, or None."""
        with self._lock:
            return self._get(key)

    def _get(self, key: Hashable) -> Template | None:
        self.reads += 1
        db = self._connection()
        try:
            row = db.execute(
                "SELECT texts, records, places, names FROM template WHERE class = ?", (self.class_id(key),)
            ).fetchone()
            if row is None:
                return None
            texts = self._read(db, row[0], self._texts, self._shared)
            records = self._read(db, row[1], self._bytes, lambda body: self._records.get(body, body))
        except sqlite3.OperationalError:  # busy (a checkpoint): made here instead
            self.busy += 1
            return None
        if texts is None or records is None:
            return None  # the store started afresh after this template was written
        places = array("I")
        places.frombytes(row[2])
        names = self._names.get(row[3])
        if names is None:
            if len(self._names) >= TEXTS_KNOWN:
                self._names.clear()
            names = self._names[row[3]] = tuple(sys.intern(n) for n in row[3].split(_NAMES))
        self.hits += 1
        return Template(texts, places, names, records)

    def put(self, key: Hashable, template: Template) -> None:
        """Keep the class's template for every process (a slot's place holds "", as in the template); when another
        process is writing, not now: the class stays this process's own, and no process waits for another."""
        with self._lock:
            self._put(key, template)

    def _put(self, key: Hashable, template: Template) -> None:
        db = self._connection()
        if not self._begin(db):
            return
        new: dict[str | bytes, int] = {}
        try:
            numbers = self._numbered(db, template.texts, new)
            records = self._numbered(db, template.records, new)
            row = (numbers.tobytes(), records.tobytes(), template.places.tobytes(), _NAMES.join(template.names))
            db.execute("INSERT OR IGNORE INTO template VALUES (?, ?, ?, ?, ?)", (self.class_id(key), *row))
            self._written += 1
            full = (
                self._written % self.check_every == 0
                and db.execute("SELECT count(*) FROM template").fetchone()[0] > self.room
            )
            if full:
                for table in ("template", "text", "firing"):
                    db.execute(f"DELETE FROM {table}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        if full:
            self._forget()
        elif len(self._numbers) + len(new) > TEXTS_KNOWN:
            self._numbers = new
        else:
            self._numbers |= new

    def fired(self, key: Hashable) -> Fired | None:
        """The rules a session fired for the class of case (firing.Firings's class), and the facts they derived, if
        a process has kept them."""
        with self._lock:
            try:
                row = (
                    self._connection()
                    .execute("SELECT fired, derived FROM firing WHERE class = ?", (self.class_id(key),))
                    .fetchone()
                )
            except sqlite3.OperationalError:  # busy (a checkpoint): the session runs here instead
                self.busy += 1
                return None
        if row is None:
            return None
        return tuple(_split(row[0])), tuple(_split(row[1]))

    def keep_fired(self, key: Hashable, fired: Fired) -> None:
        """Keep what a session fired for the class, for every process; when another process is writing, not now."""
        row = (self.class_id(key), _NAMES.join(fired[0]), _NAMES.join(fired[1]))
        with self._lock:
            db = self._connection()
            if self._begin(db):
                db.execute("INSERT OR IGNORE INTO firing VALUES (?, ?, ?)", row)
                db.execute("COMMIT")

    def _begin(self, db: sqlite3.Connection) -> bool:
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # busy: another process holds the write lock
            self.busy += 1
            return False
        return True

    def _numbered(
        self, db: sqlite3.Connection, texts: Sequence[str | bytes], new: dict[str | bytes, int]
    ) -> array[int]:
        """The texts' numbers in the store: most are known to this process, looked up at once; the rest one by one."""
        known = self._numbers
        found = list(map(known.get, texts))
        if None not in found:
            return array("q", found)  # type: ignore[arg-type]  # None is not among them
        return array("q", [n if n is not None else self._number(db, t, new) for n, t in zip(found, texts, strict=True)])

    def _number(self, db: sqlite3.Connection, text: str | bytes, new: dict[str | bytes, int]) -> int:
        """The text's number in the store (a str is stored as its UTF-8); a number given now goes in `new`."""
        number = self._numbers.get(text) or new.get(text)
        if number is None:
            body = text.encode() if isinstance(text, str) else text
            db.execute("INSERT OR IGNORE INTO text (body) VALUES (?)", (body,))
            (number,) = db.execute("SELECT id FROM text WHERE body = ?", (body,)).fetchone()
            new[text] = number
        return number

    def _read(
        self, db: sqlite3.Connection, stored: bytes, known: dict[int, T], make: Callable[[bytes], T]
    ) -> tuple[T, ...] | None:
        """The texts numbered in `stored`, as `make` reads each body (kept in `known`), or None if one is gone."""
        numbers = array("q")
        numbers.frombytes(stored)
        # most are known: looked up at once (map over the dict's own get, a third of a comprehension's cost)
        found = tuple(map(known.get, numbers))
        if None not in found:
            return found  # type: ignore[return-value]  # None is not among them
        missing = list({n for n in numbers if n not in known})
        if len(known) + len(missing) > TEXTS_KNOWN:
            known.clear()
            missing = list(set(numbers))
        for start in range(0, len(missing), _BATCH):
            batch = missing[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            for number, body in db.execute(f"SELECT id, body FROM text WHERE id IN ({marks})", batch):
                known[number] = make(body)
        found = tuple(map(known.get, numbers))
        return None if None in found else found  # type: ignore[return-value]  # None is not among them


def _split(names: str) -> list[str]:
    return [sys.intern(n) for n in names.split(_NAMES)] if names else []
