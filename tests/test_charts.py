"""The evidence charts (web/charts.py): matplotlib SVG, sources cited in the figure, charts matched to answers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from her2_cds.engine import Engine
from her2_cds.web.charts import CHARTS, charts_for, render_svg


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
    assert {c.name for c in charts_for(neo, engine.kb)} >= {"pcr", "hr-gap"}
    selection = engine.evaluate(engine.kb.cases["her2-negative-selection"].case)
    assert charts_for(selection, engine.kb) == []
