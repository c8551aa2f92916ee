"""A stored seminar as the pages and the API read it: found by its code (404 unknown, 410 ended), its library
cases on the seminar's date and the engine's answer to each."""

from __future__ import annotations

from flask import abort

from engine import Answer
from engine.knowledge import TeachingCase
from storage import Seminar
from storage.store import CODE_ALPHABET, CODE_LENGTH
from teaching.seminar import seminar_case
from web.errors import refusal
from web.services import current_engine
from web.store import current_store


def load_seminar(code: str) -> Seminar:
    """The seminar, or 404 (no such code) or 410 (it ended: its responses are deleted)."""
    valid = len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)
    seminar = current_store().get(code) if valid else None
    if seminar is None:
        abort(404, description=refusal("no_seminar"))
    if seminar.expires_at <= current_store().clock():
        abort(410, description=refusal("seminar_ended", when=f"{seminar.expires_at:%Y-%m-%d %H:%M}"))
    return seminar


def seminar_answer(seminar: Seminar, case_id: str) -> tuple[TeachingCase, Answer]:
    engine = current_engine()
    teaching = engine.kb.cases[case_id]
    return teaching, engine.evaluate(seminar_case(teaching, seminar.as_of))


def answers(seminar: Seminar) -> list[tuple[TeachingCase, Answer]]:
    """Each case of the seminar, in its order, with the engine's answer on the seminar's date."""
    return [seminar_answer(seminar, case_id) for case_id in seminar.case_ids]
