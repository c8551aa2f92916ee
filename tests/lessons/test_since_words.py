"""What changed between the review and the cut-off says why as a teacher would (rules/case-words.toml [changes]):
a status that now rests on trials is "based on" them, not "on" them."""

from __future__ import annotations

from web_cases import SECOND_LINE

from engine import Engine
from teaching.since import since_the_review


def test_a_status_that_now_rests_on_trials_is_said_based_on_them(engine: Engine) -> None:
    _, _, changes = since_the_review(engine, engine.parse(SECOND_LINE))
    said = {c.regimen_id: (c.before, c.after, c.because) for c in changes if c.kind == "status"}
    assert said["afatinib"] == ("Investigational", "Not recommended", "based on LUX-Breast 1")
    assert said["tucatinib_trastuzumab_emtansine"][2] == "based on HER2CLIMB-02"
