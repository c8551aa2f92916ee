"""The Markdown handout (render/handout.py)."""

from __future__ import annotations

import re

from engine import Engine
from render.handout import render_handout


def test_a_library_handout_carries_the_case_the_options_and_the_questions(engine: Engine) -> None:
    teaching = engine.kb.cases["neoadjuvant-large-tumor"]
    answer = engine.evaluate(teaching.case)
    text = render_handout(engine, answer, teaching)
    assert text.startswith(f"# {teaching.title}\n")
    assert text.count("Educational use only, not for clinical decisions.") >= 2
    assert "| Tumor size (cm) | 3.5 |" in text
    for rec in answer.recommendations:
        assert f"### {rec.name}" in text
    assert "## Not recommended" in text
    assert "NeoSphere" in text
    assert "## Questions" in text
    assert f"1. {teaching.questions[0].text}" in text
    assert teaching.questions[0].answer not in text  # the model answers wait for a committed student
    assert answer.knowledge_base.sha256 in text


def test_a_handout_shows_the_review_table_row_and_its_correction(engine: Engine) -> None:
    text = render_handout(engine, engine.evaluate(engine.kb.cases["lapatinib-options-hr-positive"].case))
    assert "*The review's Table 1:* 2009 [17]" in text
    assert "*Correction:*" in text


def test_an_out_of_scope_handout_says_why(engine: Engine) -> None:
    text = render_handout(engine, engine.evaluate(engine.kb.cases["her2-negative-selection"].case))
    assert "## Out of scope" in text
    assert "## FDA-approved" not in text


def test_a_handout_speaks_clinical_words_not_engine_words(engine: Engine) -> None:
    """No rule id, snake_case field name or working-file name in a handout; the why-not is in clinical words."""
    teaching = engine.kb.cases["neoadjuvant-small-node-negative"]
    answer = engine.evaluate(teaching.case)
    text = render_handout(engine, answer, teaching)
    assert "a tumor larger than 2 cm or with positive lymph nodes; this case: before surgery, tumor 1.5 cm" in text
    assert all(f.rule not in text for f in answer.trace.fired)
    assert not re.search(r"tumor_size_cm|node_status|tables\.md|notes\.md|trials\.json", text)
