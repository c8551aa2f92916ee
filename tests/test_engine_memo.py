"""The engine's memos (why-not per regimen, trace per rule) never change an answer."""

from __future__ import annotations

from her2_cds.engine import Engine
from her2_cds.engine.kbcheck import case_space


def test_memoized_answers_equal_answers_computed_afresh(engine: Engine) -> None:
    """2,000 distinct cases in a row: with the why-not and trace memos warm, every answer is the same as without."""
    fresh = Engine(engine.kb, cache_size=0)
    fresh._why_not_memo = None  # type: ignore[assignment]
    fresh._trace_memo = None  # type: ignore[assignment]
    memoized = Engine(engine.kb, cache_size=0)
    space = list(case_space(engine))
    cases = space[:: len(space) // 2000][:2000]  # spread over every setting, size, node status and date
    assert len(cases) == 2000
    for raw in cases * 2:  # the second pass runs on warm memos
        assert memoized.evaluate(raw).model_dump() == fresh.evaluate(raw).model_dump(), raw
    assert memoized._why_not_memo  # the memos were used
    assert memoized._trace_memo
