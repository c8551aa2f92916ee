"""The engine's one cache: an answer's JSON, kept once for every case the rules cannot tell apart.

Every rule, caution and scope test reads a case field through a comparison: a choice or a yes/no
against values, a number against a threshold, the date against a day. Two cases on the same day whose
choices and yes/no answers are equal and whose numbers fall between the same thresholds (or on the same
one) therefore pass and fail every test alike: the same rules fire and the answer says the same things.
It differs only where it prints the case's own numbers: the case itself, "why not" ("here: 2.5") and
the trace's matched values. So the answer is kept as JSON text with a slot at each of those places, and
each case fills in its own values. The cache is bounded (least recently used first out) and its entries
hold the studies' records by reference, not by copy (tests/core/test_answer_cache.py; benchmarks/RESULTS.md).
"""

from __future__ import annotations

import bisect
import json
import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from engine.case_fields import CASE_FIELDS
from engine.printed import actual_value
from engine.rulebook import Rulebook

# a full cache holds ~4 MB, within 10% of a worker's memory (benchmarks/RESULTS.md); one day's
# HER2-positive neoadjuvant cases, each menopausal status included, are about 135 classes
ANSWER_CACHE_SIZE = 256

NUMBERS = tuple(name for name, f in CASE_FIELDS.items() if f.kind in ("integer", "number"))
# a number of the case where the answer prints it; JSON writes the control character as \u0000
_SLOT = "\x00{}\x00"
_SLOT_IN_JSON = re.compile(r"\\u0000(\w+)\\u0000")
# an answer's texts are cut after each item of a list and kept once, however many classes share them
# (most recommendations and "why not" entries are the same in many classes): a third of the memory
_ITEMS = re.compile(r"(?<=\},)(?=\{)")
CASE_SLOT = "\\u0000case\\u0000"  # where the case's own JSON goes (no case field is named "case")
_NO_DERIVED: frozenset[str] = frozenset()


def slotted(name: str, fact: dict[str, object], derived: AbstractSet[str]) -> str:
    """actual_value, with a slot in place of a number the case gives (the one thing a class does not fix)."""
    return _SLOT.format(name) if name in NUMBERS and name in fact else actual_value(name, fact, derived)


@dataclass(frozen=True)
class Template:
    """An answer's JSON as texts with slots, its texts cut into the items of its lists, each kept once; its
    studies' records (most of its bytes) are the texts the engine wrote once at load."""

    texts: tuple[str, ...]  # a slot's place holds "" until a case fills it
    slots: tuple[tuple[int, str], ...]  # (place, what goes there: "case" or the number it prints)
    records: tuple[bytes, ...]

    @classmethod
    def of(cls, texts: list[str], records: list[bytes]) -> Template:
        """From the answer's texts (with slots) and its studies' records (shared UTF-8, kept as they are)."""
        chunks: list[str] = []
        slots: list[tuple[int, str]] = []
        for text in texts:
            for i, part in enumerate(_SLOT_IN_JSON.split(text)):
                if i % 2:
                    slots.append((len(chunks), part))
                    chunks.append("")
                else:
                    chunks.extend(map(sys.intern, _ITEMS.split(part)))
        return cls(tuple(chunks), tuple(slots), tuple(records))

    def fill(self, case_json: str, fact: dict[str, object]) -> bytes:
        """The answer's JSON in UTF-8 for one case of the class: its own JSON and numbers in the slots."""
        texts = list(self.texts)
        for place, name in self.slots:
            # a number's printed value goes inside a JSON string
            texts[place] = case_json if name == "case" else json.dumps(actual_value(name, fact, _NO_DERIVED))[1:-1]
        return b"".join(("".join(texts).encode(), *self.records))


class AnswerCache:
    """Templates by class of case, least recently used out first; thread-safe."""

    def __init__(self, rulebook: Rulebook, size: int = ANSWER_CACHE_SIZE) -> None:
        self.size = size
        self.hits = self.misses = 0
        self._entries: OrderedDict[Hashable, Template] = OrderedDict()
        self._lock = threading.Lock()
        conditions = [c for r in rulebook.rules for c in (*r.conditions, *(w for k in r.rule.cautions for w in k.when))]
        conditions += rulebook.scope
        self._cuts = {
            name: tuple(sorted({float(str(c.value)) for c in conditions if c.fact == name and c.value is not None}))
            for name in NUMBERS
        }

    def key(self, fact: dict[str, object]) -> Hashable:
        """The case's class: its own values, but for each number only where it falls among the thresholds."""
        return tuple((name, self._place(name, value) if name in self._cuts else value) for name, value in fact.items())

    def _place(self, name: str, value: object) -> tuple[int, int]:
        cuts, number = self._cuts[name], float(value)  # type: ignore[arg-type]
        return bisect.bisect_left(cuts, number), bisect.bisect_right(cuts, number)

    def get(self, key: Hashable, make: Callable[[], Template]) -> Template:
        with self._lock:
            template = self._entries.get(key)
            if template is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return template
            self.misses += 1
        template = make()
        if self.size:
            with self._lock:
                self._entries[key] = template
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return template

    def __len__(self) -> int:
        return len(self._entries)
