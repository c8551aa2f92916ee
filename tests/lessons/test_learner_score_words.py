"""A learner's score and the refusal of choices that cannot be scored are said in the knowledge base's sentences
([learner] in rules/case-words.toml): one missing, or one naming a slot too few or too many, stops the load naming
the file and the sentence; an engine over a reworded copy sums up a score in the new words."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_copy import loaded, refused

from engine import CaseError
from teaching.learner import parse_commitment, score


@pytest.mark.parametrize(
    ("old", "new", "record", "reason"),
    [
        ('not_passed = "Not yet a pass."\n', "", "learner.not_passed", "a sentence with no words"),
        ('not_offered = "{status}."', 'not_offered = "Not offered."', "learner.not_offered", "names no {status}"),
        (
            '"{value} is not allowed; allowed: {choices}"',
            '"{value}: {choices} ({key})"',
            "learner.not_allowed",
            "{key}",
        ),
        (' unsure. {result}"', ' unsure."', "learner.summary", "names no {result}"),
    ],
)
def test_a_learner_sentence_missing_or_misslotted_stops_the_load(
    tmp_path: Path, old: str, new: str, record: str, reason: str
) -> None:
    file, refused_record, why = refused(tmp_path, "case-words.toml", old, new)
    assert (file, refused_record) == ("case-words.toml", record)
    assert reason in why


def test_a_reworded_copy_scores_and_refuses_in_its_words(tmp_path: Path) -> None:
    other = loaded(
        tmp_path,
        ('"Not yet a pass."', '"Not passed yet."'),
        ('"must be an object of regimen id to status"', '"must map regimen ids to statuses"'),
    )
    case = next(iter(other.kb.cases.values())).case
    result = score(other, other.evaluate(case), parse_commitment({}, other.kb))
    assert result.summary.endswith(" Not passed yet.")
    with pytest.raises(CaseError) as caught:
        parse_commitment([], other.kb)
    assert [e.message for e in caught.value.errors] == ["must map regimen ids to statuses"]
