"""One option's lines on a card, in a handout and in the command line's walkthrough, and the printed answer's own
words, are the knowledge base's sentences ([option] and [printed] in rules/case-words.toml), and so are the joins
between names inside a sentence ([changes], [mark] and [reasons]) and a field's words with no value ([field_words]):
one missing, one the engine does not fill, or one naming a slot too few or too many stops the load, naming the file
and the sentence; an engine over a reworded copy prints the new words in its walkthrough."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_copy import loaded, refused

from engine import Engine
from engine.card_says import CARD_SAYS, RECORD_CARD_SAYS
from engine.says import LESSON_SAYS, NUMBER_SAYS, OPTION_SAYS, PRINTED_SAYS
from render.walkthrough import render_text, text_view


@pytest.mark.parametrize(
    ("old", "new", "record", "reason"),
    [
        ('caution = "Caution:"\n', "", "option.caution", "a sentence with no words"),
        ("[option]\n", '[option]\nwarning = "Warning:"\n', "option.warning", "does not say"),
        ('"FDA approval {date}:"', '"FDA approval:"', "option.approval", "names no {date}"),
        ('"Status: {status}."', '"Status: {status} ({rule})."', "option.status", "{rule} is not one of its slots"),
        ('notes = "Notes"\n', "", "printed.notes", "a sentence with no words"),
        ("[printed]\n", '[printed]\nheading = "Case"\n', "printed.heading", "does not say"),
        ('"Case: {case}"', '"Case"', "printed.case", "names no {case}"),
        ('"Derived from the case: {facts}"', '"Derived: {facts} ({rules})"', "printed.derived", "{rules} is not"),
        # the mark after the review, and each kind of dated note on a regimen
        ('"After the review ({year})"', '"After the review"', "mark.after_review", "names no {year}"),
        ('context = "Context, not a breast indication"\n', "", "form_kind.context", "a sentence with no words"),
        ("[form_kind]\n", '[form_kind]\nlabel = "Label"\n', "form_kind.label", "does not say"),
        ('"(Source: {source})"', '"(Source)"', "printed.form_source", "names no {source}"),
        # a CDS Hooks card's own words
        ('none = "No HER2-directed option for this case"\n', "", "card.none", "a sentence with no words"),
        ('"{summary} (educational)"', '"(educational)"', "card.educational", "names no {summary}"),
        # the answer page's labels of an option's evidence
        (
            '"(The same correction of the review\'s Table 1 is recorded for {studies}.)"',
            '"(Also.)"',
            "option.same_correction",
            "names no {studies}",
        ),
        ('"Evidence for {name}"', '"Evidence for {name} ({status})"', "option.evidence_for", "{status} is not one of"),
        ('column_p = "P value"\n', "", "option.column_p", "a sentence with no words"),
        ('"Effect size"', '"Effect size ({name})"', "option.column_effect", "{name} is not one of its slots"),
        # a discovery entry's words, and the patient-view cards about the record
        ('service = "HER2-positive breast cancer case review (educational)"\n', "", "card.service", "with no words"),
        ('"{disclaimer} Send a case', '"Send a case', "card.service_about", "names no {disclaimer}"),
        ('read = "Case read from the record"\n', "", "record_card.read", "a sentence with no words"),
        ("[record_card]\n", '[record_card]\nsex = "sex"\n', "record_card.sex", "does not say"),
        ('"Not in the record: {items}"', '"Not in the record"', "record_card.missing_summary", "names no {items}"),
        ('"{resource}, {path}"', '"{resource}, {path} ({note})"', "record_card.where", "{note} is not one of its"),
        # a library case as a lesson tells it
        ('at_cutoff = "at the cut-off"\n', "", "lesson.at_cutoff", "a sentence with no words"),
        ("[lesson]\n", '[lesson]\nclass = "Class"\n', "lesson.class", "does not say"),
        ('"Case {position}: {case}"', '"Case: {case}"', "lesson.title", "names no {position}"),
        ('"on {date}"', '"on {date} ({position})"', "lesson.on", "{position} is not one of its slots"),
        # a study's and a result's numbers
        ('no_size = "n not given"\n', "", "numbers.no_size", "a sentence with no words"),
        ("[numbers]\n", '[numbers]\nodds_ratio = "OR {odds}"\n', "numbers.odds_ratio", "does not say"),
        ('"[{n}]"', '"[ref]"', "numbers.reference", "names no {n}"),
        ('"HR {hr}"', '"HR {hr} ({level})"', "numbers.hazard_ratio", "{level} is not one of its slots"),
        ('"{result} ({note})"', '"{result}"', "numbers.result_note", "names no {note}"),
        # every page's own words
        ('nav_glossary = "Glossary"\n', "", "page.nav_glossary", "a sentence with no words"),
        ('footer_stamp = "{stamp}."', 'footer_stamp = "."', "page.footer_stamp", "names no {stamp}"),
        # an option's reasons for its place as one sentence
        ('line = "{reasons}."\n', "", "order.says.line", "a sentence with no words"),
        ('line = "{reasons}."', 'line = "."', "order.says.line", "names no {reasons}"),
        # the joins inside sentences: between study names, a day's events, unknown fields, a case's values
        ('events = "; "\n', "", "changes.events", "a sentence with no words"),
        ('names = ", "', 'names = "{studies}"', "changes.names", "{studies} is not one of its slots"),
        ('list = ", "\nand = " and "\nunknown_one', 'and = " and "\nunknown_one', "mark.list", "with no words"),
        ('list = ", "\nand = " and "\nno_rule', 'and = " and "\nno_rule', "reasons.list", "with no words"),
        # a case field with no value, and a name with no words of its own
        ('not_known = "{noun} not known"\n', "", "field_words.not_known", "a sentence with no words"),
        ('article = "the "\n', "", "field_words.article", "a sentence with no words"),
        ('unnamed = "a feature of the case"\n', "", "field_words.unnamed", "a sentence with no words"),
        ('blank = "not given"\n', "", "field_words.blank", "a sentence with no words"),
        ('"{noun} not given"', '"not given"', "field_words.not_given", "names no {noun}"),
        # why an option has its status here, whole or for part of the regimen
        ('offered = "{status}: {headline}"\n', "", "reasons.offered", "a sentence with no words"),
        (
            '"{status} only for {labelled}; {unlabelled}."',
            '"{status} only for {labelled}."',
            "reasons.offered_part",
            "names no {unlabelled}",
        ),
    ],
)
def test_a_printed_sentence_missing_unknown_or_misslotted_stops_the_load(
    tmp_path: Path, old: str, new: str, record: str, reason: str
) -> None:
    file, refused_record, why = refused(tmp_path, "case-words.toml", old, new)
    assert (file, refused_record) == ("case-words.toml", record)
    assert reason in why


def test_the_packaged_words_have_every_printed_sentence(engine: Engine) -> None:
    assert set(engine.kb.words.option.says) == set(OPTION_SAYS)
    assert set(engine.kb.words.printed.says) == set(PRINTED_SAYS)
    assert set(engine.kb.words.numbers.says) == set(NUMBER_SAYS)
    assert set(engine.kb.words.record_card.says) == set(RECORD_CARD_SAYS)
    assert set(engine.kb.words.card.says) == set(CARD_SAYS)
    assert set(engine.kb.words.lesson.says) == set(LESSON_SAYS)
    assert engine.kb.words.option("approval", date="2012-06-08") == "FDA approval 2012-06-08:"


# the lapatinib + capecitabine approval has a corrected row of the review's Table 1, and EGF100151 a correction
PRETREATED = {
    "setting": "metastatic",
    "metastatic_line": "pretreated",
    "her2_status": "positive",
    "hormone_receptor_status": "negative",
    "prior_trastuzumab": True,
}
REWORDED = [
    ('"Case: {case}"', '"The case: {case}."', "\nThe case: metastatic / already treated for metastatic disease / HER2"),
    ('values = ", "', 'values = " / "', None),
    ('"Derived from the case: {facts}"', '"The rules read it as: {facts}"', "\nThe rules read it as: "),
    ('"Options, in the order a teacher would name them"', '"The options"', "\n== The options ==\n"),
    ('"Why not the others"', '"Not offered here"', "\n== Not offered here ==\n"),
    ('"The engine\'s reasoning"', '"Rules that fired"', "\n== Rules that fired ==\n"),
    ('"Why:"', '"Because:"', "\n  Because: "),
    ('"The review\'s Table 1:"', '"Table 1 of the review said:"', "\n    Table 1 of the review said: 2006"),
    ('"Correction:"', '"Corrected:"', "\n    Corrected: the review says "),
    ('"{source}, verified"', '"{source}; checked"', "(from the primary publication; checked)"),
    ('"{source}, not verified"', '"{source}; unchecked"', "; unchecked)"),
    ('"the review says {review}; {primary}"', '"the review says {review}, against {primary}"', ", against "),
    ('"Rules:"', '"Fired:"', ": Fired: metastatic."),
    ('"{result} ({note})"', '"{result} [{note}]"', "median OS 25.1 vs 20 months [PMC5290449 Table 1]"),
    ('line = "{reasons}."', 'line = "{reasons}!"', "\n  Order: Not recommended, so listed last!\n"),
    ('reasons = "; "', 'reasons = " / "', "(co-primary) / nothing orders it against T-DM1"),
    ('"Knowledge base {version}, evidence', '"Built from knowledge base {version}, evidence', "\nBuilt from "),
]


@pytest.fixture(scope="module")
def reworded(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    edits = [(old, new) for old, new, _ in REWORDED]
    return loaded(
        tmp_path_factory.mktemp("reworded"),
        ('out_of_scope = "Out of scope"', 'out_of_scope = "Outside the review"'),
        *edits,
    )


def test_reworded_printed_words_reach_the_walkthrough(reworded: Engine) -> None:
    text = render_text(text_view(reworded, reworded.evaluate(PRETREATED)))
    assert [said for _, _, said in REWORDED if said is not None and said not in text] == []
    outside = render_text(text_view(reworded, reworded.evaluate({**PRETREATED, "her2_status": "negative"})))
    assert "\n== Outside the review ==\n" in outside
