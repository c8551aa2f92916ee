"""The evidence charts' numbers (teaching/evidence.py), read from the studies of the knowledge base."""

from __future__ import annotations

from engine import Engine
from teaching.evidence import blockade, citations, hazard_rows, hr_gap_rows, pcr_rows


def test_an_arm_is_single_or_dual_blockade_by_its_anti_her2_drugs(engine: Engine) -> None:
    kinds = {(a.label[:2]): blockade(a) for a in engine.kb.studies["neosphere"].arms}
    assert kinds == {"A:": "single", "B:": "dual", "C:": "dual, no chemotherapy", "D:": "single"}
    assert [blockade(a) for a in engine.kb.studies["egf100151"].arms] == ["none", "single"]


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
