"""What the answer page shows (web/present.py): status groups, case rows, cited references, effect sizes, arm values."""

from __future__ import annotations

from pathlib import Path

from packaged import WORDS
from rules_copy import loaded
from web_cases import CASES, with_appraisal

from engine import Engine
from engine.knowledge import Arm, Finding
from engine.vocabulary import ARM_VALUE_KEYS, STATUSES
from web.present import (
    arm_values,
    case_rows,
    cited_references,
    field_label,
    readable,
    status_groups,
)


def test_status_groups_are_the_four_statuses_in_order(engine: Engine) -> None:
    """Groups come approved, supported, investigational, not recommended, each holding its regimens."""
    answer = engine.evaluate(CASES["neoadjuvant"])
    groups = status_groups(answer, engine.kb.words)
    assert [g.status for g in groups] == list(STATUSES)
    assert [r for g in groups for r in g.recommendations] == answer.recommendations
    assert all(r.status == g.status for g in groups for r in g.recommendations)
    assert groups[0].title == "FDA-approved"
    assert all(g.meaning for g in groups)


def test_out_of_scope_answer_has_four_empty_groups(engine: Engine) -> None:
    """A HER2-negative case gets every group, all empty."""
    answer = engine.evaluate({**CASES["adjuvant"], "her2_status": "negative"})
    assert [len(g.recommendations) for g in status_groups(answer, engine.kb.words)] == [0, 0, 0, 0]


def test_a_value_not_given_is_said_in_the_words_of_the_copy(tmp_path: Path) -> None:
    """A field with no value reads in the knowledge base's words ([field_words] blank): a reworded copy's."""
    words = loaded(tmp_path, ('blank = "not given"', 'blank = "left out"')).kb.words
    assert readable(words, "node_status", None) == "left out"


def test_readable_values_use_the_form_labels() -> None:
    """Values read as the form labels them; numbers without a trailing .0; unknown fields as given."""
    assert readable(WORDS, "prior_trastuzumab", True) == "Yes"
    assert readable(WORDS, "prior_trastuzumab", False) == "No"
    assert readable(WORDS, "setting", "neoadjuvant") == "Neoadjuvant (before surgery)"
    assert readable(WORDS, "tumor_size_cm", 3.0) == "3"
    assert readable(WORDS, "months_since_trastuzumab", 4) == "4"
    assert readable(WORDS, "node_status", None) == "not given"
    assert readable(WORDS, "colour", "blue") == "blue"


def test_case_rows_mark_defaults(engine: Engine) -> None:
    """The case rows show each given field, marking those left to their default."""
    answer = engine.evaluate(CASES["adjuvant"])
    rows = {r.name: r for r in case_rows(answer, set(CASES["adjuvant"]), engine.kb.words)}
    assert "metastatic_line" not in rows
    assert "months_since_trastuzumab" not in rows
    assert rows["tumor_size_cm"].value == "2.5"
    assert rows["tumor_size_cm"].entered
    assert rows["as_of"].value == engine.kb.info.evidence_cutoff.isoformat()
    assert not rows["as_of"].entered
    assert rows["sex"].label == "Sex"
    assert not rows["sex"].entered


def test_cited_references_are_those_of_the_shown_evidence(engine: Engine) -> None:
    """The reference list is every review reference the answer's evidence cites (study and findings), in order."""
    answer = with_appraisal(engine.evaluate(CASES["neoadjuvant"]))
    cited = {
        n
        for r in answer.recommendations
        for e in r.evidence
        for n in [*e.review_refs, *(x for f in e.findings for x in f.refs)]
    }
    references = cited_references(answer, engine.kb)
    assert [r.n for r in references] == sorted(cited)
    assert references
    assert all(r.confidence for r in references)


def test_effect_size_adds_the_hazard_ratio_and_interval() -> None:
    """A finding's effect size is its result plus its hazard ratio and confidence interval when given ([numbers])."""
    effect_size = WORDS.numbers.effect
    base = {"endpoint": "PFS", "comparison": "a vs b", "as_in": "primary", "verified": True}
    assert effect_size(Finding(result="18.5 vs 12.4 months", **base)) == "18.5 vs 12.4 months"  # type: ignore[arg-type]
    hr = Finding(result="18.5 vs 12.4 months", hazard_ratio=0.62, ci_low=0.51, ci_high=0.75, ci_level="95%", **base)  # type: ignore[arg-type]
    assert effect_size(hr) == "18.5 vs 12.4 months; HR 0.62 (95% CI 0.51-0.75)"
    level = Finding(result="x", hazard_ratio=0.84, ci_low=0.7, ci_high=1.01, ci_level="97.5%", **base)  # type: ignore[arg-type]
    assert effect_size(level) == "x; HR 0.84 (97.5% CI 0.7-1.01)"
    said = Finding(
        result="HR 0.62 (95% CI 0.51-0.75)", hazard_ratio=0.62, ci_low=0.51, ci_high=0.75, ci_level="95%", **base
    )  # type: ignore[arg-type]
    assert effect_size(said) == "HR 0.62 (95% CI 0.51-0.75)"


def test_arm_values_in_words() -> None:
    """An arm's numbers read as words with their units."""
    values = {"pcr_breast": 51.3, "median_pfs_months": 18.5, "dfs_4y": 86.0}
    arm = Arm(label="L+T", her2_agents=["lapatinib", "trastuzumab"], values=values)
    assert arm_values(WORDS, arm) == "breast pCR 51.3%, median PFS 18.5 months, 4-year DFS 86%"


def test_every_arm_value_reads_in_words() -> None:
    """Each number an arm may carry has its words: DESTINY-Breast03's arms read "12-month PFS 75.8%", never the
    key "pfs_12m"."""
    arm = Arm(label="T-DXd", her2_agents=["trastuzumab"], values=dict.fromkeys(ARM_VALUE_KEYS, 1.0))
    shown = arm_values(WORDS, arm)
    assert [k for k in ARM_VALUE_KEYS if k in shown] == []
    values = {"pfs_12m": 75.8, "idfs_3y": 88.3, "idfs_7y": 80.8, "os_7y": 89.1, "idfs_2y": 93.9}
    assert arm_values(WORDS, Arm(label="A", her2_agents=["trastuzumab"], values=values)) == (
        "12-month PFS 75.8%, 3-year iDFS 88.3%, 7-year iDFS 80.8%, 7-year OS 89.1%, 2-year iDFS 93.9%"
    )


def test_field_label_falls_back_to_the_name() -> None:
    """A known field reads as its label; anything else as its own name."""
    assert field_label(WORDS, "tumor_size_cm") == "Tumor size (cm)"
    assert field_label(WORDS, "(case)") == "(case)"
