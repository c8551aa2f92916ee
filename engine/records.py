"""Each study's record as an answer shows it on any date, built once per knowledge base.

A record changes only on the dates one of its results (a finding, an arm's values) became public
and on the review's own date (from which the knowledge base's commentary shows), so every record a
study can take is built at load, and an answer picks the one its as_of date falls in.
"""

from __future__ import annotations

import bisect
import datetime as dt

from engine.answer import Evidence
from engine.explain import evidence_record, finding_counts
from engine.knowledge import Study
from engine.loader import KnowledgeBase
from engine.published import finding_public


class StudyRecords:
    """Every study's records, one per span between the dates it changes, public or not."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.changes: dict[str, list[dt.date]] = {}  # per study, the dates its record changes on
        self._records: dict[tuple[str, bool], list[Evidence]] = {}
        for study_id, study in kb.studies.items():
            versions = [study]
            later = kb.updated.get(study_id)  # a study the review knew, with its later updates from their day
            if later is not None:
                versions.append(later[1])
            changes_at = {kb.info.review_published, *([later[0]] if later is not None else [])}
            for version in versions:
                changes_at |= {finding_public(kb, version, r) for r in (*version.findings, *version.arms)}
            changes = sorted(changes_at)
            self.changes[study_id] = changes
            for public in (True, False):
                self._records[study_id, public] = [
                    self._build(self._version(study_id, d), d, public) for d in (dt.date.min, *changes)
                ]
        # each record's JSON, written once as UTF-8: most of an answer's bytes are its studies' records, and
        # these records are the very objects answers hold, so an answer's JSON can reuse them by identity
        self._json = {id(r): r.model_dump_json().encode() for records in self._records.values() for r in records}

    def _version(self, study_id: str, as_of: dt.date) -> Study:
        """The study as the knowledge base held it on `as_of`: its later update from that update's day."""
        later = self.kb.updated.get(study_id)
        if later is not None and later[0] <= as_of:
            return later[1]
        return self.kb.studies[study_id]

    def _build(self, study: Study, as_of: dt.date, public: bool) -> Evidence:
        findings = [f for f in study.findings if finding_counts(f, study, self.kb, as_of)]
        commentary = as_of >= self.kb.info.review_published
        return evidence_record(study, self.kb, findings, public=public, commentary=commentary, as_of=as_of)

    def on(self, study_id: str, as_of: dt.date, *, public: bool = True) -> Evidence:
        """The study's record as it stood on `as_of`: only its results public by then, and the knowledge
        base's commentary (written with the review's hindsight) only from the review's date."""
        span = bisect.bisect_right(self.changes[study_id], as_of)
        return self._records[study_id, public][span]

    def written(self) -> list[bytes]:
        """Every record's JSON as written at load."""
        return list(self._json.values())

    def json(self, record: Evidence) -> bytes:
        """The record's JSON in UTF-8, as record.model_dump_json() writes it (written now if it is not one of
        these)."""
        text = self._json.get(id(record))
        return record.model_dump_json().encode() if text is None else text
