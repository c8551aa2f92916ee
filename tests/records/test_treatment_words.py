"""How a record's treatment became case fields is said in the answering knowledge base's words ([treatment] in
rules/case-words.toml; its load check is tests/core/test_moved_sentence_tables.py): the intake over a reworded copy
notes a record in the new words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fhir_records import RECORDS, bundle
from rules_copy import loaded

from intake import case_from_bundle

AS_OF = dt.date(2025, 1, 15)


def test_the_intake_over_a_reworded_copy_notes_the_treatment_in_its_words(tmp_path: Path) -> None:
    other = loaded(tmp_path, ('"trastuzumab ({words}), first on {day}"', '"{words} given from {day}"'))
    result = case_from_bundle(bundle(*RECORDS["metastatic pretreated"]), AS_OF, other.kb)
    (source,) = [s for s in result.provenance if s.field == "prior_trastuzumab"]
    assert " given from 20" in source.note
    assert "first on" not in source.note
