"""The case as entered: a printed number reads back as the very number the rules read, never rounded across a
threshold (2.04 cm is above 2 and 1.96 cm is not; both once printed "tumor 2.0 cm")."""

from __future__ import annotations

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st
from packaged import WORDS

from engine.case_fields import CASE_FIELDS, as_entered
from web.present import readable

SIZE = CASE_FIELDS["tumor_size_cm"]
assert SIZE.minimum is not None
assert SIZE.maximum is not None


@given(st.floats(SIZE.minimum, SIZE.maximum))
def test_a_printed_size_reads_back_as_the_size(size: float) -> None:
    """Every size in the field's range prints as text that reads back as exactly that size, in each printer."""
    text = as_entered(size)
    assert float(text) == size
    assert WORDS.value("tumor_size_cm", size) == f"tumor {text} cm"
    assert readable(WORDS, "tumor_size_cm", size) == text


NEOADJUVANT = {
    "setting": "neoadjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "positive",
    "node_status": "negative",
}


@pytest.mark.parametrize(("size", "shown"), [("2.04", "2.04"), ("1.96", "1.96"), ("2", "2"), ("2.0", "2")])
@pytest.mark.parametrize("path", ["/answer", "/handout", "/handout.md", "/what-if"])
def test_each_page_prints_the_size_entered(app: Flask, path: str, size: str, shown: str) -> None:
    """The answer page, the handouts and what-if print 2.04 and 1.96 as entered, never as 2.0."""
    response = app.test_client().get(path, query_string={**NEOADJUVANT, "tumor_size_cm": size})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert f"{shown} cm" in text or f">{shown}<" in text or f"| {shown} |" in text
    assert "2.0 cm" not in text
