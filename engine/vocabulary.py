"""The words rules may use: the case fields (engine/case_fields.py), statuses, and the operators a rule may test
them with. The derived facts, and the clinical words people read (the fields' and the statuses'), are the
knowledge base's (rules/case-words.toml, each derived fact's [[derived_fact]] declaration; engine/phrasing.py), as
are the regimens and the evidence cut-off (KnowledgeBase.regimen_ids, .evidence_cutoff).

This is the code half of the split (after venmo/business-rules): rules in `rules/` are data and
may only name what is declared here, so a rule that tests an unknown field, compares a number with
a string or uses an unknown operator fails at load time, never at request time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeVar

from pydantic import AfterValidator

from engine.case_fields import CASE_FIELDS

__all__ = [
    "CASE_FIELDS",
    "NOT_OFFERED",
    "OPERATORS",
    "ORDER_CLASSES",
    "STATUSES",
    "STATUS_CHOICES",
    "UNSURE",
    "Status",
    "known_keys",
]

Status = Literal["approved", "supported", "investigational", "not_recommended"]
STATUSES: tuple[Status, ...] = ("approved", "supported", "investigational", "not_recommended")


# Beside the statuses, what a learner may choose for a regimen: one the answer leaves out, and "I don't know".
NOT_OFFERED = "not_offered"
UNSURE = "unsure"
STATUS_CHOICES: tuple[str, ...] = (*STATUSES, NOT_OFFERED, UNSURE)
# Where an option goes when nothing else orders it (engine/order_graph.py status_class is an index into this): the
# words for why it comes after the classes before it are the knowledge base's ([order.after]).
ORDER_CLASSES: tuple[str, ...] = ("approved", "approved_in_part", "supported", "investigational", "not_recommended")

# Numbers an arm of a study may carry (percentages, months, weeks); charts read these, and pages say them in the
# knowledge base's words ([arm_value] in rules/case-words.toml).
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
