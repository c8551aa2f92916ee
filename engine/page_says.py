"""The web app's own words on every page ([page] in rules/case-words.toml), and each sentence's slots: the main
navigation's labels, one per section, and the footer's stamp ({stamp}: the knowledge base's, [printed] stamp, its
sha256 set as code). engine/templates.py checks the table against this list at load.
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
