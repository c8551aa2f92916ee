"""What orders an answer's options, as dated data (rules/ordering.toml): guideline positions and randomized
head-to-head results, each with its source, checked by pydantic at load.

A guideline version holds from the day it was public until the next version of its series (or the day a
later version, not encoded here, was public); a head-to-head result counts from the day its finding was public.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import Field, model_validator

from engine.frozen import Strict
from engine.rule import Condition


class Guideline(Strict):
    """One version of a guideline, as pages name it ("ASCO 2022") and as it was published."""

    id: str
    name: str
    series: str  # the versions of one guideline: each holds until the next one's day
    title: str
    citation: str
    published: dt.date  # the first day it was certainly public (a conservative day where only bounded)
    date_source: str
    # a later version that this knowledge base does not encode (its content unverified) ends this one
    superseded_on: dt.date | None = None
    superseded_source: str = ""
    secondary: bool = False  # an unofficial copy of the guideline's text: shown as a secondary source


class Applies(Strict):
    """The cases a position or a trial speaks of: all of `when` holds. `only_if` names what else the trial
    or guideline required that the case does not record: the order then holds only if it is true."""

    when: list[Condition] = Field(min_length=1)
    only_if: str = ""


PositionKind = Literal["listed_first", "named", "no_preference"]
POSITION_KINDS: tuple[PositionKind, ...] = get_args(PositionKind)


class Position(Strict):
    """A guideline's position for one line or condition: which options it lists, and how.

    listed_first: its first regimen comes before every other option; named: the regimens it names come
    before those it does not, in no order among themselves; no_preference: it orders nothing (it says so)."""

    id: str
    guideline: str
    kind: PositionKind
    condition: str  # "second line", in a clinician's words
    regimens: list[str] = Field(min_length=1)
    says: str  # the guideline's own verb ("should recommend", "may be offered")
    quote: str
    source: str
    applies: list[Applies] = Field(min_length=1)


class HeadToHead(Strict):
    """A randomized trial in which `winner` beat `loser` on the endpoint of `finding` ("study_id.finding_id")."""

    id: str
    winner: str
    loser: str
    finding: str
    applies: list[Applies] = Field(min_length=1)
    source: str

    @model_validator(mode="after")
    def _two_regimens(self) -> HeadToHead:
        if self.winner == self.loser:
            raise ValueError(f"winner and loser are two regimens, not {self.winner!r} twice")
        return self


class Ordering(Strict):
    guidelines: dict[str, Guideline] = Field(default_factory=dict)
    positions: tuple[Position, ...] = ()
    head_to_head: tuple[HeadToHead, ...] = ()

    def until(self, guideline: Guideline) -> dt.date | None:
        """The day a guideline version stops holding: the next version of its series, or `superseded_on`."""
        later = [g.published for g in self.guidelines.values() if g.series == guideline.series]
        later = [d for d in later if d > guideline.published]
        if guideline.superseded_on is not None:
            later.append(guideline.superseded_on)
        return min(later, default=None)

    def items(self) -> tuple[Position | HeadToHead, ...]:
        """The positions and the head-to-head results: everything that tests a case."""
        return (*self.positions, *self.head_to_head)
