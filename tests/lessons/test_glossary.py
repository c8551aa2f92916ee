"""The glossary on a page (teaching/glossary.py): each abbreviation's first use in the main content is marked with
its expansion, in a title for hover and in visible text for a phone, a keyboard and paper; nothing else is touched,
and a page's unexplained abbreviations can be listed."""

from __future__ import annotations

import re

import pytest

from engine.knowledge import GlossaryTerm, NotAbbreviation
from teaching.glossary import Glossary, visible_text

TERMS = [
    GlossaryTerm(abbr="pCR", expansion="pathological complete response", source="test"),
    GlossaryTerm(abbr="HER2", expansion="human epidermal growth factor receptor 2", source="test"),
    GlossaryTerm(abbr="HR", expansion="hazard ratio", source="test"),
    GlossaryTerm(abbr="HR-positive", expansion="hormone receptor-positive", source="test"),
    GlossaryTerm(abbr="T-DXd", expansion="trastuzumab deruxtecan", source="test"),
    GlossaryTerm(abbr="THP", expansion="taxane, trastuzumab and pertuzumab", meaning="Dual blockade.", source="test"),
]
NAMES = [NotAbbreviation(group="cell lines", why="names", words=["BT-474"])]
GLOSSARY = Glossary(TERMS, NAMES)


def page(main: str, head: str = "") -> str:
    return f"<html><head><title>pCR</title></head><body><nav>HER2</nav>{head}<main>{main}</main></body></html>"


def test_the_first_use_in_the_main_content_is_marked_and_the_next_is_not() -> None:
    marked = GLOSSARY.mark_first_uses(page("<p>pCR 46% vs pCR 29%</p>"))
    assert marked.count('<abbr title="pathological complete response">pCR</abbr>') == 1
    assert "pCR 29%" in marked
    assert "<nav>HER2</nav>" in marked
    assert "<title>pCR</title>" in marked


def test_a_title_carries_the_meaning_after_the_expansion() -> None:
    marked = GLOSSARY.mark_first_uses(page("<p>THP</p>"))
    assert '<abbr title="taxane, trastuzumab and pertuzumab: Dual blockade.">THP</abbr>' in marked


def test_tags_attributes_scripts_charts_and_marked_words_are_left_alone() -> None:
    main = (
        '<a href="/x?q=pCR" title="HER2">link</a><script>var HER2 = 1;</script><svg><text>HR 0.6</text></svg>'
        '<abbr title="mine">T-DXd</abbr><code>HR</code><p>HER2</p>'
    )
    marked = GLOSSARY.mark_first_uses(page(main))
    untouched = main.replace("<p>HER2</p>", "")
    assert untouched in marked  # the link, the script, the chart, the marked word and the code, as they were
    assert '<p><abbr title="human epidermal growth factor receptor 2">HER2</abbr><span class="gloss">' in marked


def test_a_hyphenated_term_wins_over_its_first_part_and_a_compound_marks_its_abbreviation() -> None:
    marked = GLOSSARY.mark_first_uses(page("<p>HR-positive, HER2-positive; HR 0.62</p>"))
    assert '<abbr title="hormone receptor-positive">HR-positive</abbr>' in marked
    assert '<abbr title="human epidermal growth factor receptor 2">HER2</abbr>-positive' in marked
    assert '<abbr title="hazard ratio">HR</abbr><span class="gloss"> (hazard ratio)</span> 0.62' in marked


def test_a_page_without_main_content_is_returned_as_it_was() -> None:
    assert GLOSSARY.mark_first_uses("<p>pCR</p>") == "<p>pCR</p>"


def test_unexplained_abbreviations_are_listed_and_names_numbers_and_initials_are_not() -> None:
    text = "pCR and XYZ rose; T-DXd-THP; ddQR-THP; NCT01358877; phase IIa; Patel TA, Dave B; BT-474 cells; HER2-low"
    assert GLOSSARY.unexplained(text) == {"XYZ", "ddQR"}


def test_the_visible_text_is_the_main_contents_without_tags_or_scripts() -> None:
    assert visible_text(page("<p>pCR &amp; HR</p><script>var XYZ;</script>")).split() == ["pCR", "&", "HR"]


def test_the_first_use_shows_its_expansion_in_the_text_and_later_uses_do_not() -> None:
    text = visible_text(GLOSSARY.mark_first_uses(page("<p>pCR 46% vs pCR 29%</p>")))
    assert " ".join(text.split()) == "pCR (pathological complete response) 46% vs pCR 29%"


def test_the_visible_expansion_is_the_expansion_alone_and_the_title_keeps_the_meaning() -> None:
    marked = GLOSSARY.mark_first_uses(page("<p>THP</p>"))
    assert "Dual blockade." not in visible_text(marked)
    assert " ".join(visible_text(marked).split()) == "THP (taxane, trastuzumab and pertuzumab)"


def test_a_compound_word_stays_whole_and_its_expansion_follows_it() -> None:
    marked = GLOSSARY.mark_first_uses(page("<p>HER2-positive disease</p>"))
    expansion = '<span class="gloss"> (HER2: human epidermal growth factor receptor 2)</span>'
    assert f"HER2</abbr>-positive{expansion} disease" in marked


def test_an_abbreviation_already_spelled_out_beside_it_is_not_expanded_twice() -> None:
    text = visible_text(GLOSSARY.mark_first_uses(page("<p>a pathological complete response (pCR) in 46%</p>")))
    assert text.count("pathological complete response") == 1


def test_links_controls_and_headings_keep_their_words_and_the_next_running_text_explains() -> None:
    marked = GLOSSARY.mark_first_uses(page('<h2>HER2</h2><a href="/x">HER2</a><button>HER2</button><p>HER2 2+</p>'))
    assert '<h2>HER2</h2><a href="/x">HER2</a><button>HER2</button>' in marked
    assert '<p><abbr title="human epidermal growth factor receptor 2">HER2</abbr><span class="gloss">' in marked


def test_a_word_already_followed_by_a_bracket_gets_its_title_but_no_second_bracket() -> None:
    marked = GLOSSARY.mark_first_uses(page("<p>T-DXd (fam-trastuzumab deruxtecan-nxki)</p>"))
    assert '<abbr title="trastuzumab deruxtecan">T-DXd</abbr> (fam-' in marked
    assert "gloss" not in marked


def test_a_status_badge_keeps_its_words_and_the_text_after_it_is_still_marked() -> None:
    main = '<p><span class="badge badge-approved">HR <b>x</b> <br> HER2</span> then HER2 and HR</p>'
    marked = GLOSSARY.mark_first_uses(page(main))
    assert '<span class="badge badge-approved">HR <b>x</b> <br> HER2</span> then <abbr' in marked
    assert '<abbr title="hazard ratio">HR</abbr><span class="gloss"> (hazard ratio)</span></p>' in marked


def test_an_abbreviation_inside_a_bracket_gets_its_title_but_no_bracket_of_its_own() -> None:
    marked = GLOSSARY.mark_first_uses(page("<p>a taxane, trastuzumab and pertuzumab (THP)</p>"))
    assert "<abbr title=" in marked
    assert "gloss" not in marked


SLOT = re.compile(r"\x00(?P<name>\w+)\x00")


def test_a_page_with_slots_is_marked_as_the_filled_page_is_where_no_slot_can_change_it() -> None:
    slotted = page('<p>pCR in 46%; this case is dated \x00as_of\x00.</p><p class="no-gloss">HER2\x00x\x00</p>')
    marked = GLOSSARY.mark_slotted(slotted, SLOT, lambda name: True)
    assert marked is not None
    for day in ("2012-06-01", "1.96"):
        assert SLOT.sub(day, marked) == GLOSSARY.mark_first_uses(SLOT.sub(day, slotted))


@pytest.mark.parametrize(
    "main",
    [
        "<p>HER2 \x00size\x00 human epidermal growth factor receptor</p>",  # the words read around a use reach it
        "<p>HER2\x00size\x00</p>",  # it touches the use: "HER21.5" is no use at all
        "<p>T-DXd-\x00size\x00</p>",  # a hyphen before it may join what fills it to a use
        "<p>pCR at \x00link\x00</p>",  # filled with letters
    ],
)
def test_a_page_is_not_marked_once_for_all_where_a_slot_could_change_what_is_marked(main: str) -> None:
    assert GLOSSARY.mark_slotted(page(main), SLOT, lambda name: name != "link") is None
