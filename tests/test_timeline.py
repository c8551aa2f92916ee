"""Time travel (teaching/timeline.py): the approvals in order, and a case's options at each approval date."""

from __future__ import annotations

from her2_cds.engine import Engine
from her2_cds.teaching.timeline import approvals, case_timeline


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
