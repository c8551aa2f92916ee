"""A bad case's messages are the knowledge base's sentences ([case_error] in rules/case-words.toml): one missing, one
the engine does not say, or one naming a slot too few or too many stops the load, naming the file and the sentence;
an engine over a reworded copy refuses a case in the new words."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_copy import loaded, refused

from engine import CaseError, Engine
from engine.case_checks import CASE_ERROR_SAYS


@pytest.mark.parametrize(
    ("old", "new", "record", "reason"),
    [
        ('required = "is required"\n', "", "case_error.required", "a sentence with no words"),
        ("[case_error]\n", '[case_error]\ntoo_long = "is too long"\n', "case_error.too_long", "does not say"),
        ('"{value} is not allowed"', '"is not allowed"', "case_error.not_allowed", "names no {value}"),
        ('"{problem}; allowed: {allowed}"', '"{problem}"', "case_error.allowed", "names no {allowed}"),
        ('"is given {times} times; give it once"', '"given {times} times ({field})"', "case_error.repeated", "{field}"),
    ],
)
def test_a_case_error_sentence_missing_unknown_or_misslotted_stops_the_load(
    tmp_path: Path, old: str, new: str, record: str, reason: str
) -> None:
    file, refused_record, why = refused(tmp_path, "case-words.toml", old, new)
    assert (file, refused_record) == ("case-words.toml", record)
    assert reason in why


def test_the_packaged_words_have_every_case_error_sentence(engine: Engine) -> None:
    assert set(engine.kb.contradictions.says.says) == set(CASE_ERROR_SAYS)


def test_a_reworded_copy_refuses_a_case_in_its_own_words(tmp_path: Path) -> None:
    other = loaded(tmp_path, ('"{value} is not allowed"', '"{value} is not one of the choices"'))
    with pytest.raises(CaseError) as caught:
        other.parse({"setting": "metastatic", "metastatic_line": "first", "her2_status": "maybe"})
    (error,) = [e for e in caught.value.errors if e.field == "her2_status"]
    assert error.message.startswith("'maybe' is not one of the choices; allowed: ")
