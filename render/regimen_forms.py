"""The dated product notes on a regimen (subcutaneous forms, biosimilars, context) as the handout words them, in
the knowledge base's words ([form_kind] and [printed] form, form_source); the engine puts them on each
recommendation (`forms`), from their day, with their source."""

from __future__ import annotations

from engine.answer import RegimenForm
from engine.phrasing import ClinicalWords


def form_lines(forms: list[RegimenForm], words: ClinicalWords) -> list[str]:
    """The notes as Markdown list items, e.g. "- *Biosimilar, 2017-12-01:* ... (Source: ...)"."""
    said = words.printed
    heads = [said("form", kind=words.form_kinds[f.kind], date=f.date) for f in forms]
    return [f"- *{head}* {f.text} {said('form_source', source=f.source)}" for head, f in zip(heads, forms, strict=True)]
