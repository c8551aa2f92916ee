"""The durable-rules traps in what rules mean (engine/session.py, engine/compile.py): $or firing twice,
none(...) before facts are derived, numbers compared as text, and rulebooks durable-rules cannot run
safely. Each test here fails if its guard is removed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from packaged import parse_dated, parse_packaged
from session_helpers import ADJUVANT, without_marker
from tiny_kb import RULES, write_kb

from engine import CaseError, Engine, EngineError, KnowledgeBaseError, load_knowledge_base
from engine import session as session_module
from engine.rulebook import Rulebook, build_rulebook, fire_in_python
from engine.session import DurableRunner, Firing, _QuietHost

LATE_RELAPSE = "metastatic.trastuzumab_emtansine.first_line_late_relapse.supported"
# first line, trastuzumab 3 months ago: the case the negation trap answers wrongly and its guard answers right
EARLY_RELAPSE_FIRST_LINE = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
    "prior_trastuzumab": True,
    "months_since_trastuzumab": 3,
}
REPO = Path(__file__).resolve().parents[2]


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
        fact = parse_dated(raw).as_fact()
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
    case = EARLY_RELAPSE_FIRST_LINE
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
    case = EARLY_RELAPSE_FIRST_LINE
    assert LATE_RELAPSE in naive.run(parse_dated(case).as_fact()).fired


# ---- (g) numbers against strings ----

TINY_CASE = {
    "setting": "neoadjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "positive",
    "node_status": "positive",
}


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
        parse_packaged(raw)
    assert [e.field for e in caught.value.errors] == ["tumor_size_cm"]


@pytest.mark.parametrize("size", [1e-05, 9e-05, 5e-324])
def test_a_tiny_tumor_size_is_answered_or_refused(engine: Engine, size: float) -> None:
    """A valid-looking tumor_size_cm below 1e-4 is either a CaseError or answered, never a durable-rules error."""
    raw = {**ADJUVANT, "tumor_size_cm": size}
    try:
        case = parse_dated(raw)
    except CaseError:
        return
    assert engine.evaluate(case).case == case


def test_a_fact_durable_cannot_read_raises_engine_error(engine: Engine) -> None:
    """A fact durable-rules cannot parse (1e+16 is its error 204) raises EngineError with that error, not error 309."""
    runner = DurableRunner(engine.rulebook)
    with pytest.raises(EngineError) as caught:
        runner.run({**parse_dated(ADJUVANT).as_fact(), "tumor_size_cm": 1e16})
    assert "309" not in str(caught.value)
    assert runner.live_sessions == 0


# ---- (h) rulebooks the runner cannot run safely ----


def test_a_derivation_testing_is_false_fails_at_load(tmp_path: Path) -> None:
    """A derivation that tests a derived fact is_false is a KnowledgeBaseError naming file and rule."""
    declared = (
        '[[derived_fact]]\nid = "neoadjuvant_pertuzumab_eligible"\nmeaning = "m"\nis_true = "t"\nis_false = "f"\n'
    )
    bad = declared + RULES.replace(
        '{ fact = "prior_trastuzumab", op = "is_true" },\n]\nderive',
        '{ fact = "prior_trastuzumab", op = "is_true" },\n'
        '  { fact = "neoadjuvant_pertuzumab_eligible", op = "is_false" },\n]\nderive',
    )
    assert bad != declared + RULES
    with pytest.raises(KnowledgeBaseError) as caught:
        build_rulebook(load_knowledge_base(write_kb(tmp_path, rules_x=bad)))
    assert (caught.value.path, caught.value.record) == ("rules/x.toml", "derive.pretreated")
    assert "is_false" in caught.value.reason


def test_a_rule_with_only_is_absent_fails_at_load(tmp_path: Path) -> None:
    """A rule whose only tests are is_absent (an endless loop in durable-rules) is a KnowledgeBaseError."""
    only_absent = (
        '[[rule]]\nid = "x.absent"\nsource = "s"\nrationale = "r"\n'
        'when = [{ fact = "months_since_trastuzumab", op = "is_absent" }]\nnote = "absent"\n'
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
        from engine import Engine, KnowledgeBaseError
        try:
            engine = Engine.load({str(kb_dir)!r})
        except KnowledgeBaseError as exc:
            print("refused:", exc)
            raise SystemExit(0)
        engine.evaluate({{"setting": "adjuvant", "her2_status": "positive", "hormone_receptor_status": "positive",
                         "tumor_size_cm": 29, "node_status": "negative"}})
        print("evaluated")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert out.returncode == 0, f"exit {out.returncode}: {out.stderr[-300:]}"
    assert out.stdout.startswith("refused:")


def _exit_code(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)


def test_deleting_the_session_of_a_case_no_rule_took_in_crashes_durable(tmp_path: Path) -> None:
    """The trap itself: a fact no rule takes in (MessageNotHandledException), then delete_state: the process dies."""
    code = """
        from durable import engine
        from engine.session import _QuietHost
        host = _QuietHost({"r": lambda c: None})
        rule = {"all": [{"m": {"$and": [{"t": "case"}, {"setting": "adjuvant"}]}}], "run": "r"}
        host.set_rulesets({"trap": {"r": rule}})
        # the corruption does not always kill the process at once (it depends on the heap, which the folder's
        # path and this very text shift), so spring the trap up to 200 times, each session id of another
        # length so that the heap differs each time
        keep = []
        for i in range(200):
            sid = f"s{i}" + "x" * (i % 50)
            keep.append(bytearray(PAD * (i % 37 + 1)))
            try:
                host.assert_fact("trap", {"t": "case", "setting": "metastatic", "her2_status": "positive", "sid": sid})
            except engine.MessageNotHandledException:
                print("not handled", flush=True)
            host.delete_state("trap", sid)
        """
    # the heap also depends on how the process starts: from one folder, `python -c` survived all 200 traps while
    # the same text run as a file died at the first (measured), so the trap is sprung in four layouts, each run
    # as given and as a file, until one process dies; and as a file with freed memory poisoned (glibc's
    # MALLOC_PERTURB_), where the read after free does not go unnoticed: a few lines more in the modules the
    # session imports shifted the heap so that all eight runs above survived under pytest (measured)
    dead = []
    for pad in (0, 64, 16, 256):
        text = textwrap.dedent(code).replace("PAD", str(pad))
        script = tmp_path / f"trap{pad}.py"
        script.write_text(text, encoding="utf-8")
        for out in (_exit_code(text), _run_file(script), _run_file(script, MALLOC_PERTURB_="165")):
            assert out.stdout.startswith("not handled\n")
            dead.append(out.returncode < 0)  # killed by a signal (SIGSEGV or SIGABRT)
        if any(dead):
            break
    assert any(dead), dead


def _run_file(script: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2]), **env},
    )


def test_a_case_no_knowledge_base_rule_tests_for_is_answered(tmp_path: Path) -> None:
    """A knowledge base with no negation and one neoadjuvant rule answers an adjuvant case with nothing, and lives."""
    kb_dir = write_kb(
        tmp_path, rules_x=RULES[RULES.index('[[rule]]\nid = "x.large"') : RULES.index('[[rule]]\nid = "x.note"')]
    )
    out = _exit_code(
        f"""
        from engine import Engine
        engine = Engine.load({str(kb_dir)!r})
        answer = engine.evaluate({ADJUVANT!r})
        print(len(answer.trace.fired), engine.runner.live_sessions)
        """
    )
    assert (out.returncode, out.stdout) == (0, "0 0\n"), out.stderr[-300:]


def test_a_rulebook_without_negation_evaluates(tmp_path: Path) -> None:
    """A knowledge base in which no rule tests a derived fact is_false still answers."""
    without_naive = "[[rule]]".join(r for r in RULES.split("[[rule]]") if 'id = "x.naive"' not in r)
    assert 'op = "is_false"' not in without_naive
    engine = Engine.load(write_kb(tmp_path, rules_x=without_naive))
    answer = engine.evaluate(ADJUVANT)
    assert [n.rule for n in answer.notes] == ["x.note"]
