"""The answer cache's premise about dates: between two of the knowledge base's change days an answer reads
alike but for the date it prints, so any day there is one class (engine/change_days.py)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from session_helpers import spread_sample

from engine import Engine
from engine.dating import PartialDate

RULES = Path(__file__).resolve().parents[2] / "rules"
PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _dates(value: object) -> Iterator[dt.date]:
    """Every day a TOML value names: a date, and a partial date's first and counted day."""
    if isinstance(value, dt.date):
        yield value
    elif isinstance(value, str) and PARTIAL.match(value) and 1990 < int(value[:4]) < 2100:
        day = PartialDate(value)
        yield from (day.first_day(), day.counts_from())
    elif isinstance(value, dict):
        yield from (d for v in value.values() for d in _dates(v))
    elif isinstance(value, list):
        yield from (d for v in value for d in _dates(v))


def named_days() -> set[dt.date]:
    """Each day the knowledge base's files name, and the day after it."""
    days = {d for path in RULES.rglob("*.toml") for d in _dates(tomllib.loads(path.read_text(encoding="utf-8")))}
    return days | {d + dt.timedelta(days=1) for d in days}


def test_the_change_days_are_days_the_knowledge_base_names(engine: Engine) -> None:
    """No change day comes from nowhere: each is a day a file names, or the day after one."""
    assert set(engine.cache.days) <= named_days()


def test_on_any_other_day_the_knowledge_base_names_an_answer_reads_as_the_day_before(
    engine: Engine, space: list[dict[str, Any]]
) -> None:
    """On each day a file names that is not a change day, a spread of cases of the space is answered, slots in
    place of its date and numbers, as on the day before: nothing the answer shows changes there."""
    cases = spread_sample([raw for raw in space if raw["her2_status"] in ("positive", "low")], 12)
    changes = set(engine.cache.days)
    first, last = dt.date(1998, 1, 2), engine.kb.evidence_cutoff
    others = sorted(d for d in named_days() if d not in changes and first <= d <= last)
    assert len(others) > 50

    def shown(raw: dict[str, Any], day: dt.date) -> str:
        case = engine.parse({**raw, "as_of": day.isoformat()})
        return engine._evaluate(case).model_dump_json(exclude={"case"})

    for day in others:
        for raw in cases:
            assert shown(raw, day) == shown(raw, day - dt.timedelta(days=1)), (day, raw)
