"""`her2-cds kb check`, in-process: the packaged knowledge base over its whole threshold space."""

from __future__ import annotations

import pytest

from her2_cds.engine import Engine
from her2_cds.engine.kbcheck import run_check


@pytest.mark.slow
def test_the_knowledge_base_passes_its_check(engine: Engine) -> None:
    """Over every case of the space durable-rules fires what plain Python does, no regimen gets two statuses,
    no HER2-negative case is offered a regimen, and every rule, study and regimen is used."""
    report = run_check(engine)
    assert report.problems == []
    assert report.cases > 100_000
    assert report.fired_rules == {r.id for r in engine.rulebook.rules}
