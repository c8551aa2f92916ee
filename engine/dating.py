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
from typing import TYPE_CHECKING, Any, Literal

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

if TYPE_CHECKING:
    from engine.knowledge import Cited, Finding, OwnDate, Study
    from engine.loader import KnowledgeBase

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


# ---- when each study, finding and cited sentence counts in the knowledge base ----


def study_public(kb: KnowledgeBase, study_id: str) -> dt.date:
    """When a study's results were certainly public: for a study the review reports, no later than the
    review; a study first reported after the review, from its own date."""
    study = kb.studies[study_id]
    day = study.reported.counts_from(study.reported_certain_by)
    return day if study.after_review else min(day, kb.info.review_published)


def finding_public(kb: KnowledgeBase, study: Study, finding: OwnDate) -> dt.date:
    """When one result (a finding or an arm's values) was certainly public: its own date if it has one,
    else its study's; a result the review reports no later than the review, one after it from its own date."""
    if finding.reported is None:
        return study_public(kb, study.id)
    day = finding.reported.counts_from(finding.reported_certain_by)
    return day if finding.after_review else min(day, kb.info.review_published)


def find(kb: KnowledgeBase, ref: str) -> tuple[Study, Finding]:
    """A finding by its reference "study_id.finding_id"; KeyError if there is none."""
    study_id, _, finding_id = ref.partition(".")
    study = kb.studies[study_id]
    for finding in study.findings:
        if finding.id == finding_id:
            return study, finding
    raise KeyError(ref)


def result_public(kb: KnowledgeBase, ref: str) -> dt.date:
    """When a result was public: a study ("study_id") or one of its findings ("study_id.finding_id")."""
    if "." in ref:
        return finding_public(kb, *find(kb, ref))
    return study_public(kb, ref)


def ended_on(kb: KnowledgeBase, ended_by: list[str]) -> dt.date | None:
    """The day a statement of work in progress stopped being true: the first of the results that ended it
    was public (None: no result in the knowledge base has ended it)."""
    return min((result_public(kb, ref) for ref in ended_by), default=None)


AS_OF = "As of {day}, no later result in this knowledge base."


def as_of_words(kb: KnowledgeBase, day: dt.date) -> str:
    """How a statement of work in progress that nothing has ended is dated on a day: never later than the
    knowledge base's cut-off, never later than the day."""
    return AS_OF.format(day=min(day, kb.info.evidence_cutoff).isoformat())


def cited_public(kb: KnowledgeBase, cited: Cited) -> dt.date:
    """When everything a text cites was public: the latest of its studies', findings' (and review's) days."""
    days = [study_public(kb, s) for s in cited.studies]
    days += [finding_public(kb, *find(kb, ref)) for ref in cited.findings]
    if cited.from_review:
        days.append(kb.info.review_published)
    return max(days, default=dt.date.min)
