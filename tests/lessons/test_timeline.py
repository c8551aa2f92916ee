"""Time travel (teaching/timeline.py): the approvals in order, and a case's options at each approval date."""

from __future__ import annotations

from engine import Engine
from teaching.timeline import approvals, case_timeline


def test_approvals_are_in_date_order_with_the_review_version_as_a_note(engine: Engine) -> None:
    entries = approvals(engine)
    assert [e.counts_from for e in entries] == sorted(e.counts_from for e in entries)
    assert entries[0].counts_from == "1998-09-25"
    lapatinib = next(e for e in entries if e.id == "lapatinib-capecitabine-2007")
    assert lapatinib.review_table_1.startswith("2006")
    assert "2007" in lapatinib.correction
    partial = next(e for e in entries if e.id == "trastuzumab-adjuvant-2008-01")
    assert (partial.date, partial.counts_from) == ("2008-01", "2008-01-31")


def test_a_case_grows_from_before_the_first_approval_to_the_cutoff(engine: Engine) -> None:
    timeline = case_timeline(engine, engine.kb.cases["first-line-in-2014"].case)
    dates = [p.date for p in timeline.points]
    assert dates[0] == "1998-09-24"
    assert dates[-1] == engine.kb.info.evidence_cutoff.isoformat()
    assert timeline.points[0].options == {}
    for approval in approvals(engine):
        assert approval.counts_from in dates
    by_date = {p.date: p for p in timeline.points}
    assert by_date["2012-06-08"].options["pertuzumab_trastuzumab_chemotherapy"] == "approved"
    assert "pertuzumab_trastuzumab_chemotherapy" not in by_date["2010-01-29"].options
    arrived = {c.regimen_id: c.after for c in by_date["2012-06-08"].changes}
    assert arrived == {"pertuzumab_trastuzumab_chemotherapy": "approved"}


def test_the_case_own_date_is_replaced(engine: Engine) -> None:
    old = case_timeline(engine, engine.kb.cases["first-line-in-2010"].case)
    new = case_timeline(engine, engine.kb.cases["first-line-in-2014"].case)
    assert old.points == new.points


def test_an_approval_that_does_not_apply_changes_nothing(engine: Engine) -> None:
    timeline = case_timeline(engine, engine.kb.cases["neoadjuvant-large-tumor"].case)
    by_date = {p.date: p for p in timeline.points}
    assert by_date["2007-03-13"].changes == []  # lapatinib + capecitabine is metastatic only
    assert {c.regimen_id for c in by_date["2013-09-30"].changes} == {"pertuzumab_trastuzumab_chemotherapy"}


def test_the_timeline_runs_to_the_cutoff_through_the_approvals_after_the_review(engine: Engine) -> None:
    """A first-line case of today passes every later approval to the cut-off: DESTINY-Breast09 makes T-DXd +
    pertuzumab supported on 2025-06-03 (ASCO 2025) and its approval makes it approved on 2025-12-15; later days
    are marked."""
    timeline = case_timeline(engine, engine.kb.cases["first-line-today"].case)
    by_date = {p.date: p for p in timeline.points}
    assert timeline.points[-1].date == engine.kb.info.evidence_cutoff.isoformat()
    review = engine.kb.info.review_published.isoformat()
    later = [a for a in approvals(engine) if a.counts_from > review]
    assert later
    assert all(a.after_review for a in later)
    assert {a.counts_from for a in later} <= set(by_date)
    arrived = {c.regimen_id: c.after for c in by_date["2025-06-03"].changes}
    assert arrived == {"trastuzumab_deruxtecan_pertuzumab": "supported"}
    assert "DESTINY-Breast09" in by_date["2025-06-03"].event
    assert {c.regimen_id: c.after for c in by_date["2025-12-15"].changes} == {
        "trastuzumab_deruxtecan_pertuzumab": "approved"
    }
    assert all(p.after_review == (p.date > review) for p in timeline.points)


def test_the_timeline_says_what_happened_in_clinical_words(engine: Engine) -> None:
    """Each event names the approved regimen or the trial, never an approval's id; a later result of a trial the
    review knew (MARIANNE, 2016-11-07) is named on its day."""
    timeline = case_timeline(engine, engine.kb.cases["first-line-today"].case)
    by_date = {p.date: p for p in timeline.points}
    ids = set(engine.kb.approvals)
    assert not any(i in p.event for p in timeline.points for i in ids)
    assert by_date["2025-12-15"].event == "FDA approval: T-DXd + pertuzumab"
    assert "MARIANNE" in by_date["2016-11-07"].event
