"""A patient's record as dated findings: what each resource says that a case can use, with where it said it.

Each finding keeps the resource it came from (`Observation/her2-1`) and the element path, so that every field
of the case can say where it came from. What was seen and not used (a record that negates itself, a text
that denies what its words name) is kept as `Passed`, with why, for the notes (intake.mapping says each in the
knowledge base's words).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One dated fact from one resource. `when` dates it (a drug: the first day it was given); `last` is a drug's
    last day given on or before the case's date (an ongoing course: that date), or for a condition whose onset is
    known only within a window (onsetPeriod, onsetAge) the last day it may have begun."""

    kind: str  # a codes.Marker, or "size", "T", "N", "M", "stage", "secondary", "nodes", "breast", "surgery", ...
    value: Any
    resource: str
    path: str
    when: dt.date | None
    words: str = ""
    last: dt.date | None = None


@dataclass(frozen=True)
class Passed:
    """A record passed over: the resource, what it would have said (a finding kind), and why: a reason of
    [passed_over] and the element that gives it ("" for none)."""

    resource: str
    kind: str
    reason: str
    element: str = ""


@dataclass
class Record:
    """The findings of one patient's resources, by kind, the records passed over, and the patient's own data."""

    findings: list[Finding] = field(default_factory=list)
    passed: list[Passed] = field(default_factory=list)
    birth_date: dt.date | None = None
    gender: str | None = None
    patient: str = ""
    medications: int = 0  # medication records (requests, statements, administrations) seen, counted or passed over

    def of(self, *kinds: str) -> list[Finding]:
        """The findings of these kinds, oldest first (undated first)."""
        found = [f for f in self.findings if f.kind in kinds]
        return sorted(found, key=lambda f: f.when or dt.date.min)
