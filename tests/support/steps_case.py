"""Clinical steps that build a case as a student would enter it, and have the engine evaluate or check it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from clinic_words import field_name, step
from packaged import parse_packaged
from pytest_bdd import given, when

from engine import Answer, CaseError, Engine

# ---- cases ----


# The features are about HER2-positive disease (each says so in its title): a case is HER2-positive unless a
# step says otherwise ("the HER2 result is ..."); prior trastuzumab is stated by the steps that name it.
POSITIVE = {"her2_status": "positive"}


def _metastatic(line: str, hr: str, **more: Any) -> dict[str, Any]:
    return {
        "setting": "metastatic",
        "her2_status": "positive",
        "metastatic_line": line,
        **POSITIVE,
        "hormone_receptor_status": hr,
        **more,
    }


# Each Given builds the raw case (a dict of the domain's fields), as a student would enter it.


@given(step("a metastatic case, first line, hormone receptor {hr:Choice}"), target_fixture="case_fields")
def metastatic_first_line_case(hr: str) -> dict[str, Any]:
    return _metastatic("first", hr)


@given(
    step("a metastatic case, first line, no prior trastuzumab, hormone receptor {hr:Choice}"),
    target_fixture="case_fields",
)
def metastatic_first_line_naive_case(hr: str) -> dict[str, Any]:
    return _metastatic("first", hr, prior_trastuzumab=False)


@given(
    step("a metastatic case, first line, no prior trastuzumab, hormone receptor {hr:Choice}, {menopause:Menopause}"),
    target_fixture="case_fields",
)
def metastatic_first_line_case_with_menopause(hr: str, menopause: str) -> dict[str, Any]:
    return {**metastatic_first_line_naive_case(hr), "menopausal_status": menopause}


@given(
    step("a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor {hr:Choice}"),
    target_fixture="case_fields",
)
def metastatic_case_pretreated_with_trastuzumab(hr: str) -> dict[str, Any]:
    return _metastatic("pretreated", hr, prior_trastuzumab=True)


@given(
    step("a metastatic case, pretreated for metastatic disease without trastuzumab, hormone receptor {hr:Choice}"),
    target_fixture="case_fields",
)
def metastatic_case_pretreated_without_trastuzumab(hr: str) -> dict[str, Any]:
    return _metastatic("pretreated", hr, prior_trastuzumab=False)


@given(
    step("a first-line metastatic relapse {months:d} months after adjuvant trastuzumab, hormone receptor {hr:Choice}"),
    target_fixture="case_fields",
)
def relapse_after_adjuvant_trastuzumab(months: int, hr: str) -> dict[str, Any]:
    return _metastatic("first", hr, prior_trastuzumab=True, months_since_trastuzumab=months)


@given(
    step(
        "a first-line metastatic relapse after adjuvant trastuzumab, months since the last dose not recorded,"
        " hormone receptor {hr:Choice}"
    ),
    target_fixture="case_fields",
)
def relapse_after_adjuvant_trastuzumab_timing_unknown(hr: str) -> dict[str, Any]:
    return _metastatic("first", hr, prior_trastuzumab=True)


@given(
    step("a neoadjuvant case, hormone receptor {hr:Choice}, tumor {size:f} cm, nodes {nodes:Choice}"),
    target_fixture="case_fields",
)
def neoadjuvant_case(hr: str, size: float, nodes: str) -> dict[str, Any]:
    return {"setting": "neoadjuvant", **POSITIVE, "hormone_receptor_status": hr, "tumor_size_cm": size,
            "node_status": nodes}  # fmt: skip


@given(
    step("an adjuvant case after surgery first, hormone receptor {hr:Choice}, tumor {size:f} cm, nodes {nodes:Choice}"),
    target_fixture="case_fields",
)
def adjuvant_case(hr: str, size: float, nodes: str) -> dict[str, Any]:
    return {"setting": "adjuvant", **POSITIVE, "hormone_receptor_status": hr, "tumor_size_cm": size,
            "node_status": nodes, "neoadjuvant_response": "none"}  # fmt: skip


@given(step("the HER2 result is {her2:HER2}"), target_fixture="case_fields")
def with_her2_result(case_fields: dict[str, Any], her2: str) -> dict[str, Any]:
    return {**case_fields, "her2_status": her2}


@given(step("{field:Field} is given as {value}"), target_fixture="case_fields")
def with_field_given_as(case_fields: dict[str, Any], field: str, value: str) -> dict[str, Any]:
    return {**case_fields, field: json.loads(value)}  # the value exactly as JSON would carry it


@given(step("{field:Field} is left out"), target_fixture="case_fields")
def with_field_left_out(case_fields: dict[str, Any], field: str) -> dict[str, Any]:
    assert field in case_fields, f"the case has no {field} to leave out"
    return {k: v for k, v in case_fields.items() if k != field}


@given(
    step("an adjuvant case with residual invasive disease after neoadjuvant therapy, hormone receptor {hr:Choice}"),
    target_fixture="case_fields",
)
def residual_disease_case(hr: str) -> dict[str, Any]:
    return {
        "setting": "adjuvant",
        **POSITIVE,
        "prior_trastuzumab": True,
        "hormone_receptor_status": hr,
        "tumor_size_cm": 3.0,
        "node_status": "positive",
        "neoadjuvant_response": "residual",
    }


@given(
    step("a metastatic case after {count:d} anti-HER2 regimens for metastatic disease, hormone receptor {hr:Choice}"),
    target_fixture="case_fields",
)
@given(
    step("a metastatic case after {count:d} anti-HER2 regimen for metastatic disease, hormone receptor {hr:Choice}"),
    target_fixture="case_fields",
)
def metastatic_case_after_regimens(count: int, hr: str) -> dict[str, Any]:
    return {
        "setting": "metastatic",
        **POSITIVE,
        "metastatic_line": "pretreated",
        "prior_trastuzumab": True,
        "prior_metastatic_her2_regimens": count,
        "hormone_receptor_status": hr,
    }


@given("the case has brain metastases", target_fixture="case_fields")
def with_brain_metastases(case_fields: dict[str, Any]) -> dict[str, Any]:
    return {**case_fields, "brain_metastases": True}


@given("the case is dated today", target_fixture="case_fields")
def with_as_of_today(case_fields: dict[str, Any]) -> dict[str, Any]:
    return {**case_fields, "as_of": dt.date.today().isoformat()}


@given("a case with the fields", target_fixture="case_fields")
def case_from_a_table(datatable: list[list[str]]) -> dict[str, Any]:
    header, *rows = datatable
    assert header == ["field", "value"], header
    return {field_name(field): json.loads(value) for field, value in rows}


# ---- evaluating ----


@when("the engine evaluates the case", target_fixture="answer")
def engine_evaluates(engine: Engine, case_fields: dict[str, Any]) -> Answer:
    return engine.evaluate(case_fields)


@when("the engine evaluates the case as the review saw it", target_fixture="answer")
def engine_evaluates_as_the_review_saw_it(engine: Engine, case_fields: dict[str, Any]) -> Answer:
    return engine.evaluate({**case_fields, "as_of": engine.kb.info.review_published.isoformat()})


@when("the engine evaluates the case as of the cut-off", target_fixture="answer")
def engine_evaluates_at_the_cutoff(engine: Engine, case_fields: dict[str, Any]) -> Answer:
    """The knowledge base's evidence cut-off: the last day its sources were searched (never "today")."""
    return engine.evaluate({**case_fields, "as_of": engine.kb.info.evidence_cutoff.isoformat()})


@when(step("the engine evaluates the case as of {day:Date}"), target_fixture="answer")
def engine_evaluates_as_of(engine: Engine, case_fields: dict[str, Any], day: str) -> Answer:
    return engine.evaluate({**case_fields, "as_of": day})


@when(step("the engine evaluates the case as of {day:Date}, today being {today:Date}"), target_fixture="answer")
def engine_evaluates_as_of_on(engine: Engine, case_fields: dict[str, Any], day: str, today: str) -> Answer:
    """A date after the cut-off can be given only once the calendar reaches it: the test sets the calendar."""
    return engine.evaluate(parse_packaged({**case_fields, "as_of": day}, today=dt.date.fromisoformat(today)))


@when("the case is checked", target_fixture="checked")
def engine_checks_the_case(engine: Engine, case_fields: dict[str, Any]) -> Answer | CaseError:
    try:
        return engine.evaluate(case_fields)
    except CaseError as error:
        return error


@given(step("an extended adjuvant case, hormone receptor {hr:Choice}"), target_fixture="case_fields")
def extended_adjuvant_case(hr: str) -> dict[str, Any]:
    return {"setting": "extended_adjuvant", **POSITIVE, "hormone_receptor_status": hr, "prior_trastuzumab": True}
