"""The engine's one cache: an answer per class of cases the rules cannot tell apart, dates included."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from pathlib import Path
from typing import Any

import pytest
from packaged import parse_packaged
from tiny_kb import write_kb

from engine import Engine
from engine.answer_cache import NUMBERS
from engine.case_fields import CASE_FIELDS
from engine.loader import load_knowledge_base

# neoadjuvant, node-positive: the tiny rulebook supports pertuzumab for a tumor above 2 cm, from BETA's day
CASE = {
    "setting": "neoadjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "negative",
    "node_status": "positive",
    "tumor_size_cm": 2.5,
    "as_of": "2012-01-01",
}


def tiny_engine(tmp_path: Path, cache_size: int = 256) -> Engine:
    return Engine(load_knowledge_base(write_kb(tmp_path)), cache_size=cache_size)


def served(engine: Engine, **fields: Any) -> str:
    return engine.answer_json_for(parse_packaged({**CASE, **fields})).decode()


def uncached(engine: Engine, **fields: Any) -> str:
    return engine.answer_json(engine.evaluate_uncached({**CASE, **fields}))


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


def test_an_entry_and_its_template_hold_no_dict_of_their_own(tmp_path: Path) -> None:
    """Every request makes an entry, and a worker keeps a template for each of its 1,024 classes: their fields are
    slots, not a dict for each (the entry's are still what it was asked for)."""
    engine = tiny_engine(tmp_path)
    case = engine.parse({**CASE, "tumor_size_cm": 2.5})
    entry = engine.cache.get(case.as_fact(), lambda: engine._evaluate(case))
    template = entry.json(engine.writer.template)
    assert not hasattr(entry, "__dict__")
    assert not hasattr(template, "__dict__")
    assert entry.json(engine.writer.template) is template


def test_a_cache_of_size_zero_keeps_nothing_and_still_answers(tmp_path: Path) -> None:
    """With no room, every answer is made afresh and is still the same text."""
    engine = tiny_engine(tmp_path, cache_size=0)
    assert served(engine, tumor_size_cm=2.5) == served(engine, tumor_size_cm=2.5) == uncached(engine, tumor_size_cm=2.5)
    assert (len(engine.cache), engine.cache.misses) == (0, 2)


def test_over_the_knowledge_base_a_case_moved_within_its_class_is_answered_as_evaluate_would(
    engine: Engine, space: list[dict[str, Any]]
) -> None:
    """Over a sample of the real case space, each case's numbers moved to another value between the same
    thresholds: the answer from the cache is the text evaluate and answer_json write for the moved case (the
    cache's premise, that an answer reads a number only through the rules' thresholds, holds)."""
    rng, moved = random.Random(1), 0
    for raw in rng.sample(space, 300):
        case = parse_packaged(raw)
        engine.answer_json_for(case)  # the class is now in the cache
        other = {
            **raw,
            **{name: _elsewhere(engine, name, value, rng) for name, value in raw.items() if name in NUMBERS},
        }
        if other == raw:
            continue
        moved_case = parse_packaged(other)
        fresh = engine.answer_json(engine.evaluate_uncached(moved_case))
        assert engine.answer_json_for(moved_case).decode() == fresh, other
        moved += 1
    assert moved >= 100


def _elsewhere(engine: Engine, name: str, value: Any, rng: random.Random) -> Any:
    """Another value of the field between the same two thresholds as `value` (itself if it sits on one)."""
    cuts = engine.cache._cuts[name]
    if value in cuts:
        return value
    low = max([c for c in cuts if c < value], default=float(CASE_FIELDS[name].minimum or 0))
    high = min([c for c in cuts if c > value], default=float(CASE_FIELDS[name].maximum or value + 10))
    if isinstance(value, int):
        choices = [v for v in range(int(low) + 1, int(high)) if low < v < high and v != value]
        return rng.choice(choices) if choices else value
    candidate = round(rng.uniform(low, high), 2)
    return candidate if low < candidate < high else value


def test_two_days_between_the_same_knowledge_base_days_share_one_entry(tmp_path: Path) -> None:
    """2011 and 2012 (both after BETA's day, the tiny knowledge base's last change) are one class; each
    answer prints its own day."""
    engine = tiny_engine(tmp_path)
    first = json.loads(served(engine, as_of="2011-03-04"))
    second = json.loads(served(engine, as_of="2012-05-06"))
    assert (len(engine.cache), engine.cache.hits) == (1, 1)
    assert first["case"]["as_of"] == "2011-03-04"
    assert second["case"]["as_of"] == "2012-05-06"
    assert "2011-03-04" not in json.dumps(second)


def test_evaluate_from_the_cache_is_the_answer_made_afresh(tmp_path: Path) -> None:
    """evaluate wraps the cache: the second case of a class gets an Answer equal to evaluate_uncached's, its own
    case and numbers in it."""
    engine = tiny_engine(tmp_path)
    engine.evaluate({**CASE, "tumor_size_cm": 2.5})
    answer = engine.evaluate({**CASE, "tumor_size_cm": 7.0, "as_of": "2013-01-02"})
    assert engine.cache.hits == 1
    assert answer == engine.evaluate_uncached({**CASE, "tumor_size_cm": 7.0, "as_of": "2013-01-02"})
    assert answer.case.tumor_size_cm == 7.0


def test_a_dated_statement_prints_the_day_of_its_own_request(engine: Engine, space: list[dict[str, Any]]) -> None:
    """A statement of work in progress that nothing ended reads "As of <day>" with the request's own day, though
    the answer of an earlier day of its class is in the cache; past the cut-off it reads the cut-off."""
    hits = engine.cache.hits
    dated = [engine.evaluate({**raw, "as_of": day}) for raw, day in _undated_case(engine, space)]
    assert engine.cache.hits > hits
    assert dated == [engine.evaluate_uncached(a.case) for a in dated]
    texts = [" ".join([*(n.text for n in a.notes), *(r.rationale for r in a.recommendations)]) for a in dated]
    assert f"As of {dated[1].case.as_of.isoformat()}," in texts[1]
    assert f"As of {dated[0].case.as_of.isoformat()}," not in texts[1]


def test_a_dated_statement_reads_its_own_side_of_the_cut_off_in_turn(
    engine: Engine, space: list[dict[str, Any]]
) -> None:
    """The "As of" words are written once for each side of the cut-off: one engine answering a case with a statement
    nothing ended on a day of its own, then past the cut-off, then its day again, dates each by its own side."""
    (raw, day), _ = _undated_case(engine, space)
    cutoff, past = engine.kb.evidence_cutoff.isoformat(), dt.date.today().isoformat()
    for as_of, said in [(day, day), (past, cutoff), (day, day), (past, cutoff)]:
        answer = engine.evaluate_uncached({**raw, "as_of": as_of})
        texts = " ".join([*(n.text for n in answer.notes), *(r.rationale for r in answer.recommendations)])
        assert engine.kb.words.progress("as_of", day=said) in texts, as_of
        assert engine.kb.words.progress("as_of", day=cutoff if said == day else day) not in texts, as_of


def _undated_case(engine: Engine, space: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """A case of the space showing a statement nothing ended, on the first and the last day of its class."""
    for raw in space:
        answer = engine.evaluate_uncached(raw)
        if "no later result in this knowledge base" in answer.model_dump_json():
            day = answer.case.as_of
            spans = engine.cache.days
            start = max([d for d in spans if d <= day], default=dt.date(1998, 1, 1))
            end = min([d for d in spans if d > day]) - dt.timedelta(days=1)
            if start < end:
                return [(raw, start.isoformat()), (raw, end.isoformat())]
    raise AssertionError("no case of the space shows a dated statement")


@pytest.mark.slow
def test_any_day_between_two_knowledge_base_days_is_one_class(engine: Engine, space: list[dict[str, Any]]) -> None:
    """Over a sample of the real case space, each case on the first and the last day of every span between two
    of the knowledge base's change days (and on a day inside it): the answer from the cache is the text evaluate
    and answer_json write for that day (nothing an answer shows changes inside a span but the date it prints)."""
    days = engine.cache.days
    spans = [(a, b - dt.timedelta(days=1)) for a, b in itertools.pairwise((dt.date(1998, 1, 1), *days)) if a < b]
    spans.append((days[-1], engine.kb.evidence_cutoff + dt.timedelta(days=400)))
    rng, checked = random.Random(2), 0
    for raw in rng.sample(space, 6):
        for first, last in spans:
            inside = first + (last - first) / 2
            for day in (first, inside, last):
                case = engine.parse({**raw, "as_of": day.isoformat()}, today=dt.date.max)
                assert engine.answer_json_for(case).decode() == engine.answer_json(engine.evaluate_uncached(case))
                assert engine.evaluate(case) == engine.evaluate_uncached(case), (raw, day)
                checked += 1
    assert engine.cache.hits >= checked


def test_an_answer_made_afresh_prints_the_cases_own_number_and_date(tmp_path: Path) -> None:
    """Every answer is made with a slot where it prints a number or the date of the case (engine/printed.py):
    made afresh, it carries the case's own values there, as entered, and no slot."""
    engine = tiny_engine(tmp_path, cache_size=0)
    answer = engine.evaluate_uncached({**CASE, "tumor_size_cm": 1.96, "as_of": "2012-03-05"})
    reasons = [reason for w in answer.why_not for reason in w.reasons]
    assert any("(here: 1.96)" in reason for reason in reasons), reasons
    matched = {m.name: m.value for f in answer.trace.fired for m in f.matched}
    assert matched["as_of"] == "2012-03-05"
    assert "\\u0000" not in engine.answer_json(answer)
    assert "\x00" not in answer.model_dump_json()
