"""Each study's record as an answer shows it on any date, built once per knowledge base.

A record changes only on the dates one of its results (a finding, an arm's values) became public
and on the review's own date (from which the knowledge base's commentary shows), so every record a
study can take is built at load, and an answer picks the one its as_of date falls in.
"""

from __future__ import annotations

import bisect
import datetime as dt

from engine.answer import Evidence, ShownFinding
from engine.knowledge import Finding, OwnDate, Study
from engine.loader import KnowledgeBase
from engine.published import finding_public, study_public


def evidence_record(
    study: Study,
    kb: KnowledgeBase,
    findings: list[Finding] | None = None,
    *,
    public: bool = True,
    commentary: bool = True,
    as_of: dt.date = dt.date.max,
) -> Evidence:
    """A study as an answer shows it: only `findings` of its results; with `public` False (an approval's
    basis named before its results were public) no date, number or finding at all; with `commentary`
    False none of the knowledge base's notes and corrections, which were written with later knowledge."""
    shown = study.findings if findings is None else findings
    return Evidence(
        study_id=study.id,
        name=study.name,
        design=study.design,
        level=study.level,
        level_label=kb.words.levels[study.level],
        n=study.n,
        n_note=study.n_note,
        nct=study.nct,
        nct_verified=study.nct_verified,
        status=study.status,
        status_note=study.status_note if commentary else "",
        reported=str(study.reported) if public else "",
        reported_precision=study.reported.precision if public else None,
        reported_counts_from=study_public(kb, study.id) if public else None,
        reported_source=study.reported_source if public else "",
        reported_verified=study.reported_verified and public,
        results_public=public,
        arms=[a for a in study.arms if finding_public(kb, study, a) <= as_of] if public else [],
        findings=[_shown(f, finding_public(kb, study, f)) for f in shown] if public else [],
        review_refs=study.review_refs,
        primary_publication=study.primary_publication if study.primary_publication_verified and public else None,
        pmid=study.pmid if public else None,
        doi=study.doi if public else None,
        corrections=study.corrections if commentary and public else [],
        after_review=study.after_review,
    )


def _shown(finding: Finding, counts_from: dt.date) -> ShownFinding:
    precision = finding.reported.precision if finding.reported is not None else None
    return ShownFinding.model_construct(**dict(finding), reported_precision=precision, counts_from=counts_from)


def finding_counts(finding: OwnDate, study: Study, kb: KnowledgeBase, as_of: dt.date) -> bool:
    """A result shows only once it was public (its own date, else its study's, capped at the review's),
    and a result replaced by a later one of its study only until that one is public."""
    if finding_public(kb, study, finding) > as_of:
        return False
    replaced_by = getattr(finding, "replaced_by", None)
    later = next((f for f in study.findings if replaced_by is not None and f.id == replaced_by), None)
    return later is None or finding_public(kb, study, later) > as_of


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
