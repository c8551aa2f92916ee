"""How a record's treatment became case fields is said in the knowledge base's sentences ([treatment] in
rules/case-words.toml): one missing, one the engine does not say, or one naming a slot too few or too many stops the
load, naming the file and the sentence; the intake over a reworded copy notes a record in the new words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fhir_records import RECORDS, bundle
from rules_copy import loaded, refused

from engine import Engine
from engine.record_says import TREATMENT_SAYS
from intake import case_from_bundle

AS_OF = dt.date(2025, 1, 15)


@pytest.mark.parametrize(
    ("old", "new", "record", "reason"),
    [
        ('undated = "undated"\n', "", "treatment.undated", "a sentence with no words"),
        ("[treatment]\n", '[treatment]\nsurgery = "surgery"\n', "treatment.surgery", "does not say"),
        ('"trastuzumab ({words}), first on {day}"', '"trastuzumab ({words})"', "treatment.given", "names no {day}"),
        ('"no systemic therapy since metastasis on {day}"', '"none since {day} ({drug})"', "treatment.first", "{drug}"),
    ],
)
def test_a_treatment_sentence_missing_unknown_or_misslotted_stops_the_load(
    tmp_path: Path, old: str, new: str, record: str, reason: str
) -> None:
    file, refused_record, why = refused(tmp_path, "case-words.toml", old, new)
    assert (file, refused_record) == ("case-words.toml", record)
    assert reason in why


def test_the_packaged_words_have_every_treatment_sentence(engine: Engine) -> None:
    assert set(engine.kb.words.treatment.says) == set(TREATMENT_SAYS)


def test_the_intake_over_a_reworded_copy_notes_the_treatment_in_its_words(tmp_path: Path) -> None:
    other = loaded(tmp_path, ('"trastuzumab ({words}), first on {day}"', '"{words} given from {day}"'))
    result = case_from_bundle(bundle(*RECORDS["metastatic pretreated"]), AS_OF, other.kb)
    (source,) = [s for s in result.provenance if s.field == "prior_trastuzumab"]
    assert " given from 20" in source.note
    assert "first on" not in source.note
