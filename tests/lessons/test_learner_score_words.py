"""A learner's score and the refusal of choices that cannot be scored are said in the knowledge base's words
([learner] in rules/case-words.toml; its load check is tests/core/test_moved_sentence_tables.py): an engine over a
reworded copy sums up a score, and refuses choices, in the new words."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient
from packaged import PACKAGED
from pydantic import ValidationError
from rules_copy import loaded

from engine import CaseError
from teaching.learner import LearnerScore, parse_commitment, pass_rule, score


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


def test_a_score_cannot_be_built_without_what_a_pass_needs() -> None:
    """A score says what its pass needs: built without it, it is refused, never sent with an empty rule."""
    with pytest.raises(ValidationError, match="pass_rule"):
        LearnerScore(correct=0, total=0, percent=0, items=[], summary="", passed=False)  # type: ignore[call-arg]


def test_the_served_schema_requires_what_a_pass_needs_in_the_knowledge_bases_words(client: FlaskClient) -> None:
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["LearnerScore"]
    assert "pass_rule" in schema["required"]
    assert schema["properties"]["pass_rule"]["const"] == pass_rule(PACKAGED)
