"""The load of the knowledge base's clinical words (engine/phrasing.py): the case fields' words from
rules/case-words.toml and the derived facts declared beside the rules that derive them, each checked, and every
rule's conditions said. A field, a choice, a derived fact or a rule condition with no words stops the load naming
the file and the id.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from pathlib import Path

from engine.answer_words import read_answer_words
from engine.case_fields import CASE_FIELDS, CaseField
from engine.phrasing import ClinicalWords, DerivedFact, FieldWords
from engine.rule import Condition, Rule, Scope
from engine.toml_records import KnowledgeBaseError, keyed_tables, optional_records, read_toml
from engine.view_says import read_view_words

CASE_WORDS_FILE = "case-words.toml"
_PLACEHOLDERS = frozenset(("value", "unit", "values", "s"))
# the date tests the rulebook adds to a rule (an approval's day, a result's, the day work in progress ended)
_DATES = (
    Condition(fact="as_of", op="on_or_after", value="2000-01-01"),
    Condition(fact="as_of", op="before", value="2000-01-01"),
)


def load_words(
    kb_dir: Path, rule_paths: Iterable[Path], rules: Iterable[Rule], rule_files: Mapping[str, str], scope: Scope
) -> ClinicalWords:
    """The knowledge base's words: the case fields' (rules/case-words.toml) and the derived facts' (declared with
    [[derived_fact]] beside the rules that derive them), each checked, and every rule's conditions said."""
    facts: dict[str, DerivedFact] = {}
    for path in rule_paths:
        for fact in optional_records(path, "derived_fact", DerivedFact):
            if fact.id in facts or fact.id in CASE_FIELDS:
                raise KnowledgeBaseError(path, fact.id, "a derived fact declared twice, or named as a case field")
            facts[fact.id] = fact
    path = kb_dir / CASE_WORDS_FILE
    raw = read_toml(path)
    words = ClinicalWords(
        fields=read_case_words(path, raw),
        derived=facts,
        **read_answer_words(path, raw),
        **read_view_words(path, raw),
    )
    for rule in rules:
        where = kb_dir / rule_files[rule.id]
        tested = [*rule.when, *(c for caution in rule.cautions for c in caution.when)]
        for name in [rule.derive or "", *(c.fact for c in tested)]:
            if name and name not in CASE_FIELDS and name not in facts:
                raise KnowledgeBaseError(
                    where, rule.id, f"{name!r} is not a declared derived fact ({_declared(facts)})"
                )
        # what the rulebook adds: the scope, its HER2 test replaced by the rule's own categories, and dates
        own = Condition(fact="her2_status", op="one_of", value=[*rule.her2_statuses])
        for cond in [*rule.when, *scope.when, *([] if rule.her2_statuses == ["positive"] else [own]), *_DATES]:
            _check_said(words, where, rule.id, cond)
    return words


def _declared(facts: Mapping[str, DerivedFact]) -> str:
    return f"declared with [[derived_fact]]: {', '.join(facts) or 'none'}"


def undeclared(words: ClinicalWords, conditions: Iterable[Condition]) -> str:
    """The reason a condition names a derived fact the knowledge base does not declare ("" if none does)."""
    names = [c.fact for c in conditions if c.kind == "derived" and c.fact not in words.derived]
    return f"{names[0]!r} is not a declared derived fact ({_declared(words.derived)})" if names else ""


def read_case_words(path: Path, data: Mapping[str, object]) -> dict[str, FieldWords]:
    """The case fields' words from the file's [field.<name>] tables, each checked: a field or a choice with no
    words, or words for a field or a choice the vocabulary does not have, stops the load naming the file and the
    field."""
    fields = keyed_tables(path, data, "field", CASE_FIELDS, FieldWords, "case field")
    for name, spec in CASE_FIELDS.items():
        _check_field(path, spec, fields[name])
    return fields


def _check_field(path: Path, spec: CaseField, words: FieldWords) -> None:
    where = spec.name
    choices = spec.values if spec.kind in ("choice", "boolean") else ()
    for value in choices:
        if value not in words.choices:
            raise KnowledgeBaseError(path, where, f"the choice {value!r} has no words")
    for value in set(words.choices) - set(choices):
        raise KnowledgeBaseError(path, where, f"words for {value!r}, which is not one of its choices")
    if bool(words.prompt) != spec.asks_choice:
        wanted = "needs a prompt (prompt = ...)" if spec.asks_choice else "has no empty first option: no prompt"
        raise KnowledgeBaseError(path, where, f"the form's field {wanted}")
    for group in words.one_of:
        unknown = [v for v in group.values if v not in choices]
        if unknown:
            raise KnowledgeBaseError(path, where, f"one_of names {unknown}, not among its choices")
    if spec.kind in ("integer", "number", "date") and not words.value:
        raise KnowledgeBaseError(path, where, "a number or date field with no words for its value (value = ...)")
    for op, template in [("value", words.value), *words.needs.items()]:
        # a choice's tests are said by its choices' words: a template for them would never be read
        said_by_choices = ("equals", "not_equals", "one_of", "is_true", "is_false")
        allowed = [o for o in spec.operators if o not in said_by_choices]
        if op != "value" and op not in allowed:
            raise KnowledgeBaseError(path, where, f"words for operator {op!r}; allowed: {', '.join(allowed)}")
        named = {n for _, n, _, _ in string.Formatter().parse(template) if n is not None} - _PLACEHOLDERS
        if named:
            raise KnowledgeBaseError(path, where, f"{op}: unknown placeholders {sorted(named)}")


def _check_said(words: ClinicalWords, path: Path, rule_id: str, cond: Condition) -> None:
    """A rule's condition can be said in clinical words; one with none stops the load, naming the rule's file, its
    id and the condition."""
    try:
        words.needs(cond)
    except KeyError:
        shown = f"{cond.fact} {cond.op}{'' if cond.value is None else f' {cond.value}'}"
        raise KnowledgeBaseError(path, rule_id, f"no clinical words for the condition {shown!r}") from None
