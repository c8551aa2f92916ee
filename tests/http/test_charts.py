"""The evidence charts (web/charts.py): matplotlib SVG, sources cited in the figure, charts matched to answers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine import Engine
from engine.loader import KnowledgeBase
from teaching.evidence import CHART_ROWS, hazard_rows, known_on, pcr_rows
from web.chart_draw import hazard_panels
from web.charts import CHARTS, ChartStore, ChartView, charts_for, size_px

STORE = ChartStore()  # one store for the module's tests, as one app has


def render_svg(name: str, kb: KnowledgeBase, cited: frozenset[str] = frozenset()) -> bytes:
    return STORE.svg(name, ChartView.of(kb), cited)


@pytest.mark.parametrize("name", list(CHARTS))
def test_each_chart_is_well_formed_svg_citing_its_sources(engine: Engine, name: str) -> None:
    svg = render_svg(name, engine.kb)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = svg.decode()
    assert "<script" not in text
    assert "Sources (review reference numbers)" in text
    for study in {engine.kb.studies[s].name.split(" (")[0] for s in CHARTS[name].studies(engine.kb)}:
        assert study.replace("&", "&amp;") in text
    assert render_svg(name, engine.kb) is svg  # cached per knowledge base


def test_charts_shown_beside_an_answer_are_those_it_draws_on(engine: Engine) -> None:
    neo = engine.evaluate(engine.kb.cases["neoadjuvant-large-tumor"].case)
    assert {c.name for c in charts_for(neo, ChartView.of(engine.kb))} >= {"pcr", "hr-gap"}
    selection = engine.evaluate(engine.kb.cases["her2-negative-selection"].case)
    assert charts_for(selection, ChartView.of(engine.kb)) == []


def test_charts_label_at_11_px_or_more_at_their_shown_size(engine: Engine) -> None:
    """Every text of every chart is at least 11 CSS px at the size the page shows it (96 px per inch)."""
    for name in CHARTS:
        svg = render_svg(name, engine.kb).decode()
        width_pt = float(re.search(r'<svg[^>]*width="([0-9.]+)pt"', svg).group(1))  # type: ignore[union-attr]
        px_per_unit = size_px(name)[0] / width_pt
        sizes = [float(s) for s in re.findall(r"font(?:-size)?:\s*(?:[a-z]+\s+)*([0-9.]+)px", svg)]
        assert sizes, name
        assert min(sizes) * px_per_unit >= 11, name


def test_hazard_chart_draws_prognostic_and_treatment_ratios_apart(engine: Engine) -> None:
    """The forest plot puts randomized treatment HRs and pCR-vs-no-pCR landmark HRs in separate titled panels."""
    svg = render_svg("hazard-ratios", engine.kb).decode()
    assert "Metastatic: randomized treatment effects" in svg
    assert "Prognostic, not a treatment effect: patients with pCR vs without" in svg
    assert all(r.prognostic == ("by pCR" in r.endpoint) for r in hazard_rows(engine.kb))


def test_hazard_chart_has_one_panel_per_setting_read_from_the_study_records(engine: Engine) -> None:
    """Today's forest plot has a neoadjuvant, an adjuvant, an extended adjuvant and a metastatic panel; each
    treatment HR sits in the panel of its study's setting (KATHERINE adjuvant, ExteNET extended adjuvant)."""
    panels = hazard_panels(hazard_rows(engine.kb), engine.kb.words)
    titles = [title.split(":")[0] for _, title in panels]
    assert titles == [
        "Neoadjuvant",
        "Adjuvant",
        "Extended adjuvant",
        "Metastatic",
        "Prognostic, not a treatment effect",
    ]
    placed = {(r.study_id, title.split(":")[0]) for rows, title in panels for r in rows}
    assert ("katherine", "Adjuvant") in placed
    assert ("extenet", "Extended adjuvant") in placed
    assert ("destiny_breast09", "Metastatic") in placed
    assert sum(len(rows) for rows, _ in panels) == len(hazard_rows(engine.kb))
    svg = render_svg("hazard-ratios", engine.kb).decode()
    assert all(f"{t}: randomized treatment effects" in svg for t in titles[:4])


def test_the_pcr_chart_draws_destiny_breast11_from_its_record(engine: Engine) -> None:
    """DESTINY-Breast11's three arms are drawn with their recorded pCR; T-DXd then THP and ddAC then THP are dual
    HER2 blockade (trastuzumab and pertuzumab), T-DXd alone a single HER2-directed drug."""
    rows = {r.arm: r for r in pcr_rows(engine.kb) if r.study_id == "destiny_breast11"}
    arms = {a.label: a.values["pcr_breast_axilla"] for a in engine.kb.studies["destiny_breast11"].arms}
    assert {arm: r.value for arm, r in rows.items()} == arms
    assert {arm: r.blockade for arm, r in rows.items()} == {
        "T-DXd then THP": "dual",
        "Dose-dense AC then THP": "dual",
        "T-DXd alone (closed early)": "single",
    }
    svg = render_svg("pcr", engine.kb).decode()
    assert "DESTINY-Breast11: T-DXd then THP" in svg
    assert "67.3%" in svg


def test_the_forest_plot_grows_with_its_rows(engine: Engine) -> None:
    """Today's forest plot, with the later trials, is drawn taller than the review's: each row stays legible."""
    review = known_on(engine.kb, engine.kb.info.review_published)
    assert size_px("hazard-ratios", engine.kb)[1] > size_px("hazard-ratios", review)[1]
    assert size_px("hazard-ratios", engine.kb)[0] == size_px("hazard-ratios")[0]


def test_charts_mark_unverified_values_and_the_cited_trials(engine: Engine) -> None:
    """Unverified values carry "*" in their label, and a cited study's label is bold."""
    plain = render_svg("hazard-ratios", engine.kb).decode()
    assert any(not r.verified for r in hazard_rows(engine.kb))
    assert "(primary) *" in plain
    cited = render_svg("hazard-ratios", engine.kb, frozenset({"cleopatra"})).decode()
    assert "bold" in cited
    assert "bold" not in plain


def test_an_unknown_cited_study_is_a_422_naming_cite(client: FlaskClient) -> None:
    """A chart asked to highlight a study the knowledge base lacks is refused, naming the parameter."""
    response = client.get("/evidence/pcr.svg?cite=cleopatra,nosuchtrial", headers={"Accept": "application/json"})
    assert response.status_code == 422
    [error] = response.get_json()["errors"]
    assert error["field"] == "cite"
    assert "'nosuchtrial'" in error["message"]
    assert "allowed: study ids of the knowledge base" in error["message"]


def test_the_evidence_page_and_its_json_read_each_charts_rows_once_per_view(
    fresh_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chart rows are read once per view of the knowledge base (web/charts.py, ChartViews), not per request."""
    read: list[str] = []
    for name, rows in list(CHART_ROWS.items()):
        monkeypatch.setitem(CHART_ROWS, name, lambda kb, rows=rows, name=name: read.append(name) or rows(kb))
    client = fresh_app.test_client()
    for url in ("/evidence", "/api/v1/evidence", "/evidence", "/api/v1/evidence"):
        assert client.get(url).status_code == 200
    assert sorted(read) == sorted(CHART_ROWS)  # the view at the cut-off, each chart's rows once
