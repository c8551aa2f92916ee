"""rules/ordering.toml at load: a position, a guideline and a head-to-head result are checked like any rule, and
each guideline version holds from its day until the next version's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rules_copy import loaded
from tiny_kb import write_kb

from engine import Engine, KnowledgeBaseError

GUIDELINES = """
[[guideline]]
id = "g-2014"
name = "G 2014"
series = "g"
title = "t"
citation = "c"
published = 2014-05-05
date_source = "s"

[[guideline]]
id = "g-2018"
name = "G 2018"
series = "g"
title = "t"
citation = "c"
published = 2018-06-25
date_source = "s"
"""

POSITION = """
[[position]]
id = "p"
guideline = "{guideline}"
kind = "listed_first"
condition = "second line"
regimens = ["trastuzumab_chemotherapy"]
says = "recommended"
quote = "q"
source = "s"
applies = [{{ when = [{when}] }}]
"""

TRIAL = """
[[head_to_head]]
id = "h"
winner = "trastuzumab_chemotherapy"
loser = "trastuzumab_emtansine"
finding = "alpha.pfs"
source = "s"
applies = [{ when = [{ fact = "setting", op = "equals", value = "metastatic" }] }]
"""


def ordering_error(tmp_path: Path, text: str) -> KnowledgeBaseError:
    kb_dir = write_kb(tmp_path)
    (kb_dir / "ordering.toml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        Engine.load(kb_dir)
    return caught.value


def test_a_position_naming_a_missing_guideline_stops_the_load(tmp_path: Path) -> None:
    when = '{ fact = "setting", op = "equals", value = "metastatic" }'
    error = ordering_error(tmp_path, GUIDELINES + POSITION.format(guideline="g-2030", when=when))
    assert (Path(error.path).name, error.record) == ("ordering.toml", "p")
    assert "missing guideline 'g-2030'" in error.reason


def test_a_head_to_head_result_citing_a_missing_finding_stops_the_load(tmp_path: Path) -> None:
    error = ordering_error(tmp_path, TRIAL)
    assert (Path(error.path).name, error.record) == ("ordering.toml", "h")
    assert "alpha.pfs" in error.reason


def test_a_position_or_trial_naming_a_regimen_the_knowledge_base_lacks_stops_the_load(tmp_path: Path) -> None:
    """The regimens are the loaded knowledge base's own (its regimens.toml), checked at load with file and id."""
    when = '{ fact = "setting", op = "equals", value = "metastatic" }'
    position = POSITION.format(guideline="g-2014", when=when).replace('["trastuzumab_chemotherapy"]', '["nivolumab"]')
    error = ordering_error(tmp_path, GUIDELINES + position)
    assert (Path(error.path).name, error.record) == ("ordering.toml", "p")
    assert error.reason == "unknown regimens ['nivolumab']"
    trial = TRIAL.replace('winner = "trastuzumab_chemotherapy"', 'winner = "nivolumab"')
    error = ordering_error(tmp_path / "trial", trial)
    assert (error.record, error.reason) == ("h", "unknown regimens ['nivolumab']")


def test_an_ordering_test_of_a_number_no_rule_tests_stops_the_engine(tmp_path: Path) -> None:
    """The answer cache's classes and kb check's space are read off the rules: an order must not depend on a
    threshold they do not know."""
    when = '{ fact = "tumor_size_cm", op = "above", value = 3 }'
    error = ordering_error(tmp_path, GUIDELINES + POSITION.format(guideline="g-2014", when=when))
    assert error.record == "p"
    assert "tumor_size_cm above 3" in error.reason


def test_a_guideline_version_holds_until_the_next_one(tmp_path: Path) -> None:
    kb_dir = write_kb(tmp_path)
    when = '{ fact = "setting", op = "equals", value = "metastatic" }'
    (kb_dir / "ordering.toml").write_text(GUIDELINES + POSITION.format(guideline="g-2014", when=when))
    ordering = Engine.load(kb_dir).kb.ordering
    assert ordering.until(ordering.guidelines["g-2014"]) == dt.date(2018, 6, 25)
    assert ordering.until(ordering.guidelines["g-2018"]) is None


ANOTHER_GUIDELINE = """
[[guideline]]
id = "zeta-2016"
name = "Zeta 2016"
series = "zeta"
title = "t"
citation = "c"
published = 2016-01-04
date_source = "s"

[[position]]
id = "zeta-2016.second-line"
guideline = "zeta-2016"
kind = "listed_first"
condition = "second line"
regimens = ["trastuzumab_emtansine"]
says = "recommended"
quote = "q"
source = "s"
applies = [{ when = [
  { fact = "metastatic_line", op = "equals", value = "pretreated" },
  { fact = "metastatic_her2_pretreated_1", op = "is_true" },
  { fact = "metastatic_her2_pretreated_2", op = "is_false" },
] }]
"""


def test_two_guidelines_a_trial_came_after_are_named_oldest_first(tmp_path: Path) -> None:
    """Where two guidelines in force ordered T-DM1 above T-DXd before DESTINY-Breast03 said the opposite, the
    trial's line names both, the older first (whatever the run's hashing of their names)."""
    engine = loaded(tmp_path, ("ordering.toml", "[[guideline]]\n", ANOTHER_GUIDELINE.lstrip() + "\n[[guideline]]\n"))
    case = {"setting": "metastatic", "her2_status": "positive", "hormone_receptor_status": "negative"}
    case |= {"metastatic_line": "pretreated", "prior_trastuzumab": True, "prior_metastatic_her2_regimens": 1}
    answer = engine.evaluate(engine.parse(case | {"as_of": "2021-12-31"}))
    first = answer.recommendations[0]
    assert first.regimen_id == "trastuzumab_deruxtecan"
    said = " / ".join(reason.text for reason in first.ordered_by)
    assert "; Zeta 2016 predates this trial; ASCO 2018 predates this trial" in said
