"""Why a case is out of scope is said in the knowledge base's words ([reasons] scope and scope_named of
rules/case-words.toml): a sentence missing or misslotted is refused at load naming the file and the sentence, and a
reworded copy's words are the ones a case's page says."""

from __future__ import annotations

from pathlib import Path

from rules_copy import loaded, refused

from teaching.scope import out_of_scope


def test_a_scope_sentence_without_its_slot_is_refused_naming_the_file_and_sentence(tmp_path: Path) -> None:
    old = 'scope = "In scope only for {wanted}; this case: {here}."'
    found = refused(tmp_path, "case-words.toml", old, 'scope = "In scope only for {wanted}."')
    assert found[:2] == ("case-words.toml", "reasons.scope")
    assert "{here}" in found[2]


def test_a_reworded_copy_says_why_a_case_is_out_of_scope_in_its_words(tmp_path: Path) -> None:
    engine = loaded(
        tmp_path,
        ('scope = "In scope only for {wanted}; this case: {here}."', 'scope = "Covers {wanted} alone; here {here}."'),
        ("none fits this case: {reasons}", "none fits: {reasons}"),
    )
    said = out_of_scope(engine, engine.evaluate(engine.kb.cases["her2-low-day-before"].case))
    assert said is not None
    assert said.said[0] == "Covers HER2-positive disease alone; here HER2-low."
    assert "that names it fits, and none fits: FDA-approved only from 2022-08-05" in said.said[1]
