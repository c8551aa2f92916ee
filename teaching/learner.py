"""Learner mode: a student commits a status, "not offered" or "unsure" per regimen; the engine scores it.

Nothing is stored: a choice is scored against the engine's answer and returned. Each item carries its
reason in clinical words (why the engine gives that status, or what its rules would need) and the
ids of the rules that decided it, for the engine's-reasoning view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Literal, cast

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from engine.answer import Answer
from engine.case import CaseError, FieldError
from engine.evaluate import Engine
from engine.frozen import Frozen
from engine.knowledge import TeachingCase
from engine.loader import KnowledgeBase
from engine.vocabulary import NOT_OFFERED, STATUS_CHOICES, UNSURE, known_keys
from teaching.reasons import offered_because, reasons_for

# unsure is an honest "I don't know": never scored as correct, never guessed for the student
Choice = Literal["approved", "supported", "investigational", "not_recommended", "not_offered", "unsure"]
CHOICES: tuple[str, ...] = STATUS_CHOICES
Verdict = Literal["correct", "wrong_status", "missed", "extra", "unsure"]
PASS_PERCENT = 60


class Commitment(BaseModel):
    """The student's choices: regimen id -> status or "not_offered"; regimens left out are "not_offered"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    choices: dict[str, Choice]

    @field_validator("choices")
    @classmethod
    def _known_regimens(cls, value: dict[str, Choice], info: ValidationInfo) -> dict[str, Choice]:
        # the knowledge base's regimens, given as the validation's context by parse_commitment
        allowed: Sequence[str] = (info.context or {}).get("regimen_ids", ())
        check = cast(Callable[[dict[str, Choice]], dict[str, Choice]], known_keys(tuple(allowed), "regimen ids").func)
        return check(value)  # each unknown id named, shortened


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
    passed: bool
    # what a pass needs, in the knowledge base's words (pass_rule): required, so no score is built without it; the
    # served schema states it as a constant, filled from the knowledge base
    pass_rule: str


def pass_rule(kb: KnowledgeBase) -> str:
    """What a pass needs, in the knowledge base's words ({percent}: PASS_PERCENT, the code's threshold)."""
    return kb.words.learner("pass_rule", percent=str(PASS_PERCENT))


def parse_commitment(data: object, kb: KnowledgeBase) -> Commitment:
    """Validate the student's choices (keys among the knowledge base's regimen ids), or raise CaseError naming each
    bad entry in its words."""
    says = kb.words.learner
    if not isinstance(data, dict):
        raise CaseError([FieldError(field="choices", message=says("not_an_object"))])
    try:
        return Commitment.model_validate({"choices": data}, context={"regimen_ids": kb.regimen_ids})
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            if err["type"] == "literal_error":
                shown = repr(err["input"])
                shown = shown if len(shown) <= 40 else shown[:37] + "..."  # a long input is not echoed whole
                message = says("not_allowed", value=shown, choices=says.says["list"].join(CHOICES))
            else:
                message = str(err["ctx"]["error"]) if "ctx" in err and "error" in err["ctx"] else err["msg"]
            errors.append(FieldError(field=where, message=message))
        raise CaseError(errors) from None


def _label(status: str) -> str:
    return status.replace("_", " ")


MIN_ITEMS = 4  # fewer, and what is asked gives the answer away


def learner_items(engine: Engine, answer: Answer, case: TeachingCase | None) -> list[str]:
    """The regimens a student is asked about, in the vocabulary's order (so the offered ones are not first): for
    a library case those that bear on it (the engine offers them) and those the library names as distractors,
    topped up to MIN_ITEMS with regimens that have a rule in the case's own setting; for any other case every
    regimen."""
    if case is None:
        return list(engine.kb.regimen_ids)
    asked = {r.regimen_id for r in answer.recommendations} | set(case.expect) | set(case.expect_absent)
    fact: dict[str, object] = dict(answer.case.as_fact())
    derived = set(answer.trace.derived_facts)
    for regimen in engine.kb.regimen_ids:
        if len(asked) >= MIN_ITEMS:
            break
        rules = engine.rulebook.by_regimen.get(regimen, ())
        if any(
            all(test(fact, derived) for c, test in zip(r.conditions, r.tests, strict=True) if c.fact == "setting")
            for r in rules
        ):
            asked.add(regimen)
    return [r for r in engine.kb.regimen_ids if r in asked]


def reason_for(engine: Engine, answer: Answer, regimen: str, scope_said: bool = False) -> tuple[str, list[str]]:
    """Why the regimen has its status here (or is not offered), in clinical words, and the rules that decided it;
    with `scope_said`, out of scope only that it is not offered (the page says the scope note once, above them)."""
    rec = next((r for r in answer.recommendations if r.regimen_id == regimen), None)
    higher = [] if scope_said and not answer.in_scope else reasons_for(engine, answer, regimen)
    if rec is not None:
        line = engine.kb.words.order.line(rec.ordered_by)
        place = engine.kb.words.learner("place", line=line) if line else ""
        return " ".join(t for t in [offered_because(engine, answer, regimen), *higher, place] if t), rec.rules
    not_offered = engine.kb.words.learner("not_offered", status=engine.kb.words.title(NOT_OFFERED))
    return " ".join([not_offered, *higher]), []


def score(
    engine: Engine,
    answer: Answer,
    commitment: Commitment,
    asked: Iterable[str] | None = None,
    *,
    scope_said: bool = False,
) -> LearnerScore:
    """Score the regimens asked about (default: every regimen) and any other the student chose, item by item; with
    `scope_said`, a page says the scope note of a case out of scope once, and no item says it again."""
    offered = {r.regimen_id: r.status for r in answer.recommendations}
    names = {r.id: r.name for r in engine.kb.regimens.values()}
    scope = set(engine.kb.regimen_ids if asked is None else asked) | set(commitment.choices)
    items: list[ScoredItem] = []
    for regimen in (r for r in engine.kb.regimen_ids if r in scope):
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
        reason, rules = reason_for(engine, answer, regimen, scope_said)
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
    percent = round(100 * correct / len(items)) if items else 0
    on_offer = [i for i in items if i.engine != NOT_OFFERED]
    offered_right = sum(i.verdict == "correct" for i in on_offer)
    passed = bool(items) and percent >= PASS_PERCENT and (not on_offer or 2 * offered_right > len(on_offer))
    summary = engine.kb.words.learner(
        "summary",
        correct=str(correct),
        total=str(len(items)),
        **{verdict: str(count) for verdict, count in counts.items()},
        result=engine.kb.words.learner("passed" if passed else "not_passed"),
    )
    return LearnerScore(
        correct=correct,
        total=len(items),
        percent=percent,
        items=items,
        summary=summary,
        passed=passed,
        pass_rule=pass_rule(engine.kb),
    )
