"""The CDS Hooks service's sentences, table by table (rules/case-words.toml: [card], [record_card]), and the slots each
one names: the words are the knowledge base's, the slots the code's. engine/templates.py checks each table against
its list here at load.
"""

from __future__ import annotations

# A CDS Hooks card's own words ([card]), and each sentence's slots: every summary marked educational ({summary}), an
# option's summary ({status}, {name}), the card of a case no option fits, the source's label ({version}), and the labels
# of its links to the full answer and the what-if page; and in discovery, each service's title and description
# ({disclaimer}, {title}: the review's, {cutoff}).
CARD_SAYS: dict[str, frozenset[str]] = {
    "educational": frozenset({"summary"}),
    "option": frozenset({"status", "name"}),
    "none": frozenset(),
    "none_applies": frozenset(),
    "source": frozenset({"version"}),
    "link_answer": frozenset(),
    "link_what_if": frozenset(),
    "service": frozenset(),
    "service_about": frozenset({"disclaimer", "title", "cutoff"}),
    "patient_view": frozenset(),
    "patient_view_about": frozenset({"disclaimer", "title", "cutoff"}),
}

# The patient-view hook's cards about the record ([record_card]), and each sentence's slots: the patient's age; a
# summary's list and its rest ({rest}) or count ({count}); how the record became a case (a value: {field}, {value},
# {where}: the resource, {resource} and {path}, or not in the record, and its {note}; a note, {note}); results that
# disagree; what the record lacks (the summary's {items}; each {what}, what would settle it, {send}, and the options it
# decides, {decides}: that sentence with its {options}, or nothing) or that it holds no HER2 result; the prefetch to
# send ({items}; each {key}, {what}, {template}); no case yet ({needed}); the answer's notes ({items}); a record of
# another patient ({sent}, {in_view}) or holding another's resources (each {message} at its {field}).
RECORD_CARD_SAYS: dict[str, frozenset[str]] = {
    "age": frozenset(),
    "list": frozenset(),
    "more": frozenset({"rest"}),
    "counted": frozenset({"count"}),
    "provenance": frozenset(),
    "not_in_record": frozenset(),
    "where": frozenset({"resource", "path"}),
    "value": frozenset({"field", "value", "where", "note"}),
    "note": frozenset({"note"}),
    "read": frozenset(),
    "read_notes": frozenset(),
    "conflicts": frozenset(),
    "conflicts_summary": frozenset(),
    "missing_summary": frozenset({"items"}),
    "missing": frozenset(),
    "missing_item": frozenset({"what", "send", "decides"}),
    "decides": frozenset({"options"}),
    "no_her2_summary": frozenset(),
    "no_her2": frozenset(),
    "prefetch_summary": frozenset({"items"}),
    "prefetch": frozenset(),
    "prefetch_item": frozenset({"key", "what", "template"}),
    "no_case_summary": frozenset(),
    "no_case": frozenset({"needed"}),
    "notes_summary": frozenset({"items"}),
    "notes": frozenset(),
    "wrong_patient_summary": frozenset(),
    "wrong_patient": frozenset({"sent", "in_view"}),
    "other_patients_summary": frozenset(),
    "other_patients": frozenset(),
    "other_item": frozenset({"message", "field"}),
}
