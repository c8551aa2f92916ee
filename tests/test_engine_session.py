"""The durable-rules runner's guards (engine/session.py): each test reproduces one trap of the library.

See /work/shared/durable-rules-notes.md for the traps; each test here fails if its guard is removed.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import subprocess
import sys
import textwrap
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tiny_kb import RULES, write_kb

from her2_cds.engine import CaseError, Engine, EngineError, KnowledgeBaseError, load_knowledge_base, parse_case
from her2_cds.engine import session as session_module
from her2_cds.engine.compile import MARKER_RULE
from her2_cds.engine.kbcheck import case_space
from her2_cds.engine.rulebook import Rulebook, build_rulebook, fire_in_python
from her2_cds.engine.session import DurableRunner, Firing, _QuietHost

LATE_RELAPSE = "metastatic.trastuzumab_emtansine.first_line_late_relapse.supported"
REPO = Path(__file__).resolve().parent.parent


def spread_sample(engine: Engine, count: int) -> list[dict[str, Any]]:
    """`count` distinct cases spread evenly over the whole threshold case space."""
    total = sum(1 for _ in case_space(engine))
    assert total >= count
    return list(itertools.islice(case_space(engine), 0, None, total // count))[:count]


@pytest.fixture(scope="module")
def sample_facts(engine: Engine) -> list[dict[str, object]]:
    """2,000 distinct case facts from the case space."""
    facts = [parse_case(raw).as_fact() for raw in spread_sample(engine, 2000)]
    assert len({json.dumps(f, sort_keys=True) for f in facts}) == 2000
    return facts


@pytest.fixture
def tiny(tmp_path: Path) -> Rulebook:
    """The tiny hand-written knowledge base's rulebook."""
    return build_rulebook(load_knowledge_base(write_kb(tmp_path)))


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Switch threads every microsecond, so that a missing lock shows within a few thousand runs."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def run_threads(count: int, work: Callable[[int], None]) -> None:
    errors: list[BaseException] = []

    def target(k: int) -> None:
        try:
            work(k)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=target, args=(k,)) for k in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]


def spy_on_sessions(monkeypatch: pytest.MonkeyPatch, runner: DurableRunner) -> list[tuple[str, int]]:
    """Record (session id, live sessions) for every case the runner asserts."""
    seen: list[tuple[str, int]] = []
    original = runner._host.assert_fact

    def assert_fact(name: str, fact: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        seen.append((fact["sid"], runner.live_sessions))
        return original(name, fact, *args, **kwargs)

    monkeypatch.setattr(runner._host, "assert_fact", assert_fact)
    return seen


def without_marker(compile_rulebook: Callable[[Rulebook], dict[str, Any]]) -> Callable[[Rulebook], dict[str, Any]]:
    """A compiler doing the naive thing: none(...) tested with no phase marker."""

    def compile_naively(rulebook: Rulebook) -> dict[str, Any]:
        compiled = compile_rulebook(rulebook)
        for rules in compiled.values():
            rules.pop(MARKER_RULE)
            for rule in rules.values():
                rule["all"] = [element for element in rule["all"] if "phase" not in element]
        return compiled

    return compile_naively


# ---- (a) threads ----


@pytest.mark.usefixtures("fast_switching")
def test_eight_threads_get_the_single_threaded_answers(engine: Engine, sample_facts: list[dict[str, object]]) -> None:
    """8 threads x 2,000 distinct cases each (in different orders): every fired list equals the single-threaded one."""
    runner = DurableRunner(engine.rulebook)
    expected = [(firing.fired, firing.derived) for firing in map(runner.run, sample_facts)]
    wrong: list[int] = []

    def work(k: int) -> None:
        n = len(sample_facts)
        for i in range(n):
            j = (i * 7 + k * 251) % n
            firing = runner.run(sample_facts[j])
            if (firing.fired, firing.derived) != expected[j]:
                wrong.append(j)

    run_threads(8, work)
    assert wrong == []
    assert runner.live_sessions == 0


@pytest.mark.usefixtures("fast_switching")
def test_threads_get_the_single_threaded_full_answers(engine: Engine, sample_facts: list[dict[str, object]]) -> None:
    """4 threads x 250 cases through one Engine (its cache shared): every JSON answer equals the single-threaded one."""
    cases = [parse_case(raw) for raw in spread_sample(engine, 250)]
    expected = [engine.evaluate(c).model_dump_json() for c in cases]
    wrong: list[int] = []

    def work(k: int) -> None:
        for i in range(len(cases)):
            j = (i + k * 61) % len(cases)
            if engine.evaluate(cases[j]).model_dump_json() != expected[j]:
                wrong.append(j)

    run_threads(4, work)
    assert wrong == []


# ---- (b) no background threads ----


def test_engine_starts_no_background_threads(tmp_path: Path) -> None:
    """Loading an engine and evaluating leaves threading.enumerate() unchanged (no dispatcher or timer threads)."""
    before = set(threading.enumerate())
    engine = Engine.load()
    engine.evaluate({"setting": "metastatic", "metastatic_line": "first", "hormone_receptor_status": "positive"})
    DurableRunner(build_rulebook(load_knowledge_base(write_kb(tmp_path))))
    assert set(threading.enumerate()) == before


def test_stock_host_starts_background_threads() -> None:
    """The trap itself (in a child process, its timers never stop): durable's stock Host starts two threads."""
    code = textwrap.dedent(
        """
        import threading
        from durable import engine
        before = threading.active_count()
        engine.Host()
        print(threading.active_count() - before)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "2"


# ---- (c) sessions deleted ----


def test_sessions_are_deleted_after_each_evaluation(
    engine: Engine, sample_facts: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After 200 evaluations no session is live, and an old session id no longer holds its case."""
    runner = DurableRunner(engine.rulebook)
    seen = spy_on_sessions(monkeypatch, runner)
    for fact in sample_facts[:200]:
        runner.run(fact)
    assert runner.live_sessions == 0
    for sid, _ in (seen[0], seen[99], seen[-1]):
        try:
            facts = runner._host.get_facts(runner._name, sid)
        except Exception:  # durable-rules: error 309, no such session
            continue
        assert not [f for f in facts if f.get("t") == "case"], f"session {sid} still holds its case"


def test_three_thousand_evaluations_in_one_runner(engine: Engine) -> None:
    """3,000 distinct evaluations on one runner raise no MemoryError (durable caps live sessions at 1,024)."""
    runner = DurableRunner(engine.rulebook)
    count = 0
    for raw in spread_sample(engine, 3000):
        runner.run(parse_case(raw).as_fact())
        count += 1
    assert count == 3000
    assert runner.live_sessions == 0


# ---- (d) exceptions in actions ----

ADJUVANT = {
    "setting": "adjuvant",
    "hormone_receptor_status": "positive",
    "tumor_size_cm": 2.5,
    "node_status": "positive",
}


def test_exception_in_an_action_raises_engine_error(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception inside an action's bookkeeping surfaces as EngineError naming the rule, not a partial answer."""
    runner = DurableRunner(engine.rulebook)
    victim = "note.adjuvant.resistance_pten"
    original = runner._record

    def record(rule_id: str, c: Any) -> Firing:
        if rule_id == victim:
            raise RuntimeError("boom")
        return original(rule_id, c)

    monkeypatch.setattr(runner, "_record", record)
    fact = parse_case(ADJUVANT).as_fact()
    assert victim in fire_in_python(engine.rulebook, fact)[0]
    with pytest.raises(EngineError, match=rf"{victim}: RuntimeError: boom"):
        runner.run(fact)
    assert runner.live_sessions == 0
    monkeypatch.undo()
    assert victim in runner.run(fact).fired  # the runner is still usable


def test_exception_swallowed_by_durable_raises_engine_error(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """An action that raises past its own guard (durable puts it in the session state) still fails Engine.evaluate."""
    original = DurableRunner._action_for

    def action_for(self: DurableRunner, rule_id: str, derive: str | None) -> Callable[[Any], None]:
        if rule_id == "note.adjuvant.resistance_pten":

            def boom(c: Any) -> None:
                raise RuntimeError("raw boom")

            return boom
        return original(self, rule_id, derive)

    monkeypatch.setattr(DurableRunner, "_action_for", action_for)
    broken = Engine(engine.kb, why_not_cache_size=0)
    with pytest.raises(EngineError, match="raw boom"):
        broken.evaluate(ADJUVANT)
    assert broken.runner.live_sessions == 0


# ---- (e) $or / one_of ----


def test_one_of_note_fires_once(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A note rule using one_of runs its action once and appears once in the trace and the notes."""
    notes = [r.id for r in engine.rulebook.rules if r.rule.note and any(c.op == "one_of" for c in r.rule.when)]
    assert notes, "the knowledge base must keep a note rule using one_of for this guard to be tested"
    runner = DurableRunner(engine.rulebook)
    calls: Counter[str] = Counter()
    original = runner._record

    def record(rule_id: str, c: Any) -> Firing:
        calls[rule_id] += 1
        return original(rule_id, c)

    monkeypatch.setattr(runner, "_record", record)
    for raw in (ADJUVANT, {**ADJUVANT, "setting": "neoadjuvant"}):
        fact = parse_case(raw).as_fact()
        calls.clear()
        fired = runner.run(fact).fired
        for note in notes:
            if note in fire_in_python(engine.rulebook, fact)[0]:
                assert calls[note] == 1
                assert fired.count(note) == 1
        answer = engine.evaluate(raw)
        rule_ids = [f.rule for f in answer.trace.fired]
        assert all(rule_ids.count(n) <= 1 for n in notes)
        assert all([n.rule for n in answer.notes].count(rule) <= 1 for rule in notes)


def test_or_with_two_true_branches_is_recorded_once(tiny: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    """The trap itself: an $or with two true branches runs the action twice; the runner records the rule once."""
    original = session_module.compile_rulebook

    def two_branches(rulebook: Rulebook) -> dict[str, Any]:
        compiled = original(rulebook)
        (rules,) = compiled.values()
        rules["x.note"]["all"] = [
            {"case": {"$and": [{"t": "case"}, {"$or": [{"setting": "adjuvant"}, {"node_status": "positive"}]}]}}
        ]
        return compiled

    monkeypatch.setattr(session_module, "compile_rulebook", two_branches)
    runner = DurableRunner(tiny)
    calls: list[str] = []
    record = runner._record
    monkeypatch.setattr(runner, "_record", lambda rule_id, c: (calls.append(rule_id), record(rule_id, c))[1])
    firing = runner.run({"setting": "adjuvant", "node_status": "positive", "her2_status": "positive", "as_of": 735445})
    assert calls.count("x.note") == 2  # durable-rules fired the rule once per true branch
    assert firing.fired.count("x.note") == 1


# ---- (f) none(...) and facts derived later ----


def test_negation_sees_facts_derived_later_in_the_same_evaluation(engine: Engine) -> None:
    """First line, trastuzumab 3 months ago: trastuzumab_pretreated is derived late; the late-relapse rule is silent."""
    assert LATE_RELAPSE in {r.id for r in engine.rulebook.rules}
    case = {
        "setting": "metastatic",
        "metastatic_line": "first",
        "hormone_receptor_status": "negative",
        "prior_trastuzumab": True,
        "months_since_trastuzumab": 3,
    }
    answer = engine.evaluate(case)
    assert "trastuzumab_pretreated" in answer.trace.derived_facts
    assert LATE_RELAPSE not in [f.rule for f in answer.trace.fired]
    late = engine.evaluate({**case, "months_since_trastuzumab": 9})  # not vacuous: 9 months fires it
    assert LATE_RELAPSE in [f.rule for f in late.trace.fired]


def test_negation_in_the_tiny_rulebook(tiny: Rulebook) -> None:
    """A rule testing a derived fact is_false fires only when the fact is never derived."""
    runner = DurableRunner(tiny)
    base = {"setting": "metastatic", "her2_status": "positive", "as_of": 735445}
    assert "x.naive" not in runner.run({**base, "prior_trastuzumab": True}).fired
    assert "x.naive" in runner.run({**base, "prior_trastuzumab": False}).fired


def test_without_the_phase_marker_negation_misfires(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The trap itself: compiled naively (no phase marker), the late-relapse rule fires for the 3-month case."""
    monkeypatch.setattr(session_module, "compile_rulebook", without_marker(session_module.compile_rulebook))
    naive = DurableRunner(engine.rulebook)
    case = {
        "setting": "metastatic",
        "metastatic_line": "first",
        "hormone_receptor_status": "negative",
        "prior_trastuzumab": True,
        "months_since_trastuzumab": 3,
    }
    assert LATE_RELAPSE in naive.run(parse_case(case).as_fact()).fired


@pytest.mark.slow
def test_durable_equals_plain_python_over_the_whole_case_space(engine: Engine) -> None:
    """Over every case of the threshold space, durable-rules fires exactly the rules fire_in_python does, in order."""
    runner = DurableRunner(engine.rulebook)
    differ: list[dict[str, Any]] = []
    count = 0
    for raw in case_space(engine):
        fact = parse_case(raw).as_fact()
        firing = runner.run(fact)
        fired, derived = fire_in_python(engine.rulebook, fact)
        count += 1
        if sorted(firing.fired) != sorted(fired) or set(firing.derived) != derived:
            differ.append(raw)
    assert count > 90_000  # the pruned space (engine/casespace.py)
    assert differ[:5] == []


# ---- (g) numbers against strings ----

TINY_CASE = {"setting": "neoadjuvant", "hormone_receptor_status": "positive", "node_status": "positive"}


def test_mixed_types_compare_as_strings_in_durable() -> None:
    """The trap itself: durable-rules finds the text "10" below the number 5."""
    fired: list[str] = []
    host = _QuietHost({"r": lambda c: fired.append("r")})
    host.set_rulesets({"mixed": {"r": {"all": [{"m": {"$lt": {"size": 5}}}], "run": "r"}}})
    host.assert_fact("mixed", {"size": "10", "sid": "s1"})
    host.delete_state("mixed", "s1")
    assert fired == ["r"]


def test_a_rule_comparing_a_number_with_text_fails_at_load(tmp_path: Path) -> None:
    """A rule with `above "2"` stops the load with the file, the rule id and the reason."""
    bad = RULES.replace('op = "above", value = 2 }', 'op = "above", value = "2" }')
    assert bad != RULES
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(write_kb(tmp_path, rules_x=bad))
    assert caught.value.path.endswith("rules/x.toml")
    assert caught.value.record == "x.large"
    assert "takes a number" in caught.value.reason


@pytest.mark.parametrize("size", ["2.5", "10", True, None])
def test_a_case_giving_a_number_as_text_is_a_case_error(size: object) -> None:
    """A case with tumor_size_cm "2.5" (or "10", or true) is a CaseError naming tumor_size_cm."""
    raw = {**TINY_CASE, "tumor_size_cm": size}
    with pytest.raises(CaseError) as caught:
        parse_case(raw)
    assert [e.field for e in caught.value.errors] == ["tumor_size_cm"]


@pytest.mark.parametrize("size", [1e-05, 9e-05, 5e-324])
def test_a_tiny_tumor_size_is_answered_or_refused(engine: Engine, size: float) -> None:
    """A valid-looking tumor_size_cm below 1e-4 is either a CaseError or answered, never a durable-rules error."""
    raw = {**ADJUVANT, "tumor_size_cm": size}
    try:
        case = parse_case(raw)
    except CaseError:
        return
    assert engine.evaluate(case).case == case


def test_a_fact_durable_cannot_read_raises_engine_error(engine: Engine) -> None:
    """A fact durable-rules cannot parse (1e+16 is its error 204) raises EngineError with that error, not error 309."""
    runner = DurableRunner(engine.rulebook)
    with pytest.raises(EngineError) as caught:
        runner.run({**parse_case(ADJUVANT).as_fact(), "tumor_size_cm": 1e16})
    assert "309" not in str(caught.value)
    assert runner.live_sessions == 0


# ---- (h) rulebooks the runner cannot run safely ----


def test_a_derivation_testing_is_false_fails_at_load(tmp_path: Path) -> None:
    """A derivation that tests a derived fact is_false is a KnowledgeBaseError naming file and rule."""
    bad = RULES.replace(
        '{ fact = "prior_trastuzumab", op = "is_true" },\n]\nderive',
        '{ fact = "prior_trastuzumab", op = "is_true" },\n'
        '  { fact = "neoadjuvant_pertuzumab_eligible", op = "is_false" },\n]\nderive',
    )
    assert bad != RULES
    with pytest.raises(KnowledgeBaseError) as caught:
        build_rulebook(load_knowledge_base(write_kb(tmp_path, rules_x=bad)))
    assert (caught.value.path, caught.value.record) == ("rules/x.toml", "derive.pretreated")
    assert "is_false" in caught.value.reason


def test_a_rule_with_only_is_absent_fails_at_load(tmp_path: Path) -> None:
    """A rule whose only tests are is_absent (an endless loop in durable-rules) is a KnowledgeBaseError."""
    only_absent = (
        '[[rule]]\nid = "x.absent"\nsource = "s"\nrationale = "r"\n'
        'when = [{ fact = "tumor_size_cm", op = "is_absent" }]\nnote = "absent"\n'
    )
    with pytest.raises(KnowledgeBaseError) as caught:
        build_rulebook(load_knowledge_base(write_kb(tmp_path, rules_x=RULES + only_absent)))
    assert (caught.value.path, caught.value.record) == ("rules/x.toml", "x.absent")
    assert "is_absent" in caught.value.reason


def test_more_than_512_rules_fail_before_durable_sees_them(tmp_path: Path) -> None:
    """512 rules (513 with the phase marker) are a KnowledgeBaseError from Engine.load, never a hang in set_rulesets."""
    many = "\n".join(
        f'[[rule]]\nid = "m.{i}"\nsource = "s"\nrationale = "r"\n'
        f'when = [{{ fact = "setting", op = "equals", value = "adjuvant" }}]\nnote = "m{i}"\n'
        for i in range(512)
    )
    with pytest.raises(KnowledgeBaseError, match="512") as caught:
        Engine.load(write_kb(tmp_path, rules_x=many))
    assert caught.value.path == "rules"


def test_a_case_passing_64_distinct_tests_fails_at_load_not_in_c(tmp_path: Path) -> None:
    """64 note rules with distinct thresholds, all passed by one case: a KnowledgeBaseError at load, not a crash."""
    notes = "\n".join(
        f'[[rule]]\nid = "t.{i}"\nsource = "s"\nrationale = "r"\n'
        f'when = [{{ fact = "tumor_size_cm", op = "above", value = {i / 100} }}]\nnote = "t{i}"\n'
        for i in range(64)
    )
    kb_dir = write_kb(tmp_path, rules_x=RULES + notes)
    code = textwrap.dedent(
        f"""
        from her2_cds.engine import Engine, KnowledgeBaseError
        try:
            engine = Engine.load({str(kb_dir)!r})
        except KnowledgeBaseError as exc:
            print("refused:", exc)
            raise SystemExit(0)
        engine.evaluate({{"setting": "adjuvant", "hormone_receptor_status": "positive",
                         "tumor_size_cm": 29, "node_status": "negative"}})
        print("evaluated")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert out.returncode == 0, f"exit {out.returncode}: {out.stderr[-300:]}"
    assert out.stdout.startswith("refused:")


def test_a_rulebook_without_negation_evaluates(tmp_path: Path) -> None:
    """A knowledge base in which no rule tests a derived fact is_false still answers (the marker is optional)."""
    without_naive = "[[rule]]".join(r for r in RULES.split("[[rule]]") if 'id = "x.naive"' not in r)
    assert "is_false" not in without_naive
    engine = Engine.load(write_kb(tmp_path, rules_x=without_naive))
    answer = engine.evaluate(ADJUVANT)
    assert [n.rule for n in answer.notes] == ["x.note"]


# ---- (i) session ids ----


@pytest.mark.usefixtures("fast_switching")
def test_session_ids_are_fresh_and_one_session_is_live_at_a_time(
    engine: Engine, sample_facts: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """4 threads x 300 evaluations: 1,200 distinct session ids, and exactly one live session during each."""
    runner = DurableRunner(engine.rulebook)
    seen = spy_on_sessions(monkeypatch, runner)
    run_threads(4, lambda k: [runner.run(f) for f in sample_facts[k * 300 : (k + 1) * 300]])
    sids = [sid for sid, _ in seen]
    assert len(sids) == 1200
    assert len(set(sids)) == 1200
    assert {live for _, live in seen} == {1}
    assert runner.live_sessions == 0


def test_no_session_is_left_live_after_a_failed_evaluation(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """When durable-rules itself raises mid-assert, the session is still deleted and the next id is fresh."""
    runner = DurableRunner(engine.rulebook)
    seen = spy_on_sessions(monkeypatch, runner)
    spied = runner._host.assert_fact

    def failing(name: str, fact: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        spied(name, fact, *args, **kwargs)
        raise RuntimeError("durable failed")

    monkeypatch.setattr(runner._host, "assert_fact", failing)
    fact = parse_case(ADJUVANT).as_fact()
    with contextlib.suppress(RuntimeError):
        runner.run(fact)
    assert runner.live_sessions == 0
    monkeypatch.setattr(runner._host, "assert_fact", spied)
    runner.run(fact)
    assert seen[0][0] != seen[1][0]
    with pytest.raises(Exception):  # noqa: B017, PT011  durable-rules: error 309, the session is gone
        runner._host.get_state(runner._name, seen[0][0])
