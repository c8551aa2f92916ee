"""engine/semantics.py: one meaning for each kind of condition and each operator, read by Python and durable-rules."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.knowledge import Condition
from engine.semantics import COMPARISONS, durable_test, holds, number, threshold_place
from engine.vocabulary import OPERATORS

APPROVAL = dt.date(2012, 6, 8)


@pytest.mark.parametrize(
    ("fact", "op", "value", "kind"),
    [
        ("tumor_size_cm", "above", 2.0, "field"),
        ("setting", "equals", "metastatic", "field"),
        ("as_of", "on_or_after", "2012-06-08", "date"),
        ("trastuzumab_pretreated", "is_true", None, "derived"),
    ],
)
def test_a_condition_knows_its_kind(fact: str, op: str, value: object, kind: str) -> None:
    assert Condition(fact=fact, op=op, value=value).kind == kind


def test_every_operator_of_the_vocabulary_has_its_meaning_here() -> None:
    """An operator added to the vocabulary without a meaning would be read differently by the two readings."""
    tests = {"equals", "not_equals", "one_of", "is_true", "is_false", "is_present", "is_absent"}
    assert set(OPERATORS) == tests | set(COMPARISONS)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(APPROVAL - dt.timedelta(days=1), False), (APPROVAL, True)],
    ids=["the day before", "the day of"],
)
def test_a_date_compares_as_a_day_in_both_readings(day: dt.date, expected: bool) -> None:
    cond = Condition(fact="as_of", op="on_or_after", value=APPROVAL.isoformat())
    assert holds(cond, {"as_of": day.toordinal()}, set()) is expected
    assert durable_test(cond) == {"$gte": {"as_of": APPROVAL.toordinal()}}
    assert number(cond) == APPROVAL.toordinal()


@pytest.mark.parametrize(
    ("op", "size", "expected", "durable"),
    [
        ("above", 2.0, False, "$gt"),
        ("above", 2.01, True, "$gt"),
        ("at_most", 2.0, True, "$lte"),
        ("at_most", 2.01, False, "$lte"),
    ],
)
def test_a_threshold_reads_the_same_in_both(op: str, size: float, expected: bool, durable: str) -> None:
    cond = Condition(fact="tumor_size_cm", op=op, value=2.0)
    assert holds(cond, {"tumor_size_cm": size}, set()) is expected
    assert durable_test(cond) == {durable: {"tumor_size_cm": 2.0}}


@pytest.mark.parametrize(
    ("op", "value"),
    [("equals", "metastatic"), ("not_equals", "metastatic"), ("one_of", ["metastatic", "adjuvant"])],
)
def test_a_field_the_case_does_not_give_fails_every_test(op: str, value: object) -> None:
    assert not holds(Condition(fact="setting", op=op, value=value), {}, set())


def test_a_field_the_case_does_not_give_passes_is_absent_only() -> None:
    absent = Condition(fact="months_since_trastuzumab", op="is_absent")
    present = Condition(fact="months_since_trastuzumab", op="is_present")
    assert holds(absent, {}, set())
    assert not holds(present, {}, set())
    assert durable_test(absent) == {"$nex": {"months_since_trastuzumab": 1}}


def test_a_derived_fact_is_true_when_its_derivation_fired() -> None:
    cond = Condition(fact="trastuzumab_pretreated", op="is_false")
    assert holds(cond, {}, set())
    assert not holds(cond, {}, {"trastuzumab_pretreated"})


def test_durable_rules_reads_a_derived_fact_as_a_fact_of_its_own_not_a_field() -> None:
    with pytest.raises(ValueError, match="derived fact"):
        durable_test(Condition(fact="trastuzumab_pretreated", op="is_true"))


def test_a_number_s_place_among_thresholds_tells_what_any_comparison_with_them_can() -> None:
    """Below the first threshold, on it, between two, on the last and above it: five places for two thresholds;
    two numbers between the same two share one."""
    cuts = (0.5, 2.0)
    assert [threshold_place(cuts, x) for x in (0.1, 0.5, 1.0, 1.9, 2.0, 2.1)] == [0, 1, 2, 2, 3, 4]
