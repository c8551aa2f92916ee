"""`her2-cds kb check`, in-process: the packaged knowledge base over its whole threshold space, the factored
sweep it runs and the problems it reports."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from tiny_kb import RULES, write_kb

from engine import Engine
from engine.casespace import choice_classes, combos
from engine.kbcheck import run_check
from engine.rulebook import fire_in_python
from engine.sweep import DaySweep


@pytest.mark.slow
def test_the_knowledge_base_passes_its_check(engine: Engine) -> None:
    """Over every case of the space durable-rules fires what plain Python does on its sample, no
    regimen gets two statuses, no HER2-negative case is offered a regimen, and every rule, study and regimen
    is used."""
    report = run_check(engine)
    assert report.problems == []
    assert report.cases > 100_000
    assert report.durable_cases == sum(1 for _ in combos(engine.rulebook))
    assert report.fired_rules == {r.id for r in engine.rulebook.rules}


def test_a_choice_is_swept_by_the_classes_of_values_the_conditions_tell_apart(engine: Engine) -> None:
    """Sex is tested only as male or not (lapatinib + letrozole): female and unknown are one class, swept once;
    menopausal status has three classes, each value tested apart."""
    classes = choice_classes(engine.rulebook)
    assert classes["sex"] == ["female", "male"]
    assert classes["menopausal_status"] == ["premenopausal", "postmenopausal", "unknown"]


def test_the_day_sweep_fires_what_the_plain_rulebook_fires(engine: Engine) -> None:
    """On every 40th combination of fields, on each of its days, DaySweep gives fire_in_python's rules, in its
    order, and its derived facts."""
    sweep = DaySweep(engine.rulebook)
    compared = 0
    for _, case, days in itertools.islice(combos(engine.rulebook), 0, None, 40):
        fact = case.as_fact()
        for day, (fired, derived) in zip(days, sweep.fire(fact, [d.toordinal() for d in days]), strict=True):
            expected = fire_in_python(engine.rulebook, {**fact, "as_of": day.toordinal()})
            assert (list(fired), set(derived)) == expected, (case, day)
            compared += 1
    assert compared > 4_000


def test_a_regimen_given_two_statuses_is_reported_not_raised(tmp_path: Path) -> None:
    """Two rules giving one regimen two statuses for the same case: a problem naming both, not a crash."""
    other = RULES[RULES.index('[[rule]]\nid = "x.large"') : RULES.index('[[rule]]\nid = "x.note"')]
    other = other.replace('"x.large"', '"x.large.other"').replace('"supported"', '"investigational"')
    engine = Engine.load(write_kb(tmp_path, rules_x=RULES + other))
    problems = run_check(engine).problems
    assert any("pertuzumab_trastuzumab_chemotherapy gets two statuses" in p for p in problems), problems
