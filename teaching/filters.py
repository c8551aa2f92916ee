"""The case library's filters: setting, line of metastatic treatment, hormone receptors and era (the review's
own date or after it). Each filter is a query parameter whose allowed values are listed here, so that a wrong
one is named, never ignored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from engine.case import FieldError
from engine.case_fields import CASE_FIELDS, SETTINGS
from engine.knowledge import TeachingCase
from engine.phrasing import ClinicalWords

ERAS = ("review", "after")  # on or before the review's publication, or after it (a case with no date: today)
FILTERS: dict[str, tuple[str, ...]] = {
    "setting": SETTINGS,
    "metastatic_line": CASE_FIELDS["metastatic_line"].values,
    "hormone_receptor_status": (*CASE_FIELDS["hormone_receptor_status"].values, "not_recorded"),
    "era": ERAS,
}


def filter_words(words: ClinicalWords, name: str, value: str, review: dt.date) -> str:
    """A filter's value as the library's form shows it."""
    if name == "era":
        return f"as the review saw it (to {review:%d %b %Y})" if value == "review" else "after the review"
    if value == "not_recorded":
        return "not recorded"
    if value == "unknown":
        return "recorded as unknown"
    return words.value(name, value)


def chosen_filters(args: Mapping[str, str]) -> tuple[dict[str, str], list[FieldError]]:
    """The filters a request asks for (an empty value is no filter), and an error for each value not allowed."""
    chosen, errors = {}, []
    for name, allowed in FILTERS.items():
        value = args.get(name, "")
        if not value:
            continue
        if value in allowed:
            chosen[name] = value
        else:
            errors.append(
                FieldError(field=name, message=f"{value[:40]!r} is not allowed; allowed: {', '.join(allowed)}")
            )
    return chosen, errors


def _value(case: TeachingCase, name: str, review: dt.date) -> str:
    if name == "era":
        when = case.case.get("as_of")
        return "review" if when is not None and dt.date.fromisoformat(str(when)) <= review else "after"
    if name == "hormone_receptor_status":
        return str(case.case.get(name) or "not_recorded")
    return str(case.case.get(name) or "")


def filter_cases(cases: Iterable[TeachingCase], chosen: Mapping[str, str], review: dt.date) -> list[TeachingCase]:
    """The cases that match every chosen filter, in the library's order."""
    return [c for c in cases if all(_value(c, name, review) == value for name, value in chosen.items())]
