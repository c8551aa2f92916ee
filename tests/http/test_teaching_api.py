"""The teaching JSON API (web/teaching_api.py): cases, learner scoring, what-if, timeline, evidence."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from engine import Engine
from teaching.learner import learner_items
from teaching.whatif import what_if

CASE = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
}


def _json(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert "Educational use only" in body["disclaimer"]
    return body


def test_the_case_list_has_every_library_case(client: FlaskClient, engine: Engine) -> None:
    body = _json(client.get("/api/v1/cases"))
    assert len(body["cases"]) == len(engine.kb.cases) >= 12
    first = body["cases"][0]
    assert set(first) >= {"id", "title", "vignette", "case", "learning_points", "questions", "expect", "links"}
    assert first["links"]["page"] == f"/cases/{first['id']}"


def test_each_listed_case_has_a_student_title_beside_its_teaching_title(client: FlaskClient, engine: Engine) -> None:
    """The teaching title may name the answer; the student title names the case's number and setting only."""
    cases = _json(client.get("/api/v1/cases"))["cases"]
    teaching_titles = {c.title for c in engine.kb.cases.values()}
    for number, case in enumerate(cases, start=1):
        assert case["title"] == engine.kb.cases[case["id"]].title
        assert case["student_title"].startswith(f"Case {number}: ")
        assert not any(title in case["student_title"] for title in teaching_titles)
    detail = _json(client.get(f"/api/v1/cases/{cases[1]['id']}"))
    assert detail["case"]["student_title"] == cases[1]["student_title"]


def test_a_case_gives_each_question_with_its_model_answer(client: FlaskClient, engine: Engine) -> None:
    """The case JSON pairs every question with its model answer, as the library holds them."""
    body = _json(client.get("/api/v1/cases/altto-adjuvant-lapatinib"))
    expected = [{"text": q.text, "answer": q.answer} for q in engine.kb.cases["altto-adjuvant-lapatinib"].questions]
    assert body["case"]["questions"] == expected


def test_a_case_detail_carries_its_check_and_walkthrough(client: FlaskClient) -> None:
    body = _json(client.get("/api/v1/cases/early-relapse-after-adjuvant"))
    assert body["check"]["passed"] is True
    assert "trastuzumab_pretreated" in [d["fact"] for d in body["walkthrough"]["derived"]]
    assert body["walkthrough"]["answer"]["recommendations"]
    missing = _json(client.get("/api/v1/cases/nope"), status=404)
    assert "nope" in missing["message"]


def test_scoring_a_library_case(client: FlaskClient, engine: Engine) -> None:
    choices = {"pertuzumab_trastuzumab_chemotherapy": "approved", "trastuzumab_emtansine": "approved"}
    body = _json(client.post("/api/v1/learner/score", json={"case_id": "first-line-dual-blockade", "choices": choices}))
    items = {i["regimen_id"]: i for i in body["score"]["items"]}
    case = engine.kb.cases["first-line-dual-blockade"]
    assert list(items) == learner_items(engine, engine.evaluate(case.case), case)  # what bears on it, not all 19
    assert items["pertuzumab_trastuzumab_chemotherapy"]["verdict"] == "correct"
    assert items["trastuzumab_emtansine"]["verdict"] == "wrong_status"
    assert items["trastuzumab_emtansine"]["engine"] == "investigational"
    assert body["case_id"] == "first-line-dual-blockade"


def test_scoring_any_case(client: FlaskClient) -> None:
    body = _json(client.post("/api/v1/learner/score", json={"case": CASE, "choices": {}}))
    assert body["score"]["correct"] < body["score"]["total"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"choices": {}}, "case"),
        ({"case": CASE, "case_id": "first-line-dual-blockade", "choices": {}}, "case"),
        ({"case": CASE}, "choices"),
        ({"case": CASE, "choices": {}, "extra": 1}, "extra"),
        ({"case_id": "nope", "choices": {}}, "case_id"),
        ({"case": {"setting": "metastatic"}, "choices": {}}, "hormone_receptor_status"),
        ({"case": CASE, "choices": {"afatinib": "yes"}}, "choices.afatinib"),
    ],
)
def test_bad_scoring_requests_name_the_field(client: FlaskClient, payload: dict[str, Any], field: str) -> None:
    body = _json(client.post("/api/v1/learner/score", json=payload), status=422)
    assert field in {e["field"] for e in body["errors"]}


def test_what_if_over_the_api(client: FlaskClient, engine: Engine) -> None:
    """The API answers teaching.whatif's own result for the case (its flips are tested there); a bad case is a 422."""
    case = {**CASE, "prior_trastuzumab": True, "months_since_trastuzumab": 3}
    body = _json(client.post("/api/v1/what-if", json=case))
    assert body["flips"]
    assert body == what_if(engine, case).model_dump(mode="json")
    errors = _json(client.post("/api/v1/what-if", json={"setting": "adjuvant"}), status=422)["errors"]
    assert {e["field"] for e in errors} >= {"tumor_size_cm", "node_status"}


def test_timeline_over_the_api(client: FlaskClient, engine: Engine) -> None:
    plain = _json(client.get("/api/v1/timeline"))
    assert len(plain["approvals"]) == len(engine.kb.approvals)
    assert plain["timeline"] is None
    body = _json(client.post("/api/v1/timeline", json=CASE))
    points = body["timeline"]["points"]
    assert points[0]["options"] == {}
    assert points[-1]["date"] == engine.kb.info.evidence_cutoff.isoformat()
    assert _json(client.post("/api/v1/timeline", json=[1]), status=422)["errors"]


def test_evidence_numbers_over_the_api(client: FlaskClient) -> None:
    body = _json(client.get("/api/v1/evidence"))
    assert body["pcr"]
    assert body["hr_gap"]
    assert body["hazard_ratios"]
    assert body["charts"] == {n: f"/evidence/{n}.svg" for n in ("pcr", "hr-gap", "hazard-ratios")}
    assert body["sources"]["pcr"]
