"""Study records built once per knowledge base: the one an answer picks is the one its date would build."""

from __future__ import annotations

import datetime as dt

from engine import Engine
from engine.records import StudyRecords, evidence_record, finding_counts


def test_a_record_picked_by_date_is_the_record_built_for_that_date(engine: Engine) -> None:
    """For every study, on each day around each date it changes, public or not, the picked record equals
    the record built from scratch for that day (from the study as updated, once its update is public)."""
    kb = engine.kb
    records = StudyRecords(kb)
    for study_id, study in kb.studies.items():
        days = {kb.info.review_published, dt.date(1990, 1, 1), dt.date(2030, 1, 1)}
        days |= {d + dt.timedelta(days=k) for d in records.changes[study_id] for k in (-1, 0, 1)}
        for day in sorted(days):
            update = kb.updated.get(study_id)
            held = update[1] if update is not None and update[0] <= day else study
            findings = [f for f in held.findings if finding_counts(f, held, kb, day)]
            commentary = day >= kb.info.review_published
            for public in (True, False):
                built = evidence_record(held, kb, findings, public=public, commentary=commentary, as_of=day)
                assert records.on(study_id, day, public=public) == built, (study_id, day, public)
