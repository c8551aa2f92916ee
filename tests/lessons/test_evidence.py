"""The evidence charts' numbers (teaching/evidence.py), read from the studies of the knowledge base."""

from __future__ import annotations

import pytest

from engine import Engine
from teaching.evidence import blockade, citations, hazard_rows, her2_agents, hr_gap_rows, pcr_rows


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Lapatinib + trastuzumab + paclitaxel (L+T)", "dual"),
        ("Paclitaxel + lapatinib (TL; closed early)", "single"),
        ("C: pertuzumab + trastuzumab, no chemotherapy", "dual, no chemotherapy"),
        ("Arm B: FEC x3 -> docetaxel + T + P x3", "dual"),
        ("TCL (lapatinib)", "single"),
        ("Chemotherapy alone", "none"),
    ],
)
def test_an_arm_label_says_single_or_dual_blockade(label: str, kind: str) -> None:
    assert blockade(label) == kind


def test_letters_count_only_when_no_drug_is_named() -> None:
    assert her2_agents("Paclitaxel + trastuzumab (TH)") == {"trastuzumab"}


def test_pcr_rows_show_the_dual_blockade_gain(engine: Engine) -> None:
    rows = {(r.study_id, r.blockade, r.measure[:10]): r.value for r in pcr_rows(engine.kb)}
    assert rows[("neoaltto", "dual", "breast and")] == 46.8
    dual = [r for r in pcr_rows(engine.kb) if r.study_id == "neosphere" and r.blockade == "dual"]
    assert {r.value for r in dual} >= {45.8, 39.3}


def test_hr_gap_rows_pair_the_subsets(engine: Engine) -> None:
    rows = hr_gap_rows(engine.kb)
    neosphere = next(r for r in rows if r.study_id == "neosphere" and r.blockade == "dual")
    assert (neosphere.hr_negative, neosphere.hr_positive, neosphere.ratio) == (63.2, 26.0, 2.4)
    assert all(r.hr_negative > r.hr_positive for r in rows)


def test_hazard_rows_keep_confidence_intervals_where_given(engine: Engine) -> None:
    rows = hazard_rows(engine.kb)
    studies = {r.study_id for r in rows}
    assert {"cleopatra", "egf104900", "neoaltto"} <= studies
    egf = next(r for r in rows if r.study_id == "egf104900" and r.as_in == "review" and r.endpoint.startswith("Prog"))
    assert (egf.hazard_ratio, egf.ci_low, egf.ci_high) == (0.73, 0.57, 0.93)
    assert any(r.study_id == "neoaltto" and r.ci_low is None for r in rows)


def test_citations_name_each_study_once_with_its_reference_numbers(engine: Engine) -> None:
    cited = citations(engine.kb, ["neoaltto", "neoaltto", "neosphere"])
    assert [c.study_id for c in cited] == ["neoaltto", "neosphere"]
    assert 12 in cited[0].refs
    assert 19 in cited[1].refs
