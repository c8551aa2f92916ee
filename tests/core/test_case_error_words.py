"""A bad case is refused in the words of the knowledge base that answers ([case_error] in rules/case-words.toml;
its load check is tests/core/test_moved_sentence_tables.py): an engine over a reworded copy refuses in the new words."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_copy import loaded

from engine import CaseError


def test_a_reworded_copy_refuses_a_case_in_its_own_words(tmp_path: Path) -> None:
    other = loaded(tmp_path, ('"{value} is not allowed"', '"{value} is not one of the choices"'))
    with pytest.raises(CaseError) as caught:
        other.parse({"setting": "metastatic", "metastatic_line": "first", "her2_status": "maybe"})
    (error,) = [e for e in caught.value.errors if e.field == "her2_status"]
    assert error.message.startswith("'maybe' is not one of the choices; allowed: ")
