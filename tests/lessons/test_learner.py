"""Learner mode (teaching/learner.py): a commitment scored item by item against the engine, with reasons."""

from __future__ import annotations

import pytest
from packaged import PACKAGED, REGIMEN_IDS

from engine import Answer, CaseError, Engine
from teaching.learner import parse_commitment, score


def _answer(engine: Engine, case_id: str) -> Answer:
    return engine.evaluate(engine.kb.cases[case_id].case)


def test_choosing_exactly_the_engine_answer_scores_full_marks(engine: Engine) -> None:
    answer = _answer(engine, "tdm1-after-trastuzumab")
    perfect = parse_commitment({r.regimen_id: r.status for r in answer.recommendations}, PACKAGED)
    result = score(engine, answer, perfect)
    assert (result.correct, result.total, result.percent) == (len(REGIMEN_IDS), len(REGIMEN_IDS), 100)
    assert {i.verdict for i in result.items} == {"correct"}


def test_each_difference_is_classified_and_explained(engine: Engine) -> None:
    answer = _answer(engine, "late-relapse-after-adjuvant")
    result = score(
        engine,
        answer,
        parse_commitment(
            {
                "trastuzumab_emtansine": "approved",  # engine: investigational (the 6-month line)
                "lapatinib_capecitabine": "approved",  # engine: not offered
                "trastuzumab_chemotherapy": "approved",  # correct
            },
            PACKAGED,
        ),
    )
    items = {i.regimen_id: i for i in result.items}
    assert items["trastuzumab_emtansine"].verdict == "wrong_status"
    assert (
        "metastatic.trastuzumab_emtansine.first_line_late_relapse.investigational"
        in items["trastuzumab_emtansine"].rules
    )
    assert items["lapatinib_capecitabine"].verdict == "extra"
    assert "disease already treated with trastuzumab" in items["lapatinib_capecitabine"].reason  # what it needs
    assert items["pertuzumab_trastuzumab_chemotherapy"].verdict == "missed"
    assert items["pertuzumab_trastuzumab_chemotherapy"].rules == [
        "metastatic.pertuzumab_trastuzumab_chemotherapy.first_line.approved"
    ]
    assert items["trastuzumab_chemotherapy"].verdict == "correct"
    assert "1 with another status" in result.summary


def test_an_empty_commitment_means_nothing_offered(engine: Engine) -> None:
    answer = _answer(engine, "her2-negative-selection")
    result = score(engine, answer, parse_commitment({}, PACKAGED))
    assert result.correct == len(REGIMEN_IDS)
    assert "HER2-positive" in result.items[0].reason  # the scope's reason for every regimen


@pytest.mark.parametrize(
    ("choices", "field"),
    [
        ({"trastuzumab_emtansine": "maybe"}, "choices.trastuzumab_emtansine"),
        ({"aspirin": "approved"}, "choices"),
        (["approved"], "choices"),
    ],
)
def test_bad_choices_name_the_field(choices: object, field: str) -> None:
    with pytest.raises(CaseError) as info:
        parse_commitment(choices, PACKAGED)
    assert info.value.errors[0].field == field


def test_not_recommended_is_the_answer_key_for_pertuzumab_in_a_low_risk_node_negative_tumor(engine: Engine) -> None:
    """The library's node-negative, grade 1, ER/PR-positive case: adjuvant pertuzumab is outside 'high risk of
    recurrence' (and APHINITY's node-negative cohort showed no benefit), so 'not recommended' scores correct."""
    answer = _answer(engine, "adjuvant-node-negative-low-risk")
    choices = {"pertuzumab_trastuzumab_chemotherapy": "not_recommended", "trastuzumab_chemotherapy": "supported"}
    items = {i.regimen_id: i for i in score(engine, answer, parse_commitment(choices, PACKAGED)).items}
    assert items["pertuzumab_trastuzumab_chemotherapy"].verdict == "correct"
    assert "high risk of recurrence" in items["pertuzumab_trastuzumab_chemotherapy"].reason
    approved = parse_commitment({"pertuzumab_trastuzumab_chemotherapy": "approved"}, PACKAGED)
    wrong = {i.regimen_id: i for i in score(engine, answer, approved).items}
    assert wrong["pertuzumab_trastuzumab_chemotherapy"].verdict == "wrong_status"
