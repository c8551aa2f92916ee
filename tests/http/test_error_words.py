"""An error's words and a batch's refusal are the knowledge base's ([http_error] and [batch] in
rules/case-words.toml): an app over a reworded copy answers a 404, a 405, a 422 case, a 408 body, a 500, a batch it
cannot read and the server's own errors before the app in the new words, while the packaged app, in the same process,
keeps its own."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rules_copy import loaded

from engine import Engine
from web import create_app
from web.bounds import bounds_of
from web.slots import BodyTooLarge
from web.worker import HeaderTimeout, _status, error_bytes, error_words

REWORDED = (
    ('"Nothing here: {path} is not a page', '"No such page: {path} is not a page'),
    ('"{method} is not allowed on {path}; ', '"{method} is refused on {path}; '),
    ('"The case cannot be evaluated: {count}, each', '"This case cannot be answered: {count}, each'),
    ('problems = "{n} problems"', 'problems = "{n} faults"'),
    ('stalled = "The request body stopped arriving', 'stalled = "The body stopped arriving'),
    ('"Something went wrong on the server while', '"The server failed while'),
    ('"is not a batch field; allowed: {allowed}"', '"is not part of a batch; allowed: {allowed}"'),
    ('"The batch cannot be read: {problems}"', '"This batch cannot be read: {problems}"'),
    (
        "\"The request's headers did not arrive within {seconds} seconds;",
        '"The headers took more than {seconds} seconds;',
    ),
    ('"The request body is larger than the limit of {limit} bytes', '"The body is over the limit of {limit} bytes'),
)


class _Stalled(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise TimeoutError("timed out")


def _messages(client: FlaskClient) -> list[str]:
    stalled = {"wsgi.input": _Stalled(), "CONTENT_LENGTH": "100"}
    answers = [
        client.get("/api/v1/nope"),
        client.delete("/api/v1/recommendations"),
        client.post("/api/v1/recommendations", json={"setting": "palliative", "her2_status": "zz"}),
        client.post("/api/v1/recommendations", content_type="application/json", environ_overrides=stalled),
        client.post("/api/v1/recommendations/batch", json={"cases": [], "x": 1}),
    ]
    return [a.json["message"] for a in answers]  # type: ignore[index]


def test_reworded_error_words_reach_the_answers(tmp_path: Path, client: FlaskClient, engine: Engine) -> None:
    other = loaded(tmp_path, *REWORDED)
    app = create_app({"TESTING": True, "ENGINE": other, "DATABASE_URL": f"sqlite:///{tmp_path / 'e.sqlite3'}"})
    said = _messages(app.test_client())
    assert said[0] == "No such page: /api/v1/nope is not a page or an endpoint of her2-cds (see /api for the API)."
    assert said[1].startswith("DELETE is refused on /api/v1/recommendations; allowed: ")
    assert said[2] == "This case cannot be answered: 3 faults, each named with its field."
    assert said[3].startswith("The body stopped arriving")
    assert said[4] == "This batch cannot be read: x is not part of a batch; allowed: cases"
    assert b"The server failed while" in error_bytes(app, 500, "", "/api/v1/x")
    kept = _messages(client)
    assert kept[0].startswith("Nothing here: ")
    assert kept[2] == "The case cannot be evaluated: 3 problems, each named with its field."
    assert kept[4] == "The batch cannot be read: x is not a batch field; allowed: cases"


def test_a_server_error_in_reworded_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = loaded(tmp_path, *REWORDED)
    monkeypatch.setattr(other, "answer_json_for", lambda *_: 1 / 0)
    app = create_app({"TESTING": True, "ENGINE": other, "DATABASE_URL": f"sqlite:///{tmp_path / 'e.sqlite3'}"})
    case = {"setting": "metastatic", "metastatic_line": "first", "her2_status": "positive"}
    answer = app.test_client().post("/api/v1/recommendations", json={**case, "hormone_receptor_status": "negative"})
    assert answer.status_code == 500
    assert answer.json["message"].startswith("The server failed while answering this request.")  # type: ignore[index]


def test_the_servers_own_errors_in_reworded_words(tmp_path: Path, app: Flask) -> None:
    """The worker's errors before the app (web/worker.py _status) are the app's knowledge base's words."""
    other = create_app({"TESTING": True, "ENGINE": loaded(tmp_path, *REWORDED)})
    for served, said in ((other, 0), (app, 1)):
        bounds, words = bounds_of(served), error_words(served)
        late = _status(HeaderTimeout(), None, bounds, words)[1]
        assert late.startswith(("The headers took more than ", "The request's headers did not arrive within ")[said])
        large = _status(BodyTooLarge(2**20), None, bounds, words)[1]
        assert large.startswith(("The body is over the limit of 1,048,576 bytes", "The request body is larger")[said])


def test_a_json_body_refused_in_reworded_words(tmp_path: Path) -> None:
    """A body that cannot be read is refused in the app's words ([json_body]), on a route that parses it off the
    request's thread (the patient-view hook) as on the others, and the count of problems not listed too."""
    other = loaded(
        tmp_path,
        ('empty = "The body is empty; send a JSON object."', 'empty = "Nothing was sent; send a JSON object."'),
        ('"the key {key} appears twice in one object;', '"{key} is given twice in one object;'),
        ('"The body must be JSON sent with Content-Type:', '"Send JSON with Content-Type:'),
        ('"{count} more problems, not listed;', '"and {count} more, not listed;'),
    )
    client = create_app({"TESTING": True, "ENGINE": other}).test_client()
    hook, api = "/cds-services/her2-patient-view", "/api/v1/recommendations"
    empty = json.loads(client.post(hook, data=b"", content_type="application/json").data)
    assert empty["message"] == "Nothing was sent; send a JSON object."
    twice = json.loads(client.post(api, data=b'{"a": 1, "a": 2}', content_type="application/json").data)
    assert (
        twice["message"] == "The body is not acceptable JSON: 'a' is given twice in one object; give each field once."
    )
    plain = json.loads(client.post(api, data=b"{}", content_type="text/plain").data)
    assert plain["message"] == "Send JSON with Content-Type: application/json, not text/plain."
    many = json.loads(client.post(api, json={f"x{i}": 1 for i in range(150)}).data)
    assert many["errors"][-1]["message"].startswith("and ")


def test_the_teaching_and_cds_refusals_in_reworded_words(tmp_path: Path) -> None:
    """No such library case, chart or CDS service, and a chart's bad date or cited study, in the app's words."""
    other = loaded(
        tmp_path,
        ('"There is no teaching case {case}; the library is at /cases."', '"No library case {case}: see /cases."'),
        ('"There is no chart {name}; the charts are: {charts}."', '"No chart {name} (charts: {charts})."'),
        ('"{text} is not a date; allowed: {allowed}"', '"{text} is no date; allowed: {allowed}"'),
        ('"{ids}: not a study id; allowed:', '"{ids}: no study of the knowledge base; allowed:'),
        ('"There is no CDS service {service};', '"No CDS service {service};'),
    )
    client = create_app({"TESTING": True, "ENGINE": other}).test_client()

    def said(path: str, post: bool = False) -> Any:
        answer = client.post(path, json={}) if post else client.get(path, headers={"Accept": "application/json"})
        return json.loads(answer.data)

    assert said("/cases/nope")["message"] == "No library case 'nope': see /cases."
    assert said("/evidence/nope.svg")["message"] == "No chart 'nope' (charts: pcr, hr-gap, hazard-ratios)."
    assert said("/evidence/pcr.svg?as_of=zz")["errors"][0]["message"].startswith("'zz' is no date; allowed: ")
    assert said("/evidence/pcr.svg?cite=zz")["errors"][0]["message"].startswith("'zz': no study of the knowledge base")
    assert said("/cds-services/nope", post=True)["message"].startswith("No CDS service 'nope';")


def test_seminar_score_and_export_refusals_in_reworded_words(tmp_path: Path) -> None:
    """A seminar's, a learner score's and an export's refusals are the app's words."""
    other = loaded(
        tmp_path,
        ('"There is no seminar with this code; check it', '"No seminar has this code; check it'),
        ('"is not a field; allowed: {allowed}"', '"is not one of the fields: {allowed}"'),
        ('"{format} is not a format; allowed: {allowed}"', '"{format} is no export format; allowed: {allowed}"'),
        ('"The export cannot be made: each problem', '"No export: each problem'),
    )
    client = create_app({"TESTING": True, "ENGINE": other}).test_client()
    seminar = json.loads(client.post("/api/v1/seminars/ABCDEFGH/responses", json={}).data)
    assert seminar["message"] == "No seminar has this code; check it with your teacher."
    score = json.loads(client.post("/api/v1/learner/score", json={"x": 1}).data)
    assert score["errors"][0]["message"] == "is not one of the fields: case, case_id, choices"
    export = json.loads(client.get("/api/v1/cases/export?format=pdf").data)
    assert export["message"] == "No export: each problem is named with its field."
    assert export["errors"][0]["message"] == "'pdf' is no export format; allowed: moodle-xml, qti"


def test_fhir_refusals_in_reworded_words(tmp_path: Path) -> None:
    """A FHIR record's day that cannot be read, FHIR input that cannot be, and a patient-view request with no
    prefetch are refused in the app's words."""
    other = loaded(
        tmp_path,
        ('"The date to read the record on cannot be read."', '"No day to read the record on."'),
        ('"The FHIR input cannot be read: {count}, each named."', '"Unreadable FHIR: {count}, each named."'),
        ('"The request holds no prefetch for {keys} and names', '"No prefetch for {keys}, and it names'),
    )
    client = create_app({"TESTING": True, "ENGINE": other}).test_client()
    fhir = "/api/v1/fhir/case"
    day = json.loads(client.post(fhir, query_string={"as_of": "zz"}, json={"resourceType": "Bundle"}).data)
    assert day["message"] == "No day to read the record on."
    unread = json.loads(client.post(fhir, json={"resourceType": "Patient"}).data)
    assert unread["message"] == "Unreadable FHIR: 1 problem, each named."
    hook = {"hook": "patient-view", "hookInstance": "x", "context": {"userId": "Practitioner/1", "patientId": "p1"}}
    absent = client.post("/cds-services/her2-patient-view", json=hook)
    assert absent.status_code == 412
    assert json.loads(absent.data)["message"].startswith("No prefetch for patient, conditions,")


def test_a_seminar_case_given_twice_and_a_bad_day_in_reworded_words(tmp_path: Path, engine: Engine) -> None:
    """A seminar's case given twice, and the open questions' as_of that is no day, are refused in the app's words."""
    other = loaded(
        tmp_path,
        ('"{case} is given twice; give each case once"', '"{case} appears twice; give each case once"'),
        ('not_a_day = "{text} is not allowed; allowed:', 'not_a_day = "{text} is no day; allowed:'),
    )
    client = create_app({"TESTING": True, "ENGINE": other}).test_client()
    case = next(iter(engine.kb.cases))
    twice = json.loads(client.post("/api/v1/seminars", json={"title": "T", "case_ids": [case, case]}).data)
    assert twice["errors"][0]["message"] == f"{case!r} appears twice; give each case once"
    day = json.loads(client.get("/api/v1/open-questions", query_string={"as_of": "zz"}).data)
    assert day["errors"][0]["message"].startswith("'zz' is no day; allowed: ")


def test_a_seminars_teacher_refusals_in_reworded_words(tmp_path: Path, engine: Engine) -> None:
    """The results asked for with no teacher token or another's, and the projector's reveal with no token, a wrong
    one or no case to reveal, are refused in the app's words."""
    other = loaded(
        tmp_path,
        ("\"The results are the teacher's: send", '"Only the teacher sees the results: send'),
        ('"This token is not this seminar\'s teacher token."', '"That is another seminar\'s token."'),
        ("\"Revealing an answer is the teacher's: enter", '"Only the teacher reveals answers: enter'),
        ("\"This is not this seminar's teacher token: the answers", '"Wrong teacher token: the answers'),
        ('"Which case\'s answer to reveal?"', '"Reveal which case?"'),
        ('"a case\'s position, 1 to {count}"', '"the position of a case, from 1 to {count}"'),
    )
    client = create_app({"TESTING": True, "ENGINE": other}).test_client()
    cases = list(engine.kb.cases)[:2]
    made, another = (
        json.loads(client.post("/api/v1/seminars", json={"title": "T", "case_ids": cases}).data) for _ in "ab"
    )
    results = f"/api/v1/seminars/{made['code']}/results"
    assert json.loads(client.get(results).data)["message"].startswith("Only the teacher sees the results: send")
    wrong = client.get(results, headers={"Authorization": f"Bearer {another['teacher_token']}"})
    assert json.loads(wrong.data)["message"] == "That is another seminar's token."
    present = f"/s/{made['code']}/present"
    assert "Only the teacher reveals answers: enter" in client.post(present, data={}).get_data(as_text=True)
    assert "Wrong teacher token: the answers" in client.post(present, data={"token": "x"}).get_data(as_text=True)
    unknown = json.loads(client.post(present, data={"token": made["teacher_token"], "reveal": "9"},
                                     headers={"Accept": "application/json"}).data)  # fmt: skip
    assert unknown["message"] == "Reveal which case?"
    assert unknown["errors"][0]["message"] == "the position of a case, from 1 to 2"
