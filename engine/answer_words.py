"""An answer's words beyond the case fields (rules/case-words.toml: [status.<id>], [order], [arm_value]): the
ids are the engine's (engine/vocabulary.py: statuses, order classes, the numbers a study arm may carry; guideline
position kinds, engine/order_facts.py), what people read for each is the knowledge base's. The load refuses an id
with no words, and words for an id the engine does not have, naming the file and the id.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, get_args

from pydantic import Field, ValidationError

from engine.after_review import FormKind
from engine.answer import OrderReason
from engine.card_says import CARD_SAYS, RECORD_CARD_SAYS
from engine.frozen import Strict
from engine.number_words import NumberWords
from engine.order_facts import POSITION_KINDS
from engine.page_says import BATCH_SAYS, FORM_HINT_SAYS, HTTP_ERROR_SAYS, JSON_BODY_SAYS, PAGE_SAYS
from engine.record_says import (
    FINDING_KIND_SAYS,
    HER2_READING_SAYS,
    PASSED_OVER_SAYS,
    QUIZ_SAYS,
    RECORD_MISSING_SAYS,
    RECORD_NOTE_SAYS,
    RECORD_READ_SAYS,
    TREATMENT_SAYS,
)
from engine.says import (
    CHANGE_SAYS,
    FIELD_WORDS_SAYS,
    LEARNER_SAYS,
    LESSON_SAYS,
    MARK_SAYS,
    NUMBER_SAYS,
    OPTION_SAYS,
    ORDER_SAYS,
    PRINTED_SAYS,
    PROGRESS_SAYS,
    REASON_SAYS,
    WHAT_IF_SAYS,
    WHY_NOT_SAYS,
)
from engine.studies import EvidenceLevel
from engine.templates import Sentences, Slots, read_sentences
from engine.toml_records import KnowledgeBaseError, exact_keys, keyed_tables
from engine.vocabulary import ARM_VALUE_KEYS, ORDER_CLASSES, STATUS_CHOICES, STATUSES


class StatusWords(Strict):
    """A status (or a learner's other choice) for people: its title on pages and cards, its short label, and
    what it means (the answer page's key; the engine's four statuses only)."""

    title: str = Field(min_length=1)
    short: str = Field(min_length=1)
    meaning: str = ""
    said: str = ""  # inside a sentence: "offered here only as investigational" (the four statuses only)


class PositionWords(Strict):
    """A kind of guideline position in words: as the option's own line says it ("listed first"), and as an option
    below it says why ("after T-DXd, which ASCO 2022 lists first for ..."; none for a position ordering nothing)."""

    said: str = Field(min_length=1)
    under: str = ""


class OrderWords(Strict):
    """The order's words: where no guideline or trial places an option, the first option's reason, an option's
    that nothing orders against the one before it ({other}), and, per status class, why it comes after the
    others; each kind of guideline position; and the sentences of a guideline's or a trial's order (`says`)."""

    first: str = ""
    unordered: str = ""
    after: dict[str, str] = Field(default_factory=dict)
    position: dict[str, PositionWords] = Field(default_factory=dict)
    says: dict[str, str] = Field(default_factory=dict)

    def say(self, sentence: str, **slots: str) -> str:
        """One of the order's sentences with its slots filled (the load checked it names exactly these)."""
        return self.says[sentence].format(**slots)

    def line(self, reasons: Iterable[OrderReason]) -> str:
        """An option's reasons for its place as one sentence ("Listed first for second line by ASCO 2022; above
        ..."), its first letter a capital; "" for an option with none."""
        text = self.says["reasons"].join(r.text for r in reasons)
        return self.say("line", reasons=text[:1].upper() + text[1:]) if text else ""

    def only_if(self, only_if: str) -> str:
        """What an order needs that the case does not record, as a sentence ends with it; "" for nothing."""
        return self.say("only_if", only_if=only_if) if only_if else ""


def read_status_words(path: Path, raw: Mapping[str, Any]) -> dict[str, StatusWords]:
    """Each status's and learner choice's words from the file's [status.<id>] tables, all of them checked."""
    words = keyed_tables(path, raw, "status", STATUS_CHOICES, StatusWords, "status")
    for name in STATUSES:
        if not words[name].meaning:
            raise KnowledgeBaseError(path, name, "a status with no meaning (meaning = ...)")
        if not words[name].said:
            raise KnowledgeBaseError(path, name, "a status with no words inside a sentence (said = ...)")
    return words


class StatusMarks(Strict):
    """A status marked as partial or conditional, in the knowledge base's sentences ([mark])."""

    says: dict[str, str] = Field(default_factory=dict)

    def badge(self, title: str, part: object = False, conditional: object = False) -> str:
        """A badge: the status's title, marked when the label covers part of the regimen ("FDA-approved in part")
        and when the status depends on what the case does not give ("..., conditional")."""
        said = self.says["in_part"].format(status=title) if part else title
        return self.says["conditional"].format(status=said) if conditional else said

    def fields(self, nouns: list[str]) -> str:
        """The fields a status depends on, as one phrase ("the nodal status and the menopausal status")."""
        return self.says["and"].join(nouns)

    def depends(self, nouns: list[str]) -> str:
        """What a conditional status depends on, beside the option ("" for a status the case settles)."""
        return self.says["depends"].format(fields=self.fields(nouns)) if nouns else ""

    def unknown(self, nouns: list[str]) -> str:
        """The fields no date's answer settles, on the case through time ("" for none)."""
        said = self.says["unknown_one" if len(nouns) == 1 else "unknown_many"]
        return said.format(fields=self.says["list"].join(nouns)) if nouns else ""

    def label(self, said: str, labelled: str, unlabelled: str, fields: str) -> str:
        """The answer's status label: the status inside a sentence, what its label covers and does not, and the
        fields it depends on ("" for none)."""
        if labelled:
            said = self.says["label_part"].format(status=said, labelled=labelled, unlabelled=unlabelled)
        return self.says["label_conditional"].format(status=said, fields=fields) if fields else said


def read_marks(path: Path, raw: Mapping[str, Any]) -> StatusMarks:
    """The marks on a status from the file's [mark] table, each naming exactly its slots."""
    return StatusMarks(says=read_sentences(path, raw.get("mark"), "mark", MARK_SAYS))


def read_why_not_words(path: Path, raw: Mapping[str, Any]) -> dict[str, str]:
    """The "why not" reasons' sentences from the file's [why_not] table, each naming exactly its slots."""
    return read_sentences(path, raw.get("why_not"), "why_not", WHY_NOT_SAYS)


def read_arm_value_words(path: Path, raw: Mapping[str, Any]) -> dict[str, str]:
    """How a page says each number a study arm may carry ("breast pCR {v}%"), from the file's [arm_value] table:
    every key has its words, each with {v} for the number and nothing else."""
    table = raw.get("arm_value")
    if not isinstance(table, dict):
        raise KnowledgeBaseError(path, "(file)", "no [arm_value] table")
    exact_keys(
        path,
        table,
        ARM_VALUE_KEYS,
        unknown=lambda key: f"words for an unknown arm value; allowed: {', '.join(ARM_VALUE_KEYS)}",
        missing=lambda key: "an arm value with no words, or words without {v} (the number)",
        complete=lambda _key, said: isinstance(said, str) and _placeholders(said) == {"v"},
    )
    return {key: table[key] for key in ARM_VALUE_KEYS}


def _placeholders(template: str) -> set[str]:
    return {n for _, n, _, _ in string.Formatter().parse(template) if n is not None}


def _order_keys(path: Path, part: str, what: str, given: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    exact_keys(
        path,
        given,
        allowed,
        record="order",
        unknown=lambda name: f"words for {name!r}; allowed: {', '.join(allowed)}",
        missing=lambda name: f"{what} {name!r} has no words ({part}.{name})",
        complete=_complete,
    )


def _complete(name: str, said: object) -> bool:
    """A guideline position that places options says why from below too ("no preference" places none); an order
    class's words are a string, which the model already requires."""
    return not isinstance(said, PositionWords) or name == "no_preference" or bool(said.under)


def read_order_words(path: Path, raw: Mapping[str, Any]) -> OrderWords:
    """The order's reasons from the file's [order] table: every status class after the first has its words."""
    try:
        words = OrderWords.model_validate(raw.get("order"))
    except ValidationError as exc:
        raise KnowledgeBaseError(path, "order", str(exc)) from None
    if not words.first:
        raise KnowledgeBaseError(path, "order", "no words for the first option (first = ...)")
    # each status class after the first (the first comes after nothing), and each kind of guideline position
    _order_keys(path, "after", "the status class", words.after, ORDER_CLASSES[1:])
    _order_keys(path, "position", "the guideline position", words.position, POSITION_KINDS)
    read_sentences(path, words.says, "order.says", ORDER_SAYS)
    named = _placeholders(words.unordered)
    if named != {"other"}:
        raise KnowledgeBaseError(path, "order", f"unordered must name {{other}} and nothing else, not {sorted(named)}")
    return words


def read_reason_words(path: Path, raw: Mapping[str, Any]) -> dict[str, str]:
    """A student's reasons' sentences from the file's [reasons] table, each naming exactly its slots."""
    return read_sentences(path, raw.get("reasons"), "reasons", REASON_SAYS)


def read_form_kind_words(path: Path, raw: Mapping[str, Any]) -> dict[str, str]:
    """Each kind of dated note on a regimen in words ("Biosimilar"), from the file's [form_kind] table: every kind
    of the engine's has its words, and no other."""
    kinds = {kind: frozenset[str]() for kind in get_args(FormKind)}
    return read_sentences(path, raw.get("form_kind"), "form_kind", kinds)


def read_level_words(path: Path, raw: Mapping[str, Any]) -> dict[str, str]:
    """Each level of evidence in words ("randomized phase III"), from the file's [evidence_level] table: every level
    of the engine's has its words (a sentence with no slots), and no other."""
    return read_sentences(path, raw.get("evidence_level"), "evidence_level", _LEVELS)


_LEVELS = {level: frozenset[str]() for level in get_args(EvidenceLevel)}


def read_answer_words(path: Path, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Every table of the answer's words beyond the case fields, each read and checked, by the words' field."""

    def table(name: str, says: Slots) -> Sentences:
        # a table of plain sentences ([name]), each naming exactly its slots
        return Sentences(says=read_sentences(path, raw.get(name), name, says))

    return {
        "statuses": read_status_words(path, raw),
        "order": read_order_words(path, raw),
        "arm_values": read_arm_value_words(path, raw),
        "why_not": read_why_not_words(path, raw),
        "reasons": read_reason_words(path, raw),
        "marks": read_marks(path, raw),
        "changes": table("changes", CHANGE_SAYS),
        "progress": table("progress", PROGRESS_SAYS),
        "learner": table("learner", LEARNER_SAYS),
        "levels": read_level_words(path, raw),
        "form_kinds": read_form_kind_words(path, raw),
        "option": table("option", OPTION_SAYS),
        "printed": table("printed", PRINTED_SAYS),
        "card": table("card", CARD_SAYS),
        "record_card": table("record_card", RECORD_CARD_SAYS),
        "lesson": table("lesson", LESSON_SAYS),
        "numbers": NumberWords(says=read_sentences(path, raw.get("numbers"), "numbers", NUMBER_SAYS)),
        "page": table("page", PAGE_SAYS),
        "field_words": table("field_words", FIELD_WORDS_SAYS),
        "finding_kind": table("finding_kind", FINDING_KIND_SAYS),
        "record_read": table("record_read", RECORD_READ_SAYS),
        "passed_over": table("passed_over", PASSED_OVER_SAYS),
        "treatment": table("treatment", TREATMENT_SAYS),
        "record_note": table("record_note", RECORD_NOTE_SAYS),
        "record_missing": table("record_missing", RECORD_MISSING_SAYS),
        "her2_reading": table("her2_reading", HER2_READING_SAYS),
        "quiz": table("quiz", QUIZ_SAYS),
        "form_hint": table("form_hint", FORM_HINT_SAYS),
        "what_if": table("what_if", WHAT_IF_SAYS),
        "http_error": table("http_error", HTTP_ERROR_SAYS),
        "batch": table("batch", BATCH_SAYS),
        "json_body": table("json_body", JSON_BODY_SAYS),
    }
