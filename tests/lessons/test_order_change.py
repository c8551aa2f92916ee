"""Who is named first, and when that changes (teaching/order_changes.py): the new first's reasons, and, where those do
not place it against the old first, where the old first now stands, in the knowledge base's sentence
([changes].was_first) and with the old first's name inside a sentence (regimens.toml: said)."""

from __future__ import annotations

from pathlib import Path

from rules_copy import loaded
from web_cases import SECOND_LINE

from engine import Engine
from teaching.order_changes import order_change

# a first-line relapse 3 months after adjuvant trastuzumab: treated as second line on the cut-off (T-DXd listed
# first), where the review named the CLEOPATRA regimen first
EARLY_RELAPSE = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "positive",
    "prior_trastuzumab": True,
    "months_since_trastuzumab": 3,
    "brain_metastases": False,
}


def _change(engine: Engine, case: dict[str, object], then: str) -> tuple[str, str, str]:
    parsed = engine.parse(case)
    before = engine.evaluate(parsed.model_copy(update={"as_of": engine.parse({**case, "as_of": then}).as_of}))
    after = engine.evaluate(parsed.model_copy(update={"as_of": engine.kb.evidence_cutoff}))
    change = order_change(engine.kb, before, after)
    assert change is not None
    return change.before_id, change.after_id, change.because


def test_the_old_first_not_placed_by_the_new_firsts_reasons_is_said_where_it_stands(engine: Engine) -> None:
    old, new, because = _change(engine, EARLY_RELAPSE, "2015-01-01")
    assert (old, new) == ("pertuzumab_trastuzumab_chemotherapy", "trastuzumab_deruxtecan")
    first_line = engine.evaluate({**EARLY_RELAPSE, "as_of": engine.kb.evidence_cutoff.isoformat()})
    moved = next(r for r in first_line.recommendations if r.regimen_id == old)
    said = engine.kb.words.order.line
    line = said(next(r for r in first_line.recommendations if r.regimen_id == new).ordered_by)
    assert because == f"{line} Pertuzumab + trastuzumab + taxane-based chemotherapy: {said(moved.ordered_by)}"


def test_an_old_first_the_new_first_is_placed_against_is_not_said_again(engine: Engine) -> None:
    """Second line after trastuzumab: T-DM1 was named first in 2015; on the cut-off T-DXd is, above T-DM1 by
    DESTINY-Breast03, which its line already says."""
    old, new, because = _change(engine, SECOND_LINE, "2015-01-01")
    assert (old, new) == ("trastuzumab_emtansine", "trastuzumab_deruxtecan")
    assert "above T-DM1: DESTINY-Breast03" in because
    now = engine.evaluate({**SECOND_LINE, "as_of": engine.kb.evidence_cutoff.isoformat()})
    assert because == engine.kb.words.order.line(now.recommendations[0].ordered_by)  # T-DM1's own line is not added


def test_the_sentence_and_the_name_inside_it_are_the_knowledge_bases(tmp_path: Path) -> None:
    engine = loaded(
        tmp_path,
        ('"{because} {regimen}: {where}"', '"{because} Before, {regimen} came first: {where}"'),
        ("regimens.toml", 'said = "pertuzumab + trastuzumab + taxane-based chemotherapy"', 'said = "THP"'),
    )
    _, _, because = _change(engine, EARLY_RELAPSE, "2015-01-01")
    assert " Before, THP came first: " in because


def test_an_old_first_named_only_in_the_new_firsts_condition_is_still_said_where_it_stands(engine: Engine) -> None:
    """Pretreated, in December 2020: T-DM1 is named first; with no prior trastuzumab it is not offered, and
    tucatinib's line names T-DM1 only in HER2CLIMB's population ("if trastuzumab, pertuzumab and T-DM1 were given
    before"), which places it against trastuzumab + chemotherapy, not against T-DM1: so T-DM1's place is said."""
    case = {**SECOND_LINE, "brain_metastases": False, "sex": "female", "as_of": "2020-12-15"}
    before = engine.evaluate({**case, "months_since_trastuzumab": 3})
    after = engine.evaluate({**case, "prior_trastuzumab": False})
    change = order_change(engine.kb, before, after)
    assert change is not None
    assert (change.before_id, change.after_id) == ("trastuzumab_emtansine", "tucatinib_trastuzumab_capecitabine")
    assert "and T-DM1 were given before" in change.because
    assert change.because.endswith(" T-DM1: No longer offered.")
