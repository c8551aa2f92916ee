"""The evidence charts' words are the knowledge base's ([chart_title], [chart_alt] and [chart] in
rules/case-words.toml): charts drawn from a reworded copy, as the server's master and its drawing child draw them
(draw_svg on the knowledge base passed in), and the evidence page over that copy, say the new words, while the
packaged knowledge base's charts, drawn in the same process, keep theirs."""

from __future__ import annotations

from pathlib import Path

from rules_copy import loaded

from engine import Engine
from web import create_app
from web.charts import change_dates, draw_svg

REWORDED = (
    ('pcr = "pCR by trial and arm: single vs dual HER2 blockade"', 'pcr = "Complete response by trial and arm"'),
    ('hazard-ratios = "Two forest plots of hazard ratios,', 'hazard-ratios = "Forest plots of hazard ratios,'),
    ('"Sources (review reference numbers): {sources}.', '"Where the numbers come from: {sources}.'),
    ('prognostic = "Prognostic, not a treatment effect: patients', 'prognostic = "Not a treatment effect: patients'),
    ('(< 1 favours the first arm named)"', '(below 1 favours the first arm named)"'),
    ('"No study of this series had reported by this date."', '"Nothing of this series was public on this date."'),
)


def test_reworded_chart_words_reach_the_drawings_and_the_evidence_page(tmp_path: Path, engine: Engine) -> None:
    other = loaded(tmp_path, *REWORDED)
    for kb, said in ((other.kb, 0), (engine.kb, 1)):
        pcr, hazards = draw_svg("pcr", kb).decode(), draw_svg("hazard-ratios", kb, marked=True).decode()
        assert ("Complete response by trial and arm", "pCR by trial and arm: single vs dual HER2 blockade")[said] in pcr
        assert ("Where the numbers come from: ", "Sources (review reference numbers): ")[said] in pcr
        assert ("Not a treatment effect: patients", "Prognostic, not a treatment effect: patients")[said] in hazards
        assert ("(below 1 favours the first arm named)", "(&lt; 1 favours the first arm named)")[said] in hazards
    first = change_dates(other.kb)[0]  # the day before any study of the charts was public
    client = create_app({"TESTING": True, "ENGINE": other}).test_client()
    empty = client.get("/evidence/pcr.svg", query_string={"as_of": first.isoformat()}).get_data(as_text=True)
    assert "Nothing of this series was public on this date." in empty
    assert "Complete response by trial and arm" in empty
    page = client.get("/evidence").get_data(as_text=True)
    assert '<h2 id="pcr-title">Complete response by trial and arm</h2>' in page
    assert 'alt="Forest plots of hazard ratios, with confidence intervals' in page
