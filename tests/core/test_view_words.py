"""The teaching views' own words are the knowledge base's (rules/case-words.toml: [verdict], [sources], [measure],
[measure_tag], [blockade], [first_named], [chart_title], [chart_alt], [chart]): a sentence missing from one of those
tables stops the load, naming the file and the sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_copy import refused


@pytest.mark.parametrize(
    ("old", "record"),
    [
        ('key_trial = "Key trial"\n', "verdict.key_trial"),
        ('pubmed = "PubMed {pmid}"\n', "sources.pubmed"),
        ('pcr_breast = "breast pCR (ypT0/is)"\n', "measure.pcr_breast"),
        ('pcr_breast_axilla = "breast+axilla"\n', "measure_tag.pcr_breast_axilla"),
        ('single = "single"\n', "blockade.single"),
        ('name = "Named first"\n', "first_named.name"),
        ('hr-gap = "pCR in hormone receptor-negative vs -positive disease"\n', "chart_title.hr-gap"),
        (
            'hr-gap = "Paired bars of pCR in hormone receptor-negative and -positive disease by trial and arm;'
            ' the numbers are in the table below."\n',
            "chart_alt.hr-gap",
        ),
        ('other_settings = "Other settings"\n', "chart.other_settings"),
    ],
)
def test_a_missing_view_word_stops_the_load_naming_the_file_and_the_sentence(
    tmp_path: Path, old: str, record: str
) -> None:
    assert refused(tmp_path, "case-words.toml", old, "") == ("case-words.toml", record, "a sentence with no words")
