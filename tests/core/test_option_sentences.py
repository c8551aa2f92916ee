"""One option's lines on a card and in a handout are the knowledge base's sentences ([option] in
rules/case-words.toml): one missing, one the engine does not fill, or one naming a slot too few or too many stops
the load, naming the file and the sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_copy import refused

from engine import Engine
from engine.says import OPTION_SAYS


@pytest.mark.parametrize(
    ("old", "new", "record", "reason"),
    [
        ('caution = "Caution:"\n', "", "option.caution", "a sentence with no words"),
        ("[option]\n", '[option]\nwarning = "Warning:"\n', "option.warning", "does not say"),
        ('"Order: {line}"', '"Order:"', "option.order", "names no {line}"),
        ('"Status: {status}."', '"Status: {status} ({rule})."', "option.status", "{rule} is not one of its slots"),
    ],
)
def test_an_option_sentence_missing_unknown_or_misslotted_stops_the_load(
    tmp_path: Path, old: str, new: str, record: str, reason: str
) -> None:
    file, refused_record, why = refused(tmp_path, "case-words.toml", old, new)
    assert (file, refused_record) == ("case-words.toml", record)
    assert reason in why


def test_the_packaged_words_have_every_option_sentence(engine: Engine) -> None:
    assert set(engine.kb.words.option.says) == set(OPTION_SAYS)
    assert engine.kb.words.option("order", line="listed first") == "Order: listed first"
