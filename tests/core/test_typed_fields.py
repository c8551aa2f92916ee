"""Structure stated once in the rule data, never parsed from the prose beside it: each typed field loads from
`rules/`, and a missing or invalid one stops the load naming the file and the record."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_kb import STUDIES, write_kb

from engine import Engine, KnowledgeBaseError

ARM = """
[[study.arms]]
label = "Trastuzumab + pertuzumab, no chemotherapy"
her2_agents = ["trastuzumab", "pertuzumab"]
chemotherapy_free = true
"""


def load_error(kb_dir: Path) -> KnowledgeBaseError:
    with pytest.raises(KnowledgeBaseError) as caught:
        Engine.load(kb_dir)
    return caught.value


def with_arm(arm: str) -> str:
    """The tiny studies file with one arm added to its last study (beta)."""
    return STUDIES + arm


def test_an_arm_states_its_anti_her2_drugs(tmp_path: Path) -> None:
    kb = Engine.load(write_kb(tmp_path, studies=with_arm(ARM))).kb
    (arm,) = kb.studies["beta"].arms
    assert (arm.her2_agents, arm.chemotherapy_free) == (["trastuzumab", "pertuzumab"], True)


def test_an_arm_without_its_anti_her2_drugs_fails_the_load(tmp_path: Path) -> None:
    error = load_error(
        write_kb(tmp_path, studies=with_arm(ARM.replace('her2_agents = ["trastuzumab", "pertuzumab"]\n', "")))
    )
    assert (Path(error.path).name, error.record) == ("studies.toml", "beta")
    assert "arms.0.her2_agents: Field required" in error.reason


def test_an_arm_naming_a_drug_that_is_not_anti_her2_fails_the_load(tmp_path: Path) -> None:
    error = load_error(write_kb(tmp_path, studies=with_arm(ARM.replace('"pertuzumab"]', '"docetaxel"]'))))
    assert (Path(error.path).name, error.record) == ("studies.toml", "beta")
    assert "arms.0.her2_agents.1" in error.reason
    assert "'pertuzumab'" in error.reason


def test_the_packaged_arms_state_their_blockade(engine: Engine) -> None:
    """NeoSphere's arm C is dual blockade without chemotherapy; EXTENET's neratinib arm names neratinib (the
    label's words, "Neratinib 1 year", were read as no anti-HER2 drug before the field existed)."""
    arms = {a.label[:2]: a for a in engine.kb.studies["neosphere"].arms}
    assert (arms["C:"].her2_agents, arms["C:"].chemotherapy_free) == (["trastuzumab", "pertuzumab"], True)
    assert (arms["B:"].her2_agents, arms["B:"].chemotherapy_free) == (["trastuzumab", "pertuzumab"], False)
    assert [a.her2_agents for a in engine.kb.studies["extenet"].arms] == [["neratinib"], []]
