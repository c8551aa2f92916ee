"""The sentences of a patient's record read into a case, and of the library's cases as quiz questions
(rules/case-words.toml: [record_read], [finding_kind], [passed_over], [treatment], [record_note], [record_missing],
[her2_reading], [quiz]), and the slots each one
names: the words are the knowledge base's, the slots the code's. engine/templates.py checks each table against its
list here at load.
"""

from __future__ import annotations

# Each kind of finding a record's resources give, in words ([finding_kind]): the tumor markers (HER2 by IHC, by ISH,
# its interpretation and a plain ISH ratio; each hormone receptor and both), the tumor size, TNM categories and stage
# group, metastatic and lymph-node disease, breast cancer and surgery, the systemic therapies, menopausal status and
# grade. No slots.
FINDING_KIND_SAYS: dict[str, frozenset[str]] = {
    kind: frozenset()
    for kind in (
        "her2_ihc", "her2_ish", "her2_interpretation", "er", "pr", "hr", "her2_ish_ratio", "size", "T", "N", "M",
        "stage", "secondary", "nodes", "breast", "surgery", "trastuzumab", "chemotherapy", "endocrine", "menopause",
        "grade",
    )
}  # fmt: skip

# Why a record was passed over ([passed_over]): each status that voids a record (of an Observation, a Procedure or a
# medication resource; a Condition's verificationStatus short of confirmed: a suspected metastasis is not metastatic
# disease), each MedicationRequest intent that is no order, a do-not-give order, words that deny what they name, and
# free text naming metastasis with no code that says it; after a status or intent, the element that gave it
# ({element}, {code}).
PASSED_STATUSES = ("entered-in-error", "cancelled", "refuted", "not-done", "not-taken", "draft", "intended",
                   "preparation", "unconfirmed", "provisional", "differential")  # fmt: skip
NOT_ORDERS = ("proposal", "plan", "option")
PASSED_OVER_SAYS: dict[str, frozenset[str]] = {
    **{reason: frozenset() for reason in (*PASSED_STATUSES, *NOT_ORDERS, "do_not_give", "denied", "uncoded")},
    "element": frozenset({"element", "code"}),
}

# How a record's resources were read ([record_read]), and each sentence's slots: a resource with elements that are not
# valid FHIR R4B, not read ({resource}, {where} it sat, {paths}: the elements, joined by `list`, with `more_paths`
# counting the rest, {count}; {error}: the first, or `not_valid`) and the resources past those noted ({count}); a
# Bundle ({bundle}: where it sat, or `the_bundle`) that is one page of a longer search, or that carries an
# OperationOutcome ({outcome}: its issues, joined by `issues`, or `no_issue`); a Patient other than the record's
# ({patient}: the record's) and a resource about someone else ({reference}: whom it refers to, quoted; {patient}).
RECORD_READ_SAYS: dict[str, frozenset[str]] = {
    "unread": frozenset({"resource", "where", "paths", "error"}),
    "list": frozenset(),
    "more_paths": frozenset({"count"}),
    "not_valid": frozenset(),
    "more_unread": frozenset({"count"}),
    "the_bundle": frozenset(),
    "paged": frozenset({"bundle"}),
    "outcome_in": frozenset({"bundle", "outcome"}),
    "issues": frozenset(),
    "no_issue": frozenset(),
    "another_patient": frozenset({"patient"}),
    "someone_else": frozenset({"reference", "patient"}),
}

# How a record's treatment became case fields ([treatment]), and each sentence's slots: what to send for the
# medications, for trastuzumab not shown ({medications}: that sentence), for metastasis's day and for the response to
# neoadjuvant therapy (each systemic therapy's name is its [finding_kind]); a day not given; the
# notes beside a value: trastuzumab given ({words}: as the record names it, {day}: its first), not known (nothing
# sent, no medication records, none naming trastuzumab: {aside}, the `passed_over` resources ({resources}, joined by
# `list`) or nothing), brain metastases ({words}), treatment since metastasis ({drug}, {day}, {onset}: metastasis's
# day) or none since it ({day}), a therapy after it ({words}, {day}), the months from trastuzumab ({day}) to it
# ({onset}); each category staged after therapy ({category}, {resource}, {day}: joined by `list` as {categories}) and
# the response it shows; and what is missing: trastuzumab before, treatment for metastatic disease, a therapy within
# metastasis's window ({drug}, {day}; what to send, {send}, dated only from {start} to {end}), the response.
TREATMENT_SAYS: dict[str, frozenset[str]] = {
    "medications": frozenset(),
    "unstated": frozenset({"medications"}),
    "onset": frozenset(),
    "response": frozenset(),
    "undated": frozenset(),
    "given": frozenset({"words", "day"}),
    "not_sent": frozenset(),
    "no_medications": frozenset(),
    "none_named": frozenset({"aside"}),
    "passed_over": frozenset({"resources"}),
    "list": frozenset(),
    "brain": frozenset({"words"}),
    "pretreated": frozenset({"drug", "day", "onset"}),
    "first": frozenset({"day"}),
    "since": frozenset({"words", "day"}),
    "months": frozenset({"day", "onset"}),
    "category": frozenset({"category", "resource", "day"}),
    "residual": frozenset({"categories"}),
    "complete": frozenset({"categories"}),
    "unsettled": frozenset({"categories"}),
    "given_before": frozenset(),
    "treated": frozenset(),
    "maybe_after": frozenset({"drug", "day"}),
    "dated_within": frozenset({"send", "start", "end"}),
    "response_what": frozenset(),
}

# How a record's other fields became case fields ([record_note]), and each note's slots: the hormone receptors, positive
# or negative ({said}: each receptor result, a {marker} with its {value}, {resource} and {day}, joined by `results`) or
# not settled ({said}, or `no_results`); the setting from metastasis ({words}: as the record names it, {day}), breast
# surgery ({surgery}, {day}) or breast cancer with none by the case's date ({as_of}); the tumor size ({day}) or a T
# category's largest size ({category}, {day}, {cm}; with `t3_above` where that is past 5 cm); the N category
# ({category}, {day}), lymph-node disease ({where}: regional or not stated; {words}, {day}) or none; the
# administrative gender ({gender}, or `not_stated`), menopausal status ({words}, {day}) or not asked or not stated, the
# age ({as_of}), the grade ({grade}, {words}); the case's date; a record passed over ({resource}, the {kind} of finding
# it would have given, in its [finding_kind] words, and {why}); a value shown but not used (not a case field, or asked
# only in other {settings}, joined by `list`); and the notes of the whole record: another patient's resources, a
# prefetch key the EHR could not fetch ({key}, {outcome}: what its OperationOutcome says).
RECORD_NOTE_SAYS: dict[str, frozenset[str]] = {
    "result": frozenset({"marker", "value", "resource", "day"}),
    "results": frozenset(),
    "positive": frozenset({"said"}),
    "negative": frozenset({"said"}),
    "unsettled": frozenset({"said"}),
    "no_results": frozenset(),
    "metastatic": frozenset({"words", "day"}),
    "adjuvant": frozenset({"surgery", "day"}),
    "neoadjuvant": frozenset({"as_of"}),
    "size": frozenset({"day"}),
    "t_category": frozenset({"category", "day", "cm"}),
    "t3_above": frozenset(),
    "n_category": frozenset({"category", "day"}),
    "nodes": frozenset({"where", "words", "day"}),
    "regional": frozenset(),
    "site_not_stated": frozenset(),
    "no_n_category": frozenset(),
    "gender": frozenset({"gender"}),
    "not_stated": frozenset(),
    "menopause": frozenset({"words", "day"}),
    "not_asked_man": frozenset(),
    "menopause_unstated": frozenset(),
    "age": frozenset({"as_of"}),
    "grade": frozenset({"grade", "words"}),
    "as_of": frozenset(),
    "passed": frozenset({"resource", "kind", "why"}),
    "not_a_field": frozenset(),
    "elsewhere": frozenset({"settings"}),
    "list": frozenset(),
    "other_patient": frozenset(),
    "could_not_fetch": frozenset({"key", "outcome"}),
}

# What a record lacks ([record_missing]): each input in clinical words (<input>), and what a record should send to
# settle it (<input>_send, with the LOINC and SNOMED CT codes the intake reads).
RECORD_MISSING_SAYS: dict[str, frozenset[str]] = {
    name: frozenset()
    for input_ in ("her2", "er", "pr", "setting", "size", "nodes", "menopause")
    for name in (input_, f"{input_}_send")
}

# How a record's HER2 results were read ([her2_reading]), and each sentence's slots: one result ({how}: an IHC
# {score}, HER2-ultralow, or a {marker} and its {result}; {resource}, {day}); the status it rests on: positive
# ({marker}, {said}), IHC 2+ with ISH ({resource}: the IHC's; {result}, {said}), IHC 2+ alone, another result
# ({marker}, {result}, {said}) or none; a lower result after therapy ({later}, {day}, {resource}: the therapy's,
# {first}); results that disagree ({same_day}: `same_day` or nothing, {first}, {other}, {result}); a plain ISH ratio
# ({resource}, {day}, {ratio}).
HER2_READING_SAYS: dict[str, frozenset[str]] = {
    "none": frozenset(),
    "ihc": frozenset({"score"}),
    "ultralow": frozenset(),
    "marker_result": frozenset({"marker", "result"}),
    "said": frozenset({"how", "resource", "day"}),
    "positive": frozenset({"marker", "said"}),
    "lower_after_therapy": frozenset({"later", "day", "resource", "first"}),
    "disagree": frozenset({"same_day", "first", "other", "result"}),
    "same_day": frozenset(),
    "low_ish": frozenset({"resource", "said"}),
    "equivocal_ish": frozenset({"result", "said"}),
    "equivocal": frozenset({"said"}),
    "result": frozenset({"marker", "result", "said"}),
    "ratio": frozenset({"resource", "day", "ratio"}),
}

# The library's cases as quiz questions ([quiz]), and each sentence's slots: a case as evaluated ({vignette}: the
# library's, {date}: the day it is answered as of); a status question ({regimen}: its name) and its title ({title}:
# the case's neutral title); an essay question's title ({n}: its number) and, in a QTI package, its feedback
# ({answer}: the library's model answer).
QUIZ_SAYS: dict[str, frozenset[str]] = {
    "case": frozenset({"vignette", "date"}),
    "status_question": frozenset({"regimen"}),
    "status_title": frozenset({"title", "regimen"}),
    "essay_title": frozenset({"title", "n"}),
    "model_answer": frozenset({"answer"}),
}
