"""The statuses' words are the loaded knowledge base's (rules/case-words.toml, [status.<id>], [order] and, for the
numbers of a study's arms, [arm_value]): a status, a learner's choice, an order class, a guideline position kind or
an arm value without its words, or one of the order's sentences ([order.says]) missing or not naming exactly its
slots, stops the load naming the file and the id, and an engine loaded from another rules
folder speaks that folder's words while the packaged one keeps its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_copy import loaded, refused

from engine import Engine, KnowledgeBaseError, parse_case
from engine.order_facts import POSITION_KINDS
from engine.says import ORDER_SAYS
from engine.toml_records import exact_keys
from engine.vocabulary import ORDER_CLASSES, STATUS_CHOICES
from render.cds_hooks import summary
from teaching.order_changes import order_days
from teaching.reasons import offered_because
from teaching.since import since_the_review
from web.practice import flip_views
from web.verdict import verdict_rows

# trastuzumab + chemotherapy is approved only in part here, after the options approved whole (features/order.feature)
PRETREATED = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "pretreated",
    "prior_trastuzumab": True,
    "prior_metastatic_her2_regimens": 1,
    "hormone_receptor_status": "negative",
    "as_of": "2013-06-01",
}


@pytest.mark.parametrize(
    ("old", "new", "record", "reason"),
    [
        ("[status.unsure]\n", "[unused]\n", "unsure", "a status with no words"),
        ('title = "Investigational"\n', "", "investigational", "title"),
        (
            'meaning = "Evidence against it for this case: a negative trial or an inferior arm."\n',
            "",
            "not_recommended",
            "no meaning",
        ),
        ("[status.approved]\n", "[status.aproved]\n", "aproved", "an unknown status"),
        ('not_recommended = "not recommended, so listed last"\n', "", "order", "'not_recommended' has no words"),
        ('supported = "supported by', 'approved = "x"\nsupported = "supported by', "order", "words for 'approved'"),
        ("against {other} (no", "against it (no", "order", "{other}"),
        ('first = "no guideline position', 'firsts = "no guideline position', "order", "firsts"),
        # each kind of guideline position has its words; one that places options has them from below too
        ('said = "named"\nunder = "names"\n', 'said = "named"\n', "order", "'named' has no words"),
        ("[order.position.no_preference]\n", "[order.position.no_view]\n", "order", "'no_preference' has no words"),
        # each of the order's sentences is there, and names exactly its slots
        ('predates = ", which predates {study}"\n', "", "order.says.predates", "a sentence with no words"),
        ('predates = ", which predates {study}"\n', 'predates = ""\n', "order.says.predates", "with no words"),
        ("[order.says]\n", '[order.says]\nfollows = "after {other}"\n', "order.says.follows", "does not say"),
        ("{study}, {endpoint}{only_if}{predates}", "{study}{only_if}{predates}", "order.says.trial", "no {endpoint}"),
        ("below {other}: {study}", "below {other} ({guideline}): {study}", "order.says.below_trial", "{guideline} is"),
        ('only_if = ", {only_if}"', 'only_if = ", {only_if!r}"', "order.says.only_if", "not a plain named slot"),
        ('only_if = ", {only_if}"', 'only_if = ", {}"', "order.says.only_if", "not a plain named slot"),
        # the "why not" sentences, and each status's words inside them
        ('and = "; and "\n', "", "why_not.and", "a sentence with no words"),
        ("{status} under rule {rule} only if {failed}.", "{status} only if {failed}.", "why_not.rule", "no {rule}"),
        ('"{needs} (here: {value})"', '"{needs} (here: {value}, {unit})"', "why_not.failed", "{unit} is not"),
        ("[why_not]\n", '[why_not]\nwhy = "x"\n', "why_not.why", "does not say"),
        # a student's reasons: the day a status waits for says what happened then
        (
            'from {day}{happened}; this case is dated {as_of}."\nalso',
            'from {day}; this case is dated {as_of}."\nalso',
            "reasons.waits",
            "no {happened}",
        ),
        ('approval = ", the day of its FDA approval"\n', "", "reasons.approval", "a sentence with no words"),
        ("[reasons]\n", '[reasons]\nwhen = "x"\n', "reasons.when", "does not say"),
        ('said = "investigational"\n', "", "investigational", "no words inside a sentence"),
        # the marks on a status: "in part", "conditional", and in the answer's status label
        ('in_part = "{status} in part"\n', "", "mark.in_part", "a sentence with no words"),
        (
            "{status} for {labelled} only; {unlabelled}",
            "{status} for {labelled} only",
            "mark.label_part",
            "{unlabelled}",
        ),
        ('"{status}, conditional"', '"{status}, conditional on {fields}"', "mark.conditional", "{fields} is not"),
        ('and = " and "\nunknown_one', "unknown_one", "mark.and", "a sentence with no words"),
        ("depends on {fields}, not", "depends on {fields} ({rule}), not", "mark.depends", "{rule} is not"),
        ("'Not known in this case: {fields}.", "'Not known in this case.", "mark.unknown_one", "names no {fields}"),
        # what changed between two dates, or in a what-if
        ('dropped = "No longer offered."\n', "", "changes.dropped", "a sentence with no words"),
        ('"Now {because}"', '"Now {because} ({rules})"', "changes.now", "{rules} is not"),
        ('"{guideline} replaced"', '"replaced"', "changes.replaced", "names no {guideline}"),
        ('"{because} {regimen}: {where}"', '"{because} {where}"', "changes.was_first", "names no {regimen}"),
        # a statement of work in progress nothing has ended, dated
        ('as_of = "As of {day}, no later result in this knowledge base."\n', "", "progress.as_of", "with no words"),
        ('"As of {day}, no later', '"As of {date}, no later', "progress.as_of", "names no {day}"),
        ("[progress]\n", '[progress]\nuntil = "x"\n', "progress.until", "does not say"),
        ('date = "Date"\n', "", "changes.date", "a sentence with no words"),
        (
            '"FDA approval: {regimen} ({count} indications)"',
            '"FDA approval: {regimen}"',
            "changes.approved_many",
            "{count}",
        ),
        # a learner's choice that cannot be scored
        ('no_choice = "Choose a status, not offered, or unsure."\n', "", "learner.no_choice", "with no words"),
        ('"{key} is given {times} times;', '"{key} is given several times;', "learner.repeated", "names no {times}"),
        ('"{value} is not a choice;', '"{value} ({key}) is not a choice;', "learner.not_a_choice", "{key} is not"),
        ("[learner]\n", '[learner]\ntoo_late = "x"\n', "learner.too_late", "does not say"),
        ("order: {line}", "order.", "learner.place", "names no {line}"),
        # each level of evidence has its words, and no other level
        ('preclinical = "preclinical"\n', "", "evidence_level.preclinical", "a sentence with no words"),
        ("[evidence_level]\n", '[evidence_level]\nphase_4 = "x"\n', "evidence_level.phase_4", "does not say"),
        # each number a study arm may carry has its words, with {v} for the number
        ('pfs_12m = "12-month PFS {v}%"\n', "", "pfs_12m", "no words"),
        ('pcr_breast = "breast pCR {v}%"', 'pcr_breast = "breast pCR {value}%"', "pcr_breast", "{v}"),
        ("[arm_value]\n", '[arm_value]\npfs_24m = "x {v}"\n', "pfs_24m", "an unknown arm value"),
    ],
)
def test_a_status_or_an_order_class_without_its_words_stops_the_load(
    tmp_path: Path, old: str, new: str, record: str, reason: str
) -> None:
    """Each status and learner choice has a title and a short label (the four statuses a meaning too), each order
    class after the first its reason, and the order's sentence for two unordered options names {other}."""
    file, refused_record, why = refused(tmp_path, "case-words.toml", old, new)
    assert (file, refused_record) == ("case-words.toml", record)
    assert reason in why


def test_the_packaged_words_cover_every_status_choice_and_order_class(engine: Engine) -> None:
    """The engine's ids are code; every one has its words in the packaged knowledge base."""
    words = engine.kb.words
    assert set(words.statuses) == set(STATUS_CHOICES)
    assert set(words.order.after) == set(ORDER_CLASSES[1:])
    assert set(words.order.position) == set(POSITION_KINDS)
    assert (words.title("approved"), words.short("approved"), words.title("not_offered")) == (
        "FDA-approved",
        "Approved",
        "Not offered",
    )


def test_an_engine_loaded_from_another_folder_speaks_its_words(tmp_path: Path, engine: Engine) -> None:
    """Reworded status and order words in a copy of rules/ reach that engine's order, reasons and cards; the
    packaged engine, loaded in the same process, keeps its own (no words are read at import)."""
    other = loaded(
        tmp_path,
        ('title = "FDA-approved"', 'title = "Approved by the FDA"'),
        ('"FDA-approved only in part, so after the options approved whole"', '"approved in part: after"'),
        ('said = "listed first"', 'said = "put first"'),
        ('"randomized phase III"', '"phase 3, randomized"'),
        ('"{status} only for {labelled}; {unlabelled}."', '"{status} solely for {labelled}; {unlabelled}."'),
    )
    levels = {ev.level_label for r in other.evaluate(PRETREATED).recommendations for ev in r.evidence}
    assert "phase 3, randomized" in levels
    assert "randomized phase III" not in levels
    for each, title, reason, first, only in (
        (other, "Approved by the FDA", "approved in part: after", "put first", "solely"),
        (
            engine,
            "FDA-approved",
            "FDA-approved only in part, so after the options approved whole",
            "listed first",
            "only",
        ),
    ):
        answer = each.evaluate(PRETREATED)
        rec = next(r for r in answer.recommendations if r.regimen_id == "trastuzumab_chemotherapy")
        assert reason in [r.text for r in rec.ordered_by]
        assert offered_because(each, answer, rec.regimen_id).startswith(f"{title} {only} for ")
        assert summary(rec, each.kb.words).startswith(f"{title}: ")
        today = each.evaluate({**PRETREATED, "as_of": "2026-12-06"})
        tdxd = next(r for r in today.recommendations if r.regimen_id == "trastuzumab_deruxtecan")
        assert f"{first} for second line by ASCO 2022" in [r.text for r in tdxd.ordered_by]


def test_one_check_of_exact_keys_names_the_file_and_the_key_or_its_record(tmp_path: Path) -> None:
    """The words' tables share one check: an absent or incomplete key, or an unknown one, stops the load. Keys that
    are records of their own name the misspelt key first; keys inside one record name that record, the missing key
    first."""
    path = tmp_path / "case-words.toml"
    said = {"a": "x", "c": ""}

    def check(record: str | None) -> tuple[str, str]:
        with pytest.raises(KnowledgeBaseError) as caught:
            exact_keys(
                path,
                said,
                ("a", "b"),
                record=record,
                unknown=lambda key: f"unknown {key}",
                missing=lambda key: f"no words for {key}",
            )
        assert caught.value.path == str(path)
        return caught.value.record, caught.value.reason

    assert check(None) == ("c", "unknown c")
    assert check("order") == ("order", "no words for b")
    exact_keys(path, said, ("a", "c"), unknown=str, missing=str)  # exactly the allowed keys: no error
    with pytest.raises(KnowledgeBaseError, match="incomplete c"):
        exact_keys(path, said, ("a", "c"), unknown=str, missing="incomplete {}".format, complete=lambda k, v: v == "x")


def test_the_packaged_order_says_every_sentence_the_engine_fills(engine: Engine) -> None:
    assert set(engine.kb.words.order.says) == set(ORDER_SAYS)


def test_reworded_order_sentences_reach_the_answer(tmp_path: Path) -> None:
    """The trial's line on the winner and on the loser, the note that a guideline came before the trial, and that
    guideline's own line are the knowledge base's sentences, filled."""
    engine = loaded(
        tmp_path,
        ("above {other}: {study}, {endpoint}{only_if}", "{study} ({endpoint}) put it above {other}{only_if}"),
        ("below {other}: {study}, {endpoint}{only_if}", "{study} ({endpoint}) put {other} above it{only_if}"),
        ('"; {guideline} predates this trial"', '" (after {guideline})"'),
        ('", which predates {study}"', '" (before {study})"'),
    )
    lines = {}
    for day in ("2013-06-01", "2021-12-31"):
        answer = engine.evaluate({**PRETREATED, "as_of": day})
        lines[day] = {r.regimen_id: [o.text for o in r.ordered_by] for r in answer.recommendations}
    assert lines["2013-06-01"]["lapatinib_capecitabine"] == ["EMILIA (overall survival) put T-DM1 above it"]
    assert lines["2021-12-31"]["trastuzumab_deruxtecan"] == [
        "DESTINY-Breast03 (progression-free survival (primary)) put it above T-DM1 (after ASCO 2018)"
    ]
    assert lines["2021-12-31"]["trastuzumab_emtansine"][0] == (
        "listed first for second line by ASCO 2018 (before DESTINY-Breast03)"
    )


def test_reworded_why_not_sentences_reach_the_answer(tmp_path: Path) -> None:
    """A rule that did not fire, each test it failed, the join between them and a lower status's reason are the
    knowledge base's sentences, filled."""
    engine = loaded(
        tmp_path,
        ('"{status} under rule {rule} only if {failed}."', '"{status} ({rule}) needs {failed}."'),
        ('"{needs} (here: {value})"', '"{needs}, not {value}"'),
        ('and = "; and "', 'and = " plus "'),
        ('"Offered here only as {status} (rule {rules}): {rationale}"', '"Only {status} here ({rules}): {rationale}"'),
    )
    answer = engine.evaluate({**PRETREATED, "as_of": "2013-06-01"})
    reasons = [reason for why in answer.why_not for reason in why.reasons]
    assert any(r.startswith("Approved (") and " needs " in r and ", not " in r for r in reasons), reasons
    assert any(" plus " in r for r in reasons), reasons
    assert any(r.startswith("Only investigational here (") for r in reasons), reasons


def test_reworded_marks_reach_the_badges_and_the_status_label(tmp_path: Path) -> None:
    """A status approved only in part and one that depends on a field the case leaves out are marked in the
    knowledge base's words, on the page's badge, the card and the answer's status label."""
    engine = loaded(
        tmp_path,
        ('"{status} in part"', '"{status} (part)"'),
        ('"{status}, conditional"', '"{status}, if so"'),
        ('"{status} for {labelled} only; {unlabelled}"', '"{status} (for {labelled}; {unlabelled})"'),
        ('"{status}, conditional on {fields}"', '"{status} if {fields} allow"'),
    )
    part = engine.evaluate({**PRETREATED, "as_of": "2013-06-01"})
    first = {
        **PRETREATED,
        "metastatic_line": "first",
        "prior_trastuzumab": False,
        "hormone_receptor_status": "positive",
    }
    conditional = engine.evaluate({**first, "prior_metastatic_her2_regimens": None, "as_of": "2013-06-01"})
    rows = [{r.regimen_id: r for r in verdict_rows(engine, a)} for a in (part, conditional)]
    recs = [{r.regimen_id: r for r in a.recommendations} for a in (part, conditional)]
    assert rows[0]["trastuzumab_chemotherapy"].status_label == "FDA-approved (part)"
    assert rows[1]["lapatinib_letrozole"].status_label == "FDA-approved, if so"
    assert recs[0]["trastuzumab_chemotherapy"].status_label.startswith("approved (for ")
    assert recs[1]["lapatinib_letrozole"].status_label == "approved if menopausal status allow"
    assert summary(recs[1]["lapatinib_letrozole"], engine.kb.words).startswith("FDA-approved, if so: ")


def test_reworded_change_sentences_reach_the_review_comparison_and_the_what_if(tmp_path: Path) -> None:
    """Why a status changed since the review, and a what-if's reason for an option's new status, are the knowledge
    base's sentences, filled."""
    engine = loaded(
        tmp_path,
        ('"FDA approval of {date}: {indication}"', '"approved on {date} for {indication}"'),
        ('"Now {because}"', '"From now: {because}"'),
        ('"{guideline} published"', '"{guideline} out"'),
    )
    assert "ASCO 2022 out" in [event for events in order_days(engine.kb).values() for event in events]
    case = engine.dated(parse_case(PRETREATED, checks=engine.kb.case_checks))
    _, _, changes = since_the_review(engine, case)
    assert any(c.because.startswith("approved on ") for c in changes), changes
    reasons = [c.reason for flip in flip_views(engine, case) for c in flip.changes]
    assert any(r.startswith("From now: ") for r in reasons), reasons
