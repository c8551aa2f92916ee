"""What fires for a case, decided by durable-rules once for each class of case its tests cannot tell apart
(engine/firing.py): every case gets what a session of its own gives it."""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import random
from typing import Any

import pytest

from engine import Engine
from engine.explain import Tracer, WhyNotExplainer
from engine.firing import Firings
from engine.kept import Kept
from engine.printed import shown
from engine.session import DurableRunner

# pairs of days a day apart (mostly one class, sometimes a rule's date between them), years apart
DAYS = [dt.date(y, m, d + k) for y, m, d in ((2005, 10, 1), (2013, 6, 1), (2019, 5, 3), (2026, 1, 1)) for k in (0, 1)]


def _moved(fact: dict[str, object], rng: random.Random) -> dict[str, object]:
    """The case on another of DAYS, with its numbers moved: often the same class, often not."""
    moved = {**fact, "as_of": rng.choice(DAYS).toordinal()}
    if "tumor_size_cm" in moved:
        moved["tumor_size_cm"] = round(rng.uniform(0.1, 6.0), 2)
    if "months_since_trastuzumab" in moved:
        moved["months_since_trastuzumab"] = rng.randrange(0, 30)
    return moved


@pytest.fixture(scope="module")
def cases(sample_facts: list[dict[str, object]]) -> list[dict[str, object]]:
    rng = random.Random(20)
    return [_moved(f, rng) for f in sample_facts[::20] for _ in range(18)]


def test_each_case_gets_what_a_session_of_its_own_gives_it(engine: Engine, cases: list[dict[str, Any]]) -> None:
    """1,800 cases (100 of the space, each 18 times on one of 8 days, with random sizes and months) through one
    store: each gets the rules a fresh session fires for it (in order), the facts it derives and its own facts as
    each rule's match; and the store ran fewer sessions than half the cases (classes were shared)."""
    runner = DurableRunner(engine.rulebook)
    sessions = 0
    own = runner.run

    def counted(fact: dict[str, Any]) -> Any:
        nonlocal sessions
        sessions += 1
        return own(fact)

    shared = Firings(engine.rulebook, DurableRunner(engine.rulebook))
    shared._runner.run = counted  # type: ignore[method-assign]
    for fact in cases:
        firing, alone = shared.run(fact), runner.run(fact)
        assert (firing.fired, firing.derived) == (alone.fired, alone.derived), fact
        assert firing.matched == alone.matched, fact
    assert sessions < len(cases) / 2


def test_cases_of_one_class_share_a_session_and_a_threshold_parts_them(engine: Engine) -> None:
    """A neoadjuvant case of 2.5 cm on 1 June 2013 and one of 3.5 cm on 2 June 2013 read alike to every rule (no
    rule tests a size between them or a day between them): one session. At 2 cm, a threshold of the rules, a
    second one."""
    firings = Firings(engine.rulebook, engine.runner)
    base = engine.parse(
        {
            "setting": "neoadjuvant",
            "her2_status": "positive",
            "hormone_receptor_status": "negative",
            "tumor_size_cm": 1.0,
            "node_status": "negative",
        }
    ).as_fact()
    day = dt.date(2013, 6, 1).toordinal()
    first = firings.class_of({**base, "tumor_size_cm": 2.5, "as_of": day})
    assert firings.class_of({**base, "tumor_size_cm": 3.5, "as_of": day + 1}) == first
    assert firings.class_of({**base, "tumor_size_cm": 2.0, "as_of": day}) != first
    assert 2.0 in engine.rulebook.cuts["tumor_size_cm"]


def test_a_class_of_a_case_not_giving_every_field_holds_only_atomic_values(engine: Engine) -> None:
    """A case's classes, fields it does not give included, are tuples of values the collector does not track, so
    it stops tracking a kept class at its first collection: a server's thousands of kept classes are not walked by
    every full collection, nor counted toward the next."""
    fact = engine.parse(
        {
            "setting": "metastatic",
            "her2_status": "positive",
            "hormone_receptor_status": "negative",
            "metastatic_line": "first",
        }
    ).as_fact()
    assert len(fact) < len(engine.firings._names)  # fields not given
    finer, outcome = engine.firings.classes(fact)
    gc.collect()
    assert not gc.is_tracked(finer)
    assert not gc.is_tracked(outcome)


def test_the_store_keeps_at_most_its_room(
    engine: Engine, cases: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for 5 classes, 300 cases leave at most 5 kept, and each still gets its own session's rules."""
    monkeypatch.setattr(Kept, "SIZE", 5)
    firings = Firings(engine.rulebook, DurableRunner(engine.rulebook))
    for fact in cases[:300]:
        assert firings.run(fact).fired == engine.runner.run(fact).fired
    assert len(firings._made) <= 5


def test_why_not_kept_for_a_class_reads_as_each_case_s_own(engine: Engine, cases: list[dict[str, Any]]) -> None:
    """The "why not" list kept for a class of case and what it is offered (the engine's) is, for each of the 1,800
    cases, the list the explainer makes for that case alone."""
    for fact in cases:
        case = engine.parse({**fact, "as_of": dt.date.fromordinal(int(fact["as_of"])).isoformat()})
        answer = engine._evaluate(case)  # with its slots, as the explainer writes them
        offered = {r.regimen_id: r.status for r in answer.recommendations}
        derived = set(engine.runner.run(case.as_fact()).derived)
        assert answer.why_not == engine.explainer.why_not(case.as_fact(), derived, offered), fact


def test_options_kept_for_what_they_read_read_as_each_case_s_own(engine: Engine, cases: list[dict[str, Any]]) -> None:
    """Each option of the 1,800 cases' answers (kept and shared by every class that reads the same) is the option
    made afresh for that case, but for the reasons of its place, which the orderer adds."""
    for fact in cases:
        case = engine.parse({**fact, "as_of": dt.date.fromordinal(int(fact["as_of"])).isoformat()})
        as_of_words = engine.kb.words.progress("as_of", day=shown("as_of", fact, set()))
        derived = set(engine.runner.run(case.as_fact()).derived)
        for option in engine._evaluate(case).recommendations:
            own = engine._options.make(option.regimen_id, option.rules, case, case.as_fact(), derived, as_of_words)
            assert option.model_copy(update={"ordered_by": []}) == own, (fact, option.regimen_id)


def test_an_option_kept_across_days_reads_as_one_made_on_each_day(engine: Engine) -> None:
    """An option is kept for which of its own regimen's days the date is on or after (far fewer than the answer
    cache's): each teaching case on every day the knowledge base can change an answer on, and on the day before,
    gets through one engine the options made afresh on that day. A day an option reads but its regimen's days
    leave out (an approval, a study turning public, a dated text) gives two days one option, and fails; so does an
    approval kept for fewer of its states than it shows (accelerated or not, the review's commentary or not)."""
    shared, alone = Engine(engine.kb), Engine(engine.kb)
    days = sorted({d + dt.timedelta(days=k) for d in engine.cache.days for k in (-1, 0)})
    for name, teaching in engine.kb.cases.items():
        for day in days:
            case = shared.parse({**teaching.case, "as_of": day.isoformat()})
            fact = case.as_fact()
            cutoff = engine.kb.evidence_cutoff  # past it, a dated statement prints the cut-off
            day = cutoff.isoformat() if case.as_of > cutoff else shown("as_of", fact, set())
            as_of_words = engine.kb.words.progress("as_of", day=day)
            derived = set(shared.firings.run(fact).derived)
            for option in shared._evaluate(case).recommendations:
                alone._options._approvals.clear()
                own = alone._options.make(option.regimen_id, option.rules, case, fact, derived, as_of_words)
                assert option.model_copy(update={"ordered_by": []}) == own, (name, day, option.regimen_id)
    assert len(shared._options) < len(engine.kb.cases) * len(days)  # options were shared across days


def test_why_not_shared_between_classes_reads_each_case_s_own(engine: Engine, cases: list[dict[str, Any]]) -> None:
    """One explainer for all 1,800 cases, whose tests' results it keeps for each value of the fact they read and
    whose entries it keeps for those results and the values they print: each case gets the entries an explainer
    of its own gives it. A result kept for another size, number of months or day (or an entry for other values)
    fails."""
    shared = WhyNotExplainer(engine.rulebook, engine.explainer.names)
    for fact in cases:
        firing = engine.firings.run(fact)
        rules = [engine.rulebook.by_id(i).rule for i in firing.fired]
        offered = {r.regimen: r.status for r in rules if r.regimen is not None and r.status is not None}
        derived = set(firing.derived)
        alone = WhyNotExplainer(engine.rulebook, engine.explainer.names)
        assert shared.why_not(fact, derived, offered) == alone.why_not(fact, derived, offered), fact


def test_the_trace_shared_between_classes_reads_each_case_s_own(engine: Engine, cases: list[dict[str, Any]]) -> None:
    """One tracer for all 1,800 cases, and for each of them without its tumor size, whose entries it keeps for the
    rule and what the rule shows of the case (a choice's value, whether a number or the date is given): each case
    gets the trace a tracer of its own gives it. An entry kept for the rule alone fails."""
    shared = Tracer(engine.rulebook)
    for fact in cases:
        unsized = {k: v for k, v in fact.items() if k != "tumor_size_cm"}
        for firing in (engine.firings.run(fact), engine.firings.run(unsized)):
            assert shared.trace(firing) == Tracer(engine.rulebook).trace(firing), fact


def test_the_tests_results_are_kept_once_for_each_class_of_a_value(engine: Engine) -> None:
    """The explainer keeps its tests' results for a number's place among the thresholds and the date's era, not
    for each number and day: a case on 300 days of one era, each with its own tumor size of one place, keeps no
    more results than its first day. Kept for each value, the store would fill and start afresh every 256 days."""
    eras = engine.rulebook.eras
    start = max(itertools.pairwise(eras), key=lambda pair: pair[1] - pair[0])[0]  # the longest era between two dates
    days = list(range(start, start + 300))
    assert len({engine.rulebook.era(d) for d in days}) == 1
    explainer = WhyNotExplainer(engine.rulebook, engine.explainer.names)
    base = {"setting": "neoadjuvant", "her2_status": "positive", "hormone_receptor_status": "negative"}
    sizes = [2.2 + i / 1000 for i in range(300)]  # no threshold of the rules among them
    assert not [c for c in engine.rulebook.thresholds("tumor_size_cm") if sizes[0] <= float(str(c.value)) <= sizes[-1]]
    explainer.why_not({**base, "node_status": "negative", "as_of": days[0], "tumor_size_cm": sizes[0]}, set(), {})
    kept = len(explainer._results)
    for day, size in zip(days, sizes, strict=True):
        explainer.why_not({**base, "node_status": "negative", "as_of": day, "tumor_size_cm": size}, set(), {})
    assert len(explainer._results) == kept


def test_a_date_only_rules_the_case_cannot_meet_test_does_not_part_its_cases(engine: Engine) -> None:
    """A neoadjuvant case the day before and the day MARIANNE's result was public (2016-11-07, tested only by
    metastatic rules, which its setting already fails) reads alike to every rule it can meet: one session. The day
    before and the day of the neoadjuvant pertuzumab approval (2013-09-30), a date its own rules test: two. Each
    gets what a session of its own gives it."""
    runs: list[dict[str, object]] = []

    class Counting(DurableRunner):
        def run(self, fact: dict[str, Any]) -> Any:
            runs.append(fact)
            return super().run(fact)

    firings = Firings(engine.rulebook, Counting(engine.rulebook))
    base = engine.parse(
        {
            "setting": "neoadjuvant",
            "her2_status": "positive",
            "hormone_receptor_status": "negative",
            "tumor_size_cm": 2.5,
            "node_status": "unknown",
        }
    ).as_fact()

    def on(day: str) -> dict[str, object]:
        return {**base, "as_of": dt.date.fromisoformat(day).toordinal()}

    assert engine.rulebook.era(on("2016-11-06")["as_of"]) != engine.rulebook.era(on("2016-11-07")["as_of"])  # type: ignore[arg-type]
    for day in ("2016-11-06", "2016-11-07"):
        assert firings.run(on(day)).fired == engine.runner.run(on(day)).fired
    assert len(runs) == 1
    for day in ("2013-09-29", "2013-09-30"):
        assert firings.run(on(day)).fired == engine.runner.run(on(day)).fired
    assert len(runs) == 3


@pytest.mark.slow
def test_cases_on_any_day_get_what_a_session_of_their_own_gives_them(
    engine: Engine, sample_facts: list[dict[str, object]]
) -> None:
    """Each of 2,000 cases of the space on three random days from 1998 to past the cut-off, with random sizes,
    months and ages, through one store: each gets the rules a session of its own fires, in order, and the facts
    it derives (what the classes of engine/firing.py rest on, over every era)."""
    rng = random.Random(26)
    first, last = dt.date(1998, 1, 1).toordinal(), engine.kb.info.evidence_cutoff.toordinal() + 60
    shared = Firings(engine.rulebook, DurableRunner(engine.rulebook))
    for fact in sample_facts:
        for _ in range(3):
            moved = {**_moved(fact, rng), "as_of": rng.randrange(first, last)}
            if "age_years" in moved:
                moved["age_years"] = rng.randrange(18, 95)
            firing, alone = shared.run(moved), engine.runner.run(moved)
            assert (firing.fired, firing.derived) == (alone.fired, alone.derived), moved
