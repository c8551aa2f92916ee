"""A learner's score and the refusal of choices that cannot be scored are said in the knowledge base's words
([learner] in rules/case-words.toml; its load check is tests/core/test_moved_sentence_tables.py): an engine over a
reworded copy sums up a score, and refuses choices, in the new words."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_copy import loaded

from engine import CaseError
from teaching.learner import parse_commitment, score


def test_a_reworded_copy_scores_and_refuses_in_its_words(tmp_path: Path) -> None:
    other = loaded(
        tmp_path,
        ('"Not yet a pass."', '"Not passed yet."'),
        ('"A pass needs {percent}% of the items right', '"Passing takes {percent}% of the items right'),
        ('"must be an object of regimen id to status"', '"must map regimen ids to statuses"'),
    )
    case = next(iter(other.kb.cases.values())).case
    result = score(other, other.evaluate(case), parse_commitment({}, other.kb))
    assert result.summary.endswith(" Not passed yet.")
    assert result.pass_rule.startswith("Passing takes 60% of the items right")
    with pytest.raises(CaseError) as caught:
        parse_commitment([], other.kb)
    assert [e.message for e in caught.value.errors] == ["must map regimen ids to statuses"]
