"""The engine's one cache, a wrapper around evaluate: an answer kept once for every case the rules cannot tell apart.

Every rule, caution, order and scope test reads a case field through a comparison: a choice or a yes/no
against values, a number against a threshold, the date against a day. And everything else an answer shows
that depends on its date (a study's record, an approval's state, a dated text) changes only on the knowledge
base's own days (engine/change_days.py). Two cases whose choices and yes/no answers are equal, whose numbers
fall between the same thresholds (or on the same one) and whose dates fall between the same two of those days
therefore pass and fail every test alike: the same rules fire and the answer says the same things. It differs
only where it prints the case's own numbers and date: the case itself, "why not" ("here: 2.5"), the trace's
matched values, the cut-off note and a dated statement ("As of <day>, ..."). So a class's answer is made once
with a slot at each of those places (engine/printed.py, `shown`: every answer is made so), and each case gets
it with its own values filled in: as an Answer (`Entry.answer`; `filled` for one made afresh), or as the JSON
the API sends (`Entry.json`, the same answer written once with its slots). The cache is bounded (least recently
used first out) and its entries hold the studies' records by reference, not by copy
(tests/core/test_answer_cache.py; benchmarks/RESULTS.md).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import sys
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii
from typing import Any, Protocol

from pydantic import BaseModel

from engine.answer import Answer, ApprovalRef, Evidence, KnowledgeBaseStamp, OrderReason
from engine.case import Case
from engine.printed import DATES, NUMBERS, actual_value
from engine.rulebook import Rulebook
from engine.semantics import threshold_place

# a full cache and the shared parts its entries hold are ~13 MB of a worker's ~140 (tracemalloc, 20,000 cases over
# the whole space); a worker grew 6.4% over 51,601 distinct requests, 0.6% over the second half (benchmarks/memory.py).
# HER2-positive neoadjuvant cases on any day from 1998 to the cut-off are 25,758 classes: 27 combinations of
# choices, 9 of tumor size, 106 of the day
ANSWER_CACHE_SIZE = 1024

# a value of the case where the answer prints it (engine/printed.py, shown)
_SLOT_IN_TEXT = re.compile("\x00(\\w+)\x00")
# an answer's texts are cut at each item of its lists, each item's kept once, however many classes share them
# (most recommendations and "why not" entries are the same in many classes): a third of the memory
_MARK = b"\\u0000"  # a slot's mark as JSON writes it (bytes.split: a regex cost half a fresh answer's time)
CASE_SLOT = b"\\u0000case\\u0000"  # where the case's own JSON goes (no case field is named "case")
_NO_DERIVED: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Template:
    """An answer's JSON in UTF-8 (joined once for a case, records and all) as texts with slots, cut at the items
    of its lists, each item's kept once; its studies' records (most of its bytes) are the engine's, written at load."""

    texts: tuple[bytes, ...]  # a slot's place holds b"" until a case fills it
    places: array[int]  # where the slots are in texts
    names: tuple[str, ...]  # what goes in each: "case" or the value it prints
    records: tuple[bytes, ...]

    @classmethod
    def of(cls, texts: list[bytes | Piece | list[Piece]], records: list[bytes]) -> Template:
        """From the answer's texts: its lists, each of items written once and shared (`Piece`), and what lies
        between them (a text with a slot is cut at it); and its studies' records (shared UTF-8, kept as they
        are)."""
        chunks: list[bytes] = []
        places: list[int] = []  # an array at the end: extending one from each piece cost more
        names: list[str] = []
        for text in texts:
            if type(text) is list:  # a list's items, comma-separated: each its chunks, and its slots moved
                first = True
                for piece in text:
                    if first:
                        first = False
                    else:
                        chunks.append(b",")
                    if piece.places:
                        places += map(len(chunks).__add__, piece.places)
                        names += piece.names
                    chunks += piece.chunks
                continue
            if type(text) is bytes:
                if _MARK not in text:
                    chunks.append(text)
                    continue
                text = Piece.of(text)
            assert isinstance(text, Piece)
            if text.places:
                places += map(len(chunks).__add__, text.places)
                names += text.names
            chunks += text.chunks
        return cls(tuple(chunks), array("I", places), tuple(names), tuple(records))

    def fill(self, case_json: bytes, fact: dict[str, object]) -> bytes:
        """The answer's JSON in UTF-8 for one case of the class: its own JSON and values in the slots."""
        texts = list(self.texts)
        printed = {"case": case_json}
        for place, name in zip(self.places, self.names, strict=True):
            if name not in printed:  # a value's printed text goes inside a JSON string, as json.dumps writes it
                printed[name] = encode_basestring_ascii(actual_value(name, fact, _NO_DERIVED))[1:-1].encode()
            texts[place] = printed[name]
        texts += self.records
        return b"".join(texts)


@dataclass(frozen=True, slots=True)
class Piece:
    """A part's JSON in UTF-8 as a template holds it: its texts with b"" at each slot, where the slots are, and
    their names."""

    chunks: tuple[bytes, ...]
    places: tuple[int, ...]
    names: tuple[str, ...]

    @classmethod
    def of(cls, text: bytes, shared: Callable[[bytes], bytes] = bytes) -> Piece:
        """The part's JSON cut at its slots, each text between them as `shared` keeps it (one object for each text:
        engine/answer_json.py)."""
        parts = text.split(_MARK)  # a slot's name between two marks
        chunks = [shared(p) if i % 2 == 0 else b"" for i, p in enumerate(parts)]
        return cls(tuple(chunks), tuple(range(1, len(parts), 2)), tuple(sys.intern(n.decode()) for n in parts[1::2]))


# what never holds a slot: a study's record is built at load, the case is replaced whole, and the rest print
# no value of the case
_NO_SLOTS = (Evidence, Case, ApprovalRef, OrderReason, KnowledgeBaseStamp)
# where an answer made with slots holds them: True for a text, by field name or list index for the rest
Plan = bool | dict[Any, "Plan"]


def _plan(value: object) -> Plan | None:
    kind = type(value)
    if kind is str:
        return True if "\x00" in value else None  # type: ignore[operator]
    items: Any
    if kind is list:
        assert isinstance(value, list)
        if not value or isinstance(value[0], _NO_SLOTS):
            return None  # a list holds items of one type: studies' records, order reasons
        if type(value[0]) is str:  # texts: "why not" reasons, cautions
            return {i: True for i, text in enumerate(value) if "\x00" in text} or None
        items = enumerate(value)
    elif isinstance(value, BaseModel) and not isinstance(value, _NO_SLOTS):
        items = value.__dict__.items()  # a model's fields (its computed fields hold no slot of their own)
    else:
        return None
    plan = {key: inner for key, item in items if (inner := _plan(item)) is not None}
    return plan or None


def _filled(value: Any, plan: Plan, printed: Callable[[str], str]) -> Any:
    if plan is True:
        return _SLOT_IN_TEXT.sub(lambda m: printed(m[1]), value)
    assert isinstance(plan, dict)
    if isinstance(value, BaseModel):
        return value.model_copy(update={k: _filled(getattr(value, k), p, printed) for k, p in plan.items()})
    copy = list(value)
    for index, inner in plan.items():
        copy[index] = _filled(value[index], inner, printed)
    return copy


def filled(answer: Answer, case: Case, fact: dict[str, object]) -> Answer:
    """An answer made with slots (evaluate's), with the case's own values in them."""
    return _fill(answer, _plan(answer), case, fact)


def _fill(answer: Answer, plan: Plan | None, case: Case, fact: dict[str, object]) -> Answer:
    printed: dict[str, str] = {}

    def value(name: str) -> str:
        if name not in printed:
            printed[name] = actual_value(name, fact, _NO_DERIVED)
        return printed[name]

    return (answer if plan is None else _filled(answer, plan, value)).model_copy(update={"case": case})


class Entry:
    """A class's answer, made with slots (by `make`) the first time a case asks for it; each case of the class
    gets it with its own values. An entry keeps what was asked of it: the answer (shared parts, and where its
    slots are) for evaluate, its JSON for the API (7 kB, a third of the answer), or both. Two threads may both
    make a part: the same either way."""

    __slots__ = ("_answer", "_json", "_key", "_make", "_store")  # one made for every request: no dict each

    def __init__(self, make: Callable[[], Answer], key: Hashable = None, store: Shared | None = None) -> None:
        self._make = make
        self._answer: tuple[Answer, Plan | None] | None = None
        self._json: Template | None = None
        self._key = key
        self._store = store

    def answer(self, case: Case, fact: dict[str, object]) -> Answer:
        """The answer for `case` (of this class): its case, and its own values where the answer prints them."""
        return _fill(*self._made(), case, fact)

    def slotted(self) -> Answer:
        """The class's answer with its slots unfilled; its case is the one that first asked for it."""
        return self._made()[0]

    def _made(self) -> tuple[Answer, Plan | None]:
        if self._answer is None:
            slotted = self._make()
            self._answer = slotted, _plan(slotted)
        return self._answer

    def json(self, write: Callable[[Answer], Template]) -> Template:
        """The answer's JSON with its slots, written by `write`, or read from the store the cache shares with
        other processes (and kept there once written)."""
        if self._json is None:
            kept = None if self._store is None else self._store.get(self._key)
            if kept is None:
                kept = write(self._make() if self._answer is None else self._answer[0])
                if self._store is not None:
                    self._store.put(self._key, kept)
            self._json = kept
        return self._json


class Shared(Protocol):
    """A store of templates by class that other processes read too (engine/answer_store.py)."""

    def get(self, key: Hashable) -> Template | None: ...

    def put(self, key: Hashable, template: Template) -> None: ...


class AnswerCache:
    """Entries by class of case, least recently used out first; thread-safe. `shared`, when set, is where an
    entry's API template is first looked for and then kept: the store a server's workers share."""

    def __init__(self, rulebook: Rulebook, days: Sequence[dt.date], size: int = ANSWER_CACHE_SIZE) -> None:
        self.size = size
        self.hits = self.misses = 0
        self.shared: Shared | None = None
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._lock = threading.Lock()
        conditions = [c for r in rulebook.rules for c in (*r.conditions, *(w for k in r.rule.cautions for w in k.when))]
        conditions += rulebook.scope
        self._cuts = {
            name: tuple(sorted({float(str(c.value)) for c in conditions if c.fact == name and c.value is not None}))
            for name in NUMBERS
        }
        self._graded = frozenset((*NUMBERS, *DATES))  # the fields read by their class, not their value
        self.days = tuple(days)
        self._days = tuple(day.toordinal() for day in days)  # a date's class: how many of these it is on or after

    def key(self, fact: dict[str, object]) -> Hashable:
        """The case's class: its own values, but for a number only where it falls among the thresholds, and
        for a date only between which two of the knowledge base's days."""
        graded = self._graded  # the names, then each value's class: two tuples, not one for each field
        return tuple(fact), tuple([self._class(n, v) if n in graded else v for n, v in fact.items()])

    def day_class(self, ordinal: int) -> int:
        """The class of a day: how many of the knowledge base's days it is on or after."""
        return bisect.bisect_right(self._days, ordinal)

    def _class(self, name: str, value: object) -> object:
        if name in self._cuts:
            return threshold_place(self._cuts[name], float(value))  # type: ignore[arg-type]
        if name in DATES:
            return self.day_class(value)  # type: ignore[arg-type]
        return value

    def get(self, fact: dict[str, object], make: Callable[[], Answer]) -> Entry:
        """The entry of the case's class; a new one makes its answer with `make` when asked."""
        key = self.key(fact)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry
            self.misses += 1
        entry = Entry(make, key, self.shared)
        if self.size:
            with self._lock:
                self._entries[key] = entry
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return entry

    def __len__(self) -> int:
        return len(self._entries)
