"""Learner mode: a student commits a status, "not offered" or "unsure" per regimen; the engine scores it.

Nothing is stored: a choice is scored against the engine's answer and returned. Each item carries its
reason in clinical words (why the engine gives that status, or what its rules would need) and the
ids of the rules that decided it, for the engine's-reasoning view.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from engine.answer import Answer
from engine.case import CaseError, FieldError
from engine.evaluate import Engine
from engine.frozen import Frozen
from engine.vocabulary import REGIMEN_IDS, STATUSES, known_keys
from teaching.reasons import offered_because, reasons_for
from teaching.words import NOT_OFFERED

UNSURE = "unsure"  # an honest "I don't know": never scored as correct, never guessed for the student
Choice = Literal["approved", "supported", "investigational", "not_recommended", "not_offered", "unsure"]
CHOICES: tuple[str, ...] = (*STATUSES, NOT_OFFERED, UNSURE)
Verdict = Literal["correct", "wrong_status", "missed", "extra", "unsure"]


class Commitment(BaseModel):
    """The student's choices: regimen id -> status or "not_offered"; regimens left out are "not_offered"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    choices: Annotated[dict[str, Choice], known_keys(REGIMEN_IDS, "regimen ids")]


class ScoredItem(Frozen):
    regimen_id: str
    name: str
    yours: str
    engine: str
    verdict: Verdict
    reason: str
    rules: list[str]


class LearnerScore(Frozen):
    correct: int
    total: int
    percent: int
    items: list[ScoredItem]
    summary: str


def parse_commitment(data: object) -> Commitment:
    """Validate the student's choices, or raise CaseError naming each bad entry."""
    if not isinstance(data, dict):
        raise CaseError([FieldError(field="choices", message="must be an object of regimen id to status")])
    try:
        return Commitment.model_validate({"choices": data})
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            if err["type"] == "literal_error":
                message = f"{err['input']!r} is not allowed; allowed: {', '.join(CHOICES)}"
            else:
                message = str(err["ctx"]["error"]) if "ctx" in err and "error" in err["ctx"] else err["msg"]
            errors.append(FieldError(field=where, message=message))
        raise CaseError(errors) from None


def _label(status: str) -> str:
    return status.replace("_", " ")


def _reason(engine: Engine, answer: Answer, regimen: str) -> tuple[str, list[str]]:
    rec = next((r for r in answer.recommendations if r.regimen_id == regimen), None)
    higher = reasons_for(engine, answer, regimen)
    if rec is not None:
        return " ".join([offered_because(engine, answer, regimen), *higher]), rec.rules
    return "Not offered. " + " ".join(higher), []


def score(engine: Engine, answer: Answer, commitment: Commitment) -> LearnerScore:
    """Score every regimen of the vocabulary, item by item, against the engine's answer."""
    offered = {r.regimen_id: r.status for r in answer.recommendations}
    names = {r.id: r.name for r in engine.kb.regimens.values()}
    items: list[ScoredItem] = []
    for regimen in REGIMEN_IDS:
        yours = commitment.choices.get(regimen, NOT_OFFERED)
        truth = offered.get(regimen, NOT_OFFERED)
        if yours == UNSURE:
            verdict: Verdict = "unsure"
        elif yours == truth:
            verdict = "correct"
        elif truth == NOT_OFFERED:
            verdict = "extra"
        elif yours == NOT_OFFERED:
            verdict = "missed"
        else:
            verdict = "wrong_status"
        reason, rules = _reason(engine, answer, regimen)
        items.append(
            ScoredItem(
                regimen_id=regimen,
                name=names[regimen],
                yours=yours,
                engine=truth,
                verdict=verdict,
                reason=reason,
                rules=rules,
            )
        )
    correct = sum(i.verdict == "correct" for i in items)
    counts = {v: sum(i.verdict == v for i in items) for v in ("wrong_status", "missed", "extra", "unsure")}
    summary = (
        f"{correct} of {len(items)} regimens match the engine: {counts['wrong_status']} with another status,"
        f" {counts['missed']} missed, {counts['extra']} offered that the engine does not offer,"
        f" {counts['unsure']} unsure."
    )
    return LearnerScore(
        correct=correct,
        total=len(items),
        percent=round(100 * correct / len(items)),
        items=items,
        summary=summary,
    )
