"""Every case field, defined once: the pydantic Case, its validation, the rules' type checks, the web
form, the OpenAPI schema, the README table and the plain-language explanations all read this table.

Adding a case field is one `CaseField` entry here plus the rules that test it.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Literal

Setting = Literal["metastatic", "neoadjuvant", "adjuvant"]
SETTINGS: tuple[Setting, ...] = ("metastatic", "neoadjuvant", "adjuvant")
EARLY: tuple[Setting, ...] = ("neoadjuvant", "adjuvant")
Kind = Literal["choice", "boolean", "integer", "number", "date"]


def _shipped_cutoff() -> dt.date:
    """The evidence cut-off, written once in the shipped rules/knowledge-base.toml: a case's default date."""
    text = (resources.files("her2_cds.rules") / "knowledge-base.toml").read_text(encoding="utf-8")
    value = tomllib.loads(text)["knowledge_base"]["evidence_cutoff"]
    assert isinstance(value, dt.date), "knowledge-base.toml: evidence_cutoff must be a TOML date"
    return value


EVIDENCE_CUTOFF = _shipped_cutoff()


@dataclass(frozen=True)
class CaseField:
    """One field of a case: its type and values, where it applies, and its words for people."""

    name: str
    kind: Kind
    label: str  # the form's label
    hint: str  # the form's hint, in clinical words
    words: str  # the field in a sentence of an explanation, e.g. "tumor size"
    allowed: str  # what the field allows, as every error message says it
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for choices and booleans
    default: str | bool | dt.date | None = None  # None: not given unless entered
    required: bool = False  # required in every setting
    settings: tuple[Setting, ...] = SETTINGS  # the settings it applies to (the form shows it there)
    required_in: tuple[Setting, ...] = ()  # the settings that require it
    refused_elsewhere: bool = False  # given outside `settings`, it is an error
    needs_true: str = ""  # a boolean field that must be true when this one is given
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""  # the unit words put after a number, e.g. "cm"
    prompt: str = ""  # the form's empty first option of a required choice

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)

    @property
    def everywhere(self) -> bool:
        return self.settings == SETTINGS

    @property
    def form_hint(self) -> str:
        return f"{self.hint} Allowed: {self.allowed}."

    @property
    def form_default(self) -> str:
        """The form's preselected value: a choice's default; dates and numbers start empty."""
        if self.default is None or self.kind in ("date", "integer", "number"):
            return ""
        return str(self.default).lower() if isinstance(self.default, bool) else str(self.default)

    @property
    def operators(self) -> tuple[str, ...]:
        """The operators a rule may test this field with."""
        if self.kind == "choice":
            return ("equals", "not_equals", "one_of", "is_present", "is_absent")
        if self.kind in ("integer", "number"):
            return ("above", "at_least", "below", "at_most", "is_present", "is_absent")
        if self.kind == "boolean":
            return ("is_true", "is_false")
        return ("on_or_after", "before")

    def check(self, op: str, value: object) -> None:
        """Raise ValueError if `op value` is not a well-typed test of this field."""
        if op not in self.operators:
            raise ValueError(f"operator {op!r} does not apply here; allowed: {', '.join(self.operators)}")
        if op in ("is_true", "is_false", "is_present", "is_absent"):
            if value is not None:
                raise ValueError(f"{op} takes no value")
        elif self.kind == "choice":
            values = value if op == "one_of" else [value]
            if not isinstance(values, list) or not values:
                raise ValueError("one_of takes a non-empty list of choices")
            for item in values:
                if item not in self.values:
                    raise ValueError(f"{item!r} is not one of {', '.join(self.values)}")
        elif self.kind in ("integer", "number"):
            # a string here would be compared as text by durable-rules ("10" < 5 is true)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{op} takes a number, not {value!r}")
        else:
            try:
                dt.date.fromisoformat(str(value))
            except ValueError:
                raise ValueError(f"{op} takes an ISO date (YYYY-MM-DD), not {value!r}") from None

    def label_of(self, value: object) -> str:
        """A value as the form labels it ("Yes" for true, "Neoadjuvant (before surgery)")."""
        text = str(value).lower() if isinstance(value, bool) else str(value)
        return dict(self.choices).get(text, text)


_STATUS = (("positive", "Positive"), ("negative", "Negative"), ("unknown", "Unknown"))

FIELDS: tuple[CaseField, ...] = (
    CaseField(
        "setting", "choice", "Setting", "Where the patient is in treatment.", "the setting",
        "metastatic, neoadjuvant or adjuvant",
        (("metastatic", "Metastatic"), ("neoadjuvant", "Neoadjuvant (before surgery)"),
         ("adjuvant", "Adjuvant (after surgery)")),
        required=True, prompt="Choose the setting",
    ),
    CaseField(
        "metastatic_line", "choice", "Line of treatment", "Pretreated: already treated for metastatic disease.",
        "the line of treatment", "first or pretreated (only when setting is metastatic)",
        (("first", "First line"), ("pretreated", "Pretreated")),
        settings=("metastatic",), required_in=("metastatic",), refused_elsewhere=True, prompt="Choose the line",
    ),
    CaseField(
        "her2_status", "choice", "HER2 status", "Anything but positive is out of scope for HER2-directed therapy.",
        "HER2 status", "positive, negative or equivocal (default positive)",
        (("positive", "Positive"), ("negative", "Negative"), ("equivocal", "Equivocal")), default="positive",
    ),
    CaseField(
        "hormone_receptor_status", "choice", "Hormone receptor status", "Estrogen and progesterone receptors.",
        "hormone receptor status", "positive, negative or unknown", _STATUS, required=True,
        prompt="Choose the status",
    ),
    CaseField(
        "prior_trastuzumab", "boolean", "Prior trastuzumab", "Has the patient had trastuzumab before?",
        "prior trastuzumab", "true or false (default false)", (("false", "No"), ("true", "Yes")), default=False,
    ),
    CaseField(
        "months_since_trastuzumab", "integer", "Months since the last trastuzumab",
        "From the last (neo)adjuvant trastuzumab dose to recurrence; leave empty if not known.",
        "months since the last trastuzumab", "a whole number of months >= 0, only with prior_trastuzumab true",
        settings=("metastatic",), needs_true="prior_trastuzumab", minimum=0, maximum=1200, unit="months",
    ),
    # 0.01 cm (0.1 mm) as the floor: below 1e-4 Python writes floats with an exponent, which
    # durable-rules cannot parse (its error 204), and no tumor is measured that small
    CaseField(
        "tumor_size_cm", "number", "Tumor size (cm)", "The primary tumor's largest diameter, e.g. 2.5.",
        "tumor size", "a number of centimetres from 0.01 to 30",
        settings=EARLY, required_in=EARLY, minimum=0.01, maximum=30, unit="cm",
    ),
    CaseField(
        "node_status", "choice", "Lymph node status", "Axillary lymph nodes.", "lymph node status",
        "positive, negative or unknown", _STATUS, settings=EARLY, required_in=EARLY, prompt="Choose the status",
    ),
    # the trastuzumab adjuvant label's high-risk features for node-negative disease (grade 2-3, age < 35)
    CaseField(
        "tumor_grade", "integer", "Tumor grade", "Histologic grade 1, 2 or 3; leave empty if not known.",
        "tumor grade", "1, 2 or 3 (only when setting is adjuvant)",
        settings=("adjuvant",), refused_elsewhere=True, minimum=1, maximum=3,
    ),
    CaseField(
        "age_years", "integer", "Age (years)", "The patient's age in whole years; leave empty if not known.",
        "age", "a whole number of years from 18 to 110 (only when setting is adjuvant)",
        settings=("adjuvant",), refused_elsewhere=True, minimum=18, maximum=110, unit="years",
    ),
    CaseField(
        "menopausal_status", "choice", "Menopausal status", "Settles the lapatinib + letrozole approval.",
        "menopausal status", "premenopausal, postmenopausal or unknown (default unknown)",
        (("premenopausal", "Premenopausal"), ("postmenopausal", "Postmenopausal"), ("unknown", "Unknown")),
        default="unknown",
    ),
    CaseField(
        "as_of", "date", "Evaluate as of",
        "The answer as it would have stood on that date; leave empty for the evidence cut-off.",
        "the date", "an ISO date YYYY-MM-DD, not in the future (default: the evidence cut-off)",
        default=EVIDENCE_CUTOFF,
    ),
)  # fmt: skip

CASE_FIELDS: dict[str, CaseField] = {f.name: f for f in FIELDS}
ALLOWED: dict[str, str] = {f.name: f.allowed for f in FIELDS}


def _where(field: CaseField) -> str:
    if field.required:
        return "required"
    parts = [f"required for {', '.join(field.required_in)}"] if field.required_in else []
    if field.refused_elsewhere:
        parts.append("refused elsewhere")
    elif not field.everywhere and not field.required_in:
        parts.append(f"asked in {', '.join(field.settings)}")
    if field.needs_true:
        parts.append(f"only with {field.needs_true} true")
    return "; ".join(parts) or "optional"


def readme_table() -> str:
    """The README's table of case fields (tests/test_vocabulary.py checks the README carries it)."""
    rows = [f"| `{f.name}` | {f.label} | {f.allowed} | {_where(f)} |" for f in FIELDS]
    return "\n".join(["| field | label | allowed | when |", "|---|---|---|---|", *rows])
