"""The sentences of a patient's record read into a case, and of the library's cases as quiz questions
(rules/case-words.toml: [treatment], [quiz]), and the slots each one names: the words are the knowledge base's, the
slots the code's. engine/templates.py checks each table against its list here at load.
"""

from __future__ import annotations

# How a record's treatment became case fields ([treatment]), and each sentence's slots: what to send for the
# medications, for trastuzumab not shown ({medications}: that sentence), for metastasis's day and for the response to
# neoadjuvant therapy; each systemic therapy's name (trastuzumab, chemotherapy, endocrine) and a day not given; the
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
    "trastuzumab": frozenset(),
    "chemotherapy": frozenset(),
    "endocrine": frozenset(),
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
