"""An answer's JSON as the API sends it: the same text as Answer.model_dump_json(), written from shared parts.

Its studies' records (most of its bytes) are the texts the engine wrote once at load (engine/records.py), and
the parts many answers share (the "why not" entries and the rules that fired: the explainer and the tracer make
each once for what it reads) are written and cut at their slots once
(SharedJson). A class's template (answer_cache.Template) is made from those without writing them
again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import BaseModel
from pydantic_core import to_json

from engine.answer import Answer, OrderReason, Recommendation
from engine.answer_cache import CASE_SLOT, Piece, Template
from engine.kept import Kept
from engine.records import StudyRecords

_CASE = Piece.of(CASE_SLOT)  # where the case's own JSON goes, cut at its slot once
_TAIL = {"knowledge_base", "conditional_count", "past_cutoff", "disclaimer"}  # the fields after the lists
# the texts the templates hold, one object for each, as sys.intern keeps a str: a part written again once its store let
# it go, or a template read from the store the workers share, holds the texts already held (without it, a worker grew
# 12% where 9%: benchmarks/memory.py). 20,000 cases over the space hold 2,049 distinct texts
TEXTS_SCALE = 8


class SharedJson:
    """The JSON of parts many answers share (the "why not" entries and the rules that fired, engine/explain.py),
    each written and cut at its slots once, and kept by every template that holds the part: a template is made
    without writing or cutting them again. Keyed by the part object itself: a kept part is held, so no other
    object can have its id while it is kept."""

    def __init__(self, shared: Callable[[bytes], bytes]) -> None:
        self._pieces: Kept[int, tuple[BaseModel, Piece]] = Kept()
        self._shared = shared

    def each(self, parts: Sequence[BaseModel]) -> list[Piece]:
        """The pieces of a list's parts, in order."""
        pieces, found = self._pieces, self._pieces.found
        return [(found(id(p)) or pieces.get(id(p), self._written, p))[1] for p in parts]

    def _written(self, part: BaseModel) -> tuple[BaseModel, Piece]:
        """A part's piece, with the part (held, so no other object has its id while the piece is kept)."""
        return part, Piece.of(part.model_dump_json().encode(), self._shared)


class AnswerWriter:
    """Writes answers' JSON, and their templates with slots, for one engine's records."""

    def __init__(self, records: StudyRecords) -> None:
        self._records = records
        self._texts: Kept[bytes, bytes] = Kept(TEXTS_SCALE)
        self._shared = SharedJson(self.text)
        # an option's JSON in its place, ~2 kB: keyed by the option's list of rules (each option the engine makes has
        # its own, which its copies in their places share: engine/options.py, engine/ordering.py) and the reasons for
        # its place, all held while kept (the reasons by their list), so no other object has their ids; a store of
        # its own, not to push the many small "why not" entries out
        self._placed: Kept[tuple[int, ...], tuple[list[str], list[OrderReason], Piece]] = Kept()
        # each study's key as the studies' JSON writes it, first and after another, shared by every template
        self._keys = {study: _keys(study) for study in records.kb.studies}
        # a tail holds its stamp, so no other object has its id while it is kept
        self._tails: Kept[tuple[object, ...], tuple[object, Piece]] = Kept()
        # the texts between the lists that vary, written once for each of their values: the scope (whether the case
        # is in scope, and the note) before the options, the facts the rules derived after the rules that fired
        self._heads: Kept[tuple[bool, str], bytes] = Kept(0.25)
        self._derived: Kept[tuple[str, ...], bytes] = Kept(0.25)

    def text(self, text: bytes) -> bytes:
        """The one object kept for this text of a template (engine/answer_store.py reads its texts through it)."""
        return self._texts.one(text)

    def json(self, answer: Answer) -> str:
        """The answer's JSON, the same text as answer.model_dump_json()."""
        rest = answer.model_dump_json(exclude={"case", "studies"})
        return '{"case":' + answer.case.model_dump_json() + "," + rest[1:-1] + b"".join(self._studies(answer)).decode()

    def template(self, answer: Answer) -> Template:
        """The answer's JSON with its slots, as answer_json writes it: the case's own JSON in a slot first, the
        "why not" entries, the notes and the rules that fired as each was written once (most of an answer's
        own bytes, shared by many classes)."""
        scope = (answer.in_scope, answer.scope_note)
        derived = tuple(answer.trace.derived_facts)
        return Template.of(
            [
                b'{"case":',
                _CASE,
                self._heads.get(scope, _head, answer),
                self._places(answer.recommendations),
                b'],"why_not":[',
                self._shared.each(answer.why_not),
                b'],"notes":[',
                self._shared.each(answer.notes),
                b'],"trace":{"fired":[',
                self._shared.each(answer.trace.fired),
                self._derived.get(derived, _derived, derived),
                self._tail(answer),
            ],
            self._studies(answer),
        )

    def _places(self, options: list[Recommendation]) -> list[Piece]:
        """The pieces of the options in their places."""
        placed, found = self._placed, self._placed.found
        return [(found(key := _place(o)) or placed.get(key, self._placed_piece, o))[2] for o in options]

    def _tail(self, answer: Answer) -> Piece:
        """The fields after the lists (the knowledge base's stamp, the counts, the disclaimer): written once for
        each of their values."""
        stamp = answer.knowledge_base
        key = (id(stamp), answer.disclaimer, answer.conditional_count, answer.past_cutoff)  # each answer's own text
        return (self._tails.found(key) or self._tails.get(key, self._tail_piece, answer))[1]

    def _tail_piece(self, answer: Answer) -> tuple[object, Piece]:
        return answer.knowledge_base, self._piece(answer.model_dump_json(include=_TAIL)[1:-1])

    def _piece(self, text: str) -> Piece:
        return Piece.of(text.encode(), self.text)

    def _placed_piece(self, option: Recommendation) -> tuple[list[str], list[OrderReason], Piece]:
        return option.rules, option.ordered_by, self._piece(option.model_dump_json())

    def _studies(self, answer: Answer) -> list[bytes]:
        """The answer's studies in UTF-8, and its end: `studies`, a computed field, comes last."""
        studies = [b',"studies":{']
        for i, (key, record) in enumerate(answer.studies.items()):
            named = self._keys.get(key) or _keys(key)
            studies += [named[bool(i)], self._records.json(record)]
        return [*studies, b"}}"]


def _head(answer: Answer) -> bytes:
    head = answer.model_dump_json(include={"in_scope", "scope_note"})
    return b"," + head[1:-1].encode() + b',"recommendations":['


def _derived(derived: tuple[str, ...]) -> bytes:
    return b'],"derived_facts":' + to_json(derived) + b"},"


def _keys(study: str) -> tuple[bytes, bytes]:
    """A study's key in the studies' JSON: first, and after another."""
    key = to_json(study) + b":"
    return key, b"," + key


def _place(option: Recommendation) -> tuple[int, ...]:
    """What an option's JSON in its place is kept by: the option it copies, and each reason for its place (one
    object for each reason: engine/ordering.py)."""
    return id(option.rules), *map(id, option.ordered_by)
