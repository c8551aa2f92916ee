"""A what-if's flips and why an option's status changes are said in the knowledge base's words ([what_if] in
rules/case-words.toml; its load check is tests/core/test_moved_sentence_tables.py): the what-if of an engine over a
reworded copy is in the new words."""

from __future__ import annotations

from pathlib import Path

from rules_copy import loaded

from teaching.whatif import what_if


def test_the_what_if_of_a_reworded_copy_is_in_its_words(tmp_path: Path) -> None:
    other = loaded(tmp_path, ('"Rule {rules} now applies: {rationale}"', '"Now rule {rules}: {rationale}"'))
    case = next(iter(other.kb.cases.values())).case
    reasons = [c.reason for flip in what_if(other, case).flips for c in flip.changes]
    assert any(r.startswith("Now rule ") for r in reasons)
    assert not any(" now applies: " in r for r in reasons)
