"""Parts of an answer made once for everything they read and shared between answers ("why not" entries, orders),
never across cases that read differently."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from engine import Engine
from engine.answer import OrderReason
from engine.explain import WhyNotExplainer
from engine.kept import Kept
from engine.ordering import Orderer


def _why_not(explainer: WhyNotExplainer, engine: Engine, raw: dict[str, Any]) -> list[Any]:
    answer = engine.evaluate_uncached(raw)
    fact = engine.parse(raw).as_fact()
    derived = set(engine.runner.run(fact).derived)
    return explainer.why_not(fact, derived, {r.regimen_id: r.status for r in answer.recommendations})


def test_an_explainer_that_shares_entries_explains_each_case_as_a_fresh_one_would(
    engine: Engine, space: list[dict[str, Any]]
) -> None:
    """Over a sample of the case space (every setting, status and era), the engine's explainer, whose entries
    are shared by every case it has explained, gives each case the entries a new explainer gives it: no value,
    status or reason of one case reaches another."""
    shared = WhyNotExplainer(engine.rulebook, engine.explainer.names)
    for raw in random.Random(7).sample(space, 400):
        fresh = WhyNotExplainer(engine.rulebook, engine.explainer.names)
        assert _why_not(shared, engine, raw) == _why_not(fresh, engine, raw), raw


def test_two_classes_that_read_the_same_share_one_entry(engine: Engine) -> None:
    """A first-line metastatic case on 1 February and on 20 May 2026: two classes of the answer cache (a
    knowledge-base day falls between them), but no rule a "why not" entry reads changes, so each regimen's entry
    is the same object in both answers."""
    case = {"setting": "metastatic", "metastatic_line": "first", "her2_status": "positive"}
    case |= {"hormone_receptor_status": "negative"}
    early, late = {**case, "as_of": "2026-02-01"}, {**case, "as_of": "2026-05-20"}
    assert engine.cache.key(engine.parse(early).as_fact()) != engine.cache.key(engine.parse(late).as_fact())
    first, second = _why_not(engine.explainer, engine, early), _why_not(engine.explainer, engine, late)
    assert first
    assert all(a is b for a, b in zip(first, second, strict=True))


def test_an_orderer_that_shares_orders_orders_each_case_as_a_fresh_one_would(
    engine: Engine, space: list[dict[str, Any]]
) -> None:
    """The engine's orderer keeps each order it made for the options, the guideline and trial cases the case fits
    and the days the date is on or after; over a sample of the space, each case is ordered as by a new orderer,
    reasons included."""
    shared = Orderer(engine.kb, engine.rulebook)
    for raw in random.Random(11).sample(space, 400):
        answer = engine.evaluate_uncached(raw)
        fact = engine.parse(raw).as_fact()
        derived = set(engine.runner.run(fact).derived)
        fresh = Orderer(engine.kb, engine.rulebook)
        recs = answer.recommendations[::-1]  # the order must not come from the list it is given
        assert shared.order(recs, fact, derived) == fresh.order(recs, fact, derived), raw


def test_what_an_engine_answered_before_changes_no_answer(engine: Engine, space: list[dict[str, Any]]) -> None:
    """Two engines answer the same 400 cases of the space, one in the order the other reverses: each part made
    once and shared (a "why not" entry, an order, a rule that fired) is made first by different cases
    in the two, and every case still gets the same answer, as JSON and as evaluate gives it."""
    sample = random.Random(5).sample(space, 400)
    forward, backward = Engine.load(), Engine.load()
    first = [forward.answer_json_for(forward.parse(raw)) for raw in sample]
    second = [backward.answer_json_for(backward.parse(raw)) for raw in reversed(sample)][::-1]
    assert first == second
    assert [forward.evaluate_uncached(raw) for raw in sample[::-1]][::-1] == [
        backward.evaluate_uncached(raw) for raw in sample
    ]


def test_an_option_s_json_in_its_place_is_shared_only_by_options_alike_in_both(
    engine: Engine, space: list[dict[str, Any]]
) -> None:
    """The writer keeps an option's JSON in its place for the option it copies and the reasons for its place. One
    engine answers 400 cases of the space keeping it, another forgets it before each case: every case gets the
    same JSON from the two. Among them an option is placed for different reasons in two cases, and different
    options for the same reasons (a store keyed by either alone fails), and the JSON kept is read again."""
    shared, fresh = Engine(engine.kb, cache_size=0), Engine(engine.kb, cache_size=0)
    placed: dict[str, set[str]] = {}
    reasons: dict[str, set[str]] = {}
    shown = 0
    for raw in random.Random(19).sample(space, 400):
        fresh.writer._placed.clear()
        case = shared.parse(raw)
        assert shared.answer_json_for(case) == fresh.answer_json_for(case), raw
        for option in shared.evaluate_uncached(case).recommendations:
            line = shared.kb.words.order.line(option.ordered_by)
            placed.setdefault(option.model_dump_json(exclude={"ordered_by"}), set()).add(line)
            reasons.setdefault(line, set()).add(option.regimen_id)
            shown += 1
    assert any(len(lines) > 1 for lines in placed.values())
    assert any(len(regimens) > 1 for regimens in reasons.values())
    assert len(shared.writer._placed) < shown / 2


def test_the_shared_parts_stay_within_their_bound(space: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    """With room for 5 parts in each store (20 in a store of small parts), 200 cases of the space leave none over
    its room, and are answered as an engine with the usual room answers them."""
    monkeypatch.setattr(Kept, "SIZE", 5)
    small, usual = Engine.load(), Engine.load()
    monkeypatch.undo()
    for raw in random.Random(13).sample(space, 200):
        assert small.answer_json_for(small.parse(raw)) == usual.answer_json_for(usual.parse(raw)), raw
    stores = (small.explainer._made, small.tracer._made, small.orderer._made, small.writer._shared._pieces)
    stores += (small._options._made, small._options._approvals, small._why_not, small.firings._made)
    stores += (small.writer._placed,)
    assert all(len(store) <= store.room <= 20 for store in stores)


def test_notes_kept_for_their_rule_and_words_read_as_each_answer_s_own(engine: Engine) -> None:
    """A note is one object for its rule and the answer's "As of" words: each teaching case on two days up to the
    cut-off and on a day past it (today: the cut-off's own note, dated by the cut-off), answered by one engine,
    has the notes made afresh for it. A note kept for another rule or for the cut-off's words fails."""
    shared, fresh = Engine(engine.kb), Engine(engine.kb)
    cutoff = engine.kb.evidence_cutoff
    past = 0
    for teaching in engine.kb.cases.values():
        for day in (cutoff - dt.timedelta(days=400), cutoff, dt.date.today()):
            raw = {**teaching.case, "as_of": day.isoformat()}
            fresh._notes.clear()
            notes = shared.evaluate_uncached(raw).notes
            assert notes == fresh.evaluate_uncached(raw).notes, raw
            past += any(n.rule == "engine.cutoff" for n in notes)
    assert past == len(engine.kb.cases) * (dt.date.today() > cutoff)


def test_an_order_reason_is_shared_only_by_reasons_alike_in_every_field(engine: Engine) -> None:
    """The orderer keeps one object for each reason it gives: a reason equal in every field gets the kept one, and
    a reason that differs in any one field (its kind, words, regimens, source, quote, or whether it is conditional
    or from a secondary copy) gets its own."""
    orderer = Orderer(engine.kb, engine.rulebook)
    first = OrderReason(kind="guideline", text="listed first for second line", source="asco-2022")
    changes: list[dict[str, Any]] = [
        {"kind": "options"},
        {"text": "named for second line"},
        {"regimens": ["lapatinib_capecitabine"]},
        {"source": "nccn-2023"},
        {"quote": "should be offered"},
        {"conditional": True},
        {"secondary": True},
    ]
    others = [first.model_copy(update=change) for change in changes]
    assert [orderer._one(r) for r in (first, *others)] == [first, *others]
    assert orderer._one(OrderReason(kind="guideline", text="listed first for second line", source="asco-2022")) is first


def test_a_store_finds_what_it_holds_and_nothing_once_it_starts_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept.found gives the part kept for a key, or None, without making one: the store's own look-up, so it
    still reads the store after it started afresh, when full (room 2 here) or cleared."""
    monkeypatch.setattr(Kept, "SIZE", 2)
    store: Kept[str, str] = Kept()
    found = store.found
    assert found("a") is None
    store.get("a", str.upper, "a")
    store.get("b", str.upper, "b")
    assert (found("a"), found("b")) == ("A", "B")
    store.get("c", str.upper, "c")  # full: starts afresh
    assert (found("a"), found("c")) == (None, "C")
    store.clear()
    assert found("c") is None
    store.get("d", str.upper, "d")
    assert found("d") == "D"


def test_a_store_makes_a_missing_part_from_the_arguments_given_and_only_then() -> None:
    """Kept.get calls its maker with the arguments given after it, once, for a key it does not hold; a key it holds
    gets the kept part and its maker is not called."""
    store: Kept[str, str] = Kept()
    calls: list[tuple[str, int]] = []

    def make(word: str, times: int) -> str:
        calls.append((word, times))
        return word * times

    assert store.get("a", make, "ab", 2) == "abab"
    assert store.get("a", make, "zz", 9) == "abab"
    assert calls == [("ab", 2)]


def test_a_store_gives_one_object_for_equal_values() -> None:
    """Kept.one keeps a value as its own key: an equal value made later (a new object) gets the first one back."""
    store: Kept[bytes, bytes] = Kept()
    first = b"".join([b"educational ", b"use"])
    again = b"".join([b"educational", b" use"])
    assert again == first
    assert again is not first
    assert store.one(first) is first
    assert store.one(again) is first
