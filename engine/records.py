"""Each study's record as an answer shows it on any date, built once per knowledge base.

A record changes only on the dates one of its results (a finding, an arm's values) became public
and on the review's own date (from which the knowledge base's commentary shows), so every record a
study can take is built at load, and an answer picks the one its as_of date falls in.
"""

from __future__ import annotations

import bisect
import datetime as dt

from her2_cds.engine.answer import Evidence
from her2_cds.engine.dating import finding_public
from her2_cds.engine.explain import evidence_record, finding_counts
from her2_cds.engine.knowledge import Study
from her2_cds.engine.loader import KnowledgeBase


class StudyRecords:
    """Every study's records, one per span between the dates it changes, public or not."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.changes: dict[str, list[dt.date]] = {}  # per study, the dates its record changes on
        self._records: dict[tuple[str, bool], list[Evidence]] = {}
        for study_id, study in kb.studies.items():
            results = (*study.findings, *study.arms)
            changes = sorted({finding_public(kb, study, r) for r in results} | {kb.info.review_published})
            self.changes[study_id] = changes
            for public in (True, False):
                self._records[study_id, public] = [self._build(study, d, public) for d in (dt.date.min, *changes)]

    def _build(self, study: Study, as_of: dt.date, public: bool) -> Evidence:
        findings = [f for f in study.findings if finding_counts(f, study, self.kb, as_of)]
        commentary = as_of >= self.kb.info.review_published
        return evidence_record(study, self.kb, findings, public=public, commentary=commentary, as_of=as_of)

    def on(self, study_id: str, as_of: dt.date, *, public: bool = True) -> Evidence:
        """The study's record as it stood on `as_of`: only its results public by then, and the knowledge
        base's commentary (written with the review's hindsight) only from the review's date."""
        span = bisect.bisect_right(self.changes[study_id], as_of)
        return self._records[study_id, public][span]
