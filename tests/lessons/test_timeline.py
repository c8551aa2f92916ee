"""Time travel (teaching/timeline.py): the approvals in order, and a case's options at each approval date."""

from __future__ import annotations

from pathlib import Path

from rules_copy import loaded
from web_cases import SECOND_LINE

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


def test_a_change_of_the_option_named_first_is_an_entry_with_its_reason(engine: Engine) -> None:
    """Second line: EMILIA's overall survival puts T-DM1 first, DESTINY-Breast03 (ESMO, 2021-09-21) puts T-DXd
    first; each is a point of the timeline, on that day, saying who was first before and why the new one is."""
    by_date = {p.date: p for p in case_timeline(engine, SECOND_LINE).points}
    db03 = by_date["2021-09-21"].first_named
    assert db03 is not None
    assert (db03.before_id, db03.after_id) == ("trastuzumab_emtansine", "trastuzumab_deruxtecan")
    assert "DESTINY-Breast03" in db03.because
    assert "ASCO 2018 predates this trial" in db03.because
    assert "head-to-head result public: DESTINY-Breast03" in by_date["2021-09-21"].event
    emilia = next(
        p.first_named for p in by_date.values() if p.first_named and p.first_named.after_id.endswith("emtansine")
    )
    assert "EMILIA" in emilia.because
    firsts = [p.first_named.after_id for p in by_date.values() if p.first_named]
    assert firsts[-1] == "trastuzumab_deruxtecan"  # the guideline of 2022 keeps it first: no entry of its own


def test_a_status_that_moves_the_first_option_says_why_the_old_one_stands_lower(engine: Engine) -> None:
    """2007-03-13: lapatinib + capecitabine, approved whole, passes trastuzumab + chemotherapy, approved in part."""
    by_date = {p.date: p for p in case_timeline(engine, SECOND_LINE).points}
    lapatinib = by_date["2007-03-13"].first_named
    assert lapatinib is not None
    assert lapatinib.after_id == "lapatinib_capecitabine"
    assert "Trastuzumab + chemotherapy: FDA-approved only in part" in lapatinib.because


def test_an_order_day_where_the_first_option_stays_is_not_a_point(engine: Engine) -> None:
    """ASCO 2022 (2022-05-31) lists T-DXd first for second line, already first by DESTINY-Breast03: no new point."""
    dates = {p.date for p in case_timeline(engine, SECOND_LINE).points}
    assert "2022-05-31" not in dates


def test_what_changed_since_the_review_names_the_new_first_option_and_why(engine: Engine) -> None:
    from teaching.since import since_the_review

    _, _, changes = since_the_review(engine, engine.parse(SECOND_LINE))
    order = [c for c in changes if c.kind == "order"]
    assert len(order) == 1
    assert (order[0].before, order[0].regimen_id) == ("T-DM1 (ado-trastuzumab emtansine)", "trastuzumab_deruxtecan")
    assert order[0].because.startswith("Listed first for second line by ASCO 2022")


def test_what_happened_on_each_day_is_said_in_the_knowledge_bases_words(tmp_path: Path) -> None:
    """[changes] approved, approved_many, results, first_day and cutoff: a reworded copy says its own words."""
    engine = loaded(
        tmp_path,
        ('"FDA approval: {regimen}"', '"approved: {regimen}"'),
        ('"FDA approval: {regimen} ({count} indications)"', '"approved {count} times: {regimen}"'),
        ('"results counted from this day: {studies}"', '"results public: {studies}"'),
        ('"before the first approval"', '"the day before"'),
        ('"the knowledge base\'s evidence cut-off"', '"the cut-off"'),
    )
    by_date = {p.date: p.event for p in case_timeline(engine, engine.kb.cases["first-line-today"].case).points}
    assert by_date["1998-09-24"] == "the day before"
    assert by_date["2025-12-15"] == "approved: T-DXd + pertuzumab"
    assert by_date["2026-05-15"] == "approved 2 times: T-DXd (fam-trastuzumab deruxtecan-nxki)"
    assert by_date["2026-01-29"] == "results public: PATINA"
    assert by_date[engine.kb.info.evidence_cutoff.isoformat()] == "the cut-off"
