"""A "why not" list as a teacher says it: options whose reasons are word for word the same make one entry, the
reasons said once and then the options they cover, in the answer's order; an option with reasons of its own stays
an entry of its own. The walkthrough, the handout and the answer page lay these entries out; the answer's JSON keeps
one entry per option, since a machine reads it by regimen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from engine.answer import Answer
from engine.evaluate import Engine
from engine.phrasing import ClinicalWords
from teaching.reasons import not_offered, reasons_for


@dataclass(frozen=True)
class Said:
    """One entry: `term` names its option, or how many options share its reasons ("21 options"); `covers` names
    those options after the reasons ("Applies to: ..."), and is "" for an option's own reasons."""

    term: str
    reasons: tuple[str, ...]
    names: tuple[str, ...]  # the options' names, in the answer's order
    covers: str

    @property
    def count(self) -> int:
        return len(self.names)

    def sentence(self) -> str:
        """The reasons and then the options they cover, as one run of text (a printed line's, after its term)."""
        return " ".join([*self.reasons, self.covers] if self.covers else self.reasons)


def said_once(words: ClinicalWords, entries: Iterable[tuple[str, Sequence[str]]]) -> list[Said]:
    """(an option's name, its reasons), in the answer's order -> one entry per list of reasons, at the place of the
    first option giving it."""
    shared: dict[tuple[str, ...], list[str]] = {}
    for name, reasons in entries:
        shared.setdefault(tuple(reasons), []).append(name)
    return [_said(words, reasons, names) for reasons, names in shared.items()]


def _said(words: ClinicalWords, reasons: tuple[str, ...], names: list[str]) -> Said:
    if len(names) == 1:
        return Said(names[0], reasons, (names[0],), "")
    covers = words.reason("covers", options=words.reasons["options"].join(names))
    return Said(words.reason("shared", count=str(len(names))), reasons, tuple(names), covers)


def why_not_others(engine: Engine, answer: Answer) -> list[Said] | None:
    """The options the answer does not offer and why not, in a student's words, each reason said once; None for a
    case out of scope, whose one reason for every option is its scope note, said once where the answer gives its scope
    (the walkthrough, the handout and the answer page then have no why-not list)."""
    if not answer.in_scope:
        return None
    names = {w.regimen_id: w.name for w in answer.why_not}
    return said_once(engine.kb.words, [(names[r], reasons_for(engine, answer, r)) for r in not_offered(answer)])
