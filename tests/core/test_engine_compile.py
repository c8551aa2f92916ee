"""compile_rulebook: a pure function from the rulebook to durable-rules JSON, checked against a golden ruleset."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from tiny_kb import write_kb

from engine import compile_rulebook, load_knowledge_base
from engine import session as session_module
from engine.rulebook import Rulebook, build_rulebook
from engine.session import DurableRunner, _QuietHost

# The rules test two dates: 1998-09-25 (the approval alpha-approval) and 2010-06-30 (study beta, reported
# "2010-06", counts from the month's end). A date is compiled as its era, the number of these dates it
# is on or after (0, 1 or 2), tested by equality: one case passes one date test, however many dates.
APPROVED_FROM = {"$or": [{"era": 1}, {"era": 2}]}  # on or after 1998-09-25
BETA_FROM = {"era": 2}  # on or after 2010-06-30


def golden() -> dict[str, Any]:
    """The tiny rulebook's ruleset, written out by hand."""
    case = {"t": "case"}
    her2 = {"her2_status": "positive"}
    return {
        "derive.pretreated": {
            "all": [{"case": {"$and": [case, {"setting": "metastatic"}, {"prior_trastuzumab": True}]}}],
            "pri": 1,
            "run": "derive.pretreated",
        },
        "x.approved": {
            "all": [
                {"case": {"$and": [case, her2, APPROVED_FROM]}},
                {"d0": {"$and": [{"t": "derived"}, {"name": "trastuzumab_pretreated"}]}},
            ],
            "pri": 100,
            "run": "x.approved",
        },
        "x.naive": {
            "all": [
                {"phase": {"t": "phase", "name": "derivations_done"}},
                {"case": {"$and": [case, {"setting": "metastatic"}, her2, BETA_FROM]}},
                {"d0$not": {"$and": [{"t": "derived"}, {"name": "trastuzumab_pretreated"}]}},
            ],
            "pri": 102,
            "run": "x.naive",
        },
        "x.large": {
            "all": [
                {
                    "case": {
                        "$and": [
                            case,
                            {"setting": "neoadjuvant"},
                            {"$gt": {"tumor_size_cm": 2}},
                            {"$neq": {"node_status": "negative"}},
                            her2,
                            BETA_FROM,
                        ]
                    }
                }
            ],
            "pri": 100,
            "run": "x.large",
        },
        "x.note": {
            "all": [
                {
                    "case": {
                        "$and": [
                            case,
                            {"$or": [{"setting": "neoadjuvant"}, {"setting": "adjuvant"}]},
                            her2,  # notes carry the scope too (HER2-directed teaching)
                            BETA_FROM,
                        ]
                    }
                }
            ],
            "pri": 100,
            "run": "x.note",
        },
        "phase.derivations_done": {"all": [{"case": {"t": "case"}}], "pri": 50, "run": "phase.derivations_done"},
    }


@pytest.fixture
def tiny(tmp_path: Path) -> Rulebook:
    """The tiny hand-written knowledge base, built into a rulebook."""
    return build_rulebook(load_knowledge_base(write_kb(tmp_path)))


def test_golden_ruleset(tiny: Rulebook) -> None:
    """The tiny rulebook compiles to exactly the hand-written ruleset, under the kb-hash name."""
    compiled = compile_rulebook(tiny)
    assert list(compiled) == [f"her2cds_{tiny.kb.sha256[:16]}"]
    assert compiled[f"her2cds_{tiny.kb.sha256[:16]}"] == golden()


def test_golden_rule_order_is_definition_order(tiny: Rulebook) -> None:
    """Rules appear in file order with the phase marker last (durable breaks salience ties by definition order)."""
    (rules,) = compile_rulebook(tiny).values()
    assert list(rules) == list(golden())


def test_compiling_twice_gives_equal_results(tiny: Rulebook) -> None:
    """Two compilations of one rulebook are equal."""
    assert compile_rulebook(tiny) == compile_rulebook(tiny)


def test_compiling_does_not_mutate_the_rulebook(tiny: Rulebook) -> None:
    """compile_rulebook leaves its input equal to a deep copy taken before."""
    before = copy.deepcopy(tiny)
    compile_rulebook(tiny)
    assert tiny == before


def test_compilations_share_no_mutable_state(tiny: Rulebook) -> None:
    """Mutating one compiled ruleset (as set_rulesets does) leaves the next compilation intact."""
    first = compile_rulebook(tiny)
    for rules in first.values():
        for rule in rules.values():
            rule.pop("run")
            for element in rule["all"]:
                for test in element.values():
                    test.clear()
    (second,) = compile_rulebook(tiny).values()
    assert second == golden()


def test_set_rulesets_mutates_its_argument(tiny: Rulebook) -> None:
    """The trap itself: durable-rules' set_rulesets deletes the "run" keys of the dict it is given."""
    ruleset = compile_rulebook(tiny)
    host = _QuietHost({name: lambda c: None for name in golden()})
    host.set_rulesets(ruleset)
    assert all("run" not in rule for rules in ruleset.values() for rule in rules.values())


def test_runner_gives_set_rulesets_a_deep_copy(tiny: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner hands durable-rules a copy: the compiled dict it got back keeps every "run" key."""
    held = compile_rulebook(tiny)
    monkeypatch.setattr(session_module, "compile_rulebook", lambda rulebook: held)
    DurableRunner(tiny)
    (rules,) = held.values()
    assert rules == golden()


def test_tiny_rulebook_runs_as_compiled(tiny: Rulebook) -> None:
    """The golden ruleset really runs: a pretreated metastatic case fires the derivation then the approved rule."""
    fact = {"setting": "metastatic", "her2_status": "positive", "prior_trastuzumab": True, "as_of": 735445}
    firing = DurableRunner(tiny).run(fact)
    assert firing.fired == ["derive.pretreated", "x.approved"]
    assert firing.derived == ["trastuzumab_pretreated"]
