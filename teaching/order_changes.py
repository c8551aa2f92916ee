"""Who is named first, and when that changes: an entry of the timeline and of "What changed", with its reason.

The option named first is the first of an answer's order (engine/ordering.py). Between two dates it changes
when a guideline version, a head-to-head result or a status moves another option to the top; the entry gives
the new first option's reasons as the answer shows them. The days on which an order can change without any
rule changing are the ordering facts' own: a guideline version published or replaced, a trial result public.
"""

from __future__ import annotations

from engine.answer import Answer, Recommendation
from engine.frozen import Frozen
from engine.loader import KnowledgeBase
from engine.published import find, finding_public


class OrderChange(Frozen):
    before_id: str  # "" when nothing was offered before
    before: str  # the option named first before, in words, or the [first_named] words for nothing
    after_id: str
    after: str
    because: str  # the reasons for the new first option's place, as its answer gives them


def first_named(answer: Answer) -> Recommendation | None:
    return answer.recommendations[0] if answer.recommendations else None


def order_change(kb: KnowledgeBase, before: Answer, after: Answer) -> OrderChange | None:
    """The change of the option named first between two answers of one case, or None if it is the same (or
    nothing is offered now)."""
    old, new = first_named(before), first_named(after)
    if new is None or (old is not None and old.regimen_id == new.regimen_id):
        return None
    line = kb.words.order.line
    because = line(new.ordered_by)  # never empty: the first option has at least the [order] `first` reason
    if old is not None and old.regimen_id not in {r for reason in new.ordered_by for r in reason.regimens}:
        # the new first's reasons do not place it against the old one: say where the old one stands now
        says = kb.words.changes
        moved = next((r for r in after.recommendations if r.regimen_id == old.regimen_id), None)
        where = line(moved.ordered_by) if moved is not None else says("dropped")
        said = kb.regimens[old.regimen_id].said
        because = says("was_first", because=because, regimen=said[:1].upper() + said[1:], where=where)
    return OrderChange(
        before_id=old.regimen_id if old else "",
        before=old.name if old else kb.words.first_named("nothing"),
        after_id=new.regimen_id,
        after=new.name,
        because=because,
    )


def order_days(kb: KnowledgeBase) -> dict[str, list[str]]:
    """The days an ordering fact starts or stops holding (ISO dates), each with what happened in words."""
    days: dict[str, list[str]] = {}
    ordering, says = kb.ordering, kb.words.changes
    for guideline in ordering.guidelines.values():
        days.setdefault(guideline.published.isoformat(), []).append(says("published", guideline=guideline.name))
        end = ordering.until(guideline)
        if end is not None:
            days.setdefault(end.isoformat(), []).append(says("replaced", guideline=guideline.name))
    for trial in ordering.head_to_head:
        study, finding = find(kb, trial.finding)
        day = finding_public(kb, study, finding).isoformat()
        days.setdefault(day, []).append(says("head_to_head", study=study.name, endpoint=finding.endpoint))
    return {d: list(dict.fromkeys(events)) for d, events in days.items()}
