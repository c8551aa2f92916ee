"""What the loaded knowledge base checks a case against beyond each field's type, and how it tells a bad case: its
contradictions (rules/contradictions.toml) and the words of every message beside a bad field ([case_error] in
rules/case-words.toml). Whoever parses a case passes the knowledge base's (KnowledgeBase.case_checks), so a
message is in the words of the knowledge base that answers, never in words set at import.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

from engine.contradictions import CONTRADICTIONS_FILE, Contradiction, read_contradictions
from engine.templates import Sentences, read_sentences
from engine.toml_records import read_toml, unique

# A bad case's messages ([case_error]), and each sentence's slots: a case that is not an object ({kind}: what it
# is, `a_list` for a list); a problem and what the field allows ({problem}, {allowed}), where an unknown field is
# allowed the case fields ({fields}: joined by `list`); a field left out, or not a case field; a value ({value}:
# as given, shortened) not among the choices, of the wrong type or out of range; a number given as text or a
# boolean, or not finite; a date not written YYYY-MM-DD, or not a calendar day ({value}); the rules across fields: a
# count that must be 0 ({other}: the field that says so, {wanted}: its value, {others}: its other values, joined by
# `or`), a field a {setting} requires, a field of other settings ({settings}: them, joined by `or`), a field that
# needs another ({field}) true, a date in the future; and the form's own: a field given more than once ({times}), and
# a value that is not a boolean (with or without "unknown"), a whole number or a number.
CASE_ERROR_SAYS: dict[str, frozenset[str]] = {
    "not_an_object": frozenset({"kind"}),
    "a_list": frozenset(),
    "allowed": frozenset({"problem", "allowed"}),
    "fields": frozenset({"fields"}),
    "list": frozenset(),
    "or": frozenset(),
    "required": frozenset(),
    "not_a_field": frozenset(),
    "not_allowed": frozenset({"value"}),
    "wrong_type": frozenset({"value"}),
    "out_of_range": frozenset({"value"}),
    "not_a_number": frozenset(),
    "not_finite": frozenset(),
    "not_a_date": frozenset(),
    "not_a_day": frozenset({"value"}),
    "zero": frozenset({"other", "wanted", "others"}),
    "required_in": frozenset({"setting", "allowed"}),
    "elsewhere": frozenset({"settings", "setting"}),
    "needs_true": frozenset({"field"}),
    "future": frozenset({"value", "allowed"}),
    "repeated": frozenset({"times"}),
    "not_boolean": frozenset({"value"}),
    "not_boolean_or_unknown": frozenset({"value"}),
    "not_whole": frozenset({"value"}),
    "not_number": frozenset({"value"}),
}


@dataclass(frozen=True)
class CaseChecks(Sequence[Contradiction]):
    """The knowledge base's contradictions, as a sequence, and the words of a bad case's messages (`says`)."""

    found: tuple[Contradiction, ...] = ()
    says: Sentences = field(default_factory=Sentences)

    @overload
    def __getitem__(self, index: int) -> Contradiction: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Contradiction]: ...

    def __getitem__(self, index: int | slice) -> Contradiction | Sequence[Contradiction]:
        return self.found[index]

    def __len__(self) -> int:
        return len(self.found)

    def __iter__(self) -> Iterator[Contradiction]:
        return iter(self.found)  # not Sequence's, which indexes until IndexError: every case read runs this

    def allowed(self, problem: str, allowed: str) -> str:
        """A problem and what the field allows, as every message beside a field ends."""
        return self.says("allowed", problem=problem, allowed=allowed)


def read_case_checks(kb_dir: Path, words_file: str) -> CaseChecks:
    """The folder's contradictions (each id once) and the words of a bad case's messages, from `words_file`'s
    [case_error] table: a sentence missing or naming a slot too few or too many stops the load naming the file and
    the sentence."""
    path = kb_dir / CONTRADICTIONS_FILE
    found = tuple(unique(path, read_contradictions(path), lambda c: c.id).values())
    words = kb_dir / words_file
    says = read_sentences(words, read_toml(words).get("case_error"), "case_error", CASE_ERROR_SAYS)
    return CaseChecks(found=found, says=Sentences(says=says))
