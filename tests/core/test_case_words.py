"""The clinical words are data: every case field, choice, derived fact and rule condition has its words in rules/,
a missing one stops the load naming the file and the id, and a rule's new threshold is said with no code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rules_copy import copy_rules, loaded, refused

from engine import Engine, KnowledgeBaseError, load_knowledge_base
from engine.case_fields import CASE_FIELDS
from engine.rule import Condition


def _load_error(kb_dir: Path) -> KnowledgeBaseError:
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(kb_dir)
    return caught.value


def test_a_case_field_with_no_words_stops_the_load(tmp_path: Path) -> None:
    """A rules folder whose case-words file leaves out a field's words names the file and the field."""
    file, record, reason = refused(tmp_path, "case-words.toml", "[field.age_years]\n", "[unused]\n")
    assert (file, record) == ("case-words.toml", "age_years")
    assert "no words" in reason


@pytest.mark.parametrize(
    ("removed", "field", "reason"),
    [
        # a choice with no words names the field and the choice
        (
            'ultralow = { label = "Ultralow", words = "HER2-ultralow", needs = "HER2-ultralow disease" }\n',
            "her2_status",
            "'ultralow' has no words",
        ),
        # a field's noun (how a sentence names it: "depends on tumor size") is data too
        ('noun = "tumor size"\n', "tumor_size_cm", "noun"),
        # the form's words are data too: a field's label and hint, a choice's option, a required choice's prompt
        ('label = "Tumor size (cm)"\n', "tumor_size_cm", "label"),
        ('hint = "Axillary lymph nodes."\n', "node_status", "hint"),
        ('label = "Ultralow", ', "her2_status", "label"),
        ('prompt = "Choose the line"\n', "metastatic_line", "needs a prompt"),
    ],
)
def test_a_choice_or_a_noun_with_no_words_stops_the_load(tmp_path: Path, removed: str, field: str, reason: str) -> None:
    """A choice, a field's noun or one of the form's words left out of the case words stops the load, naming the
    file and the field."""
    file, record, why = refused(tmp_path, "case-words.toml", removed, "")
    assert (file, record) == ("case-words.toml", field)
    assert reason in why


def test_a_prompt_for_a_field_the_form_preselects_stops_the_load(tmp_path: Path) -> None:
    """Only a choice the case must give starts with an empty option: a prompt for sex (preselected unknown) would
    never be shown, and is refused."""
    _, record, reason = refused(
        tmp_path, "case-words.toml", "[field.sex]\n", '[field.sex]\nprompt = "Choose the sex"\n'
    )
    assert (record, "no prompt" in reason) == ("sex", True)


def test_words_for_a_choice_the_field_does_not_have_stop_the_load(tmp_path: Path) -> None:
    """Words for a value that is not one of the field's choices (a typo) are refused, not ignored."""
    choices = "[field.node_status.choices]\n"
    _, record, reason = refused(
        tmp_path, "case-words.toml", choices, choices + 'maybe = { label = "M", words = "m" }\n'
    )
    assert (record, "'maybe'" in reason) == ("node_status", True)


def test_a_rule_condition_with_no_words_stops_the_load(tmp_path: Path) -> None:
    """A rule testing a choice no words say (HER2-negative) names the rule's file and id and the condition."""
    file, record, reason = refused(
        tmp_path,
        "rules/notes.toml",
        "[[rule]]\n",
        '[[rule]]\nid = "note.words_test"\nsource = "s"\nrationale = "r"\nnote = "n"\n'
        'when = [{ fact = "her2_status", op = "equals", value = "negative" }]\n\n[[rule]]\n',
    )
    assert (file, record) == ("notes.toml", "note.words_test")
    assert "her2_status equals negative" in reason


def test_a_derived_fact_without_its_declaration_stops_the_load(tmp_path: Path) -> None:
    """A derived fact is declared once with its words ([[derived_fact]]): a rule file without the declaration of a
    fact its rules derive names the rule that derives it."""
    kb_dir = copy_rules(tmp_path)
    derived = kb_dir / "rules" / "derived.toml"
    text = derived.read_text(encoding="utf-8")
    block = re.search(r'\[\[derived_fact\]\]\nid = "metastatic_her2_pretreated_2"\n(?:.+\n)+', text)
    assert block is not None
    derived.write_text(text.replace(block.group(0), ""), encoding="utf-8")
    error = _load_error(kb_dir)
    assert (Path(error.path).name, error.record) == ("derived.toml", "derive.metastatic_her2_pretreated_2.count")
    assert "'metastatic_her2_pretreated_2' is not a declared derived fact" in error.reason


def test_a_new_threshold_is_said_from_the_field_words(tmp_path: Path) -> None:
    """A rule with a threshold no rule had (tumor larger than 3 cm, grade 3) is said from the field's template, with
    no code: the library says it in clinical words."""
    kb = loaded(
        tmp_path,
        (
            "rules/notes.toml",
            "[[rule]]\n",
            '[[rule]]\nid = "note.words_test"\nsource = "s"\nrationale = "r"\nnote = "n"\nwhen = [\n'
            '  { fact = "setting", op = "equals", value = "adjuvant" },\n'
            '  { fact = "tumor_size_cm", op = "above", value = 3 },\n'
            '  { fact = "tumor_grade", op = "at_least", value = 3 },\n]\n\n[[rule]]\n',
        ),
    ).kb
    words = kb.words
    rule = next(r for r in kb.rules if r.id == "note.words_test")
    assert [words.needs(c) for c in rule.when] == [
        "treatment after surgery (adjuvant)",
        "a tumor larger than 3 cm",
        "a grade 3 tumor",
    ]


def test_a_field_with_no_value_is_said_in_the_words_of_the_copy(tmp_path: Path) -> None:
    """A field the case may say is not known, one it leaves out, and a name with no words of its own are said in
    the knowledge base's words ([field_words]): reworded in a copy, the copy's words are said."""
    words = loaded(
        tmp_path,
        ('"{noun} not known"', '"{noun}: unknown"'),
        ('"{noun} not given"', '"{noun}: left out"'),
        ('unnamed = "a feature of the case"', 'unnamed = "something about the case"'),
    ).kb.words
    assert words.value("prior_trastuzumab", None) == "prior trastuzumab: unknown"
    assert words.value("tumor_size_cm", None) == "tumor size: left out"
    assert words.noun("no_such_field") == "something about the case"


def test_every_field_and_choice_of_the_packaged_words_is_said(engine: Engine) -> None:
    """Each case field's value reads in words, for every choice and for a number, never as a field name."""
    words = engine.kb.words
    for name, field in CASE_FIELDS.items():
        values: list[object] = (
            [*field.values] if field.kind == "choice" else [True, False] if field.kind == "boolean" else []
        )
        values += [2] if field.kind in ("integer", "number") else ["2014-07-31"] if field.kind == "date" else []
        for value in values:
            said = words.value(name, value)
            assert said, (name, value)
            assert "_" not in said, (name, value, said)
    assert words.value("prior_metastatic_her2_regimens", 1) == "1 anti-HER2 regimen for metastatic disease"
    assert words.needs(Condition(fact="tumor_grade", op="at_least", value=2)) == "a grade 2 or 3 tumor"
    assert words.needs(Condition(fact="sex", op="not_equals", value="male")) == "a patient not known to be a man"


def test_an_ordering_position_testing_an_undeclared_derived_fact_stops_the_load(tmp_path: Path) -> None:
    """A guideline position or trial that tests a derived fact no rule file declares names ordering.toml and its id."""
    file, _, reason = refused(
        tmp_path, "ordering.toml", '"metastatic_her2_pretreated_2"', '"metastatic_her2_pretreated_9"'
    )
    assert file == "ordering.toml"
    assert "'metastatic_her2_pretreated_9' is not a declared derived fact" in reason


def test_a_misspelt_field_is_an_unknown_fact_not_a_derived_one(tmp_path: Path) -> None:
    """A name that is not a case field, tested as a field is (equals), is an unknown fact listing the case fields."""
    file, _, reason = refused(
        tmp_path, "rules/adjuvant.toml", '{ fact = "node_status", op = "equals"', '{ fact = "node_stat", op = "equals"'
    )
    assert file == "adjuvant.toml"
    assert "unknown fact 'node_stat'" in reason
    assert "tumor_size_cm" in reason


def test_an_open_question_naming_an_engine_id_stops_the_load(tmp_path: Path) -> None:
    """The /open-questions page shows each status change: one naming a regimen id or a rule id is refused at load,
    naming the file, the question and the word (the page says regimens, statuses and settings in clinical words)."""
    file, record, reason = refused(
        tmp_path,
        "open-questions.toml",
        'status_change = "Lapatinib + trastuzumab + chemotherapy after surgery (adjuvant) stays not recommended',
        'status_change = "adjuvant.lapatinib_trastuzumab_chemotherapy stays not_recommended',
    )
    assert (file, record) == ("open-questions.toml", "altto_surrogate")
    assert "'adjuvant.lapatinib_trastuzumab_chemotherapy'" in reason
