"""What-if (teaching/whatif.py): each decisive feature flipped in turn, with the rule behind each change."""

from __future__ import annotations

import pytest

from her2_cds.engine import CaseError, Engine
from her2_cds.teaching.whatif import what_if


def _flips(engine: Engine, case_id: str) -> dict[str, list[tuple[str, str, str]]]:
    result = what_if(engine, engine.kb.cases[case_id].case)
    return {f.label: [(c.regimen_id, c.before, c.after) for c in f.changes] for f in result.flips}


def test_months_since_trastuzumab_crosses_the_six_month_line(engine: Engine) -> None:
    flips = _flips(engine, "early-relapse-after-adjuvant")
    assert ("trastuzumab_emtansine", "approved", "investigational") in flips["months_since_trastuzumab: 4 → 7"]
    back = _flips(engine, "late-relapse-after-adjuvant")
    assert ("trastuzumab_emtansine", "investigational", "approved") in back["months_since_trastuzumab: 18 → 6"]


def test_tumor_size_crosses_two_centimetres(engine: Engine) -> None:
    flips = _flips(engine, "neoadjuvant-small-node-negative")
    assert ("pertuzumab_trastuzumab_chemotherapy", "not_offered", "approved") in flips["tumor_size_cm: 1.5 → 2.1"]
    down = _flips(engine, "neoadjuvant-large-tumor")
    assert ("pertuzumab_trastuzumab_chemotherapy", "approved", "not_offered") in down["tumor_size_cm: 3.5 → 2"]


def test_every_decisive_feature_is_flipped(engine: Engine) -> None:
    result = what_if(engine, engine.kb.cases["neoadjuvant-small-node-negative"].case)
    features = {f.feature for f in result.flips}
    assert features == {
        "hormone_receptor_status",
        "node_status",
        "menopausal_status",
        "prior_trastuzumab",
        "tumor_size_cm",
        "setting",
        "as_of",
    }
    dates = [f for f in result.flips if f.feature == "as_of"]
    assert len(dates) == len(engine.kb.approvals)


def test_a_change_names_its_rule_and_the_failed_condition(engine: Engine) -> None:
    result = what_if(engine, engine.kb.cases["neoadjuvant-large-tumor"].case)
    flip = next(f for f in result.flips if f.label == "tumor_size_cm: 3.5 → 2")
    change = next(c for c in flip.changes if c.regimen_id == "pertuzumab_trastuzumab_chemotherapy")
    assert change.rules == ["neoadjuvant.pertuzumab_trastuzumab_chemotherapy.approved"]
    assert "neoadjuvant_pertuzumab_eligible is true (now: false)" in change.reason


def test_as_of_crosses_an_approval_date(engine: Engine) -> None:
    flips = _flips(engine, "tdm1-after-trastuzumab")
    label = next(k for k in flips if "approval trastuzumab-emtansine-2013" in k)
    assert label.startswith("as_of: 2014-07-31 → 2013-02-21 (the day before")
    assert ("trastuzumab_emtansine", "approved", "supported") in flips[label]


def test_switching_the_metastatic_line_changes_the_options(engine: Engine) -> None:
    flips = _flips(engine, "first-line-dual-blockade")
    changes = flips["setting and line: metastatic first → metastatic pretreated"]
    assert ("pertuzumab_trastuzumab_chemotherapy", "approved", "not_offered") in changes


def test_a_bad_case_is_refused_with_its_fields_named(engine: Engine) -> None:
    with pytest.raises(CaseError) as info:
        what_if(engine, {"setting": "metastatic"})
    assert {e.field for e in info.value.errors} == {"hormone_receptor_status", "metastatic_line"}
