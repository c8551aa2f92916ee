"""What the answer page shows, computed from an Answer: groups by status, cited references, readable values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engine import Answer, Recommendation
from engine.case_fields import as_entered
from engine.knowledge import Arm, Reference
from engine.loader import KnowledgeBase
from engine.phrasing import ClinicalWords
from engine.vocabulary import STATUSES, Status
from web.forms import BY_NAME


@dataclass(frozen=True)
class StatusGroup:
    status: Status
    title: str
    meaning: str
    recommendations: list[Recommendation]


@dataclass(frozen=True)
class CaseRow:
    name: str
    label: str
    value: str
    entered: bool  # False: the field was left out and this is its default


def status_groups(answer: Answer, words: ClinicalWords) -> list[StatusGroup]:
    """All four statuses in order (an empty group says so: that is an answer too)."""
    return [
        StatusGroup(
            status=status,
            title=words.title(status),
            meaning=words.statuses[status].meaning,
            recommendations=[r for r in answer.recommendations if r.status == status],
        )
        for status in STATUSES
    ]


def readable(words: ClinicalWords, name: str, value: object) -> str:
    """A case value as the form labels it ("Yes" for true, "Neoadjuvant (before surgery)", "2.5"; "not given" for
    none, in the knowledge base's words)."""
    if value is None:
        return words.field_words("blank")
    text = as_entered(value) if isinstance(value, float) else value
    if name in BY_NAME:
        return words.label_of(name, text)
    return str(text).lower() if isinstance(text, bool) else str(text)


def case_rows(answer: Answer, entered: set[str], words: ClinicalWords) -> list[CaseRow]:
    """The case as evaluated, field by field, marking the values that are defaults rather than entered."""
    values = answer.case.model_dump()
    return [
        CaseRow(
            name=f.name,
            label=words.label(f.name),
            value=readable(words, f.name, values[f.name]),
            entered=f.name in entered,
        )
        for f in BY_NAME.values()
        if values[f.name] is not None or f.name in entered
    ]


def cited_references(answer: Answer, kb: KnowledgeBase, extra: Iterable[int] = ()) -> list[Reference]:
    """The review's references cited by the evidence shown (a study's refs and its findings' refs), by number.

    `extra`: more numbers cited on the page (the sources of its figures).
    """
    numbers = {
        n
        for rec in answer.recommendations
        for ev in rec.evidence
        for n in [*ev.review_refs, *(r for f in ev.findings for r in f.refs)]
    } | set(extra)
    return [kb.references[n] for n in sorted(numbers) if n in kb.references]


def arm_values(words: ClinicalWords, arm: Arm) -> str:
    """An arm's numbers in words ("breast pCR 51.3%, median PFS 18.5 months"), the knowledge base's."""
    return words.numbers("arm_values").join(words.arm_value(k, v) for k, v in arm.values.items())


def field_label(words: ClinicalWords, name: str) -> str:
    """The form's label for a case field, or the name itself for anything else (e.g. an unknown field)."""
    return words.label(name) if name in BY_NAME else name
