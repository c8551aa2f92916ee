"""The one base model of the package: every record the engine, teaching and renderers hand out is frozen."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)

    @classmethod
    def view_of(cls, record: BaseModel, **given: Any) -> Self:
        """This model made from a record: each field of the same name copied from it, the rest given.

        A field the model shares with the record but fills otherwise (a count, a date in words) is given,
        and the given value wins; a field neither copied nor given is missing, as pydantic says."""
        copied = {n: getattr(record, n) for n in cls.model_fields if n in type(record).model_fields and n not in given}
        return cls(**copied, **given)


class Strict(Frozen):
    """A knowledge-base record: frozen, and it rejects unknown keys, so a typo in a rule file must not pass."""

    model_config = ConfigDict(extra="forbid", frozen=True)
