"""Every case field, defined once: the pydantic Case, its validation, the rules' type checks, the web
form, the OpenAPI schema, the README table and the plain-language explanations all read this table.

Adding a case field is one `CaseField` entry here, its clinical words in rules/case-words.toml (the load refuses
a field or a choice without them), plus the rules that test it.
"""

from __future__ import annotations

import datetime as dt
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
    """One field of a case: its type and values, where it applies, and the form's words (its words in sentences are
    the knowledge base's, rules/case-words.toml)."""

    name: str
    kind: Kind
    label: str  # the form's label
    hint: str  # the form's hint, in clinical words
    allowed: str  # what the field allows, as every error message says it
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for choices and booleans
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
    prompt: str = ""  # the form's empty first option of a required choice
    # a boolean that may be said to be not known: null in JSON, "unknown" in a form (a record that does not
    # state it); the rules read that as not given, as when it is left out
    nullable: bool = False
    not_asked_when: tuple[str, str] | None = None  # (field, value): not asked then (the form hides it)

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
        """The form's preselected value: a choice's default; "unknown" for an optional field with no default that
        offers it (prior trastuzumab, the response to neoadjuvant therapy), never the first choice a browser
        would otherwise pick; dates and numbers start empty."""
        if self.default is None and not self.prompt and "unknown" in self.values:
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

    def label_of(self, value: object) -> str:
        """A value as the form labels it ("Yes" for true, "Neoadjuvant (before surgery)", "Not known" for null)."""
        text = str(value).lower() if isinstance(value, bool) else "unknown" if value is None else str(value)
        return dict(self.choices).get(text, text)


_STATUS = (("positive", "Positive"), ("negative", "Negative"), ("unknown", "Unknown"))

FIELDS: tuple[CaseField, ...] = (
    CaseField(
        "setting", "choice", "Setting", "Where the patient is in treatment.",
        "metastatic, neoadjuvant, adjuvant or extended_adjuvant",
        (("metastatic", "Metastatic"), ("neoadjuvant", "Neoadjuvant (before surgery)"),
         ("adjuvant", "Adjuvant (after surgery)"),
         ("extended_adjuvant", "Extended adjuvant (after adjuvant trastuzumab is completed)")),
        required=True, prompt="Choose the setting",
    ),
    CaseField(
        "metastatic_line", "choice", "Line of treatment", "Pretreated: already treated for metastatic disease.",
        "first or pretreated (only when setting is metastatic)",
        (("first", "First line"), ("pretreated", "Pretreated")),
        settings=("metastatic",), required_in=("metastatic",), refused_elsewhere=True, prompt="Choose the line",
    ),
    CaseField(
        "her2_status", "choice", "HER2 status",
        "Positive: IHC 3+ or ISH amplified. Low: IHC 1+, or 2+ with ISH not amplified. Ultralow: IHC 0 with"
        " faint membrane staining. Negative: IHC 0 with no staining. Low and ultralow are in scope only in"
        " metastatic disease, for the indications that name them, from their dates. Unknown: no HER2 result"
        " (a record without one); no HER2-directed option is shown until it is known.",
        "positive, low, ultralow, negative, equivocal or unknown",
        (("positive", "Positive"), ("low", "Low"), ("ultralow", "Ultralow"), ("negative", "Negative"),
         ("equivocal", "Equivocal"), ("unknown", "Unknown")), required=True, prompt="Choose the status",
    ),
    CaseField(
        "hormone_receptor_status", "choice", "Hormone receptor status", "Estrogen and progesterone receptors.",
        "positive, negative or unknown", _STATUS, required=True,
        prompt="Choose the status",
    ),
    CaseField(
        "prior_trastuzumab", "boolean", "Prior trastuzumab",
        "Has the patient had trastuzumab before? Not known: the options that depend on it are not shown.",
        "true, false, or null when not known (\"unknown\" in a form)",
        (("false", "No"), ("true", "Yes"), ("unknown", "Not known")), nullable=True,
    ),
    CaseField(
        "months_since_trastuzumab", "integer", "Months since the last trastuzumab",
        "From the last (neo)adjuvant trastuzumab dose to recurrence; leave empty if not known.",
        "a whole number of months >= 0, only with prior_trastuzumab true",
        settings=("metastatic",), needs_true="prior_trastuzumab", minimum=0, maximum=1200, unit="months",
    ),
    # 0.01 cm (0.1 mm) as the floor: below 1e-4 Python writes floats with an exponent, which
    # durable-rules cannot parse (its error 204), and no tumor is measured that small
    CaseField(
        "tumor_size_cm", "number", "Tumor size (cm)", "The primary tumor's largest diameter, e.g. 2.5.",
        "a number of centimetres from 0.01 to 30",
        settings=EARLY_ALL, required_in=EARLY, minimum=0.01, maximum=30, unit="cm",
    ),
    CaseField(
        "node_status", "choice", "Lymph node status", "Axillary lymph nodes.", "positive, negative or unknown", _STATUS,
        settings=EARLY_ALL, required_in=EARLY, prompt="Choose the status",
    ),
    CaseField(
        "neoadjuvant_response", "choice", "Response to neoadjuvant therapy",
        "After neoadjuvant taxane + trastuzumab-based therapy: complete (pathologic complete response) or"
        " residual invasive disease in breast or nodes.",
        "none, complete, residual or unknown (adjuvant only)",
        (("none", "No neoadjuvant therapy"), ("complete", "Pathologic complete response"),
         ("residual", "Residual invasive disease"), ("unknown", "Unknown")),
        settings=("adjuvant",), refused_elsewhere=True,
    ),
    CaseField(
        "prior_metastatic_her2_regimens", "integer", "Prior anti-HER2 regimens for metastatic disease",
        "How many anti-HER2 regimens were already given for metastatic disease; leave empty if not known.",
        "a whole number from 0 to 10 (metastatic only)",
        settings=("metastatic",), refused_elsewhere=True, minimum=0, maximum=10, unit="regimens",
        zero_when=("metastatic_line", "first"),
    ),
    CaseField(
        "prior_metastatic_chemotherapy", "boolean", "Prior chemotherapy for metastatic disease",
        "Has the patient had chemotherapy for metastatic disease?", "true or false (metastatic only)",
        (("false", "No"), ("true", "Yes")),
        settings=("metastatic",), refused_elsewhere=True,
    ),
    CaseField(
        "prior_metastatic_endocrine_therapy", "boolean", "Prior endocrine therapy for metastatic disease",
        "Has the disease progressed on endocrine therapy for metastatic disease?",
        "true or false (metastatic only)",
        (("false", "No"), ("true", "Yes")), settings=("metastatic",), refused_elsewhere=True,
    ),
    CaseField(
        "brain_metastases", "boolean", "Brain metastases", "Are there brain metastases?",
        "true or false (metastatic only)", (("false", "No"), ("true", "Yes")),
        settings=("metastatic",), refused_elsewhere=True,
    ),
    # the trastuzumab adjuvant label's high-risk features for node-negative disease (grade 2-3, age < 35)
    CaseField(
        "tumor_grade", "integer", "Tumor grade", "Histologic grade 1, 2 or 3; leave empty if not known.",
        "1, 2 or 3 (read by the adjuvant rules)",
        settings=("adjuvant",), minimum=1, maximum=3,
    ),
    CaseField(
        "age_years", "integer", "Age (years)", "The patient's age in whole years; leave empty if not known.",
        "a whole number of years from 18 to 110 (read by the adjuvant rules)",
        settings=("adjuvant",), minimum=18, maximum=110, unit="years",
    ),
    # the lapatinib + letrozole label's "postmenopausal women": a man is outside it, and has no menopausal status
    CaseField(
        "sex", "choice", "Sex",
        "Male: the lapatinib + letrozole approval (postmenopausal women) does not apply, and menopausal status is"
        " not asked.", "female, male or unknown (default unknown)",
        (("female", "Female"), ("male", "Male"), ("unknown", "Unknown")), default="unknown",
    ),
    CaseField(
        "menopausal_status", "choice", "Menopausal status",
        "Settles the lapatinib + letrozole approval; for a man, leave it unknown.",
        "premenopausal, postmenopausal or unknown (default unknown)",
        (("premenopausal", "Premenopausal"), ("postmenopausal", "Postmenopausal"), ("unknown", "Unknown")),
        default="unknown", not_asked_when=("sex", "male"),
    ),
    CaseField(
        "as_of", "date", "Evaluate as of",
        "The answer as it would have stood on that date; leave empty for the evidence cut-off.",
        "an ISO date YYYY-MM-DD, not in the future (default: the evidence cut-off)",
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


def readme_table() -> str:
    """The README's table of case fields (tests/core/test_vocabulary.py checks the README carries it)."""
    rows = [f"| `{f.name}` | {f.label} | {f.allowed} | {_where(f)} |" for f in FIELDS]
    return "\n".join(["| field | label | allowed | when |", "|---|---|---|---|", *rows])
