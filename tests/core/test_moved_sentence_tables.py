"""The tables of sentences a bad case, a record read into a case, the quiz, a learner's score, a what-if, the case
form's hints, an error, a batch's refusal and a JSON body's are said in (rules/case-words.toml: [case_error],
[treatment], [record_read], [finding_kind], [passed_over], [record_note], [record_missing], [her2_reading], [quiz],
[learner], [what_if], [form_hint], [http_error], [batch], [json_body], [page]): in each, a sentence missing, one the
engine does not say, or one naming a slot too few or too many stops the load, naming the file and the sentence; and
the packaged words have every sentence of each. Each table's words reaching what a person reads is tested beside what
reads it (a reworded copy of rules/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_copy import refused

from engine import Engine, record_says
from engine.case_checks import CASE_ERROR_SAYS
from engine.page_says import BATCH_SAYS, FORM_HINT_SAYS, HTTP_ERROR_SAYS, JSON_BODY_SAYS, PAGE_SAYS
from engine.says import LEARNER_SAYS, WHAT_IF_SAYS


@pytest.mark.parametrize(
    ("old", "new", "record", "reason"),
    [
        ('required = "is required"\n', "", "case_error.required", "a sentence with no words"),
        ("[case_error]\n", '[case_error]\ntoo_long = "is too long"\n', "case_error.too_long", "does not say"),
        ('"{value} is not allowed"', '"is not allowed"', "case_error.not_allowed", "names no {value}"),
        ('"{problem}; allowed: {allowed}"', '"{problem}"', "case_error.allowed", "names no {allowed}"),
        ('"is given {times} times; give it once"', '"given {times} times ({field})"', "case_error.repeated", "{field}"),
        ('undated = "undated"\n', "", "treatment.undated", "a sentence with no words"),
        ("[treatment]\n", '[treatment]\nsurgery = "surgery"\n', "treatment.surgery", "does not say"),
        ('"trastuzumab ({words}), first on {day}"', '"trastuzumab ({words})"', "treatment.given", "names no {day}"),
        ('"no systemic therapy since metastasis on {day}"', '"none since {day} ({drug})"', "treatment.first", "{drug}"),
        ('grade = "tumor grade"\n', "", "finding_kind.grade", "a sentence with no words"),
        ("[finding_kind]\n", '[finding_kind]\nsex = "sex"\n', "finding_kind.sex", "does not say"),
        ('T = "T category"', 'T = "T category {value}"', "finding_kind.T", "{value} is not one of"),
        ('plan = "it is only a plan to give the drug, not an order"\n', "", "passed_over.plan", "with no words"),
        ("[passed_over]\n", '[passed_over]\nstopped = "it was stopped"\n', "passed_over.stopped", "does not say"),
        ('" ({element} {code})"', '" ({element})"', "passed_over.element", "names no {code}"),
        ('no_issue = "no issue stated"\n', "", "record_read.no_issue", "a sentence with no words"),
        ("[record_read]\n", '[record_read]\npage = "a page"\n', "record_read.page", "does not say"),
        ('" and {count} more"', '" and more"', "record_read.more_paths", "names no {count}"),
        ("refers to {reference}, not", "refers to {reference} ({where}), not", "record_read.someone_else", "{where}"),
        ('t3_above = " (T3 is above 5 cm)"\n', "", "record_note.t3_above", "a sentence with no words"),
        ("{resource} ({kind}) was passed over", "{resource} was passed over", "record_note.passed", "names no {kind}"),
        ("[record_note]\n", '[record_note]\nstage = "stage"\n', "record_note.stage", "does not say"),
        ("taken as {cm} cm,", "taken as 5 cm,", "record_note.t_category", "names no {cm}"),
        ("fetch {key}: {outcome}", "fetch {key}: {outcome} ({patient})", "record_note.could_not_fetch", "{patient}"),
        ('er = "estrogen receptor status"\n', "", "record_missing.er", "a sentence with no words"),
        ("[record_missing]\n", '[record_missing]\ngrade = "grade"\n', "record_missing.grade", "does not say"),
        ('"lymph-node status"', '"lymph-node status ({field})"', "record_missing.nodes", "{field} is not one of"),
        ('same_day = " on the same day"\n', "", "her2_reading.same_day", "a sentence with no words"),
        ("[her2_reading]\n", '[her2_reading]\nfish = "FISH"\n', "her2_reading.fish", "does not say"),
        ('"IHC {score}+"', '"IHC score"', "her2_reading.ihc", "names no {score}"),
        ("no ISH result to settle it: {said}", "no ISH ({resource}): {said}", "her2_reading.equivocal", "{resource}"),
        ('model_answer = "Model answer: {answer}"\n', "", "quiz.model_answer", "a sentence with no words"),
        ("[quiz]\n", '[quiz]\nhint = "Hint"\n', "quiz.hint", "does not say"),
        ('"Model answer: {answer}"', '"Model answer"', "quiz.model_answer", "names no {answer}"),
        ('"{title}: question {n}"', '"{title}: question {n} ({regimen})"', "quiz.essay_title", "{regimen}"),
        ('not_passed = "Not yet a pass."\n', "", "learner.not_passed", "a sentence with no words"),
        ('not_offered = "{status}."', 'not_offered = "Not offered."', "learner.not_offered", "names no {status}"),
        (
            '"{value} is not allowed; allowed: {choices}"',
            '"{value}: {choices} ({key})"',
            "learner.not_allowed",
            "{key}",
        ),
        (' unsure. {result}"', ' unsure."', "learner.summary", "names no {result}"),
        ('"A pass needs {percent}% of', '"A pass needs most of', "learner.pass_rule", "names no {percent}"),
        ('day_of = "the day of"\n', "", "what_if.day_of", "a sentence with no words"),
        ("[what_if]\n", '[what_if]\nflip = "flip"\n', "what_if.flip", "does not say"),
        (
            '"Rule {rule} no longer applies: {failed}."',
            '"Rule {rule} no longer applies."',
            "what_if.no_longer",
            "{failed}",
        ),
        ('"{test} (now: {value})"', '"{test} (now: {value}, {rule})"', "what_if.failed", "{rule} is not one of"),
        ('unit = " {unit}"\n', "", "form_hint.unit", "a sentence with no words"),
        ("[form_hint]\n", '[form_hint]\ntext = "Type it"\n', "form_hint.text", "does not say"),
        ('"{hint} Pick the day in the date control."', '"Pick the day."', "form_hint.date", "names no {hint}"),
        ('one_problem = "1 problem"\n', "", "http_error.one_problem", "a sentence with no words"),
        ("[http_error]\n", '[http_error]\nteapot = "I am a teapot"\n', "http_error.teapot", "does not say"),
        ('"{n} problems"', '"several problems"', "http_error.problems", "names no {n}"),
        (
            '"{method} is not allowed on {path}; ',
            '"{method} is not allowed on {path} ({rid}); ',
            "http_error.not_allowed",
            "{rid}",
        ),
        (
            '"The chart {name} could not be drawn in {seconds} s;',
            '"The chart could not be drawn in time;',
            "http_error.chart_late",
            "names no {name}",
        ),
        ('more = "; ..."\n', "", "batch.more", "a sentence with no words"),
        (
            '"There is no chart {name}; the charts are: {charts}."',
            '"No chart {name}."',
            "http_error.no_chart",
            "{charts}",
        ),
        ('"This seminar ended on {when} UTC;', '"This seminar ended;', "http_error.seminar_ended", "names no {when}"),
        (
            '"The request holds no prefetch for {keys} and',
            '"The request holds no prefetch and',
            "http_error.no_prefetch",
            "{keys}",
        ),
        ('"{case} is given twice; give each case once"', '"given twice"', "http_error.case_twice", "names no {case}"),
        ('media_join = " or "\n', "", "json_body.media_join", "a sentence with no words"),
        ("[json_body]\n", '[json_body]\ntoo_long = "too long"\n', "json_body.too_long", "does not say"),
        (
            '"The JSON is nested too deeply (more than {most} levels)."',
            '"Nested too deeply."',
            "json_body.nested",
            "{most}",
        ),
        ("[batch]\n", '[batch]\nempty = "is empty"\n', "batch.empty", "does not say"),
        ('skip_link = "Skip to the content"\n', "", "page.skip_link", "a sentence with no words"),
        ('"Why not the others ({count})"', '"Why not the others"', "page.why_not_heading", "names no {count}"),
        ('status_one = "{count} expected status"', 'status_one = "one expected status"', "page.status_one", "{count}"),
        ('"is required: an array of up to {most} case objects"', '"is required"', "batch.required", "names no {most}"),
        ('"The batch cannot be read: {problems}"', '"{problems} ({count})"', "batch.cannot_read", "{count}"),
    ],
)
def test_a_sentence_missing_unknown_or_misslotted_stops_the_load(
    tmp_path: Path, old: str, new: str, record: str, reason: str
) -> None:
    file, refused_record, why = refused(tmp_path, "case-words.toml", old, new)
    assert (file, refused_record) == ("case-words.toml", record)
    assert reason in why


def test_the_packaged_words_have_every_sentence_of_each_table(engine: Engine) -> None:
    assert set(engine.kb.case_checks.says.says) == set(CASE_ERROR_SAYS)
    assert set(engine.kb.words.finding_kind.says) == set(record_says.FINDING_KIND_SAYS)
    assert set(engine.kb.words.passed_over.says) == set(record_says.PASSED_OVER_SAYS)
    assert set(engine.kb.words.record_read.says) == set(record_says.RECORD_READ_SAYS)
    assert set(engine.kb.words.treatment.says) == set(record_says.TREATMENT_SAYS)
    assert set(engine.kb.words.record_note.says) == set(record_says.RECORD_NOTE_SAYS)
    assert set(engine.kb.words.record_missing.says) == set(record_says.RECORD_MISSING_SAYS)
    assert set(engine.kb.words.her2_reading.says) == set(record_says.HER2_READING_SAYS)
    assert set(engine.kb.words.quiz.says) == set(record_says.QUIZ_SAYS)
    assert set(engine.kb.words.learner.says) == set(LEARNER_SAYS)
    assert set(engine.kb.words.what_if.says) == set(WHAT_IF_SAYS)
    assert set(engine.kb.words.form_hint.says) == set(FORM_HINT_SAYS)
    assert set(engine.kb.words.http_error.says) == set(HTTP_ERROR_SAYS)
    assert set(engine.kb.words.batch.says) == set(BATCH_SAYS)
    assert set(engine.kb.words.json_body.says) == set(JSON_BODY_SAYS)
    assert set(engine.kb.words.page.says) == set(PAGE_SAYS)
