"""What a printed answer says of an option's standing it says once, in the command line's walkthrough, the handout
and the card alike: a conditional status by the one sentence of what it depends on (no status line saying
"conditional on" the same fields beside it), a status the FDA label covers in part by what the label covers; and an
out-of-scope case gives its scope note once, not again under every regimen."""

from __future__ import annotations

import pytest

from engine import Engine
from render.cds_hooks import detail
from render.handout import render_handout
from render.walkthrough import render_text
from teaching.words import after_review_mark

CONDITIONAL = "adjuvant-node-negative-hr-positive"  # trastuzumab + chemotherapy depends on tumor grade and age
PART = "tdm1-after-trastuzumab"  # trastuzumab + chemotherapy: approved for trastuzumab alone after chemotherapy
OUTSIDE = "her2-low-day-before"  # HER2-low before DESTINY-Breast04: out of scope


def _printed(engine: Engine, case_id: str) -> dict[str, str]:
    teaching = engine.kb.cases[case_id]
    answer = engine.evaluate(teaching.case)
    mark = after_review_mark(engine.kb.words, engine.kb.info.review_published)
    return {
        "walkthrough": render_text(engine, answer),
        "handout": render_handout(engine, answer, teaching),
        "card": "\n".join(detail(rec, mark, engine.kb) for rec in answer.recommendations),
    }


def test_a_conditional_status_is_said_once(engine: Engine) -> None:
    for where, text in _printed(engine, CONDITIONAL).items():
        assert text.count("Conditional: depends on tumor grade and age, not given in this case.") == 1, where
        assert "Status: approved, conditional on" not in text, where


def test_a_status_the_label_covers_in_part_says_what_it_covers(engine: Engine) -> None:
    said = (
        "Status: approved for trastuzumab alone after chemotherapy for metastatic disease only; trastuzumab "
        "continued with chemotherapy is not labelled."
    )
    for where, text in _printed(engine, PART).items():
        assert text.count(said) == 1, where


@pytest.mark.parametrize("where", ["walkthrough", "handout"])
def test_an_out_of_scope_case_gives_its_scope_note_once(engine: Engine, where: str) -> None:
    note = engine.evaluate(engine.kb.cases[OUTSIDE].case).scope_note
    text = _printed(engine, OUTSIDE)[where]
    assert text.count(note) == 1
    assert "Why not the others" not in text
