"""The same case as the review saw it and today: what changed between them, with the approval or trial
that changed it, in words for people (the rule ids stay in the JSON answers); and who is named first, when
that changed, with the reasons the answer gives for it."""

from __future__ import annotations

from typing import Literal

from engine.answer import Answer, Recommendation
from engine.case import Case
from engine.evaluate import Engine
from engine.frozen import Frozen
from engine.templates import Sentences
from engine.vocabulary import NOT_OFFERED
from teaching.order_changes import order_change


class Change(Frozen):
    regimen_id: str
    name: str
    before: str  # a status's title as the answer's badges say it ("FDA-approved", "Not offered"); for the order,
    # the option named first then
    after: str
    because: str  # the approval or the trial behind the later status; for the order, the new first's reasons
    kind: Literal["status", "order"] = "status"


def _status(rec: Recommendation | None) -> str:
    return rec.status if rec is not None else NOT_OFFERED


def _because(says: Sentences, rec: Recommendation | None, before: Recommendation | None) -> str:
    if rec is None:
        assert before is not None
        return says("no_longer", studies=says("names").join(e.name for e in before.evidence))
    if rec.approval is not None:
        return says("approval", date=rec.approval.date, indication=rec.approval.indication)
    trials = [e.name for e in rec.evidence if e.after_review] or [e.name for e in rec.evidence]
    return says("trials", studies=says("names").join(trials))


def since_the_review(engine: Engine, case: Case) -> tuple[str, str, list[Change]]:
    """The case on the review's date and on the cut-off, and every regimen whose status differs."""
    info = engine.kb.info
    then: Answer = engine.evaluate(case.model_copy(update={"as_of": info.review_published}))
    now: Answer = engine.evaluate(case.model_copy(update={"as_of": info.evidence_cutoff}))
    old = {r.regimen_id: r for r in then.recommendations}
    new = {r.regimen_id: r for r in now.recommendations}
    changes = [
        Change(
            regimen_id=regimen,
            name=engine.kb.regimens[regimen].name,
            before=engine.kb.words.title(_status(old.get(regimen))),
            after=engine.kb.words.title(_status(new.get(regimen))),
            because=_because(engine.kb.words.changes, new.get(regimen), old.get(regimen)),
        )
        for regimen in engine.kb.regimen_ids
        if _status(old.get(regimen)) != _status(new.get(regimen))
    ]
    first = order_change(engine.kb, then, now)
    if first is not None:
        changes.insert(
            0,
            Change(
                regimen_id=first.after_id,
                name=engine.kb.words.first_named("name"),
                before=first.before,
                after=first.after,
                because=first.because,
                kind="order",
            ),
        )
    return info.review_published.isoformat(), info.evidence_cutoff.isoformat(), changes
