"""The one base model of the package: every record the engine, teaching and renderers hand out is frozen."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict

_set = object.__setattr__  # a frozen record's own slots, set as pydantic sets them
# each model's set of all its fields, given by every record `trusted` makes with every field
_ALL_GIVEN: dict[type[BaseModel], set[str]] = {}


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)

    @classmethod
    def view_of(cls, record: BaseModel, **given: Any) -> Self:
        """This model made from a record: each field of the same name copied from it, the rest given.

        A field the model shares with the record but fills otherwise (a count, a date in words) is given,
        and the given value wins; a field neither copied nor given is missing, as pydantic says."""
        copied = {n: getattr(record, n) for n in cls.model_fields if n in type(record).model_fields and n not in given}
        return cls(**copied, **given)

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """This model from values the engine made itself, each of its field's type, not validated: what
        model_construct makes (which costs more than validating), at half validation's cost. Every field given, in
        the model's order; each value held as given (a list is not copied)."""
        record = cls.__new__(cls)
        object.__setattr__(record, "__dict__", values)
        # every field given: the one set of them all for the model, shared as Frozen.replaced shares a record's (a
        # frozen record never changes it; pydantic copies it before it adds to it), not a new set for each record
        given = _ALL_GIVEN.get(cls)
        if given is None:
            given = _ALL_GIVEN[cls] = set(cls.model_fields)
        object.__setattr__(record, "__pydantic_fields_set__", given if len(values) == len(given) else set(values))
        object.__setattr__(record, "__pydantic_extra__", None)
        object.__setattr__(record, "__pydantic_private__", None)
        return record

    def replaced(self, **update: Any) -> Self:
        """A shallow copy with these fields replaced, not validated: what model_copy(update=...) makes, at half its
        cost for a record without extra fields or private attributes (pydantic's copy goes through copy.copy and
        copies those too): an answer copies each of its options, to give its place."""
        if self.__pydantic_extra__ is not None or getattr(self, "__pydantic_private__", None) is not None:
            return self.model_copy(update=update)
        cls = type(self)
        copied = cls.__new__(cls)
        values = self.__dict__.copy()
        values.update(update)
        _set(copied, "__dict__", values)
        # the fields given, shared with this record where it gave the same ones (pydantic copies the set before it
        # changes it, and a frozen record never does): most copies allocate no set of their own
        given = self.__pydantic_fields_set__
        _set(copied, "__pydantic_fields_set__", given if update.keys() <= given else given | update.keys())
        _set(copied, "__pydantic_extra__", None)
        _set(copied, "__pydantic_private__", None)
        return copied


class Strict(Frozen):
    """A knowledge-base record: frozen, and it rejects unknown keys, so a typo in a rule file must not pass."""

    model_config = ConfigDict(extra="forbid", frozen=True)
