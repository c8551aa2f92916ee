"""The engine's one cache: an answer's JSON per class of cases the rules cannot tell apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tiny_kb import write_kb

from her2_cds.engine import Engine, parse_case
from her2_cds.engine.loader import load_knowledge_base

# neoadjuvant, node-positive: the tiny rulebook supports pertuzumab for a tumor above 2 cm, from BETA's day
CASE = {
    "setting": "neoadjuvant",
    "hormone_receptor_status": "negative",
    "node_status": "positive",
    "tumor_size_cm": 2.5,
    "as_of": "2012-01-01",
}


def tiny_engine(tmp_path: Path, cache_size: int = 256) -> Engine:
    return Engine(load_knowledge_base(write_kb(tmp_path)), cache_size=cache_size)


def served(engine: Engine, **fields: Any) -> str:
    return engine.answer_json_for(parse_case({**CASE, **fields}))


def uncached(engine: Engine, **fields: Any) -> str:
    return engine.answer_json(engine.evaluate({**CASE, **fields}))


def test_two_numbers_between_the_same_thresholds_share_one_entry(tmp_path: Path) -> None:
    """Tumors of 2.5 and 7 cm (both above the 2 cm threshold) are answered from one cache entry."""
    engine = tiny_engine(tmp_path)
    served(engine, tumor_size_cm=2.5)
    served(engine, tumor_size_cm=7.0)
    assert (len(engine.cache), engine.cache.hits, engine.cache.misses) == (1, 1, 1)


def test_an_answer_from_the_cache_prints_its_own_case_and_numbers(tmp_path: Path) -> None:
    """The second case of a class gets its own tumor size in the case, the reasoning and the trace."""
    engine = tiny_engine(tmp_path)
    served(engine, tumor_size_cm=2.5)
    answer = json.loads(served(engine, tumor_size_cm=7.0))
    matched = {m["name"]: m["value"] for f in answer["trace"]["fired"] for m in f["matched"]}
    assert answer["case"]["tumor_size_cm"] == 7.0
    assert matched["tumor_size_cm"] == "7.0"
    assert "2.5" not in json.dumps(answer)


def test_a_number_on_a_threshold_is_its_own_class(tmp_path: Path) -> None:
    """2.0 cm (not above 2) and 2.1 cm (above 2) are two entries with different answers."""
    engine = tiny_engine(tmp_path)
    at, above = json.loads(served(engine, tumor_size_cm=2.0)), json.loads(served(engine, tumor_size_cm=2.1))
    assert len(engine.cache) == 2
    assert [r["regimen_id"] for r in at["recommendations"]] == []
    assert [r["regimen_id"] for r in above["recommendations"]] == ["pertuzumab_trastuzumab_chemotherapy"]


def test_cached_answers_equal_uncached_ones_byte_for_byte(tmp_path: Path) -> None:
    """Around the threshold, on days before, on and after a rule's date, each
    case's JSON from the cache is the text evaluate and answer_json write for it."""
    engine = tiny_engine(tmp_path)
    days = ["1999-01-01", "2010-06-29", "2010-06-30", "2026-01-01"]
    sizes = [0.5, 1.9, 2.0, 2.01, 2.1, 3.0, 9.9]
    for _ in range(2):  # the first pass fills the cache, the second reads it
        for day in days:
            for size in sizes:
                assert served(engine, as_of=day, tumor_size_cm=size) == uncached(engine, as_of=day, tumor_size_cm=size)
    assert engine.cache.hits >= len(days) * len(sizes)


def test_the_cache_stays_within_its_bound(tmp_path: Path) -> None:
    """However many classes pass, the cache holds at most its configured number of entries."""
    engine = tiny_engine(tmp_path, cache_size=3)
    for year in range(2000, 2020):
        served(engine, as_of=f"{year}-01-01")
    assert len(engine.cache) == 3


def test_a_cache_of_size_zero_keeps_nothing_and_still_answers(tmp_path: Path) -> None:
    """With no room, every answer is made afresh and is still the same text."""
    engine = tiny_engine(tmp_path, cache_size=0)
    assert served(engine, tumor_size_cm=2.5) == served(engine, tumor_size_cm=2.5) == uncached(engine, tumor_size_cm=2.5)
    assert (len(engine.cache), engine.cache.misses) == (0, 2)
