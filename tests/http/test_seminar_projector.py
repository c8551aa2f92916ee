"""The projector holds no answer until the teacher reveals one: the page a projector (or a student who finds its
link) loads has the cases and their questions only; a reveal is a POST carrying the teacher token, checked by the
server, and adds that case's answer to the page, and only that one."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine import Engine
from teaching.glossary import visible_text
from web import create_app

CASES = ["first-line-dual-blockade", "tdm1-after-trastuzumab"]


@pytest.fixture
def api(engine: Engine, tmp_path: Path) -> FlaskClient:
    app: Flask = create_app({"TESTING": True, "ENGINE": engine, "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"})
    return app.test_client()


@pytest.fixture
def made(api: FlaskClient) -> dict[str, str]:
    response = api.post("/api/v1/seminars", json={"title": "Week 3", "case_ids": CASES})
    assert response.status_code == 201
    return {"code": response.json["code"], "token": response.json["teacher_token"]}


def answers(engine: Engine, case_id: str) -> list[str]:
    """The words only an answer holds: the case's model answers."""
    return [" ".join(q.answer.split()) for q in engine.kb.cases[case_id].questions]


def shown(page: str) -> str:
    """What a reader of the page sees, one space between words."""
    return " ".join(visible_text(page).split())


def test_the_unrevealed_projector_page_holds_no_answer(api: FlaskClient, made: dict[str, str], engine: Engine) -> None:
    page = api.get(f"/s/{made['code']}/present").get_data(as_text=True)
    for case_id in CASES:
        for answer in answers(engine, case_id):
            assert answer[:60] not in shown(page)
            assert answer[:20] not in page  # nor in an attribute or a script
    for words in ("The engine's answer", "Model answers", "FDA-approved", "Not offered"):
        assert words not in page
    assert page.count('class="reveal-form"') == len(CASES)
    assert made["token"] not in page


def test_a_reveal_with_the_teacher_token_adds_that_cases_answer_only(
    api: FlaskClient, made: dict[str, str], engine: Engine
) -> None:
    response = api.post(f"/s/{made['code']}/present", data={"reveal": "1", "token": made["token"]})
    assert response.status_code == 200
    page = shown(response.get_data(as_text=True))
    assert all(answer in page for answer in answers(engine, CASES[0]))
    assert not any(answer in page for answer in answers(engine, CASES[1]))
    assert "FDA-approved" in page
    both = api.post(f"/s/{made['code']}/present", data={"reveal": "2", "revealed": "1", "token": made["token"]})
    assert all(answer in shown(both.get_data(as_text=True)) for case in CASES for answer in answers(engine, case))


@pytest.mark.parametrize(("token", "status"), [("", 401), ("not-the-token", 403)])
def test_a_reveal_without_the_teachers_token_is_refused_and_shows_nothing(
    api: FlaskClient, made: dict[str, str], engine: Engine, token: str, status: int
) -> None:
    response = api.post(f"/s/{made['code']}/present", data={"reveal": "1", "token": token})
    assert response.status_code == status
    page = shown(response.get_data(as_text=True))
    assert "teacher token" in page
    assert not any(answer in page for answer in answers(engine, CASES[0]))


def test_a_reveal_of_a_case_the_seminar_lacks_names_the_field(api: FlaskClient, made: dict[str, str]) -> None:
    response = api.post(f"/s/{made['code']}/present", data={"reveal": "9", "token": made["token"]})
    assert response.status_code == 422
    assert "reveal" in response.get_data(as_text=True)
