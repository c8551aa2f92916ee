"""The case a student describes, validated so that every bad field is named with what is allowed."""

from __future__ import annotations

import datetime as dt
import math
import re
import reprlib
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import ConfigDict, Field, StrictBool, StrictInt, ValidationError, create_model, field_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from engine.case_checks import CaseChecks
from engine.case_fields import ALLOWED, CASE_FIELDS, FIELDS, SETTINGS, CaseField
from engine.contradictions import messages
from engine.frozen import Frozen

__all__ = ["ALLOWED", "Case", "CaseError", "FieldError", "parse_case"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHORT = reprlib.Repr()  # Python 3.11's Repr takes no keyword arguments
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlist = _SHORT.maxdict = 6
_NUMBERS = tuple(f.name for f in FIELDS if f.kind == "number")
_DATES = tuple(f.name for f in FIELDS if f.kind == "date")
_INTEGERS = tuple(f.name for f in FIELDS if f.kind == "integer")
# the fields a rule across fields reads, in the vocabulary's order (a case's errors keep it): most fields have none
_ZEROED = tuple(f for f in FIELDS if f.zero_when)
_ACROSS = tuple(f for f in FIELDS if f.required_in or f.refused_elsewhere or f.needs_true or f.kind == "date")


class FieldError(Frozen):
    """One problem with one field of a case."""

    field: str
    message: str


class CaseError(ValueError):
    """A case that cannot be evaluated; `errors` names every bad field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


_SAID = "case_error"  # a validator's error, said in the knowledge base's words ([case_error]) when parse_case reads it


def _said(sentence: str, **slots: str) -> PydanticCustomError:
    """A validator's error naming its sentence of [case_error] and the slots to fill; the words are the loaded
    knowledge base's, which the validator does not have (the fields are checked before a case meets one)."""
    return PydanticCustomError(_SAID, "{sentence}", {"sentence": sentence, **slots})


class CaseBase(Frozen):
    """What every case has beyond its fields, which `Case` takes from engine/case_fields.py."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    if TYPE_CHECKING:  # the fields are built from the vocabulary at import; typed by name as Any here

        def __getattr__(self, name: str) -> Any: ...

    @field_validator(*_NUMBERS, mode="before", check_fields=False)
    @classmethod
    def _a_real_number(cls, value: Any) -> Any:
        # JSON numbers only: "2.5" as a string, true, NaN and infinities are refused, not coerced
        if value is None:
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _said("not_a_number")
        if isinstance(value, float) and not math.isfinite(value):
            raise _said("not_finite")
        return value

    @field_validator(*_DATES, mode="before", check_fields=False)
    @classmethod
    def _an_iso_date(cls, value: Any) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if not isinstance(value, str) or not _ISO_DATE.match(value):
            raise _said("not_a_date")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _said("not_a_day", value=value) from None

    @property
    def in_scope(self) -> bool:
        return bool(self.her2_status == "positive")

    def stated(self) -> dict[str, Any]:
        """The fields the case states: what a page or a link must carry, never a default. A value equal to its
        field's default (sex and menopausal status default to unknown) states nothing a case that left it out
        does not, whether it was left out or given (a form preselects it); nothing is read from absence."""
        return {k: v for k, v in self.model_dump().items() if v is not None and v != CASE_FIELDS[k].default}

    def as_fact(self) -> dict[str, object]:
        """The case as a durable-rules fact: given fields only, dates as ordinal numbers."""
        # its fields as they are (model_dump's values for a case, which holds no model, at a third of its cost)
        fact: dict[str, object] = {k: v for k, v in self.__dict__.items() if v is not None}
        for name in _DATES:
            if name not in fact:
                raise ValueError(f"an undated case has no fact: Engine.dated gives it the cut-off as its {name}")
            fact[name] = getattr(self, name).toordinal()
        return fact


def _annotation(field: CaseField) -> Any:
    """The pydantic type of a field: its choices as a Literal, its bounds as constraints."""
    if field.kind == "choice":
        kind: Any = Literal[field.values]
    elif field.kind == "boolean":
        kind = StrictBool
    elif field.kind == "integer":
        kind = Annotated[StrictInt, Field(ge=field.minimum, le=field.maximum)]
    elif field.kind == "number":
        kind = Annotated[float, Field(ge=field.minimum, le=field.maximum, allow_inf_nan=False)]
    else:
        kind = dt.date
    if field.required:
        return (kind, Field(description=field.allowed))
    if field.kind == "date":
        # never null: left out, the case is answered as of the knowledge base's cut-off (Engine.dated), which
        # the served OpenAPI document gives as the default
        return (kind, Field(default=None, description=field.allowed))
    optional = kind if field.default is not None and not field.nullable else kind | None
    return (optional, Field(default=field.default, description=field.allowed))


if TYPE_CHECKING:
    Case = CaseBase
else:
    Case = create_model(
        "Case",
        __base__=CaseBase,
        __module__=__name__,
        __doc__="A teaching case: exactly the case fields of the vocabulary, each described below.",
        **{f.name: _annotation(f) for f in FIELDS},
    )


def _shown(value: object) -> str:
    """The offending input, shortened: a 100 kB value must not come back in the message."""
    return _SHORT.repr(value)


def _message(error: ErrorDetails, checks: CaseChecks) -> str:
    says, kind = checks.says, error["type"]
    if kind == _SAID:
        return says(**error.get("ctx", {}))
    if kind == "missing":
        return says("required")
    if kind == "extra_forbidden":
        return says("not_a_field")
    if kind == "literal_error":
        return says("not_allowed", value=_shown(error["input"]))
    if kind in ("bool_type", "int_type", "float_type", "int_from_float"):
        return says("wrong_type", value=_shown(error["input"]))
    if kind.startswith(("greater_than", "less_than")):
        return says("out_of_range", value=_shown(error["input"]))
    return str(error["msg"])  # none of the Case's types gives another; pydantic's own words if one ever does


def _cross_field_errors(data: dict[str, Any], today: dt.date, checks: CaseChecks) -> list[FieldError]:
    """Rules across fields, checked on whatever parts of the raw case are themselves valid."""
    errors: list[FieldError] = []
    says, either = checks.says, checks.says.says["or"]
    setting = data.get("setting")
    for field in _ZEROED:
        count = data.get(field.name)
        if field.zero_when and data.get(field.zero_when[0]) == field.zero_when[1]:
            other, wanted = field.zero_when
            if isinstance(count, int) and not isinstance(count, bool) and count > 0:
                others = either.join(v for v in CASE_FIELDS[other].values if v != wanted)
                message = says("zero", other=other, wanted=wanted, others=others)
                errors.append(FieldError(field=field.name, message=message))
    for field in _ACROSS:
        given = data.get(field.name) is not None
        if setting in field.required_in and not given:
            message = says("required_in", setting=setting, allowed=field.allowed)
            errors.append(FieldError(field=field.name, message=message))
        elif given and field.refused_elsewhere and setting in SETTINGS and setting not in field.settings:
            message = says("elsewhere", settings=either.join(field.settings), setting=setting)
            errors.append(FieldError(field=field.name, message=message))
        if field.needs_true and given and data.get(field.needs_true) is not True:
            errors.append(FieldError(field=field.name, message=says("needs_true", field=field.needs_true)))
        value = data.get(field.name)
        if field.kind == "date" and isinstance(value, str) and _ISO_DATE.match(value):
            try:
                future = dt.date.fromisoformat(value) > today
            except ValueError:
                future = False
            if future:
                message = says("future", value=value, allowed=field.allowed)
                errors.append(FieldError(field=field.name, message=message))
    return errors


def _contradictions(case: CaseBase, seen: set[str], contradictions: CaseChecks) -> list[FieldError]:
    """Fields that contradict each other, read on the typed case (the knowledge base's contradictions): an error
    on each field named, unless that field already has one."""
    values = case.__dict__  # its fields as they are: model_dump's values for a case, which holds no model
    errors = []
    for found in contradictions:
        if found.holds(values):
            errors += [FieldError(field=f, message=m) for f, m in messages(found, values) if f not in seen]
            seen |= set(found.fields)
    return errors


def read_integers(data: dict[str, Any]) -> dict[str, Any]:
    """The case with a whole-valued number in an integer field read as that integer (2.0 is 2).

    The one reading of a number, done before any check: JSON has one number type and JSON Schema counts
    2.0 as an integer, so a client that wrote 2.0 meant 2, and every check (its range, and the rules
    across fields) must see the 2. 2.5, true and "2" are left as they are, for validation to refuse.
    """
    return {
        name: int(value) if name in _INTEGERS and isinstance(value, float) and value.is_integer() else value
        for name, value in data.items()
    }


def parse_case(data: object, today: dt.date | None = None, *, checks: CaseChecks) -> Case:
    """Validate raw input into a Case, or raise CaseError naming every bad field; fields that contradict each
    other are refused by `checks`, the loaded knowledge base's (Engine.parse passes its own), and every
    message is in its words."""
    says = checks.says
    if not isinstance(data, dict):
        kind = says("a_list") if isinstance(data, list) else type(data).__name__
        raise CaseError([FieldError(field="(case)", message=says("not_an_object", kind=kind))])
    data = read_integers(data)  # first: every check below reads the numbers as the case means them
    today = today or dt.date.today()
    errors: list[FieldError] = []
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        case = None
        for error in exc.errors():
            name = ".".join(str(p) for p in error["loc"]) or "(case)"
            name = name if len(name) <= 60 else name[:57] + "..."  # an unknown 100 kB key is not echoed
            allowed = ALLOWED[name] if name in ALLOWED else says("fields", fields=says.says["list"].join(ALLOWED))
            errors.append(FieldError(field=name, message=checks.allowed(_message(error, checks), allowed)))
    seen = {e.field for e in errors}
    errors += [e for e in _cross_field_errors(data, today, checks) if e.field not in seen]
    if case is not None:
        errors += _contradictions(case, {e.field for e in errors}, checks)
    if errors or case is None:
        raise CaseError(errors)
    return case
