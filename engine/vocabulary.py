"""The words rules may use: the case fields (engine/case_fields.py), derived facts, statuses,
and the operators a rule may test them with. The regimens and the evidence cut-off are the loaded knowledge
base's (KnowledgeBase.regimen_ids, .evidence_cutoff).

This is the code half of the split (after venmo/business-rules): rules in `rules/` are data and
may only name what is declared here, so a rule that tests an unknown field, compares a number with
a string or uses an unknown operator fails at load time, never at request time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

from pydantic import AfterValidator

from engine.case_fields import CASE_FIELDS, as_entered

__all__ = [
    "CASE_FIELDS",
    "DERIVED_FACTS",
    "OPERATORS",
    "STATUSES",
    "STATUS_WORDS",
    "Status",
    "known_keys",
    "say",
]

Status = Literal["approved", "supported", "investigational", "not_recommended"]
STATUSES: tuple[Status, ...] = ("approved", "supported", "investigational", "not_recommended")


@dataclass(frozen=True)
class StatusWords:
    """A status for people: its title on pages and cards, its short label, and what it means."""

    title: str
    short: str
    meaning: str


STATUS_WORDS: dict[Status, StatusWords] = {
    "approved": StatusWords(
        "FDA-approved", "Approved", "A US FDA-approved indication that fits this case on the as-of date."
    ),
    "supported": StatusWords(
        "Supported by randomized evidence",
        "Supported",
        "Randomized evidence in the review supports it here, but it is not an FDA-approved indication.",
    ),
    "investigational": StatusWords(
        "Investigational", "Investigational", "Trial-only: ongoing trials, phase I/II or preclinical data."
    ),
    "not_recommended": StatusWords(
        "Not recommended",
        "Not recommended",
        "Evidence against it for this case: a negative trial or an inferior arm.",
    ),
}

# Facts that rules derive from the case and that other rules may test (forward chaining).
DERIVED_FACTS: dict[str, str] = {
    "early_relapse_after_adjuvant_trastuzumab": (
        "metastatic relapse within 6 months of the last (neo)adjuvant trastuzumab dose"
    ),
    "trastuzumab_pretreated": (
        "already treated with trastuzumab for metastatic disease, or relapsed within 6 months of adjuvant trastuzumab"
    ),
    "neoadjuvant_pertuzumab_eligible": "neoadjuvant setting with a tumor > 2 cm or positive nodes",
    "adjuvant_node_negative_high_risk": (
        "node-negative adjuvant disease inside the trastuzumab label's high-risk definition: ER/PR-negative, or"
        " a tumor > 2 cm, grade 2 or 3, or age < 35"
    ),
    "adjuvant_node_negative_low_risk": (
        "node-negative adjuvant disease known to be outside that definition: ER/PR-positive, tumor <= 2 cm,"
        " grade 1 and age 35 or more"
    ),
    "metastatic_her2_pretreated_1": (
        "one or more anti-HER2 regimens for metastatic disease, or relapse within 6 months of (neo)adjuvant trastuzumab"
    ),
    "metastatic_her2_pretreated_2": "two or more anti-HER2 regimens for metastatic disease",
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
    "idfs_2y",
    "idfs_3y",
    "idfs_7y",
    "os_7y",
    "pfs_12m",
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


KeyedT = TypeVar("KeyedT", bound=Mapping[str, object])


def known_keys(allowed: tuple[str, ...], what: str) -> AfterValidator:
    """A field's validator (with Annotated) refusing keys outside a vocabulary: the error lists the unknown
    ones and every allowed one."""

    def check(value: KeyedT) -> KeyedT:
        unknown = sorted(set(value) - set(allowed))
        if unknown:  # each named, shortened: a 100 kB key must not come back whole
            shown = ", ".join(repr(k if len(k) <= 40 else k[:37] + "...") for k in unknown[:5])
            more = f" and {len(unknown) - 5:,} more" if len(unknown) > 5 else ""
            raise ValueError(f"unknown {what} [{shown}]{more}; allowed: {', '.join(allowed)}")
        return value

    return AfterValidator(check)


def say(fact: str, op: str, value: object = None) -> str:
    """A test in plain words for pages, e.g. "tumor size is above 2 cm" (engine words stay in JSON)."""
    if fact in DERIVED_FACTS:
        return DERIVED_FACTS[fact] if op == "is_true" else f"not: {DERIVED_FACTS[fact]}"
    field = CASE_FIELDS[fact]
    if field.kind == "boolean":
        return field.words if op == "is_true" else f"no {field.words}"
    if value is None:
        return f"{field.words} {OPERATORS[op]}"
    items = value if isinstance(value, list) else [value]
    shown = " or ".join(
        field.label_of(v).lower() if field.choices else as_entered(v) if isinstance(v, float) else str(v) for v in items
    )
    unit = f" {field.unit}" if field.unit else ""
    return f"{field.words} {OPERATORS[op]} {shown}{unit}"
