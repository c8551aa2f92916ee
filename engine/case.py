"""The case a student describes, validated so that every bad field is named with what is allowed."""

from __future__ import annotations

import datetime as dt
import math
import re
import reprlib
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
)
from pydantic_core import ErrorDetails

EVIDENCE_CUTOFF = dt.date(2014, 7, 31)  # the review's publication date; rules/knowledge-base.toml agrees

ALLOWED: dict[str, str] = {
    "setting": "metastatic, neoadjuvant or adjuvant",
    "metastatic_line": "first or pretreated (only when setting is metastatic)",
    "her2_status": "positive, negative or equivocal (default positive)",
    "hormone_receptor_status": "positive, negative or unknown",
    "prior_trastuzumab": "true or false (default false)",
    "months_since_trastuzumab": "a whole number of months >= 0, only with prior_trastuzumab true",
    "tumor_size_cm": "a number of centimetres from 0.01 to 30",
    "node_status": "positive, negative or unknown",
    "menopausal_status": "premenopausal, postmenopausal or unknown (default unknown)",
    "as_of": "an ISO date YYYY-MM-DD, not in the future (default: the evidence cut-off)",
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHORT = reprlib.Repr()  # Python 3.11's Repr takes no keyword arguments
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlist = _SHORT.maxdict = 6


class FieldError(BaseModel):
    """One problem with one field of a case."""

    model_config = ConfigDict(frozen=True)

    field: str
    message: str


class CaseError(ValueError):
    """A case that cannot be evaluated; `errors` names every bad field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


class Case(BaseModel):
    """A teaching case: exactly the fields of the domain vocabulary."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    setting: Literal["metastatic", "neoadjuvant", "adjuvant"]
    metastatic_line: Literal["first", "pretreated"] | None = None
    her2_status: Literal["positive", "negative", "equivocal"] = "positive"
    hormone_receptor_status: Literal["positive", "negative", "unknown"]
    prior_trastuzumab: StrictBool = False
    months_since_trastuzumab: Annotated[StrictInt, Field(ge=0, le=1200)] | None = None
    # 0.01 cm (0.1 mm) as the floor: below 1e-4 Python writes floats with an exponent, which
    # durable-rules cannot parse (its error 204), and no tumor is measured that small
    tumor_size_cm: Annotated[float, Field(ge=0.01, le=30, allow_inf_nan=False)] | None = None
    node_status: Literal["positive", "negative", "unknown"] | None = None
    menopausal_status: Literal["premenopausal", "postmenopausal", "unknown"] = "unknown"
    as_of: dt.date = EVIDENCE_CUTOFF

    @field_validator("tumor_size_cm", mode="before")
    @classmethod
    def _a_real_number(cls, value: Any) -> Any:
        # JSON numbers only: "2.5" as a string, true, NaN and infinities are refused, not coerced
        if value is None:
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("must be a JSON number, not text or a boolean")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    @field_validator("as_of", mode="before")
    @classmethod
    def _an_iso_date(cls, value: Any) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if not isinstance(value, str) or not _ISO_DATE.match(value):
            raise ValueError("must be a date written YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value} is not a real calendar date") from None

    @property
    def in_scope(self) -> bool:
        return self.her2_status == "positive"

    def as_fact(self) -> dict[str, object]:
        """The case as a durable-rules fact: given fields only, the date as an ordinal number."""
        fact: dict[str, object] = {k: v for k, v in self.model_dump(exclude={"as_of"}).items() if v is not None}
        fact["as_of"] = self.as_of.toordinal()
        return fact


def _shown(value: object) -> str:
    """The offending input, shortened: a 100 kB value must not come back in the message."""
    return _SHORT.repr(value)


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a case field"
    if kind == "literal_error":
        return f"{_shown(error['input'])} is not allowed"
    if kind in ("bool_type", "int_type", "float_type", "int_from_float"):
        return f"{_shown(error['input'])} has the wrong type"
    if kind.startswith(("greater_than", "less_than")):
        return f"{_shown(error['input'])} is out of range"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return str(error["msg"])


def _cross_field_errors(data: dict[str, Any], today: dt.date) -> list[FieldError]:
    """Rules across fields, checked on whatever parts of the raw case are themselves valid."""
    errors: list[FieldError] = []
    setting = data.get("setting")
    if setting == "metastatic" and data.get("metastatic_line") is None:
        errors.append(
            FieldError(
                field="metastatic_line", message="is required when setting is metastatic; allowed: first or pretreated"
            )
        )
    if setting in ("neoadjuvant", "adjuvant") and data.get("metastatic_line") is not None:
        errors.append(
            FieldError(
                field="metastatic_line", message=f"applies only to metastatic cases, not {setting}; leave it out"
            )
        )
    if setting in ("neoadjuvant", "adjuvant"):
        for name in ("tumor_size_cm", "node_status"):
            if data.get(name) is None:
                errors.append(
                    FieldError(field=name, message=f"is required for the {setting} setting; allowed: {ALLOWED[name]}")
                )
    if data.get("months_since_trastuzumab") is not None and data.get("prior_trastuzumab") is not True:
        errors.append(
            FieldError(
                field="months_since_trastuzumab",
                message="is given but prior_trastuzumab is not true; set prior_trastuzumab to true or leave it out",
            )
        )
    as_of = data.get("as_of")
    if isinstance(as_of, str) and _ISO_DATE.match(as_of):
        try:
            if dt.date.fromisoformat(as_of) > today:
                errors.append(
                    FieldError(field="as_of", message=f"{as_of} is in the future; allowed: {ALLOWED['as_of']}")
                )
        except ValueError:
            pass
    return errors


def parse_case(data: object, today: dt.date | None = None) -> Case:
    """Validate raw input into a Case, or raise CaseError naming every bad field."""
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else type(data).__name__
        raise CaseError([FieldError(field="(case)", message=f"a case is a JSON object of fields, not {kind}")])
    today = today or dt.date.today()
    errors: list[FieldError] = []
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        case = None
        for error in exc.errors():
            name = ".".join(str(p) for p in error["loc"]) or "(case)"
            name = name if len(name) <= 60 else name[:57] + "..."  # an unknown 100 kB key is not echoed
            allowed = ALLOWED.get(name, "the fields " + ", ".join(ALLOWED))
            errors.append(FieldError(field=name, message=f"{_message(error)}; allowed: {allowed}"))
    seen = {e.field for e in errors}
    errors += [e for e in _cross_field_errors(data, today) if e.field not in seen]
    if errors or case is None:
        raise CaseError(errors)
    return case
