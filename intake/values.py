"""Reading values out of FHIR resources: codings, dates, an IHC score, a result in words, a size in centimetres,
a TNM category and a stage group.

Every reader is linear in its input and uses no regular expression: a text is stripped, and one longer than
MAX_TEXT characters is not a score, a category or a result (it says nothing, and is not read further); the
rest is read by splitting on whitespace and comparing whole words with the tables below. A word table
matches whole texts only, so "not amplified" is never read as "amplified", nor "non-metastatic" as
"metastatic".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from intake.codes import RESULTS, TEXT_RESULTS, ULTRALOW_TEXTS, Result

MAX_TEXT = 200  # characters of a value's text read: a score, a category or a stage is a few words

# AJCC's prefix letters before a category (c clinical, p pathological, y after neoadjuvant therapy, r recurrence,
# a autopsy) and what may follow its number (subcategories, isolated tumour cells, molecular findings)
_PREFIX = frozenset("cpyra")
_CORES = ("is", "x", "0", "1", "2", "3", "4")
_SUFFIXES = frozenset({"", "a", "b", "c", "d", "mi", "(i+)", "(i-)", "(mol+)", "(mol-)", "(sn)", "(f)", "(m)"})
# SNOMED CT writes the AJCC values as qualifier values: "American Joint Committee on Cancer cT3 (qualifier value)"
_SNOMED_AJCC = "american joint committee on cancer "
_ROMAN = {"0": 0, "i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_SCORES = {f"{n}{plus}": n for n in range(4) for plus in ("", "+", " +")}


class Category(NamedTuple):
    """A TNM category as the case reads it ('T2', 'N1mi', 'M1', 'Tis', 'NX'), and whether it was staged after
    neoadjuvant therapy (AJCC's y prefix: ypT0, ycN1)."""

    value: str
    after_therapy: bool


def text_of(value: Any) -> str | None:
    """A text lower-cased with its whitespace runs as single spaces, or None when it is not text or longer
    than MAX_TEXT once stripped."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) > MAX_TEXT:
        return None
    return " ".join(value.lower().split())


def _without_note(text: str) -> str:
    """The text before a closing parenthesised note: '2+ (equivocal)' -> '2+'."""
    if text.endswith(")") and "(" in text:
        return text[: text.index("(")].rstrip()
    return text


def _without_words(text: str, *words: str) -> str:
    """The text without these leading words (each at most once, in order), with or without a colon."""
    for word in words:
        for lead in (word + " ", word + ": ", word + ":"):
            if text.startswith(lead):
                text = text[len(lead) :]
                break
    return text


def codings(concept: Any) -> list[tuple[str, str, str]]:
    """(system, code, display) of every coding of a CodeableConcept (empty for None)."""
    if concept is None:
        return []
    return [(c.system or "", c.code or "", c.display or "") for c in (concept.coding or [])]


def words(concept: Any) -> list[str]:
    """The words of a CodeableConcept's displays and text, lower-case, each text cut to MAX_TEXT first."""
    if concept is None:
        return []
    texts = [concept.text or ""] + [display for _, _, display in codings(concept)]
    return [w for text in texts for w in text[:MAX_TEXT].lower().replace("-", " ").replace(",", " ").split()]


def has_code(concept: Any, system: str, codes: set[str] | frozenset[str] | tuple[str, ...]) -> str | None:
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
    if not isinstance(value, str) or len(value) < 4 or not value[:4].isdigit():
        return None
    month = value[5:7] if value[4:5] == "-" and value[5:7].isdigit() else "1"
    dayno = value[8:10] if month != "1" and value[7:8] == "-" and value[8:10].isdigit() else "1"
    try:
        return dt.date(int(value[:4]), int(month), int(dayno))
    except ValueError:
        return None


# an Age's unit (UCUM code or words) -> how many of it make one step of the window (years, months, days)
_AGE_UNITS = {"a": "years", "year": "years", "years": "years", "yr": "years", "mo": "months", "month": "months",
              "months": "months", "wk": "weeks", "week": "weeks", "weeks": "weeks", "d": "days", "day": "days",
              "days": "days"}  # fmt: skip


_AGE_MAX = {"years": 150, "months": 1800, "weeks": 7830, "days": 54790}  # 150 years in each unit


def _plus(born: dt.date, count: int, unit: str) -> dt.date:
    """The day `count` units after `born` (a 29 February birthday falls on 28 February in other years)."""
    if unit in ("weeks", "days"):
        return born + dt.timedelta(days=count * (7 if unit == "weeks" else 1))
    months = count * (12 if unit == "years" else 1) + born.month - 1
    year, month = born.year + months // 12, months % 12 + 1
    for dayno in (born.day, 30, 29, 28):
        try:
            return dt.date(year, month, dayno)
        except ValueError:
            continue
    raise ValueError("no such day")  # unreachable: every month has a 28th


def onset(cond: Any, born: dt.date | None) -> tuple[dt.date | None, dt.date | None, str]:
    """When a Condition began: (the first day it may have, the last day it may have if that is later, the element).
    onsetDateTime is a day; onsetPeriod its start (to its end); onsetAge (a whole number of years, months, weeks
    or days, with no comparator) the window of that age from the birth date, e.g. age 52: from the 52nd birthday
    to the day before the 53rd. Otherwise recordedDate, the day it was recorded."""
    if (when := day(cond.onsetDateTime)) is not None:
        return when, None, "onsetDateTime"
    period = cond.onsetPeriod
    if period is not None and (start := day(period.start)) is not None:
        end = day(period.end)
        return start, end if end is not None and end > start else None, "onsetPeriod"
    age = cond.onsetAge
    unit = _AGE_UNITS.get(text_of(age.code) or text_of(age.unit) or "") if age is not None else None
    whole = age is not None and age.value is not None and age.value == int(age.value)
    if born is not None and age is not None and unit and age.comparator is None and whole:
        count = int(age.value)
        if 0 <= count <= _AGE_MAX[unit]:
            first, after = _plus(born, count, unit), _plus(born, count + 1, unit)
            return first, after - dt.timedelta(days=1) if after - first > dt.timedelta(days=1) else None, "onsetAge"
    return day(cond.recordedDate), None, "recordedDate"


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
    """positive, negative or equivocal from a coded result (SNOMED CT, LOINC answers, HL7 interpretation codes),
    or from the concept's text when no coding says it."""
    for system, code, _ in codings(concept):
        if (system, code) in RESULTS:
            return RESULTS[(system, code)]
    return result_in_words(concept.text if concept is not None else None)


def result_in_words(text: Any) -> Result | None:
    """A result written as words ('Positive', 'not amplified', 'greater than 2.2'): whole texts only."""
    cleaned = text_of(text)
    return TEXT_RESULTS.get(cleaned.rstrip(".")) if cleaned else None


def ihc_score(text: Any) -> int | None:
    """An IHC score 0-3 from its text: '3+', 'IHC 2+', 'Score 1+ (low)', 'HER2 IHC: 0'."""
    cleaned = text_of(text)
    if cleaned is None:
        return None
    return _SCORES.get(_without_words(_without_note(cleaned), "her2", "ihc", "score"))


def ultralow(text: Any) -> bool:
    """Whether a text says HER2-ultralow (IHC 0 with membrane staining): whole texts only (codes.ULTRALOW_TEXTS),
    so "0 with no membrane staining" or "not ultralow" is not read as it."""
    cleaned = text_of(text)
    return cleaned is not None and _without_words(cleaned, "her2", "ihc", "score") in ULTRALOW_TEXTS


def score_of_quantity(quantity: Any) -> int | None:
    """An IHC score given as a number (valueQuantity or valueInteger): 0, 1, 2 or 3 exactly."""
    number = quantity.value if quantity is not None and not isinstance(quantity, int) else quantity
    if getattr(quantity, "comparator", None) is not None:
        return None  # "> 2" is not a score of 2
    if isinstance(number, bool) or not isinstance(number, int | Decimal):
        return None
    return int(number) if number in (0, 1, 2, 3) else None


def ratio(quantity: Any) -> float | None:
    """A plain number (a Quantity with no comparator and no unit but a ratio's), e.g. an ISH HER2/CEP17 ratio."""
    if quantity is None or quantity.value is None or quantity.comparator is not None:
        return None
    unit = text_of(quantity.code) or text_of(quantity.unit) or ""
    value = float(quantity.value)
    return value if unit in ("", "1", "{ratio}", "ratio") and 0 <= value < 1000 else None


def centimetres(quantity: Any) -> float | None:
    """A size Quantity in cm (mm converted); None for other units or no number."""
    if quantity is None or quantity.value is None or quantity.comparator is not None:
        return None  # "< 2 cm" is not a size of 2 cm
    unit = (text_of(quantity.code) or text_of(quantity.unit) or "").strip()
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


def _ajcc(text: str) -> str:
    """An AJCC value's own words: SNOMED CT's 'American Joint Committee on Cancer ... (qualifier value)' removed."""
    text = _without_note(text)
    return text[len(_SNOMED_AJCC) :] if text.startswith(_SNOMED_AJCC) else text


def category_of(text: Any, letter: str) -> Category | None:
    """A TNM category of `letter` from an AJCC code or its words ('cT2' -> T2, 'ypN0' -> N0 after therapy)."""
    cleaned = text_of(text)
    if not cleaned:
        return None
    word = _without_words(_ajcc(cleaned), "ajcc").split(" ")[0]
    start = 0
    while start < min(len(word), 3) and word[start] in _PREFIX:
        start += 1
    prefix, rest = word[:start], word[start:]
    if not rest or rest[0] != letter.lower():
        return None
    body = rest[1:]
    for core in _CORES:
        if body.startswith(core) and body[len(core) :] in _SUFFIXES:
            sub = body[len(core) :] if body[len(core) :].isalpha() else ""
            return Category(letter + (core if core == "is" else core.upper()) + sub, "y" in prefix)
    return None


def category(concept: Any, letter: str) -> Category | None:
    """The TNM category of `letter` a concept carries in any of its codes, displays or text."""
    for text in _texts(concept):
        if found := category_of(text, letter):
            return found
    return None


def stage_group_of(text: Any) -> int | None:
    """The stage group's number 0-4 from an AJCC code or its words ('4', 'IIB', 'Stage IV', SNOMED CT's
    'American Joint Committee on Cancer stage IV (qualifier value)')."""
    cleaned = text_of(text)
    if not cleaned:
        return None
    word = _without_words(_ajcc(cleaned), "stage").split(" ")[0]
    if word in _ROMAN:
        return _ROMAN[word]
    if len(word) > 1 and word[-1] in "abc" and word[:-1] in _ROMAN:
        return _ROMAN[word[:-1]]
    return None


def stage_group(concept: Any) -> int | None:
    """The stage group a concept carries in any of its codes, displays or text."""
    for text in _texts(concept):
        if (found := stage_group_of(text)) is not None:
            return found
    return None


def names(concept: Any, *names_: str) -> str | None:
    """The first of `names_` (a drug's name, one word) among the concept's words, if any."""
    said = set(words(concept))
    return next((name for name in names_ if name in said), None)
