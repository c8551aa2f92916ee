"""The regimens (their ids and list order) and the cut-off are the loaded knowledge base's, never the packaged
one's: an engine over another rules folder answers with that folder's regimens, in its order, and its cut-off."""

from __future__ import annotations

from pathlib import Path

import pytest
from other_kb import (
    EXTENDED_WITHOUT_TRASTUZUMAB,
    FIRST_LINE_ON_REVIEW_DAY,
    MAN_WITH_MENOPAUSAL_STATUS,
    OTHER_CUTOFF,
    OTHER_WHY,
    write_other_kb,
)
from packaged import parse_packaged
from tiny_kb import write_kb

from engine import Answer, CaseError, Engine

TINY_THREE = ("trastuzumab_chemotherapy", "trastuzumab_emtansine", "pertuzumab_trastuzumab_chemotherapy")


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine over a copy of rules/ with an earlier cut-off, its regimens listed in reverse order and its own
    contradictions."""
    return Engine.load(write_other_kb(tmp_path_factory.mktemp("other")))


def investigational(answer: Answer) -> list[str]:
    return [r.regimen_id for r in answer.recommendations if r.status == "investigational"]


def test_another_rules_folder_lists_its_own_regimens(engine: Engine, other: Engine) -> None:
    assert other.kb.regimen_ids == tuple(reversed(engine.kb.regimen_ids))


def test_options_nothing_orders_come_in_the_loaded_regimens_order(engine: Engine, other: Engine) -> None:
    """On the review's day a first-line case has three investigational options that no guideline or trial
    orders: they come in the order the engine's own regimens.toml lists them."""
    case = parse_packaged(FIRST_LINE_ON_REVIEW_DAY)
    packaged, own = investigational(engine.evaluate(case)), investigational(other.evaluate(case))
    assert len(own) == 3
    assert own == sorted(own, key=other.kb.regimen_ids.index)
    assert packaged == list(reversed(own))


def test_a_knowledge_base_may_have_fewer_regimens(tmp_path: Path) -> None:
    """A rules folder with three regimens loads, and its answers name those three and no other."""
    table = '[[regimen]]\nid = "{}"\nname = "R"\nsaid = "r"\ndescription = "d"\ndrugs = ["x"]\n'
    regimens = "\n".join(table.format(r) for r in TINY_THREE)
    engine = Engine.load(write_kb(tmp_path, regimens=regimens))
    assert engine.kb.regimen_ids == TINY_THREE
    case = {"setting": "metastatic", "her2_status": "positive", "hormone_receptor_status": "negative"}
    answer = engine.evaluate({**case, "metastatic_line": "pretreated", "prior_trastuzumab": True})
    named = [r.regimen_id for r in answer.recommendations] + [w.regimen_id for w in answer.why_not]
    assert sorted(named) == sorted(TINY_THREE)


def test_a_case_without_a_date_is_answered_on_the_loaded_cut_off(engine: Engine, other: Engine) -> None:
    """The case's default date, the answer's stamp and its disclaimer are the engine's own cut-off."""
    assert other.kb.evidence_cutoff == OTHER_CUTOFF != engine.kb.evidence_cutoff
    undated = {k: v for k, v in FIRST_LINE_ON_REVIEW_DAY.items() if k != "as_of"}
    assert other.parse(undated).as_of == OTHER_CUTOFF
    case = parse_packaged(undated)
    assert case.as_of is None
    answer = other.evaluate(case)
    assert (answer.case.as_of, answer.knowledge_base.evidence_cutoff) == (OTHER_CUTOFF, OTHER_CUTOFF)
    assert answer.disclaimer == other.kb.disclaimer
    assert answer.disclaimer.endswith(f"cut-off, {OTHER_CUTOFF.isoformat()}.")
    assert not answer.past_cutoff


def test_a_day_between_the_two_cut_offs_is_past_the_loaded_one(engine: Engine, other: Engine) -> None:
    """A day after the engine's cut-off is answered as of its cut-off, and says so; the packaged engine answers
    the same day as known."""
    case = parse_packaged({**FIRST_LINE_ON_REVIEW_DAY, "as_of": "2026-01-01"})
    answer = other.evaluate(case)
    assert answer.past_cutoff
    assert next(n.text for n in answer.notes if n.rule == "engine.cutoff").startswith(
        f"The knowledge base stops at {OTHER_CUTOFF.isoformat()}"
    )
    assert not engine.evaluate(case).past_cutoff


def test_a_case_is_refused_by_the_loaded_contradictions(engine: Engine, other: Engine) -> None:
    """The contradictions are the loaded knowledge base's: the copy refuses a case in its own words, and answers a
    case that only the packaged rules/ refuse."""
    with pytest.raises(CaseError) as refused:
        other.parse(EXTENDED_WITHOUT_TRASTUZUMAB)
    messages = {e.field: e.message for e in refused.value.errors}
    assert set(messages) == {"setting", "prior_trastuzumab"}
    assert all(m.endswith(OTHER_WHY) for m in messages.values())
    with pytest.raises(CaseError, match="menopausal status is a woman's"):
        engine.parse(MAN_WITH_MENOPAUSAL_STATUS)
    assert other.evaluate(MAN_WITH_MENOPAUSAL_STATUS).case.sex == "male"
