"""A what-if's flips and why an option's status changes are said in the knowledge base's sentences ([what_if] in
rules/case-words.toml): one missing, one the engine does not say, or one naming a slot too few or too many stops the
load, naming the file and the sentence; the what-if of an engine over a reworded copy is in the new words."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_copy import loaded, refused

from engine import Engine
from engine.says import WHAT_IF_SAYS
from teaching.whatif import what_if


@pytest.mark.parametrize(
    ("old", "new", "record", "reason"),
    [
        ('day_of = "the day of"\n', "", "what_if.day_of", "a sentence with no words"),
        ("[what_if]\n", '[what_if]\nflip = "flip"\n', "what_if.flip", "does not say"),
        (
            '"Rule {rule} no longer applies: {failed}."',
            '"Rule {rule} no longer applies."',
            "what_if.no_longer",
            "{failed}",
        ),
        ('"{test} (now: {value})"', '"{test} (now: {value}, {rule})"', "what_if.failed", "{rule} is not one of"),
    ],
)
def test_a_what_if_sentence_missing_unknown_or_misslotted_stops_the_load(
    tmp_path: Path, old: str, new: str, record: str, reason: str
) -> None:
    file, refused_record, why = refused(tmp_path, "case-words.toml", old, new)
    assert (file, refused_record) == ("case-words.toml", record)
    assert reason in why


def test_the_packaged_words_have_every_what_if_sentence(engine: Engine) -> None:
    assert set(engine.kb.words.what_if.says) == set(WHAT_IF_SAYS)


def test_the_what_if_of_a_reworded_copy_is_in_its_words(tmp_path: Path) -> None:
    other = loaded(tmp_path, ('"Rule {rules} now applies: {rationale}"', '"Now rule {rules}: {rationale}"'))
    case = next(iter(other.kb.cases.values())).case
    reasons = [c.reason for flip in what_if(other, case).flips for c in flip.changes]
    assert any(r.startswith("Now rule ") for r in reasons)
    assert not any(" now applies: " in r for r in reasons)
