"""The engine's one cache (why-not explanations): keyed by what a regimen's rules read, a date by its era."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tiny_kb import write_kb

from her2_cds.engine import Engine
from her2_cds.engine.loader import load_knowledge_base

# metastatic, not pretreated: T-DM1 is investigational only from BETA's day (2010-06-30), so before it
# its explanation names the date test the case fails, with the case's own day
CASE = {
    "setting": "metastatic",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
    "prior_trastuzumab": False,
}


def tiny_engine(tmp_path: Path, cache_size: int = 1024) -> Engine:
    return Engine(load_knowledge_base(write_kb(tmp_path)), why_not_cache_size=cache_size)


def why_not_texts(engine: Engine, as_of: str) -> dict[str, list[str]]:
    return {w.regimen_id: w.reasons for w in engine.evaluate({**CASE, "as_of": as_of}).why_not}


def test_two_days_of_one_era_share_an_entry_and_each_shows_its_own_day(tmp_path: Path) -> None:
    """Two dates between the same rule dates are explained from one cache entry, each naming its own day."""
    engine = tiny_engine(tmp_path)
    first = why_not_texts(engine, "2005-03-01")
    entries = engine.explainer.explain.cache_info().currsize
    second = why_not_texts(engine, "2007-08-15")
    assert engine.explainer.explain.cache_info().currsize == entries
    assert any("(here: 2005-03-01)" in r for r in first["trastuzumab_emtansine"])
    assert {k: [r.replace("2005-03-01", "2007-08-15") for r in v] for k, v in first.items()} == second


def test_cached_explanations_equal_uncached_ones_across_eras(tmp_path: Path) -> None:
    """Around every date a rule tests, the cached engine explains exactly as an engine without a cache."""
    cached, uncached = tiny_engine(tmp_path / "a"), tiny_engine(tmp_path / "b", cache_size=0)
    days = [dt.date.fromordinal(d + k) for d in cached.rulebook.eras for k in (-1, 0, 1)]
    for day in [dt.date(1990, 1, 1), *days, dt.date(2026, 5, 15)]:
        for prior in (True, False):
            case = {**CASE, "prior_trastuzumab": prior, "as_of": day.isoformat()}
            assert cached.evaluate(case).why_not == uncached.evaluate(case).why_not, (day, prior)


def test_the_cache_stays_within_its_bound(tmp_path: Path) -> None:
    """However many distinct cases pass, the cache holds at most its configured number of entries."""
    engine = tiny_engine(tmp_path, cache_size=4)
    for size in range(1, 40):
        case = {"setting": "neoadjuvant", "hormone_receptor_status": "negative", "node_status": "positive"}
        engine.evaluate({**case, "tumor_size_cm": size / 4})
    assert engine.explainer.explain.cache_info().currsize == 4
