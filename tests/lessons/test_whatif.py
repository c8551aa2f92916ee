"""What-if (teaching/whatif.py): each decisive feature flipped in turn, with the rule behind each change."""

from __future__ import annotations

import pytest

from engine import CaseError, Engine
from teaching.whatif import what_if


def _flips(engine: Engine, case_id: str) -> dict[str, list[tuple[str, str, str]]]:
    result = what_if(engine, engine.kb.cases[case_id].case)
    return {f.label: [(c.regimen_id, c.before, c.after) for c in f.changes] for f in result.flips}


def test_tumor_size_crosses_two_centimetres(engine: Engine) -> None:
    flips = _flips(engine, "neoadjuvant-small-node-negative")
    assert ("pertuzumab_trastuzumab_chemotherapy", "not_offered", "approved") in flips["tumor_size_cm: 1.5 → 2.1"]
    down = _flips(engine, "neoadjuvant-large-tumor")
    assert ("pertuzumab_trastuzumab_chemotherapy", "approved", "not_offered") in down["tumor_size_cm: 3.5 → 2"]


def test_every_decisive_feature_is_flipped(engine: Engine) -> None:
    """Each field a rule tests and the neoadjuvant setting asks for is flipped, and each approval date crossed."""
    result = what_if(engine, engine.kb.cases["neoadjuvant-small-node-negative"].case)
    features = {f.feature for f in result.flips}
    assert features == {
        "her2_status",
        "hormone_receptor_status",
        "node_status",
        "menopausal_status",
        "sex",
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
    assert {e.field for e in info.value.errors} == {"her2_status", "hormone_receptor_status", "metastatic_line"}


def test_a_pretreated_metastatic_case_flips_the_fields_after_the_review(engine: Engine) -> None:
    """The metastatic fields the rules test (prior anti-HER2 regimens, chemotherapy and endocrine therapy, brain
    metastases, HER2 low and ultralow) are flipped; fields of early disease are not."""
    result = what_if(engine, engine.kb.cases["brain-metastases-tucatinib-2020"].case)
    features = {f.feature for f in result.flips}
    assert {
        "prior_metastatic_her2_regimens",
        "prior_metastatic_chemotherapy",
        "prior_metastatic_endocrine_therapy",
        "brain_metastases",
        "her2_status",
    } <= features
    assert not features & {"tumor_size_cm", "node_status", "neoadjuvant_response", "tumor_grade", "age_years"}
    her2 = {f.case["her2_status"] for f in result.flips if f.feature == "her2_status"}
    assert her2 == {"low", "ultralow", "negative", "equivocal", "unknown"}


def test_prior_regimens_cross_each_threshold_the_rules_test(engine: Engine) -> None:
    """The counts tried sit on both sides of every threshold the rules compare prior anti-HER2 regimens with,
    read from the rulebook; at 2 regimens T-DXd's 2019 approval applies, at 0 tucatinib's does not."""
    result = what_if(engine, engine.kb.cases["brain-metastases-tucatinib-2020"].case)
    tried = {f.case.get("prior_metastatic_her2_regimens") for f in result.flips}
    cuts = {c.value for c in engine.rulebook.thresholds("prior_metastatic_her2_regimens")}
    assert cuts
    for cut in cuts:
        assert any(isinstance(v, int) and v < cut for v in tried)
        assert any(isinstance(v, int) and v >= cut for v in tried)
    assert None in tried  # a rule tests that the count is not given
    flips = _flips(engine, "brain-metastases-tucatinib-2020")
    assert ("trastuzumab_deruxtecan", "not_offered", "approved") in flips["prior_metastatic_her2_regimens: 1 → 2"]
    assert ("tucatinib_trastuzumab_capecitabine", "approved", "not_offered") in flips[
        "prior_metastatic_her2_regimens: 1 → 0"
    ]


def test_residual_disease_after_neoadjuvant_therapy_brings_the_later_options(engine: Engine) -> None:
    """After surgery, residual disease (KATHERINE, DESTINY-Breast05) brings T-DM1 and T-DXd."""
    flips = _flips(engine, "adjuvant-node-positive-today")
    # the case does not state prior trastuzumab, so residual disease contradicts nothing: no second change
    residual = flips["neoadjuvant_response: none → residual"]
    assert ("trastuzumab_emtansine", "not_offered", "approved") in residual
    assert ("trastuzumab_deruxtecan", "not_offered", "approved") in residual


def test_her2_ultralow_in_2022_is_out_of_scope_where_low_is_in(engine: Engine) -> None:
    """On 2022-08-05 HER2-low is in scope for T-DXd and ultralow is not yet (its approval came in 2025)."""
    flips = _flips(engine, "her2-low-db04-2022")
    assert ("trastuzumab_deruxtecan", "approved", "not_offered") in flips["her2_status: low → ultralow"]


def test_an_early_case_can_move_to_extended_adjuvant_leaving_what_that_setting_refuses(engine: Engine) -> None:
    """An adjuvant case is tried as extended adjuvant therapy, without its response to neoadjuvant therapy."""
    result = what_if(engine, engine.kb.cases["adjuvant-node-positive-today"].case)
    moved = next(f for f in result.flips if f.label == "setting and line: adjuvant → extended_adjuvant")
    assert moved.case["setting"] == "extended_adjuvant"
    assert "neoadjuvant_response" not in moved.case
    assert moved.case["tumor_size_cm"] == 2.5
