"""Reading values out of FHIR resources: codings, dates, an IHC score, a size in centimetres, a TNM category."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from intake.codes import RESULTS, Result

_SCORE = re.compile(r"^\s*(?:ihc\s*)?(?:score\s*)?([0-3])\s*\+?\s*(?:\(.*\))?\s*$", re.IGNORECASE)
_CATEGORY = re.compile(r"^\s*(?:AJCC\s*)?[cpy]{0,2}([TNM])(\d|is|X|x)([a-d]|mi)?", re.IGNORECASE)
_STAGE_IV = re.compile(r"^\s*(?:stage\s*)?(?:IV|4)[A-C]?\s*$", re.IGNORECASE)
_BREAK = re.compile(r"[^A-Za-z0-9]+")


def codings(concept: Any) -> list[tuple[str, str, str]]:
    """(system, code, display) of every coding of a CodeableConcept (empty for None)."""
    if concept is None:
        return []
    return [(c.system or "", c.code or "", c.display or "") for c in (concept.coding or [])]


def words(concept: Any) -> str:
    """Everything a CodeableConcept says in words (text and displays), lower-case, for name matching."""
    if concept is None:
        return ""
    parts = [concept.text or ""] + [display for _, _, display in codings(concept)]
    return " ".join(p for p in parts if p).lower()


def has_code(concept: Any, system: str, codes: set[str] | tuple[str, ...]) -> str | None:
    """The first code of `system` in `codes`, if the concept carries one."""
    for sys, code, _ in codings(concept):
        if sys == system and code in codes:
            return code
    return None


def day(value: Any) -> dt.date | None:
    """A FHIR date or dateTime as a day; a partial date ('2020', '2020-03') as its first day."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
        if match:
            year, month, dayno = match.groups()
            try:
                return dt.date(int(year), int(month or 1), int(dayno or 1))
            except ValueError:
                return None
    return None


def observation_day(obs: Any) -> tuple[dt.date | None, str]:
    """When an Observation was made, with the element it came from."""
    for name in ("effectiveDateTime", "effectiveInstant"):
        if (when := day(getattr(obs, name, None))) is not None:
            return when, name
    period = getattr(obs, "effectivePeriod", None)
    if period is not None and (when := day(period.start)) is not None:
        return when, "effectivePeriod.start"
    if (when := day(getattr(obs, "issued", None))) is not None:
        return when, "issued"
    return None, ""


def result_of(concept: Any) -> Result | None:
    """positive, negative or equivocal from a coded result (SNOMED or LOINC answer codes)."""
    for system, code, _ in codings(concept):
        if (system, code) in RESULTS:
            return RESULTS[(system, code)]
    return None


def ihc_score(obs: Any) -> tuple[int, str] | None:
    """An IHC score 0-3 from valueInteger, valueString, valueQuantity or a coded value's code or words."""
    if isinstance(obs.valueInteger, int) and 0 <= obs.valueInteger <= 3:
        return obs.valueInteger, "valueInteger"
    quantity = obs.valueQuantity
    if quantity is not None and isinstance(quantity.value, Decimal) and quantity.value in (0, 1, 2, 3):
        return int(quantity.value), "valueQuantity.value"
    candidates = [(obs.valueString, "valueString")]
    concept = obs.valueCodeableConcept
    if concept is not None:
        candidates += [(concept.text, "valueCodeableConcept.text")]
        candidates += [(c.code, f"valueCodeableConcept.coding[{i}].code") for i, c in enumerate(concept.coding or [])]
        candidates += [
            (c.display, f"valueCodeableConcept.coding[{i}].display") for i, c in enumerate(concept.coding or [])
        ]
    for text, path in candidates:
        if isinstance(text, str) and (match := _SCORE.match(text)):
            return int(match.group(1)), path
    return None


def centimetres(quantity: Any) -> float | None:
    """A size Quantity in cm (mm converted); None for other units or no number."""
    if quantity is None or quantity.value is None:
        return None
    unit = (quantity.code or quantity.unit or "").strip().lower()
    value = float(quantity.value)
    if unit in ("cm", "centimeter", "centimeters", "centimetre", "centimetres"):
        return value
    if unit in ("mm", "millimeter", "millimeters", "millimetre", "millimetres"):
        return value / 10
    return None


def _texts(concept: Any) -> list[str]:
    """A concept's codes, displays and text, the non-empty ones."""
    texts = [code for _, code, _ in codings(concept)] + [d for _, _, d in codings(concept)]
    texts.append((concept.text or "") if concept is not None else "")
    return [t for t in texts if t]


def category(concept: Any, letter: str) -> str | None:
    """A TNM category such as 'T2', 'N1mi', 'M1' or 'Tis' from an AJCC code or its words ('cT2' -> 'T2')."""
    for text in _texts(concept):
        if match := _CATEGORY.match(text):
            found, number, sub = match.groups()
            if found.upper() == letter:
                return f"{letter}{number.lower() if number.lower() == 'is' else number.upper()}{(sub or '').lower()}"
    return None


def is_stage_iv(concept: Any) -> bool:
    """Whether a stage group (AJCC code or words) is stage IV."""
    return any(_STAGE_IV.match(t) for t in _texts(concept))


def names(concept: Any, word: str) -> bool:
    """Whether the concept's words contain `word` as a whole word (e.g. a drug's name)."""
    return word in _BREAK.split(words(concept))
