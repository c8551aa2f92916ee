"""When each study, finding and cited text of a loaded knowledge base counts: the first day it was certainly
public (engine/dating.py says how a partial date counts), and the day a statement of work in progress ended."""

from __future__ import annotations

import datetime as dt

from engine.knowledge import Cited, Finding, OwnDate, Study
from engine.loader import KnowledgeBase


def study_public(kb: KnowledgeBase, study_id: str) -> dt.date:
    """When a study's results were certainly public: for a study the review reports, no later than the
    review; a study first reported after the review, from its own date."""
    study = kb.studies[study_id]
    day = study.reported.counts_from(study.reported_certain_by)
    return day if study.after_review else min(day, kb.info.review_published)


def finding_public(kb: KnowledgeBase, study: Study, finding: OwnDate) -> dt.date:
    """When one result (a finding or an arm's values) was certainly public: its own date if it has one,
    else its study's; a result the review reports no later than the review, one after it from its own date."""
    if finding.reported is None:
        return study_public(kb, study.id)
    day = finding.reported.counts_from(finding.reported_certain_by)
    return day if finding.after_review else min(day, kb.info.review_published)


def find(kb: KnowledgeBase, ref: str) -> tuple[Study, Finding]:
    """A finding by its reference "study_id.finding_id"; KeyError if there is none."""
    study_id, _, finding_id = ref.partition(".")
    study = kb.studies[study_id]
    for finding in study.findings:
        if finding.id == finding_id:
            return study, finding
    raise KeyError(ref)


def result_public(kb: KnowledgeBase, ref: str) -> dt.date:
    """When a result was public: a study ("study_id") or one of its findings ("study_id.finding_id")."""
    if "." in ref:
        return finding_public(kb, *find(kb, ref))
    return study_public(kb, ref)


def ended_on(kb: KnowledgeBase, ended_by: list[str]) -> dt.date | None:
    """The day a statement of work in progress stopped being true: the first of the results that ended it
    was public (None: no result in the knowledge base has ended it)."""
    return min((result_public(kb, ref) for ref in ended_by), default=None)


def as_of_words(kb: KnowledgeBase, day: dt.date) -> str:
    """How a statement of work in progress that nothing has ended is dated on a day ([progress] as_of): never later
    than the knowledge base's cut-off, never later than the day."""
    return kb.words.progress("as_of", day=min(day, kb.info.evidence_cutoff).isoformat())


def cited_public(kb: KnowledgeBase, cited: Cited) -> dt.date:
    """When everything a text cites was public: the latest of its studies', findings' (and review's) days."""
    days = [study_public(kb, s) for s in cited.studies]
    days += [finding_public(kb, *find(kb, ref)) for ref in cited.findings]
    if cited.from_review:
        days.append(kb.info.review_published)
    return max(days, default=dt.date.min)
