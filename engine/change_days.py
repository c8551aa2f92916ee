"""The days on which an answer can read otherwise than on the day before, read off the loaded knowledge base.

Between two of these days a case is answered alike but for the date it prints, so the answer cache keeps one
answer for all of them (engine/answer_cache.py). tests/core/test_change_days.py checks the premise: on every
other day the knowledge base names, a sample of cases is answered as on the day before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from engine.knowledge import Approval
from engine.loader import KnowledgeBase
from engine.ordering import Orderer
from engine.progress import Timed
from engine.records import StudyRecords
from engine.rulebook import CompiledRule, Rulebook


def change_days(
    kb: KnowledgeBase,
    rulebook: Rulebook,
    records: StudyRecords,
    orderer: Orderer,
    texts: Iterable[Timed],
    known: Iterable[dt.date],
) -> tuple[dt.date, ...]:
    """A rule's or a caution's date test, a dated text's first and last day, a study or a result turning public
    (its record, its evidence), an approval counting or converted, a guideline version's first and last day, a
    head-to-head result turning public, the review's day (its commentary), and the day after the cut-off (the
    cut-off note, the date a dated statement prints)."""
    days = {dt.date.fromordinal(d) for d in rulebook.eras} | _every_answer(kb) | _caution_tests(rulebook.rules)
    days |= _text_ends(texts) | _approvals(kb.approvals.values())
    days |= {*known, *(d for changes in records.changes.values() for d in changes)}
    days |= orderer.days()
    return tuple(sorted(d for d in days if d > dt.date.min))


def option_days(
    kb: KnowledgeBase,
    rules: Iterable[CompiledRule],
    records: StudyRecords,
    texts: Iterable[Timed],
    known: Iterable[dt.date],
    forms: Iterable[dt.date],
) -> tuple[int, ...]:
    """The days (as ordinals) on which a regimen's option, made from some of `rules`, can read otherwise than on
    the day before: what change_days counts for those rules alone (their approvals, their studies' records and
    days public (`known`), their dated texts and cautions (`texts`), the regimen's forms, the review's day and
    the day after the cut-off): 2 to 31 of the answer cache's 106 days, 8 on average, so many classes share an
    option."""
    rules = list(rules)
    days = _every_answer(kb) | _caution_tests(rules) | _text_ends(texts) | {*known, *forms}
    days |= _approvals(kb.approvals[r.rule.approval] for r in rules if r.rule.approval is not None)
    days |= {d for rule in rules for study in rule.rule.evidence for d in records.changes[study]}
    return tuple(sorted(d.toordinal() for d in days if d > dt.date.min))


def _every_answer(kb: KnowledgeBase) -> set[dt.date]:
    """The review's day (its commentary) and the day after the cut-off (the cut-off note)."""
    return {kb.info.review_published, kb.evidence_cutoff + dt.timedelta(days=1)}


def _caution_tests(rules: Iterable[CompiledRule]) -> set[dt.date]:
    tests = (c for r in rules for k in r.rule.cautions for c in k.when if c.kind == "date")
    return {dt.date.fromisoformat(str(c.value)) for c in tests}


def _text_ends(texts: Iterable[Timed]) -> set[dt.date]:
    return {d for t in texts for d in (t.start, t.end) if d is not None}


def _approvals(approvals: Iterable[Approval]) -> set[dt.date]:
    """The days approvals count from, and the days accelerated ones were converted."""
    return {
        d
        for a in approvals
        for d in (a.date.counts_from(), *([a.converted_on.counts_from()] if a.converted_on else []))
    }
