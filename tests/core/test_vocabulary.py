"""The vocabulary of case fields is the one source: the Case, its schema, the README and plain words follow it."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaged import EVIDENCE_CUTOFF, WORDS, parse_packaged
from pydantic import ValidationError

from engine import Engine
from engine.case import Case
from engine.case_fields import CASE_FIELDS, FIELDS, readme_table
from engine.knowledge import Condition
from engine.studies import Arm
from engine.vocabulary import ARM_VALUE_KEYS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_case_schema_lists_each_field_with_its_values() -> None:
    """The Case's JSON schema has exactly the vocabulary's fields, each choice with the vocabulary's values."""
    properties = Case.model_json_schema()["properties"]
    assert list(properties) == [f.name for f in FIELDS]
    for field in FIELDS:
        if field.kind == "choice":
            assert properties[field.name].get("enum") or properties[field.name]["anyOf"][0]["enum"] == list(
                field.values
            )


def test_required_fields_follow_the_vocabulary() -> None:
    """The schema requires the fields the vocabulary marks required, and only those."""
    assert Case.model_json_schema()["required"] == [f.name for f in FIELDS if f.required]


def test_bounds_come_from_the_vocabulary() -> None:
    """A tumor size at the vocabulary's maximum passes; just above it is refused."""
    top = CASE_FIELDS["tumor_size_cm"].maximum
    base = {
        "setting": "neoadjuvant",
        "her2_status": "positive",
        "hormone_receptor_status": "negative",
        "node_status": "negative",
    }
    assert parse_packaged({**base, "tumor_size_cm": top}).tumor_size_cm == top
    with pytest.raises(ValueError, match="out of range"):
        parse_packaged({**base, "tumor_size_cm": (top or 0) + 0.1})


def test_the_default_date_is_the_knowledge_base_cut_off() -> None:
    """A case given no date is evaluated on the cut-off that rules/knowledge-base.toml states."""
    engine = Engine.load()
    case = engine.parse(
        {
            "setting": "metastatic",
            "her2_status": "positive",
            "metastatic_line": "first",
            "hormone_receptor_status": "negative",
        }
    )
    assert case.as_of == EVIDENCE_CUTOFF == engine.kb.evidence_cutoff
    assert engine.evaluate(case.model_copy(update={"as_of": None})).case.as_of == EVIDENCE_CUTOFF


def test_readme_carries_the_generated_case_table() -> None:
    """The README's case table is the one the vocabulary generates, labelled in the packaged knowledge base's words
    (print it to refresh it)."""
    labels = {name: WORDS.label(name) for name in CASE_FIELDS}
    assert readme_table(labels) in README.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        (Condition(fact="tumor_size_cm", op="above", value=2), "a tumor larger than 2 cm"),
        (Condition(fact="node_status", op="equals", value="positive"), "positive lymph nodes"),
        (Condition(fact="prior_trastuzumab", op="is_false"), "no prior trastuzumab"),
        (Condition(fact="prior_trastuzumab", op="is_absent"), "prior trastuzumab not known"),
        (
            Condition(fact="neoadjuvant_pertuzumab_eligible", op="is_true"),
            "treatment before surgery of a tumor larger than 2 cm or with positive lymph nodes",
        ),
    ],
)
def test_a_test_in_plain_words(engine: Engine, condition: Condition, words: str) -> None:
    """Explanations for people say a rule's test in the knowledge base's clinical words, not field names."""
    assert engine.kb.words.needs(condition) == words


def test_an_unknown_arm_value_is_refused_with_the_allowed_ones() -> None:
    """A study arm's value under a key outside the vocabulary is refused, naming it and every allowed key."""
    with pytest.raises(ValidationError) as info:
        Arm(label="trastuzumab", values={"pcr_total": 50.0})
    assert f"unknown arm value ['pcr_total']; allowed: {', '.join(ARM_VALUE_KEYS)}" in str(info.value)
