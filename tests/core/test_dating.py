"""Dates as precise as their record (engine/dating.py) and nothing shown before its day (engine/datecheck.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from pydantic import ValidationError

from engine import Engine
from engine.answer import Answer, Recommendation
from engine.datecheck import citation_problems, late_dates
from engine.dating import PartialDate, in_words
from engine.knowledge import Finding
from engine.rulebook import build_rulebook

METASTATIC_FIRST = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
}
PRETREATED = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "pretreated",
    "prior_trastuzumab": True,
    "hormone_receptor_status": "negative",
}
ADJUVANT = {
    "setting": "adjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "negative",
    "tumor_size_cm": 2.5,
    "node_status": "positive",
}


def regimen(answer: Answer, regimen_id: str) -> Recommendation:
    return next(r for r in answer.recommendations if r.regimen_id == regimen_id)


def test_precision_is_read_from_the_date() -> None:
    """A year, a month and a day each say how precise they are."""
    assert [PartialDate(d).precision for d in ("2012", "2013-05", "2012-06-03")] == ["year", "month", "day"]


def test_a_month_counts_from_its_last_day_unless_certain_earlier() -> None:
    """May 2013 counts from 31 May, or from the day a source shows it certain; a year from 31 December."""
    assert PartialDate("2013-05").counts_from() == dt.date(2013, 5, 31)
    assert PartialDate("2010-12").counts_from(dt.date(2010, 12, 12)) == dt.date(2010, 12, 12)
    assert PartialDate("2008").counts_from() == dt.date(2008, 12, 31)
    assert PartialDate("2008-02").counts_from() == dt.date(2008, 2, 29)


def test_a_date_in_words_names_its_precision() -> None:
    """A month date says it is known to the month only and from which day it counts."""
    assert in_words("2013-05") == "2013-05 (known to the month only; counted from 2013-05-31)"
    assert in_words("2012-06-03") == "2012-06-03"


def test_a_day_inside_a_month_needs_a_verified_source_and_must_lie_inside_it() -> None:
    """certain_by is refused on an unverified date and outside its period, accepted otherwise."""
    base = {"endpoint": "OS", "comparison": "a vs b", "result": "r", "as_in": "primary", "verified": True}
    dated = {**base, "reported": "2013-12", "reported_source": "a meeting", "reported_certain_by": "2013-12-14"}
    with pytest.raises(ValidationError, match="certain_by needs a verified date"):
        Finding.model_validate(dated)
    with pytest.raises(ValidationError, match="lies outside 2013-12"):
        Finding.model_validate({**dated, "reported_verified": True, "reported_certain_by": "2014-01-02"})
    assert Finding.model_validate({**dated, "reported_verified": True}).reported == "2013-12"


def test_a_finding_with_its_own_date_names_its_source() -> None:
    """A finding dated apart from its study must say where the date comes from."""
    base = {"endpoint": "OS", "comparison": "a vs b", "result": "r", "as_in": "primary", "verified": True}
    with pytest.raises(ValidationError, match="reported_source"):
        Finding.model_validate({**base, "reported": "2012-06-11"})


def test_the_1998_approval_names_its_trial_without_the_2001_figures(engine: Engine) -> None:
    """On 1998-09-25 trastuzumab is approved on H0648g, whose NEJM 2001 results are not shown yet."""
    answer = engine.evaluate({**METASTATIC_FIRST, "as_of": "1998-09-25"})
    rec = regimen(answer, "trastuzumab_chemotherapy")
    (trial,) = rec.evidence
    assert (trial.study_id, trial.results_public, trial.findings, trial.arms, trial.reported) == (
        "h0648g",
        False,
        [],
        [],
        "",
    )
    assert "[2]" not in rec.rationale
    later = regimen(engine.evaluate({**METASTATIC_FIRST, "as_of": "2001-03-15"}), "trastuzumab_chemotherapy")
    assert later.evidence[0].results_public
    assert later.evidence[0].findings
    assert "[2]" in later.rationale


def test_bcirg_006_five_year_dfs_is_not_shown_in_2006(engine: Engine) -> None:
    """The adjuvant answer of 2006-11-16 shows the 2005 results, not BCIRG 006's 2011 figures."""
    answer = engine.evaluate({**ADJUVANT, "as_of": "2006-11-16"})
    (trials,) = regimen(answer, "trastuzumab_chemotherapy").evidence
    assert trials.findings
    assert not [f for f in trials.findings if "BCIRG 006" in f.comparison]
    later = engine.evaluate({**ADJUVANT, "as_of": "2011-12-31"})
    assert [f for f in regimen(later, "trastuzumab_chemotherapy").evidence[0].findings if "BCIRG 006" in f.comparison]


@pytest.mark.parametrize(("day", "shown"), [("2012-06-10", False), ("2012-06-11", True)])
def test_egf104900_final_overall_survival_counts_from_its_e_publication(engine: Engine, day: str, shown: bool) -> None:
    """EGF104900's final OS (e-published 2012-06-11) and the sentence citing it appear on that day, not before."""
    rec = regimen(engine.evaluate({**PRETREATED, "as_of": day}), "lapatinib_trastuzumab")
    endpoints = [f.endpoint for e in rec.evidence for f in e.findings]
    assert ("Overall survival (final analysis)" in endpoints) == shown
    assert ("P = .026" in rec.rationale) == shown


def test_an_answer_names_the_precision_of_each_date(engine: Engine) -> None:
    """Study dates carry their precision and source; a finding with its own date carries its precision."""
    rec = regimen(engine.evaluate({**METASTATIC_FIRST, "as_of": "2014-07-31"}), "pertuzumab_trastuzumab_chemotherapy")
    cleopatra = next(e for e in rec.evidence if e.study_id == "cleopatra")
    assert (cleopatra.reported, cleopatra.reported_precision, cleopatra.reported_verified) == (
        "2011-12-07",
        "day",
        True,
    )
    assert "N Engl J Med" in cleopatra.reported_source
    update = next(f for f in cleopatra.findings if f.id == "os_update")
    assert (update.reported, update.reported_precision, update.counts_from) == (
        "2012-12",
        "month",
        dt.date(2012, 12, 7),
    )
    assert rec.approval is not None
    assert rec.approval.date_precision == "day"


def test_late_dates_finds_a_date_shown_too_early(engine: Engine) -> None:
    """The checker is not blind: an answer whose rationale names a later year is caught."""
    answer = engine.evaluate({**METASTATIC_FIRST, "as_of": "2000-01-01"})
    rec = answer.recommendations[0].model_copy(update={"rationale": "Published in 2001."})
    assert late_dates(answer.model_copy(update={"recommendations": [rec]})) == [
        "trastuzumab_chemotherapy rationale: 2001 (2001-01-01)"
    ]


def test_forecasts_identifiers_and_citations_are_not_shown_dates(engine: Engine) -> None:
    """'Expected around 2016 or 2017', a DOI and a citation's year name no event that has happened."""
    answer = engine.evaluate({**METASTATIC_FIRST, "as_of": "2000-01-01"})
    text = "Results expected around 2016 or 2017; doi 10.1016/S1470-2045(11)70336-9; J Oncol 2013;2013:854121."
    rec = answer.recommendations[0].model_copy(update={"rationale": text})
    assert late_dates(answer.model_copy(update={"recommendations": [rec]})) == []


def test_the_shipped_rules_cite_no_result_before_it_was_public(engine: Engine) -> None:
    """Every [n] in a rule's text is public by the first day that text can be shown."""
    assert list(citation_problems(engine.rulebook)) == []


def test_a_rationale_citing_a_later_result_is_caught(engine: Engine) -> None:
    """A rule shown from 1998 that cites NEJM 2001's [2] in its base rationale is reported."""
    kb = engine.kb
    rule = next(r for r in kb.rules if r.id == "metastatic.trastuzumab_chemotherapy.first_line.approved")
    moved = rule.model_copy(update={"rationale": rule.rationale + " It improved survival [2].", "rationale_dated": []})
    rules = tuple(moved if r.id == rule.id else r for r in kb.rules)
    problems = list(citation_problems(build_rulebook(dataclasses.replace(kb, rules=rules))))
    assert len(problems) == 1
    assert re.search(r"first_line\.approved: its rationale cites \[2\], public from 2001-03-15", problems[0])
