"""The web app's own words on every page ([page] in rules/case-words.toml), and each sentence's slots: the main
navigation's labels, one per section, and the footer's stamp ({stamp}: the knowledge base's, [printed] stamp, its
sha256 set as code), the title's suffix, the skip link and a print's source line, the answer page's headings, links,
trace and stamp (slots: the case's {summary}, a folded section's {count}, the bookmark's {day}, the knowledge base's
{version} and {cutoff}), a library case's walkthrough's links, check line and steps and an answer's longer sentences,
figures, options in depth, chart numbers and names for a screen reader (each one's slots listed beside its words in
the file), and whether a page's case gives a field; the case form's hints ([form_hint]); an error's message
([http_error]) and a batch's refusal ([batch]). engine/templates.py checks each table against its list here at load.
"""

from __future__ import annotations

PAGE_SAYS: dict[str, frozenset[str]] = {
    "nav_case_form": frozenset(),
    "nav_case_library": frozenset(),
    "nav_timeline": frozenset(),
    "nav_evidence": frozenset(),
    "nav_glossary": frozenset(),
    "nav_api": frozenset(),
    "footer_stamp": frozenset({"stamp"}),
    "title_suffix": frozenset(),
    "skip_link": frozenset(),
    "printed_from": frozenset(),
    "case_given": frozenset(),
    "case_not_given": frozenset(),
    "answer_title": frozenset({"summary"}),
    "answer_heading": frozenset(),
    "the_case": frozenset(),
    "change_case": frozenset(),
    "verdict_heading": frozenset(),
    "no_regimen": frozenset(),
    "what_if_link": frozenset(),
    "learn_link": frozenset(),
    "timeline_link": frozenset(),
    "handout_link": frozenset(),
    "handout_markdown": frozenset(),
    "bookmark_link": frozenset(),
    "bookmark_note": frozenset({"day", "version"}),
    "json_link": frozenset(),
    "depth_heading": frozenset(),
    "why_not_heading": frozenset({"count"}),
    "why_not_meaning": frozenset(),
    "notes_heading": frozenset({"count"}),
    "case_heading": frozenset(),
    "reasoning_heading": frozenset(),
    "hide_reasoning": frozenset(),
    "derived_facts": frozenset(),
    "trace_caption": frozenset(),
    "trace_rule": frozenset(),
    "trace_outcome": frozenset(),
    "trace_matched": frozenset(),
    "no_rule_fired": frozenset(),
    "references_heading": frozenset({"count"}),
    "no_references": frozenset(),
    "kb_heading": frozenset(),
    "kb_stamp": frozenset({"version", "cutoff"}),
    "see_this_case": frozenset(),
    "as_review_saw": frozenset({"day"}),
    "or": frozenset(),
    "as_of_cutoff": frozenset({"day"}),
    "since_heading": frozenset({"review", "today", "count"}),
    "past_cutoff": frozenset(),
    "scope_heading": frozenset(),
    "confidence": frozenset({"confidence"}),
    "identity_verified": frozenset(),
    "learn_first": frozenset(),
    "handout_download": frozenset(),
    "check_passed": frozenset(),
    "check_counts": frozenset({"statuses", "absent"}),
    "status_one": frozenset({"count"}),
    "status_many": frozenset({"count"}),
    "absent_one": frozenset({"count"}),
    "absent_many": frozenset({"count"}),
    "check_failed": frozenset({"problems"}),
    "step_features": frozenset(),
    "step_derived": frozenset(),
    "step_rules": frozenset(),
    "step_options": frozenset(),
    "step_evidence": frozenset(),
    "column_feature": frozenset(),
    "column_value": frozenset(),
    "column_given": frozenset(),
    "no_rule_applies": frozenset(),
    "no_rule_because": frozenset({"note"}),
    "show_reasoning_step": frozenset(),
    "reasoning_is": frozenset(),
    "notes_step": frozenset(),
    "correction": frozenset({"topic", "review", "primary"}),
    "chart_numbers_on": frozenset({"title"}),
    "evidence_page": frozenset(),
    "model_answer": frozenset(),
    "what_if_heading": frozenset(),
    "past_cutoff_body": frozenset({"day", "cutoff"}),
    "verdict_order": frozenset({"day"}),
    "verdict_statuses": frozenset({"day", "after"}),
    "verdict_after_review": frozenset({"mark", "day"}),
    "verdict_open": frozenset(),
    "reasoning_own_words": frozenset(),
    "references_meaning": frozenset(),
    "nothing_concluded": frozenset(),
    "what_if_link_step": frozenset(),
    "what_if_see": frozenset(),
    "figure_number": frozenset({"n"}),
    "figure_draws": frozenset({"title", "reported", "cited"}),
    "figure_reported": frozenset({"day"}),
    "figure_labels": frozenset(),
    "nav_label": frozenset(),
    "teach_label": frozenset(),
    "trace_label": frozenset(),
    "figure_scrolls": frozenset({"n"}),
    "nct_unverified": frozenset(),
    "no_results": frozenset(),
    "no_results_ongoing": frozenset(),
    "appraisal_under": frozenset({"study"}),
    "charted_elsewhere": frozenset(),
    "figure_link": frozenset({"n"}),
    "column_trial": frozenset(),
    "column_arm": frozenset(),
    "column_blockade": frozenset(),
    "column_measure": frozenset(),
    "column_pcr": frozenset(),
    "column_cited": frozenset(),
    "column_hr_negative": frozenset(),
    "column_hr_positive": frozenset(),
    "column_ratio": frozenset(),
    "column_setting": frozenset(),
    "column_endpoint": frozenset(),
    "column_comparison": frozenset(),
    "column_hr": frozenset(),
    "column_ci": frozenset(),
    "column_p": frozenset(),
    "column_as_in": frozenset(),
    "cited_yes": frozenset(),
    "cited_no": frozenset(),
    "number_not_given": frozenset(),
    "value_unverified": frozenset(),
    "sources": frozenset(),
    "show_reasoning": frozenset(),
}

# The case form's hint after a field's own ({hint}: the field's, [field.<name>] hint): a whole number's or a number's
# range ({low}, {high}: its bounds; {unit}: `unit` with the field's unit, or nothing), and a date's.
FORM_HINT_SAYS: dict[str, frozenset[str]] = {
    "whole": frozenset({"hint", "low", "high", "unit"}),
    "number": frozenset({"hint", "low", "high", "unit"}),
    "unit": frozenset({"unit"}),
    "date": frozenset({"hint"}),
}

# An error's message, JSON or page: a server error ({rid}: the request's id), a case that cannot be evaluated ({count}:
# `one_problem` or `problems`, {n} of them), no such page ({path}), a method not allowed on one ({method}, {path},
# {allowed}: the methods it takes), and a body that stopped arriving or ended before its declared length; and the
# server's own, before the app reads the request (web/worker.py): headers or a body late ({seconds}: the deadline), a
# malformed chunked body, a body over the route's {limit} in bytes ({mb}: in MB), an address over its {count} of
# connections, a request line over its {limit}, headers over their number of {fields} or {size} each, a transfer coding
# or an Expect header it does not take, a request that is not HTTP/1.1, and a chart ({name}) not drawn in time; and the
# last of an error's listed problems, counting the {count} more not listed; and the teaching pages' and the CDS
# services' refusals: no such library {case} (on a page, in the API), no such chart ({name}; {charts}: the names), a
# chart's as_of that is no date ({text}; {allowed}: the dates allowed), cited {ids} that are no study's, a library
# filter it cannot apply, and no such CDS {service}; a seminar's: one that cannot be created (as_of null), a response
# that cannot be recorded, a {case} not among the seminar's {cases}, choices that cannot be scored, no such seminar and
# one that ended ({when}), results asked for with no teacher token or one that is not the teacher's, and its
# projector's: no teacher token, a wrong one, which case to reveal and its position ({count}: the seminar's cases); a
# learner's score's: a body that is no object, a field not {allowed}, not exactly one case, no choices, no such library
# {case}, choices that cannot be scored; and an export's: a {format} not {allowed}, {cases} not in the library, and its
# top line; and a FHIR record's: the day to read it on unreadable (a {text} that is no day, or one in the future;
# {allowed}: the days allowed), FHIR input that cannot be read ({count}: `one_problem` or `problems`), a patient-view
# request that cannot be, and one with no prefetch for its {keys} and no fhirServer; and a seminar's {case} given twice,
# or its as_of {day} in the future.
HTTP_ERROR_SAYS: dict[str, frozenset[str]] = {
    "server": frozenset({"rid"}),
    "invalid": frozenset({"count"}),
    "one_problem": frozenset(),
    "problems": frozenset({"n"}),
    "not_found": frozenset({"path"}),
    "not_allowed": frozenset({"method", "path", "allowed"}),
    "stalled": frozenset(),
    "short_body": frozenset(),
    "headers_late": frozenset({"seconds"}),
    "body_late": frozenset({"seconds"}),
    "malformed_chunks": frozenset(),
    "too_large": frozenset({"limit", "mb"}),
    "too_many_connections": frozenset({"count"}),
    "line_too_long": frozenset({"limit"}),
    "headers_too_large": frozenset({"fields", "size"}),
    "transfer_coding": frozenset(),
    "expectation": frozenset(),
    "unreadable": frozenset(),
    "chart_late": frozenset({"name", "seconds"}),
    "more_problems": frozenset({"count"}),
    "no_case_page": frozenset({"case"}),
    "no_case_api": frozenset({"case"}),
    "no_chart": frozenset({"name", "charts"}),
    "not_a_date": frozenset({"text", "allowed"}),
    "not_a_study": frozenset({"ids"}),
    "filter_refused": frozenset(),
    "no_service": frozenset({"service"}),
    "seminar_uncreated": frozenset(),
    "null_date": frozenset(),
    "response_unrecorded": frozenset(),
    "not_seminar_case": frozenset({"case", "cases"}),
    "unscored_regimen": frozenset(),
    "no_seminar": frozenset(),
    "seminar_ended": frozenset({"when"}),
    "results_teachers": frozenset(),
    "not_teachers": frozenset(),
    "no_token": frozenset(),
    "wrong_token": frozenset(),
    "which_reveal": frozenset(),
    "reveal_position": frozenset({"count"}),
    "score_body": frozenset(),
    "not_a_field": frozenset({"allowed"}),
    "one_case": frozenset(),
    "choices_required": frozenset(),
    "not_library_case": frozenset({"case"}),
    "unscored_status": frozenset(),
    "not_a_format": frozenset({"format", "allowed"}),
    "not_library_cases": frozenset({"cases"}),
    "export_unmade": frozenset(),
    "day_unread": frozenset(),
    "not_a_day": frozenset({"text", "allowed"}),
    "future_day": frozenset({"text", "allowed"}),
    "fhir_unread": frozenset({"count"}),
    "hook_unread": frozenset(),
    "no_prefetch": frozenset({"keys"}),
    "prefetch_required": frozenset(),
    "case_twice": frozenset({"case"}),
    "future_as_of": frozenset({"day"}),
}

# A JSON body that cannot be read (web/jsonbody.py): not UTF-8 ({byte}: the first bad one's place), empty, not
# acceptable JSON ({problem}: one of the sentences after `media_join`), not valid JSON ({problem}: the parser's own
# words, {line}, {column}; `not_valid_here` where they end "at" themselves), nested past the {most} levels read, and
# not declared JSON ({allowed}: the media types, joined by `media_join`; {given}: the one declared, or
# `no_media_type`); and why it is not acceptable: a constant that is no number ({name}), a number written with {chars}
# characters past the {most} read, one too large ({text}), an object with {count} keys past the {most} read, and a
# {key} given twice.
JSON_BODY_SAYS: dict[str, frozenset[str]] = {
    "not_utf8": frozenset({"byte"}),
    "empty": frozenset(),
    "not_acceptable": frozenset({"problem"}),
    "not_valid": frozenset({"problem", "line", "column"}),
    "not_valid_here": frozenset({"problem", "line", "column"}),
    "nested": frozenset({"most"}),
    "media_type": frozenset({"allowed", "given"}),
    "media_join": frozenset(),
    "no_media_type": frozenset(),
    "not_a_number": frozenset({"name"}),
    "long_number": frozenset({"chars", "most"}),
    "too_large_number": frozenset({"text"}),
    "too_many_keys": frozenset({"count", "most"}),
    "repeated_key": frozenset({"key"}),
}

# A batch of cases that cannot be read: not an object (and the message for its body), a field that is not the batch's
# ({allowed}: the one it has), no array of cases or one too long ({count}: its cases, {most}: the most a batch
# takes), and the top line naming the first problems ({problems}: each `problem`, a {field} and its {message},
# joined by `join`, then `more` if there are others).
BATCH_SAYS: dict[str, frozenset[str]] = {
    "not_an_object": frozenset(),
    "unreadable": frozenset(),
    "not_a_field": frozenset({"allowed"}),
    "required": frozenset({"most"}),
    "too_many": frozenset({"count", "most"}),
    "cannot_read": frozenset({"problems"}),
    "problem": frozenset({"field", "message"}),
    "join": frozenset(),
    "more": frozenset(),
}
