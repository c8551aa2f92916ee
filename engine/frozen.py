"""The one base model of the package: every record the engine, teaching and renderers hand out is frozen."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Strict(Frozen):
    """A knowledge-base record: frozen, and it rejects unknown keys, so a typo in a rule file must not pass."""

    model_config = ConfigDict(extra="forbid", frozen=True)
