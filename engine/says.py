"""The sentences the engine fills, table by table (rules/case-words.toml: [order.says], [why_not], [mark], [reasons],
[changes], [progress], [learner], [option], [printed], [numbers], [lesson], [field_words]), and the slots each one
names: the words are the knowledge base's, the slots the code's. engine/templates.py checks each table against its
list here at load. The CDS Hooks cards' tables are engine/card_says.py's, the pages' own engine/page_says.py's.
"""

from __future__ import annotations

# The order's sentences ([order.says]) and the slots each one names: the engine fills the slots, the words are the
# knowledge base's. {only_if} is the `only_if` sentence or nothing, {secondary} the `secondary` mark or nothing,
# {predates} one `predated` sentence for each guideline the trial came after; and an option's reasons as one sentence
# ({reasons}: them, joined by `reasons`).
ORDER_SAYS: dict[str, frozenset[str]] = {
    "guideline": frozenset({"position", "condition", "guideline", "secondary", "only_if"}),
    "below_guideline": frozenset({"other", "guideline", "position", "condition", "only_if"}),
    "trial": frozenset({"other", "study", "endpoint", "only_if", "predates"}),
    "below_trial": frozenset({"other", "study", "endpoint", "only_if"}),
    "predated": frozenset({"guideline"}),
    "predates": frozenset({"study"}),
    "only_if": frozenset({"only_if"}),
    "secondary": frozenset(),
    "line": frozenset({"reasons"}),
    "reasons": frozenset(),
}

# The engine's reasoning for a regimen not offered as approved or supported ([why_not]), and each sentence's slots.
WHY_NOT_SAYS: dict[str, frozenset[str]] = {
    "rule": frozenset({"status", "rule", "failed"}),
    "failed": frozenset({"needs", "value"}),
    "and": frozenset(),
    "offered": frozenset({"status", "rules", "rationale"}),
    "no_rule": frozenset(),
}

# The marks on a status ([mark]), and each sentence's slots: a badge's ({status}: its title so far) where the label
# covers part of the regimen or the status depends on what the case does not give; and the answer's status label.
MARK_SAYS: dict[str, frozenset[str]] = {
    "in_part": frozenset({"status"}),
    "conditional": frozenset({"status"}),
    "label_part": frozenset({"status", "labelled", "unlabelled"}),
    "label_conditional": frozenset({"status", "fields"}),
    "depends": frozenset({"fields"}),
    "and": frozenset(),
    "list": frozenset(),
    "unknown_one": frozenset({"fields"}),
    "unknown_many": frozenset({"fields"}),
    "after_review": frozenset({"year"}),
}

# A student's reasons why a regimen has no higher status here ([reasons]), and each sentence's slots; reasons several
# options share word for word are said once, named by how many ({count}), then the options covered ({options}); a
# case out of scope, the scope's test it fails ({wanted}, {here}), and for a HER2 category rules name in place of
# it ({here}), why none of them fits ({name}: the regimen they place, {reasons}).
REASON_SAYS: dict[str, frozenset[str]] = {
    "needs": frozenset({"status", "wanted", "here"}),
    "waits": frozenset({"status", "day", "happened", "as_of"}),
    "also_waits": frozenset({"day", "happened", "as_of"}),
    "offered": frozenset({"status", "headline"}),
    "offered_part": frozenset({"status", "labelled", "unlabelled"}),
    "approval": frozenset(),
    "other_approval": frozenset({"regimen", "indication"}),
    "review": frozenset({"studies"}),
    "results": frozenset({"studies"}),
    "other_results": frozenset({"studies"}),
    "and": frozenset(),
    "list": frozenset(),
    "no_rule": frozenset(),
    "shared": frozenset({"count"}),
    "covers": frozenset({"options"}),
    "options": frozenset(),
    "scope": frozenset({"wanted", "here"}),
    "scope_named": frozenset({"here", "name", "reasons"}),
}

# What changed for a regimen between two dates, or in a what-if ([changes]), and each sentence's slots: since the
# review, why its status changed (no longer offered on {studies}; an {date} approval's {indication}; the {studies} it
# now rests on); in a what-if, its new status's reason ({because}) or that it is no longer offered, and a date that
# falls on, or the day before, a {regimen}'s approval of {date}; and where the option named first before now stands
# ({regimen}: {where}) after the new first's reasons ({because}), when these do not place it against the old one.
CHANGE_SAYS: dict[str, frozenset[str]] = {
    "no_longer": frozenset({"studies"}),
    "approval": frozenset({"date", "indication"}),
    "trials": frozenset({"studies"}),
    "now": frozenset({"because"}),
    "dropped": frozenset(),
    "approval_day": frozenset({"day", "regimen", "date"}),
    "approval_eve": frozenset({"day", "regimen", "date"}),
    "published": frozenset({"guideline"}),
    "replaced": frozenset({"guideline"}),
    "head_to_head": frozenset({"study", "endpoint"}),
    "date": frozenset(),
    "approved": frozenset({"regimen"}),
    "approved_many": frozenset({"regimen", "count"}),
    "results": frozenset({"studies"}),
    "first_day": frozenset(),
    "cutoff": frozenset(),
    "was_first": frozenset({"because", "regimen", "where"}),
    "names": frozenset(),
    "events": frozenset(),
}

# A statement of work in progress nothing has ended, dated ([progress]): {day} the answer's date, or the cut-off.
PROGRESS_SAYS: dict[str, frozenset[str]] = {"as_of": frozenset({"day"})}

# A learner's choice that cannot be scored ([learner]): none given, {value} not a choice, a form {key} given {times}
# times, a choice for a regimen the knowledge base does not have, in the API choices that are not an object or a
# {value} not among the {choices} (joined by `list`); in the feedback on a choice, the option's place in the order
# ({line}) and a regimen not offered ({status}: its title; why none higher follows); and the score's summary (each
# verdict's count; {result}: `passed` or `not_passed`), and what a pass needs ({percent}: of the items right).
LEARNER_SAYS: dict[str, frozenset[str]] = {
    "no_choice": frozenset(),
    "not_a_choice": frozenset({"value"}),
    "repeated": frozenset({"key", "times"}),
    "not_a_regimen": frozenset(),
    "not_an_object": frozenset(),
    "not_allowed": frozenset({"value", "choices"}),
    "list": frozenset(),
    "place": frozenset({"line"}),
    "not_offered": frozenset({"status"}),
    "summary": frozenset({"correct", "total", "wrong_status", "missed", "extra", "unsure", "result"}),
    "passed": frozenset(),
    "not_passed": frozenset(),
    "pass_rule": frozenset({"percent"}),
}

# One option's lines on a CDS Hooks card, in a handout, in the command line's walkthrough and on the pages ([option]),
# and each sentence's slots: its status label ({status}); the labels before its place in the order, an approval's
# indication ({date}), the review's Table 1 row, a correction, the rationale, why not a higher status and a caution;
# on the answer page, an approval's heading ({date}), accelerated or converted to regular ({date}), the label before
# its cautions, its dated notes' heading ({date}), a source's label, and a critical-appraisal note's labels; a study
# ({name}, its {level} and {size} in words, the review's {refs}), after `evidence` ({study}), marked where its shown
# results include later ones ({mark}: the after-the-review mark); a result ({endpoint}, {result} as given, {p} the
# `p_value` sentence or nothing, {source}: where its number comes from, and whether it was checked); what the review
# says that its primary source does not ({review}, {primary}); the label before the ids of the rules that placed it;
# and on the answer page, the review's Table 1 row's label, the same correction recorded for its studies ({studies}:
# those whose own correction repeats it, joined by `names`), the evidence's heading and its table's label ({name}: the
# option's), a study with no primary publication, the charts' heading (the evidence page's title too), what the *
# after a number means, and the evidence table's column headings.
OPTION_SAYS: dict[str, frozenset[str]] = {
    "status": frozenset({"status"}),
    "order": frozenset(),
    "approval": frozenset({"date"}),
    "table_1": frozenset(),
    "correction": frozenset(),
    "why": frozenset(),
    "higher": frozenset(),
    "caution": frozenset(),
    "approval_heading": frozenset({"date"}),
    "accelerated": frozenset(),
    "converted": frozenset({"date"}),
    "cautions": frozenset(),
    "forms": frozenset({"date"}),
    "source": frozenset(),
    "appraisal": frozenset(),
    "correction_unverified": frozenset(),
    "review_said": frozenset(),
    "primary_record": frozenset(),
    "evidence": frozenset({"study"}),
    "study": frozenset({"name", "level", "size", "refs"}),
    "results_updated": frozenset({"mark"}),
    "finding": frozenset({"endpoint", "result", "p", "source"}),
    "p_value": frozenset({"p"}),
    "from_review": frozenset(),
    "from_primary": frozenset(),
    "verified": frozenset({"source"}),
    "unverified": frozenset({"source"}),
    "review_says": frozenset({"review", "primary"}),
    "rules": frozenset(),
    "table_1_row": frozenset(),
    "same_correction": frozenset({"studies"}),
    "names": frozenset(),
    "evidence_heading": frozenset(),
    "evidence_for": frozenset({"name"}),
    "no_publication": frozenset(),
    "charts": frozenset(),
    "unverified_mark": frozenset(),
    "column_study": frozenset(),
    "column_design": frozenset(),
    "column_size": frozenset(),
    "column_arms": frozenset(),
    "column_endpoint": frozenset(),
    "column_effect": frozenset(),
    "column_p": frozenset(),
    "column_refs": frozenset(),
    "column_publication": frozenset(),
}

# The printed answer's own words, in the walkthrough and the handout ([printed]), and each sentence's slots: the case
# ({case}: its values, joined by `values`), the facts derived from it ({facts}: their meanings, joined by `facts`),
# the headings of its parts and a handout's title, the knowledge base's stamp ({version}, {cutoff}, {sha}), and in a
# handout a dated note on a regimen: its kind and date ({kind}, {date}) and its source ({source}).
PRINTED_SAYS: dict[str, frozenset[str]] = {
    "case": frozenset({"case"}),
    "values": frozenset(),
    "derived": frozenset({"facts"}),
    "facts": frozenset(),
    "out_of_scope": frozenset(),
    "options": frozenset(),
    "notes": frozenset(),
    "why_not": frozenset(),
    "reasoning": frozenset(),
    "stamp": frozenset({"version", "cutoff", "sha"}),
    "title": frozenset(),
    "the_case": frozenset(),
    "feature": frozenset(),
    "value": frozenset(),
    "learning_points": frozenset(),
    "questions": frozenset(),
    "form": frozenset({"kind", "date"}),
    "form_source": frozenset({"source"}),
}

# A study's and a result's numbers ([numbers]), and each sentence's slots: the review's reference ({n}: its number)
# and the join between several; a study's size ({n}), none given, and its note after it ({size}, {note}); a result's
# hazard ratio ({hr}: the number), with its confidence interval ({hr}: that sentence, {level} as the record states
# it, {low}, {high}), and the join between a result as given and its hazard ratio; the join between an arm's
# numbers; and a result as given with its record's note ({result}, {note}).
NUMBER_SAYS: dict[str, frozenset[str]] = {
    "reference": frozenset({"n"}),
    "references": frozenset(),
    "size": frozenset({"n"}),
    "no_size": frozenset(),
    "size_note": frozenset({"size", "note"}),
    "hazard_ratio": frozenset({"hr"}),
    "interval": frozenset({"hr", "level", "low", "high"}),
    "effect": frozenset(),
    "arm_values": frozenset(),
    "result_note": frozenset({"result", "note"}),
}

# A library case as a lesson tells it ([lesson]), and each sentence's slots: a seminar's title for a case ({position}:
# its number, {case}: what the student is told), made of its setting and line (joined by `setting`) and its other
# parts (joined by `parts`), the last its date ({date}) or the cut-off; and each rule the case fired, in words: a
# regimen's ({name}, {status}), a derived fact's ({meaning}) or a teaching note's ({note}), each with what held
# ({held}: the conditions, joined by `and`).
LESSON_SAYS: dict[str, frozenset[str]] = {
    "title": frozenset({"position", "case"}),
    "setting": frozenset(),
    "parts": frozenset(),
    "on": frozenset({"date"}),
    "at_cutoff": frozenset(),
    "regimen": frozenset({"name", "status", "held"}),
    "derived": frozenset({"meaning", "held"}),
    "note": frozenset({"held", "note"}),
    "and": frozenset(),
}

# A case field's value where the case gives none, and a name with no words of its own ([field_words]), and each
# sentence's slots: a field that may be said to be not known and one simply not given ({noun}: the field's noun
# without its leading `article`), the noun of a name the fields' words do not have, and a field with no value where
# its label is already shown.
FIELD_WORDS_SAYS: dict[str, frozenset[str]] = {
    "not_known": frozenset({"noun"}),
    "not_given": frozenset({"noun"}),
    "article": frozenset(),
    "unnamed": frozenset(),
    "blank": frozenset(),
}

# A what-if's change to each option ([what_if]), and each sentence's slots: a rule that now applies ({rules}: their
# ids, joined by `list`, and its {rationale}), one that no longer does ({rule}) and its tests that fail ({failed}:
# each a {test} with the value it now has, {value}, joined by `tests`); and each flip's label: a field's ({field},
# {was}, {now}; a value not given is `not_given`), a field that must follow it (`with`), the setting and line, and a
# date the day before or the day of an approval ({side}, {approval}: its id).
WHAT_IF_SAYS: dict[str, frozenset[str]] = {
    "now_applies": frozenset({"rules", "rationale"}),
    "list": frozenset(),
    "no_longer": frozenset({"rule", "failed"}),
    "failed": frozenset({"test", "value"}),
    "tests": frozenset(),
    "field": frozenset({"field", "was", "now"}),
    "not_given": frozenset(),
    "with": frozenset({"field", "was", "now"}),
    "setting": frozenset({"was", "now"}),
    "as_of": frozenset({"was", "now", "side", "approval"}),
    "day_before": frozenset(),
    "day_of": frozenset(),
}
