"""The one base model: frozen records, and views made from a record by its field names."""

from __future__ import annotations

import pytest
from pydantic import ConfigDict, ValidationError

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


class _Open(Frozen):
    model_config = ConfigDict(extra="allow", frozen=True)
    id: str


def test_replaced_is_what_model_copy_makes() -> None:
    """A record with fields replaced equals pydantic's copy of it: its fields, the fields given, its JSON; the
    record itself is unchanged."""
    record = _Record(id="a", title="Record", internal=3)
    copy = record.replaced(title="Other")
    expected = record.model_copy(update={"title": "Other"})
    assert copy == expected
    assert copy.model_fields_set == expected.model_fields_set
    assert copy.model_dump_json() == expected.model_dump_json()
    assert record.title == "Record"
    partial = _View.model_construct(id="a", title="t")  # "shown" not given: the copy's given fields grow
    assert partial.replaced(shown="s").model_fields_set == {"id", "title", "shown"}
    assert partial.model_fields_set == {"id", "title"}


def test_replaced_keeps_extra_fields() -> None:
    """A record with extra fields is copied as pydantic copies it, extras included."""
    record = _Open(id="a", note="kept")  # type: ignore[call-arg]
    copy = record.replaced(id="b")
    assert copy.model_extra == {"note": "kept"}
    assert copy == record.model_copy(update={"id": "b"})


def test_a_trusted_record_is_the_validated_one() -> None:
    """A record made from values already of its fields' types, not validated, equals the validated record: its
    fields, the fields given, its JSON."""
    trusted = _Record.trusted(id="a", title="Record", internal=3)
    validated = _Record(id="a", title="Record", internal=3)
    assert trusted == validated
    assert trusted.model_fields_set == validated.model_fields_set
    assert trusted.model_dump_json() == validated.model_dump_json()
