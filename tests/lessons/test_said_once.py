"""What a printed answer says of an option's standing it says once, in the command line's walkthrough, the handout
and the card alike: a conditional status by the one sentence of what it depends on (no status line saying
"conditional on" the same fields beside it), a status the FDA label covers in part by what the label covers; and an
out-of-scope case gives its scope note once, not again under every regimen. Options not offered for word for word the
same reasons are one entry of their why-not, the reasons once and then the options they cover."""

from __future__ import annotations

import pytest

from engine import Engine
from render.cds_hooks import detail
from render.handout import render_handout
from render.walkthrough import render_text, text_view
from teaching.reasons import not_offered
from teaching.shared_reasons import said_once, why_not_others
from teaching.words import after_review_mark

CONDITIONAL = "adjuvant-node-negative-hr-positive"  # trastuzumab + chemotherapy depends on tumor grade and age
PART = "tdm1-after-trastuzumab"  # trastuzumab + chemotherapy: approved for trastuzumab alone after chemotherapy
OUTSIDE = "her2-low-day-before"  # HER2-low before DESTINY-Breast04: out of scope


def _printed(engine: Engine, case_id: str) -> dict[str, str]:
    teaching = engine.kb.cases[case_id]
    answer = engine.evaluate(teaching.case)
    mark = after_review_mark(engine.kb.words, engine.kb.info.review_published)
    return {
        "walkthrough": render_text(text_view(engine, answer)),
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


def test_a_case_out_of_scope_has_no_why_not_list(engine: Engine) -> None:
    """Out of scope, every option's reason is the scope note, which the answer says once: the one decision the
    walkthrough, the handout and the answer page read is that there is no why-not list, not a list of that note."""
    assert why_not_others(engine, engine.evaluate(engine.kb.cases[OUTSIDE].case)) is None


def test_options_with_word_for_word_the_same_reasons_are_one_entry_at_the_first_one_s_place(engine: Engine) -> None:
    """Two options with the same reasons make one entry, the reasons once and then both options in the answer's
    order, where the first of them stood; an option whose reasons differ, even by one more, keeps its own."""
    entries = [("alpha", ["far"]), ("bravo", ["near"]), ("charlie", ["far"]), ("delta", ["far", "later"])]
    said = said_once(engine.kb.words, entries)
    assert [(s.names, s.reasons) for s in said] == [
        (("alpha", "charlie"), ("far",)),
        (("bravo",), ("near",)),
        (("delta",), ("far", "later")),
    ]
    shared, own = said[0], said[1]
    assert shared.count == 2
    assert shared.sentence().count("far") == 1
    assert shared.sentence().endswith(shared.covers)
    assert 0 <= shared.covers.index("alpha") < shared.covers.index("charlie")
    assert (own.term, own.covers, own.sentence()) == ("bravo", "", "near")


def test_a_case_s_why_not_names_each_option_not_offered_once(engine: Engine) -> None:
    """Neoadjuvant today, neratinib + capecitabine and margetuximab + chemotherapy share one entry; every option not
    offered is named once, and no two entries give the same reasons."""
    answer = engine.evaluate(engine.kb.cases["neoadjuvant-stage-2-3-today"].case)
    said = why_not_others(engine, answer)
    assert said is not None
    assert [n for s in said for n in s.names if s.count > 1] == [
        "Neratinib + capecitabine",
        "Margetuximab + chemotherapy",
    ]
    assert sorted(n for s in said for n in s.names) == sorted(
        w.name for w in answer.why_not if w.regimen_id in not_offered(answer)
    )
    assert len({s.reasons for s in said}) == len(said)
