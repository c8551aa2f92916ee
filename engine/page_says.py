"""The web app's own words on every page ([page] in rules/case-words.toml), and each sentence's slots: the main
navigation's labels, one per section, and the footer's stamp ({stamp}: the knowledge base's, [printed] stamp, its
sha256 set as code); and the case form's hints ([form_hint]). engine/templates.py checks each table against its list
here at load.
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
}

# The case form's hint after a field's own ({hint}: the field's, [field.<name>] hint): a whole number's or a number's
# range ({low}, {high}: its bounds; {unit}: `unit` with the field's unit, or nothing), and a date's.
FORM_HINT_SAYS: dict[str, frozenset[str]] = {
    "whole": frozenset({"hint", "low", "high", "unit"}),
    "number": frozenset({"hint", "low", "high", "unit"}),
    "unit": frozenset({"unit"}),
    "date": frozenset({"hint"}),
}
