"""Loader faults: a bad rules folder stops the load with a KnowledgeBaseError naming the file, the record and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_kb import RULES, write_kb

from engine import Engine, KnowledgeBaseError, load_knowledge_base


def load_error(kb_dir: Path) -> KnowledgeBaseError:
    with pytest.raises(KnowledgeBaseError) as caught:
        Engine.load(kb_dir)
    error = caught.value
    assert str(error) == f"{error.path}: {error.record}: {error.reason}"
    return error


def test_the_tiny_knowledge_base_loads(tmp_path: Path) -> None:
    """The fault tests' starting point is valid: the tiny rules folder loads and evaluates."""
    engine = Engine.load(write_kb(tmp_path))
    answer = engine.evaluate(
        {
            "setting": "metastatic",
            "her2_status": "positive",
            "metastatic_line": "pretreated",
            "hormone_receptor_status": "negative",
            "prior_trastuzumab": True,
        }
    )
    assert [r.regimen_id for r in answer.recommendations] == ["trastuzumab_chemotherapy"]


def test_corrupt_toml(tmp_path: Path) -> None:
    """A rule file that is not TOML names the file and says it is not valid TOML."""
    error = load_error(write_kb(tmp_path, rules_x=RULES + '\n[[rule]\nid = "broken'))
    assert error.path.endswith("rules/x.toml")
    assert error.record == "(file)"
    assert "not valid TOML" in error.reason


def test_corrupt_studies_file(tmp_path: Path) -> None:
    """A corrupt studies.toml names studies.toml."""
    error = load_error(write_kb(tmp_path, studies="[[study]\n"))
    assert error.path.endswith("studies.toml")
    assert "not valid TOML" in error.reason


def test_rule_citing_a_missing_study(tmp_path: Path) -> None:
    """A rule whose evidence names an unknown study names the file, the rule and the study."""
    error = load_error(write_kb(tmp_path, rules_x=RULES.replace('evidence = ["alpha"]', 'evidence = ["gamma"]')))
    assert error.path.endswith("rules/x.toml")
    assert error.record == "x.approved"
    assert "missing study 'gamma'" in error.reason


def test_caution_citing_a_missing_study(tmp_path: Path) -> None:
    """A caution citing an unknown study is refused at load, naming the file and the rule."""
    caution = 'cautions = [{ text = "careful", studies = ["gamma"] }]\n'
    rules = RULES.replace('evidence = ["alpha"]\n', 'evidence = ["alpha"]\n' + caution)
    error = load_error(write_kb(tmp_path, rules_x=rules))
    assert error.path == "rules/x.toml"
    assert error.record == "x.approved"
    assert "gamma" in error.reason


def test_missing_rules_folder(tmp_path: Path) -> None:
    """A rules folder that does not exist is named, and the reason says so."""
    error = load_error(tmp_path / "nowhere")
    assert error.path == str(tmp_path / "nowhere")
    assert "does not exist" in error.reason


def test_rules_folder_without_rule_files(tmp_path: Path) -> None:
    """A knowledge base with no rules/*.toml names the rules folder."""
    error = load_error(write_kb(tmp_path, rules_x=None))
    assert error.path.endswith("rules/rules")
    assert "no rule files" in error.reason


def test_missing_required_file(tmp_path: Path) -> None:
    """A missing references.toml is named as missing."""
    error = load_error(write_kb(tmp_path, references=None))
    assert error.path.endswith("references.toml")
    assert error.reason == "missing"


def test_unknown_operator(tmp_path: Path) -> None:
    """A rule using an unknown operator names the file, the rule, the operator and the allowed ones."""
    error = load_error(write_kb(tmp_path, rules_x=RULES.replace('op = "above"', 'op = "greater_than"')))
    assert error.path.endswith("rules/x.toml")
    assert error.record == "x.large"
    assert "unknown operator 'greater_than'" in error.reason
    assert "above" in error.reason


def test_operator_not_allowed_for_the_field(tmp_path: Path) -> None:
    """`above` on a choice field is refused, listing what that field allows."""
    rules = RULES.replace(
        '{ fact = "node_status", op = "not_equals", value = "negative" }',
        '{ fact = "node_status", op = "above", value = 2 }',
    )
    error = load_error(write_kb(tmp_path, rules_x=rules))
    assert error.record == "x.large"
    assert "does not apply here" in error.reason
    assert "not_equals" in error.reason


def test_unknown_field(tmp_path: Path) -> None:
    """A rule testing a field outside the vocabulary names the file, the rule and the field."""
    error = load_error(write_kb(tmp_path, rules_x=RULES.replace('fact = "tumor_size_cm"', 'fact = "tumour_size"')))
    assert error.path.endswith("rules/x.toml")
    assert error.record == "x.large"
    assert "unknown fact 'tumour_size'" in error.reason


def test_unknown_choice_value(tmp_path: Path) -> None:
    """A rule comparing a field with a value it cannot take is refused, listing the choices."""
    error = load_error(write_kb(tmp_path, rules_x=RULES.replace('value = "negative"', 'value = "neg"')))
    assert error.record == "x.large"
    assert "'neg' is not one of positive, negative, unknown" in error.reason


def test_typo_in_a_rule_key(tmp_path: Path) -> None:
    """A misspelt key in a rule (`evidense`) is refused, naming the file, the rule and the key."""
    error = load_error(write_kb(tmp_path, rules_x=RULES.replace('evidence = ["alpha"]', 'evidense = ["alpha"]')))
    assert error.path.endswith("rules/x.toml")
    assert error.record == "x.approved"
    assert "evidense" in error.reason
    assert "Extra inputs are not permitted" in error.reason


def test_typo_in_a_condition_key(tmp_path: Path) -> None:
    """A misspelt key inside a condition (`vale`) is refused, naming the rule."""
    error = load_error(write_kb(tmp_path, rules_x=RULES.replace("value = 2 }", "vale = 2 }")))
    assert error.record == "x.large"
    assert "vale" in error.reason


def test_rule_id_defined_twice(tmp_path: Path) -> None:
    """The same rule id in a second file names both files."""
    kb_dir = write_kb(tmp_path)
    (kb_dir / "rules" / "y.toml").write_text(RULES, encoding="utf-8")
    error = load_error(kb_dir)
    assert error.path.endswith("rules/y.toml")
    assert error.record == "derive.pretreated"
    assert "rules/x.toml" in error.reason


def test_rule_naming_a_missing_approval(tmp_path: Path) -> None:
    """An approved rule naming an approval that does not exist names the file, rule and approval."""
    error = load_error(write_kb(tmp_path, rules_x=RULES.replace('approval = "alpha-approval"', 'approval = "nope"')))
    assert error.record == "x.approved"
    assert "missing approval 'nope'" in error.reason


def test_rule_with_two_outcomes(tmp_path: Path) -> None:
    """A rule with both a regimen and a note is refused, naming the rule."""
    error = load_error(
        write_kb(
            tmp_path,
            rules_x=RULES.replace('note = "Early disease note."', 'note = "Early"\nderive = "trastuzumab_pretreated"'),
        )
    )
    assert error.record == "x.note"
    assert "exactly one of derive, regimen or note" in error.reason


def test_a_rule_naming_a_regimen_missing_from_regimens_file(tmp_path: Path) -> None:
    """The regimens are the knowledge base's own (regimens.toml): a rule naming one it lacks is refused at load,
    naming the rule's file, its id and the regimens allowed."""
    from tiny_kb import REGIMENS

    renamed = REGIMENS.replace(
        'id = "pertuzumab_trastuzumab_chemotherapy"', 'id = "pertuzumab_trastuzumab_chemotherapy_typo"'
    )
    assert renamed != REGIMENS
    error = load_error(write_kb(tmp_path, regimens=renamed))
    assert error.path.endswith(".toml")
    assert "/rules/" in error.path.replace("\\", "/")
    assert "unknown regimen 'pertuzumab_trastuzumab_chemotherapy'" in error.reason
    assert "pertuzumab_trastuzumab_chemotherapy_typo" in error.reason  # the allowed ones are listed


@pytest.mark.parametrize(
    ("said", "why"), [("", "said: Field required"), ('said = ""\n', "said: String should have at least 1 character")]
)
def test_a_regimen_without_its_name_inside_a_sentence(tmp_path: Path, said: str, why: str) -> None:
    """A regimen's name inside a sentence ("T-DM1", "lapatinib + capecitabine") is the knowledge base's words, never
    cut from its name: a regimen without it, or with it empty, is refused naming the file and the regimen."""
    from tiny_kb import REGIMENS

    table = 'said = "regimen trastuzumab_emtansine"\n'
    assert table in REGIMENS
    error = load_error(write_kb(tmp_path, regimens=REGIMENS.replace(table, said)))
    assert (Path(error.path).name, error.record) == ("regimens.toml", "trastuzumab_emtansine")
    assert why in error.reason


def test_study_citing_a_missing_reference(tmp_path: Path) -> None:
    """A study whose review_refs names a reference not in references.toml names the study and the numbers."""
    from tiny_kb import STUDIES

    error = load_error(write_kb(tmp_path, studies=STUDIES.replace("review_refs = [1]", "review_refs = [1, 7]")))
    assert error.path.endswith("studies.toml")
    assert error.record == "alpha"
    assert "[7]" in error.reason


def test_load_error_does_not_depend_on_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """$HER2_CDS_RULES points the default load at another folder, and its faults are reported the same way."""
    kb_dir = write_kb(tmp_path, rules_x=RULES.replace('op = "above"', 'op = "greater_than"'))
    monkeypatch.setenv("HER2_CDS_RULES", str(kb_dir))
    with pytest.raises(KnowledgeBaseError, match=r"x\.large"):
        load_knowledge_base()


CASE_WITH_QUESTIONS = """
[[case]]
id = "tiny-case"
title = "A tiny case"
vignette = "A woman has HER2-positive metastatic breast cancer."
case = {{ setting = "metastatic", metastatic_line = "first" }}
learning_points = ["A point."]
questions = [
  {{ text = "Answered?", answer = "Yes, with a model answer." }},
  {question},
]
expect = {{}}
"""


@pytest.mark.parametrize(
    ("question", "said"),
    [('"Where does the line come from?"', "has no answer"), ('{ text = "Where does the line come from?" }', "answer")],
)
def test_a_library_question_without_its_answer(tmp_path: Path, question: str, said: str) -> None:
    """A case question with no model answer (a bare string, or a table without `answer`) names file and case."""
    kb_dir = write_kb(tmp_path)
    (kb_dir / "cases").mkdir()
    (kb_dir / "cases" / "tiny.toml").write_text(CASE_WITH_QUESTIONS.format(question=question), encoding="utf-8")
    error = load_error(kb_dir)
    assert error.path.endswith("cases/tiny.toml")
    assert error.record == "tiny-case"
    assert "questions.1" in error.reason
    assert said in error.reason


@pytest.mark.parametrize(
    ("key", "said"),
    [("alpha.nowhere", "cites missing finding 'alpha.nowhere'"), ("gamma.os", "not in evidence"), ("alpha", "")],
)
def test_a_key_finding_that_is_not_a_result_of_its_evidence(tmp_path: Path, key: str, said: str) -> None:
    """A rule's key finding names one result of a study in its own evidence: anything else is refused at load."""
    rules = RULES.replace('evidence = ["alpha"]\n', f'evidence = ["alpha"]\nkey_finding = "{key}"\n')
    error = load_error(write_kb(tmp_path, rules_x=rules))
    assert error.path.endswith("rules/x.toml")
    assert error.record == "x.approved"
    assert said in error.reason
