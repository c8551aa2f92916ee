"""Every case field, defined once: the pydantic Case, its validation, the rules' type checks, the web
form, the OpenAPI schema, the README table and the plain-language explanations all read this table.

Adding a case field is one `CaseField` entry here, its words in rules/case-words.toml (the form's label, hint and
options, and how sentences say it; the load refuses a field or a choice without them), plus the rules that test it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Setting = Literal["metastatic", "neoadjuvant", "adjuvant", "extended_adjuvant"]
SETTINGS: tuple[Setting, ...] = ("metastatic", "neoadjuvant", "adjuvant", "extended_adjuvant")
EARLY: tuple[Setting, ...] = ("neoadjuvant", "adjuvant")
# early disease, including extended adjuvant therapy after adjuvant trastuzumab (tumor and nodes optional there)
EARLY_ALL: tuple[Setting, ...] = ("neoadjuvant", "adjuvant", "extended_adjuvant")
Kind = Literal["choice", "boolean", "integer", "number", "date"]


@dataclass(frozen=True)
class CaseField:
    """One field of a case: its type, values and bounds, and where it applies. Its words for people (the form's
    label, hint, prompt and options, and how sentences say it) are the knowledge base's, rules/case-words.toml;
    `allowed` stays here: it states the type and bounds above in the API's terms, as every error message says it."""

    name: str
    kind: Kind
    allowed: str  # what the field allows, as every error message says it
    values: tuple[str, ...] = ()  # a choice's values, or a boolean's "false", "true" (and "unknown" when nullable)
    default: str | bool | dt.date | None = None  # None: not given unless entered
    required: bool = False  # required in every setting
    settings: tuple[Setting, ...] = SETTINGS  # the settings it applies to (the form shows it there)
    required_in: tuple[Setting, ...] = ()  # the settings that require it
    refused_elsewhere: bool = False  # given outside `settings`, it is an error
    needs_true: str = ""  # a boolean field that must be true when this one is given
    zero_when: tuple[str, str] | None = None  # (field, value): this count must be 0 or not given then
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""  # the unit words put after a number, e.g. "cm"
    # a boolean that may be said to be not known: null in JSON, "unknown" in a form (a record that does not
    # state it); the rules read that as not given, as when it is left out
    nullable: bool = False
    not_asked_when: tuple[str, str] | None = None  # (field, value): not asked then (the form hides it)

    @property
    def asks_choice(self) -> bool:
        """A choice the case must give somewhere: the form starts it with an empty option (its prompt), never
        preselecting one."""
        return self.kind == "choice" and bool(self.required or self.required_in)

    @property
    def everywhere(self) -> bool:
        return self.settings == SETTINGS

    @property
    def form_default(self) -> str:
        """The form's preselected value: a choice's default; "unknown" for an optional field with no default that
        offers it (prior trastuzumab, the response to neoadjuvant therapy), never the first choice a browser
        would otherwise pick; dates and numbers start empty."""
        if self.default is None and not self.asks_choice and "unknown" in self.values:
            return "unknown"
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
            # an optional boolean (no default) may be not given: "is_absent" tests that
            return (
                ("is_true", "is_false")
                if self.default is not None and not self.nullable
                else ("is_true", "is_false", "is_present", "is_absent")
            )
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


_STATUS = ("positive", "negative", "unknown")
_YES_NO = ("false", "true")

FIELDS: tuple[CaseField, ...] = (
    CaseField(
        "setting", "choice", "metastatic, neoadjuvant, adjuvant or extended_adjuvant",
        ("metastatic", "neoadjuvant", "adjuvant", "extended_adjuvant"), required=True,
    ),
    CaseField(
        "metastatic_line", "choice", "first or pretreated (only when setting is metastatic)", ("first", "pretreated"),
        settings=("metastatic",), required_in=("metastatic",), refused_elsewhere=True,
    ),
    CaseField(
        "her2_status", "choice", "positive, low, ultralow, negative, equivocal or unknown",
        ("positive", "low", "ultralow", "negative", "equivocal", "unknown"), required=True,
    ),
    CaseField("hormone_receptor_status", "choice", "positive, negative or unknown", _STATUS, required=True),
    CaseField(
        "prior_trastuzumab", "boolean", "true, false, or null when not known (\"unknown\" in a form)",
        (*_YES_NO, "unknown"), nullable=True,
    ),
    CaseField(
        "months_since_trastuzumab", "integer", "a whole number of months >= 0, only with prior_trastuzumab true",
        settings=("metastatic",), needs_true="prior_trastuzumab", minimum=0, maximum=1200, unit="months",
    ),
    # 0.01 cm (0.1 mm) as the floor: below 1e-4 Python writes floats with an exponent, which
    # durable-rules cannot parse (its error 204), and no tumor is measured that small
    CaseField(
        "tumor_size_cm", "number", "a number of centimetres from 0.01 to 30",
        settings=EARLY_ALL, required_in=EARLY, minimum=0.01, maximum=30, unit="cm",
    ),
    CaseField(
        "node_status", "choice", "positive, negative or unknown", _STATUS, settings=EARLY_ALL, required_in=EARLY,
    ),
    CaseField(
        "neoadjuvant_response", "choice", "none, complete, residual or unknown (adjuvant only)",
        ("none", "complete", "residual", "unknown"), settings=("adjuvant",), refused_elsewhere=True,
    ),
    CaseField(
        "prior_metastatic_her2_regimens", "integer", "a whole number from 0 to 10 (metastatic only)",
        settings=("metastatic",), refused_elsewhere=True, minimum=0, maximum=10, unit="regimens",
        zero_when=("metastatic_line", "first"),
    ),
    CaseField(
        "prior_metastatic_chemotherapy", "boolean", "true or false (metastatic only)", _YES_NO,
        settings=("metastatic",), refused_elsewhere=True,
    ),
    CaseField(
        "prior_metastatic_endocrine_therapy", "boolean", "true or false (metastatic only)", _YES_NO,
        settings=("metastatic",), refused_elsewhere=True,
    ),
    CaseField(
        "brain_metastases", "boolean", "true or false (metastatic only)", _YES_NO,
        settings=("metastatic",), refused_elsewhere=True,
    ),
    # the trastuzumab adjuvant label's high-risk features for node-negative disease (grade 2-3, age < 35)
    CaseField(
        "tumor_grade", "integer", "1, 2 or 3 (read by the adjuvant rules)",
        settings=("adjuvant",), minimum=1, maximum=3,
    ),
    CaseField(
        "age_years", "integer", "a whole number of years from 18 to 110 (read by the adjuvant rules)",
        settings=("adjuvant",), minimum=18, maximum=110, unit="years",
    ),
    # the lapatinib + letrozole label's "postmenopausal women": a man is outside it, and has no menopausal status
    CaseField(
        "sex", "choice", "female, male or unknown (default unknown)", ("female", "male", "unknown"), default="unknown",
    ),
    CaseField(
        "menopausal_status", "choice", "premenopausal, postmenopausal or unknown (default unknown)",
        ("premenopausal", "postmenopausal", "unknown"), default="unknown", not_asked_when=("sex", "male"),
    ),
    CaseField(
        "as_of", "date", "an ISO date YYYY-MM-DD, not in the future (default: the evidence cut-off)",
    ),  # not given: the engine answers as of its knowledge base's cut-off (Engine.dated)
)  # fmt: skip

CASE_FIELDS: dict[str, CaseField] = {f.name: f for f in FIELDS}
ALLOWED: dict[str, str] = {f.name: f.allowed for f in FIELDS}


def as_entered(value: object) -> str:
    """A case's number as it was entered: the shortest text that reads back as the same number (2.04, 1.96,
    2 for 2.0), never rounded to fewer digits, so a printed case never falls on the other side of a
    threshold (tumor size above 2 cm) than the case the rules read."""
    if isinstance(value, float):
        text = repr(value)
        return text.removesuffix(".0")
    return str(value)


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
    if field.zero_when:
        parts.append(f"0 when {field.zero_when[0]} is {field.zero_when[1]}")
    if field.not_asked_when:
        parts.append(f"not asked when {field.not_asked_when[0]} is {field.not_asked_when[1]}")
    return "; ".join(parts) or "optional"


def readme_table(labels: Mapping[str, str]) -> str:
    """The README's table of case fields, each labelled as the form labels it (`labels`, the knowledge base's);
    tests/core/test_vocabulary.py checks the README carries it."""
    rows = [f"| `{f.name}` | {labels[f.name]} | {f.allowed} | {_where(f)} |" for f in FIELDS]
    return "\n".join(["| field | label | allowed | when |", "|---|---|---|---|", *rows])
