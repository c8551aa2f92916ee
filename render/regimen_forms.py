"""The dated product notes on a regimen (subcutaneous forms, biosimilars, context) as the handout and the answer
page word them; the engine puts them on each recommendation (`forms`), from their day, with their source."""

from __future__ import annotations

from engine.answer import RegimenForm

FORM_KINDS = {"formulation": "Formulation", "biosimilar": "Biosimilar", "context": "Context, not a breast indication"}


def form_lines(forms: list[RegimenForm]) -> list[str]:
    """The notes as Markdown list items, e.g. "- *Biosimilar, 2017-12-01:* ... (Source: ...)"."""
    return [f"- *{FORM_KINDS[f.kind]}, {f.date}:* {f.text} (Source: {f.source})" for f in forms]
