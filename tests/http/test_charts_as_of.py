"""Charts for a dated case draw only the studies and results already public on that date."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient

from engine import Engine
from teaching.evidence import known_on

PRETREATED_2011 = (
    "/answer?setting=metastatic&her2_status=positive&metastatic_line=pretreated&hormone_receptor_status=negative"
    "&prior_trastuzumab=true&as_of=2011-06-01"
)


def test_the_knowledge_base_as_of_a_date_holds_only_what_was_public(engine: Engine) -> None:
    """On 2010-06-01, CLEOPATRA (2011) and NeoSphere (December 2010) are not yet known; the 2001 pivotal trial is."""
    view = known_on(engine.kb, dt.date(2010, 6, 1))
    assert "h0648g" in view.studies
    assert "cleopatra" not in view.studies
    assert "neosphere" not in view.studies
    assert view.sha256 != engine.kb.sha256  # anything cached per knowledge base is cached per date


def test_a_result_with_its_own_later_date_is_hidden_before_it(engine: Engine) -> None:
    """CLEOPATRA's overall-survival update (SABCS, December 2012, reported on the 7th) is hidden until 2012-12-07."""
    endpoints = {f.endpoint for f in known_on(engine.kb, dt.date(2012, 12, 6)).studies["cleopatra"].findings}
    later = {f.endpoint for f in known_on(engine.kb, dt.date(2012, 12, 7)).studies["cleopatra"].findings}
    assert "Overall survival (confirmatory update)" not in endpoints
    assert "Overall survival (confirmatory update)" in later


def test_at_the_cut_off_the_view_is_the_whole_knowledge_base(engine: Engine) -> None:
    """No date, or a date on or after the review's, changes nothing."""
    assert known_on(engine.kb, None) is engine.kb
    assert known_on(engine.kb, engine.kb.info.evidence_cutoff) is engine.kb


def test_a_dated_chart_leaves_out_later_trials(client: FlaskClient) -> None:
    """The pCR chart of 2013-05-21 has NeoSphere (December 2010) but not TRYPHAENA's arms (online 2013-05-22)."""
    dated = client.get("/evidence/pcr.svg?as_of=2013-05-21")
    undated = client.get("/evidence/pcr.svg")
    assert dated.status_code == undated.status_code == 200
    assert dated.mimetype == "image/svg+xml"
    assert b"NeoSphere" in dated.data
    assert b"TRYPHAENA" not in dated.data
    assert b"TRYPHAENA" in undated.data


def test_a_dated_chart_shows_a_trial_after_the_review_from_its_day(client: FlaskClient) -> None:
    """DESTINY-Breast11 (Ann Oncol online 2025-10-21) is in the pCR chart from that day, not the day before;
    DESTINY-Breast09 (ASCO 2025, counted from 2025-06-03) joins the forest plot the same way."""
    assert b"DESTINY-Breast11" not in client.get("/evidence/pcr.svg?as_of=2025-10-20").data
    assert b"DESTINY-Breast11" in client.get("/evidence/pcr.svg?as_of=2025-10-21").data
    assert b"DESTINY-Breast09" not in client.get("/evidence/hazard-ratios.svg?as_of=2025-06-02").data
    assert b"DESTINY-Breast09" in client.get("/evidence/hazard-ratios.svg?as_of=2025-06-03").data


def test_the_review_date_chart_has_no_trial_after_the_review(client: FlaskClient) -> None:
    """As the review saw it, the forest plot has no extended adjuvant panel and no KATHERINE."""
    svg = client.get("/evidence/hazard-ratios.svg?as_of=2014-07-31").data
    assert b"KATHERINE" not in svg
    assert b"Extended adjuvant" not in svg
    assert b"Metastatic: randomized treatment effects" in svg


def test_a_chart_dated_before_every_trial_says_so(client: FlaskClient) -> None:
    """A chart for 2000 has no study to draw and says so, rather than failing."""
    response = client.get("/evidence/hazard-ratios.svg?as_of=2000-01-01")
    assert response.status_code == 200
    assert b"No study of this series had reported by this date." in response.data


def test_a_bad_chart_date_is_refused_naming_the_field(client: FlaskClient) -> None:
    """An as_of that is not a date gets 422 with the field named, not a chart."""
    response = client.get("/evidence/pcr.svg?as_of=2013-02-30", headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "as_of"


def test_the_answer_page_of_a_dated_case_asks_for_dated_charts(client: FlaskClient) -> None:
    """A 2011 case's answer page draws its hazard-ratio figure as of 2011-06-01 and says so in the caption."""
    page = client.get(PRETREATED_2011).get_data(as_text=True)
    assert "/evidence/hazard-ratios.svg?as_of=2011-06-01" in page
    assert "already reported on 2011-06-01" in page
