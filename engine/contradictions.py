"""Cases whose fields contradict each other (rules/contradictions.toml): refused, naming each field and why.

A contradiction is data of the loaded knowledge base (among KnowledgeBase.case_checks, read and checked by the
loader, errors naming the file and the id): whoever parses a case passes that knowledge base's case checks.
A contradiction is the fields it sets against each other, a test of their values (equals, one_of, is_true,
is_false, so that the OpenAPI schema can say it exactly) and why, in clinical words. It is read on the typed
case: a field left out is not known and contradicts nothing (the only defaults, sex and menopausal status
"unknown", are the not-known values, which no contradiction tests).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from engine.case_fields import CASE_FIELDS
from engine.frozen import Strict
from engine.rule import Condition
from engine.templates import Sentences, read_sentences
from engine.toml_records import optional_records, read_toml

CONTRADICTIONS_FILE = "contradictions.toml"
# the tests a contradiction may use: each says one value (or set of values) of one field
OPS = ("equals", "one_of", "is_true", "is_false")
# The message beside each field a contradiction names ([message] in the file), and each sentence's slots: the
# field's value, the other fields (each an `other`: a field and its value, joined by `and`) and the why.
MESSAGE_SAYS: dict[str, frozenset[str]] = {
    "contradicts": frozenset({"value", "others", "why"}),
    "other": frozenset({"field", "value"}),
    "and": frozenset(),
}


class Contradiction(Strict):
    id: str
    fields: list[str] = Field(min_length=2)
    when: list[Condition] = Field(min_length=2)
    why: str
    source: str
    says: Sentences = Field(default_factory=Sentences, exclude=True)  # its messages' words, the file's [message]

    @model_validator(mode="after")
    def _names_what_it_tests(self) -> Contradiction:
        tested = [c.fact for c in self.when]
        for cond in self.when:
            if cond.fact not in CASE_FIELDS:
                raise ValueError(f"{cond.fact!r} is not a case field: a contradiction tests what the case says")
            if cond.op not in OPS:
                raise ValueError(f"operator {cond.op!r} is not for contradictions; allowed: {', '.join(OPS)}")
        if sorted(tested) != sorted(self.fields) or len(set(tested)) != len(tested):
            raise ValueError(f"fields {self.fields} must be the fields the tests name, once each: {tested}")
        return self

    def holds(self, values: Mapping[str, Any]) -> bool:
        # a loop, not all() over a generator (half the cost): every case read runs each contradiction
        for cond in self.when:  # noqa: SIM110
            if not _holds(cond, values.get(cond.fact)):
                return False
        return True


def read_contradictions(path: Path) -> list[Contradiction]:
    """The file's contradictions, each with the words of its messages (the file's [message], checked: a sentence
    missing or naming a slot too few or too many stops the load naming the file and the sentence)."""
    found = optional_records(path, "contradiction", Contradiction)
    if not found:
        return []
    says = Sentences(says=read_sentences(path, read_toml(path).get("message"), "message", MESSAGE_SAYS))
    return [c.model_copy(update={"says": says}) for c in found]


def _holds(cond: Condition, value: Any) -> bool:
    if cond.op == "is_true":
        return value is True
    if cond.op == "is_false":
        return value is False
    if cond.op == "one_of":
        return isinstance(cond.value, list) and value in cond.value
    return bool(value == cond.value)


def settle(
    values: dict[str, Any], keep: set[str], contradictions: Sequence[Contradiction]
) -> list[tuple[str, Any, Any]]:
    """Change `values` (a raw case) so that none of `contradictions` holds where a yes-or-no field outside `keep` can
    settle it (a response to neoadjuvant therapy: prior trastuzumab true); (field, was, now) for each change.
    A contradiction that only a kept field could settle is left, and the case refused."""
    typed = {name: values.get(name, field.default) for name, field in CASE_FIELDS.items()}
    changes = []
    for found in contradictions:
        free = [n for n in found.fields if n not in keep and CASE_FIELDS[n].kind == "boolean"]
        if free and found.holds(typed):
            was = typed[free[0]]
            typed[free[0]] = values[free[0]] = not was
            changes.append((free[0], was, not was))
    return changes


def _word(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def messages(found: Contradiction, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for each field the contradiction names: the field's value, the other fields' values,
    and why (e.g. "false contradicts setting extended_adjuvant: ...")."""
    says, out = found.says, []
    for name in found.fields:
        others = [says("other", field=o, value=_word(values.get(o))) for o in found.fields if o != name]
        said = says("contradicts", value=_word(values.get(name)), others=says.says["and"].join(others), why=found.why)
        out.append((name, said))
    return out
