"""Clinical steps for time travel, the label's high-risk definition and the order of an answer.

Imported by tests/scenarios/test_clinical_features.py, whose parse types (clinic words to engine ids) these
steps share; the feature files say everything in a clinician's words.
"""

from __future__ import annotations

from typing import Any

import parse
from pytest_bdd import given, parsers, then

from engine import Answer, Recommendation


@parse.with_pattern(r"grade [123]|grade not given")
def _grade(text: str) -> int | None:
    return None if text.endswith("not given") else int(text.removeprefix("grade "))


@parse.with_pattern(r"aged \d+|age not given")
def _age(text: str) -> int | None:
    return None if text.endswith("not given") else int(text.removeprefix("aged "))


@parse.with_pattern(r"shows|does not show")
def _shows(text: str) -> bool:
    return text == "shows"


def time_steps(types: dict[str, Any]) -> dict[str, Any]:
    """The steps, built over the feature file's parse types (regimens, statuses, dates); called at the
    test module's top level, which pytest-bdd registers them in (stacklevel=2)."""
    extra = {**types, "Grade": _grade, "Age": _age, "Shows": _shows}

    def step(text: str) -> parsers.parse:
        return parsers.parse(text, extra_types=extra)

    def offered(answer: Answer, regimen: str) -> Recommendation:
        found = {r.regimen_id: r for r in answer.recommendations}
        assert regimen in found, f"{regimen} is not offered; the answer offers {sorted(found)}"
        return found[regimen]

    @given(
        step(
            "an adjuvant node-negative case after surgery first, hormone receptor {hr:Choice},"
            " tumor {size:f} cm, {grade:Grade}, {age:Age}"
        ),
        target_fixture="case_fields",
        stacklevel=2,
    )
    def adjuvant_node_negative_case(hr: str, size: float, grade: int | None, age: int | None) -> dict[str, Any]:
        case: dict[str, Any] = {
            "setting": "adjuvant",
            "her2_status": "positive",  # the feature's title says HER2-positive
            "hormone_receptor_status": hr,
            "tumor_size_cm": size,
            "node_status": "negative",
            "neoadjuvant_response": "none",
        }
        case.update({k: v for k, v in (("tumor_grade", grade), ("age_years", age)) if v is not None})
        return case

    @then(step('{regimen:Regimen} is shown as "{label}"'), stacklevel=2)
    def status_label_is(answer: Answer, regimen: str, label: str) -> None:
        rec = offered(answer, regimen)
        assert rec.status_label == label, rec.status_label
        assert rec.conditional == ("conditional on" in label)

    @then(step('{regimen:Regimen} {shows:Shows} the result "{endpoint}"'), stacklevel=2)
    def shows_result(answer: Answer, regimen: str, shows: bool, endpoint: str) -> None:
        endpoints = [f.endpoint for e in offered(answer, regimen).evidence for f in e.findings]
        assert (endpoint in endpoints) == shows, endpoints

    @then(step('the reasons for {regimen:Regimen} {shows:Shows} "{text}"'), stacklevel=2)
    def rationale_says(answer: Answer, regimen: str, shows: bool, text: str) -> None:
        rationale = offered(answer, regimen).rationale
        assert (text in rationale) == shows, rationale

    @then(step("{regimen:Regimen} names its trial {study} without results"), stacklevel=2)
    def names_trial_without_results(answer: Answer, regimen: str, study: str) -> None:
        records = [e for e in offered(answer, regimen).evidence if e.name.startswith(study)]
        assert records, f"{regimen} does not name {study}"
        assert not records[0].results_public
        assert (records[0].findings, records[0].arms, records[0].reported) == ([], [], "")

    @then(step('{regimen:Regimen} is ranked above {other:Regimen} by {study}, "{endpoint}"'), stacklevel=2)
    def ranked_above(answer: Answer, regimen: str, other: str, study: str, endpoint: str) -> None:
        order = [r.regimen_id for r in answer.recommendations]
        assert order.index(regimen) < order.index(other), order
        said = f"{study}, {endpoint[:1].lower()}{endpoint[1:]}"
        wins = [w.text for w in offered(answer, regimen).ordered_by if w.kind == "head_to_head" and other in w.regimens]
        assert any(said in w for w in wins), wins

    @then(step("the answer {flag} as past the evidence cut-off"), stacklevel=2)
    def flagged_past_cutoff(answer: Answer, flag: str) -> None:
        assert answer.past_cutoff == (flag == "is flagged")

    @then(step("{regimen:Regimen} does not cite {study}"), stacklevel=2)
    def does_not_cite(answer: Answer, regimen: str, study: str) -> None:
        names = [e.name for e in offered(answer, regimen).evidence]
        assert not [n for n in names if n == study or n.startswith(study + " (")], names

    steps = (adjuvant_node_negative_case, status_label_is, shows_result, rationale_says)
    steps += (names_trial_without_results, ranked_above, flagged_past_cutoff, does_not_cite)
    return {f.__name__: f for f in steps}
