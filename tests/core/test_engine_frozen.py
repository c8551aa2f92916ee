"""The one base model: frozen records, and views made from a record by its field names."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from engine.frozen import Frozen


class _Record(Frozen):
    id: str
    title: str
    internal: int


class _View(Frozen):
    id: str
    title: str
    shown: str


def test_a_view_copies_the_fields_it_shares_and_the_given_ones_win() -> None:
    """A view takes each field of the record's name, not the others, and a given value over the record's."""
    view = _View.view_of(_Record(id="a", title="Record", internal=3), title="Shown title", shown="x")
    assert view.model_dump() == {"id": "a", "title": "Shown title", "shown": "x"}


def test_a_view_field_neither_shared_nor_given_is_missing() -> None:
    """A view field the record lacks and the caller does not give is refused as missing, never guessed."""
    with pytest.raises(ValidationError, match="shown"):
        _View.view_of(_Record(id="a", title="Record", internal=3))
