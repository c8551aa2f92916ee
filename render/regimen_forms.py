"""The dated notes on a regimen (rules/regimens.toml: subcutaneous forms, biosimilars, context) as an answer shows
them: with their regimen, from their date (as_of respected), with their source; an unverified note never."""

from __future__ import annotations

import datetime as dt

from engine.after_review import RegimenNote
from engine.loader import KnowledgeBase

FORM_KINDS = {"formulation": "Formulation", "biosimilar": "Biosimilar", "context": "Context, not a breast indication"}


def forms_on(kb: KnowledgeBase, day: dt.date) -> dict[str, list[RegimenNote]]:
    """Each regimen's notes public on `day`, oldest first."""
    shown: dict[str, list[RegimenNote]] = {}
    for note in sorted(kb.regimen_notes, key=lambda n: n.date.counts_from()):
        if note.verified and note.date.counts_from() <= day:
            shown.setdefault(note.regimen, []).append(note)
    return shown


def form_lines(notes: list[RegimenNote]) -> list[str]:
    """The notes as Markdown list items, e.g. "- *Biosimilar, 2017-12-01:* ... (Source: ...)"."""
    return [f"- *{FORM_KINDS[n.kind]}, {n.date}:* {n.text} (Source: {n.source})" for n in notes]
