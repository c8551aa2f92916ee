"""Sentences with named slots: the words are the knowledge base's, the slots the code's.

A table of sentences in rules/case-words.toml (say `[order.says]`) is read against the code's list of the
sentences it fills and each one's slots: every sentence is there, no sentence the code does not fill, and each
names exactly its slots (`{study}`), no more and no fewer, with no format spec or conversion. The load stops at
the first that does not, naming the file and the sentence (`order.says.trial`).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from pathlib import Path

from pydantic import Field

from engine.frozen import Strict
from engine.toml_records import KnowledgeBaseError, exact_keys

Slots = Mapping[str, frozenset[str]]  # each sentence's name, and the slots it must name


def slots(template: str) -> set[str]:
    """The slots a template names ({v} -> "v"); ValueError for one that is not a plain named slot."""
    named: set[str] = set()
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"{{{name}}} is not a plain named slot")
        named.add(name)
    return named


def read_sentences(path: Path, table: object, where: str, wanted: Slots) -> dict[str, str]:
    """The sentences of `table` (the file's [<where>]), each checked against its slots in `wanted`."""
    if not isinstance(table, dict):
        raise KnowledgeBaseError(path, where, f"no [{where}] table")
    allowed = ", ".join(wanted)
    exact_keys(
        path,
        {f"{where}.{name}": said for name, said in table.items()},
        [f"{where}.{name}" for name in wanted],
        unknown=lambda _: f"a sentence the engine does not say; allowed: {allowed}",
        missing=lambda _: "a sentence with no words",
        complete=lambda _, said: isinstance(said, str) and bool(said),
    )
    sentences: dict[str, str] = {}
    for name, needed in wanted.items():
        record, said = f"{where}.{name}", table[name]
        try:
            named = slots(said)
        except ValueError as exc:
            raise KnowledgeBaseError(path, record, str(exc)) from None
        for slot in sorted(needed - named):
            raise KnowledgeBaseError(path, record, f"names no {{{slot}}}; its slots: {_slots(needed)}")
        for slot in sorted(named - needed):
            raise KnowledgeBaseError(path, record, f"{{{slot}}} is not one of its slots: {_slots(needed)}")
        sentences[name] = said
    return sentences


def _slots(needed: frozenset[str]) -> str:
    return ", ".join(f"{{{s}}}" for s in sorted(needed)) or "none"


class Sentences(Strict):
    """A checked table of sentences, filled by name: `sentences("now", because=...)`."""

    says: dict[str, str] = Field(default_factory=dict)

    def __call__(self, sentence: str, **slots: str) -> str:
        return self.says[sentence].format(**slots)
