"""A seminar's cases for a class: what each case asks the student, titles that do not give the answer, and
how the class answered (the count of each choice per regimen, beside the engine's answer and its reason).

Everything here is computed from the engine's answer and the library case; nothing about a student.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import Field

from engine.answer import Answer
from engine.evaluate import Engine
from engine.frozen import Frozen
from engine.knowledge import TeachingCase
from engine.phrasing import ClinicalWords
from engine.vocabulary import NOT_OFFERED
from teaching.learner import CHOICES, learner_items, reason_for


def seminar_case(case: TeachingCase, as_of: dt.date | None) -> dict[str, Any]:
    """The library case as the seminar asks it: on the seminar's date when the case has none of its own."""
    if as_of is None or "as_of" in case.case:
        return dict(case.case)
    return {**case.case, "as_of": as_of.isoformat()}


def setting_words(case: TeachingCase, said: ClinicalWords) -> str:
    """ "metastatic, first line": the case's setting and nothing of the answer (library titles name it)."""
    fields = case.case
    words = [said.value("setting", fields.get("setting"))]
    if fields.get("metastatic_line"):
        words.append(said.value("metastatic_line", fields.get("metastatic_line")))
    return said.lesson("setting").join(w for w in words if w)


def case_words(case: TeachingCase, said: ClinicalWords) -> str:
    """ "metastatic, already treated for metastatic disease; HER2-low; hormone receptor-negative; on 2022-08-05":
    what a student is told of the case, and nothing of its answer (a case with no date is answered at the cut-off)."""
    fields = case.case
    words = [setting_words(case, said)]
    if fields.get("her2_status") not in (None, "positive"):
        words.append(said.value("her2_status", fields["her2_status"]))
    if fields.get("hormone_receptor_status") is not None:
        words.append(said.value("hormone_receptor_status", fields["hormone_receptor_status"]))
    words.append(said.lesson("on", date=str(fields["as_of"])) if fields.get("as_of") else said.lesson("at_cutoff"))
    return said.lesson("parts").join(words)


def neutral_title(position: int, case: TeachingCase, said: ClinicalWords) -> str:
    """ "Case 2: metastatic, first line; hormone receptor-negative; on 2014-07-31", for a class."""
    return said.lesson("title", position=str(position), case=case_words(case, said))


def library_titles(cases: Iterable[TeachingCase], said: ClinicalWords) -> dict[str, str]:
    """Each library case's title for a student, numbered in the library's order (a number a class can name)."""
    return {case.id: neutral_title(position, case, said) for position, case in enumerate(cases, start=1)}


class RegimenTally(Frozen):
    regimen_id: str
    name: str
    key: str  # the engine's status for the case, or not_offered
    reason: str
    counts: dict[str, int]  # choice -> how many students chose it


class CaseTally(Frozen):
    case_id: str
    position: int
    title: str
    responses: int
    choices: dict[str, dict[str, int]]  # regimen id -> choice -> count (every choice named, zeros too)
    scope_note: str | None = Field(
        description="why the case is out of scope, said once for all its regimens (each reason then says only that it"
        " is not offered); null for a case in scope"
    )
    regimens: list[RegimenTally]


def tally(
    engine: Engine,
    cases: Sequence[tuple[TeachingCase, Answer]],
    responses: Iterable[tuple[str, dict[str, str]]],
) -> list[CaseTally]:
    """How the class answered each case: per regimen the count of each choice, beside the answer key; a case out of
    scope says its scope note once."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    answered: dict[str, int] = {}
    items = {case.id: learner_items(engine, answer, case) for case, answer in cases}
    for case_id, choices in responses:
        if case_id not in items:
            continue
        answered[case_id] = answered.get(case_id, 0) + 1
        per_case = counts.setdefault(case_id, {})
        for regimen in {*items[case_id], *choices}:
            choice = choices.get(regimen, NOT_OFFERED)
            per = per_case.setdefault(regimen, dict.fromkeys(CHOICES, 0))
            per[choice] = per.get(choice, 0) + 1
    names = {r.id: r.name for r in engine.kb.regimens.values()}
    out = []
    for position, (case, answer) in enumerate(cases, start=1):
        per_case = counts.get(case.id, {})
        shown = [r for r in engine.kb.regimen_ids if r in items[case.id] or r in per_case]
        offered = {r.regimen_id: r.status for r in answer.recommendations}
        regimens = [
            RegimenTally(
                regimen_id=r,
                name=names[r],
                key=offered.get(r, NOT_OFFERED),
                reason=reason_for(engine, answer, r, scope_said=True)[0],
                counts=per_case.get(r, dict.fromkeys(CHOICES, 0)),
            )
            for r in shown
        ]
        out.append(
            CaseTally(
                case_id=case.id,
                position=position,
                title=neutral_title(position, case, engine.kb.words),
                responses=answered.get(case.id, 0),
                choices={t.regimen_id: t.counts for t in regimens},
                scope_note=None if answer.in_scope else answer.scope_note,
                regimens=regimens,
            )
        )
    return out
