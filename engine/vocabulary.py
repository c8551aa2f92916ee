"""The words rules may use: the variables a rule may test and the operators it may test them with.

This is the code half of the split (after venmo/business-rules): rules in `rules/` are data and
may only name what is declared here, so a rule that tests an unknown field, compares a number with
a string or uses an unknown operator fails at load time, never at request time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Status = Literal["approved", "supported", "investigational", "not_recommended"]
STATUSES: tuple[Status, ...] = ("approved", "supported", "investigational", "not_recommended")

REGIMEN_IDS: tuple[str, ...] = (
    "trastuzumab_chemotherapy",
    "pertuzumab_trastuzumab_chemotherapy",
    "trastuzumab_emtansine",
    "lapatinib_capecitabine",
    "lapatinib_letrozole",
    "lapatinib_trastuzumab",
    "lapatinib_trastuzumab_chemotherapy",
    "pertuzumab_trastuzumab",
    "lapatinib_chemotherapy",
    "trastuzumab_emtansine_pertuzumab",
    "trastuzumab_emtansine_lapatinib",
    "afatinib",
    "neratinib",
)

# Facts that rules derive from the case and that other rules may test (forward chaining).
DERIVED_FACTS: dict[str, str] = {
    "early_relapse_after_adjuvant_trastuzumab": (
        "metastatic relapse within 6 months of the last (neo)adjuvant trastuzumab dose"
    ),
    "trastuzumab_pretreated": (
        "already treated with trastuzumab for metastatic disease, or relapsed within 6 months of adjuvant trastuzumab"
    ),
    "neoadjuvant_pertuzumab_eligible": "neoadjuvant setting with a tumor > 2 cm or positive nodes",
}

# Numbers an arm of a study may carry (percentages, months, weeks); charts read these.
ARM_VALUE_KEYS: tuple[str, ...] = (
    "pcr_breast",
    "pcr_breast_axilla",
    "pcr_breast_hr_negative",
    "pcr_breast_hr_positive",
    "pcr_breast_axilla_hr_negative",
    "pcr_breast_axilla_hr_positive",
    "response_rate",
    "median_pfs_months",
    "median_pfs_weeks",
    "median_os_months",
    "median_ttp_months",
    "dfs_4y",
)

OPERATORS: dict[str, str] = {
    "equals": "is",
    "not_equals": "is not",
    "one_of": "is one of",
    "above": "is above",
    "at_least": "is at least",
    "below": "is below",
    "at_most": "is at most",
    "is_true": "is true",
    "is_false": "is false",
    "is_present": "is given",
    "is_absent": "is not given",
    "on_or_after": "is on or after",
    "before": "is before",
}

_NUMBER_OPS = ("above", "at_least", "below", "at_most", "is_present", "is_absent")
_CHOICE_OPS = ("equals", "not_equals", "one_of", "is_present", "is_absent")


@dataclass(frozen=True)
class FieldSpec:
    """What a case field holds and which operators may test it."""

    kind: Literal["choice", "number", "boolean", "date"]
    choices: tuple[str, ...] = ()

    @property
    def operators(self) -> tuple[str, ...]:
        if self.kind == "choice":
            return _CHOICE_OPS
        if self.kind == "number":
            return _NUMBER_OPS
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
                if item not in self.choices:
                    raise ValueError(f"{item!r} is not one of {', '.join(self.choices)}")
        elif self.kind == "number":
            # a string here would be compared as text by durable-rules ("10" < 5 is true)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{op} takes a number, not {value!r}")
        elif self.kind == "date":
            try:
                dt.date.fromisoformat(str(value))
            except ValueError:
                raise ValueError(f"{op} takes an ISO date (YYYY-MM-DD), not {value!r}") from None


CASE_FIELDS: dict[str, FieldSpec] = {
    "setting": FieldSpec("choice", ("metastatic", "neoadjuvant", "adjuvant")),
    "metastatic_line": FieldSpec("choice", ("first", "pretreated")),
    "her2_status": FieldSpec("choice", ("positive", "negative", "equivocal")),
    "hormone_receptor_status": FieldSpec("choice", ("positive", "negative", "unknown")),
    "prior_trastuzumab": FieldSpec("boolean"),
    "months_since_trastuzumab": FieldSpec("number"),
    "tumor_size_cm": FieldSpec("number"),
    "node_status": FieldSpec("choice", ("positive", "negative", "unknown")),
    "menopausal_status": FieldSpec("choice", ("premenopausal", "postmenopausal", "unknown")),
    "as_of": FieldSpec("date"),
}
