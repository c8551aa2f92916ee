"""When things became public: dates as precise as their record, and the first day each one counts.

A result counts from the day it first became public (a meeting presentation or an e-publication,
whichever is earlier, as far as a verified source shows). A date known only to the month or the year
counts from the period's last day, unless a verified source shows the result was certainly public
earlier in that period (`certain_by`: the last day of the meeting that presented it, a dated report
of the presentation): the engine never shows a result before it can have existed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

Precision = Literal["day", "month", "year"]

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class PartialDate(str):
    """An ISO date known to the year, the month or the day ("2012", "2014-06", "2013-09-30")."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        # TOML may give an unquoted date as a date object; a year alone stays text
        as_text = core_schema.no_info_before_validator_function(
            lambda v: v.isoformat() if isinstance(v, dt.date) else v, core_schema.str_schema()
        )
        return core_schema.no_info_after_validator_function(
            _partial_date, as_text, serialization=core_schema.to_string_ser_schema()
        )

    @property
    def precision(self) -> Precision:
        precisions: tuple[Precision, ...] = ("year", "month", "day")
        return precisions[self.count("-")]

    def first_day(self) -> dt.date:
        parts = [int(p) for p in self.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    def counts_from(self, certain_by: dt.date | None = None) -> dt.date:
        """The first day on which the event had certainly happened: the period's last day, or the
        day a verified source shows it had happened by (`certain_by`, inside the period).

        Sources often give a year or a month only; counting from the end of that period never
        claims an approval or a result before it can have existed.
        """
        if certain_by is not None:
            return certain_by
        if self.precision == "day":
            return self.first_day()
        parts = [int(p) for p in self.split("-")]
        if len(parts) == 2:
            year, month = parts
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(parts[0], 12, 31)


def _partial_date(value: object) -> PartialDate:
    text = str(value)
    if not _PARTIAL_DATE.match(text):
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    date = PartialDate(text)
    date.first_day()  # raises on a month 13 or a 30th of February
    return date


PRECISION_WORDS: dict[Precision, str] = {
    "day": "to the day",
    "month": "to the month only",
    "year": "to the year only",
}


def in_words(date: PartialDate | str, certain_by: dt.date | None = None) -> str:
    """A date with its precision for people, e.g. "2013-05 (known to the month only; counted from 2013-05-31)"."""
    day = PartialDate(date)
    if day.precision == "day":
        return str(day)
    return f"{day} (known {PRECISION_WORDS[day.precision]}; counted from {day.counts_from(certain_by).isoformat()})"


def check_certain_by(date: PartialDate | None, certain_by: dt.date | None, verified: bool) -> None:
    """A day inside a month or a year needs a verified date, and must lie inside that period."""
    if certain_by is None:
        return
    if date is None or date.precision == "day" or not verified:
        raise ValueError("certain_by needs a verified date known to the month or the year")
    if not date.first_day() <= certain_by <= date.counts_from():
        raise ValueError(f"certain_by {certain_by} lies outside {date}")
