"""GET /api/v1/cases/export: the library (or a selection, or a seminar's cases) as Moodle XML and as an IMS QTI 1.2
package as Canvas imports it. Each export is parsed and checked for what the platform reads (one right answer per
question, scored; every regimen asked; titles that do not give the answer); test_export_schemas.py validates both
against schemas of their formats."""

from __future__ import annotations

import gc
import io
import weakref
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from flask.testing import FlaskClient
from tiny_kb import write_kb

from engine import Engine
from engine.vocabulary import NOT_OFFERED
from teaching.learner import learner_items
from web import create_app

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
SOME = ["first-line-dual-blockade", "tdm1-after-trastuzumab"]


def _expected(engine: Engine, case_ids: list[str]) -> list[tuple[str, str]]:
    """(case id, the engine's status or not_offered) for each regimen asked, in order."""
    out = []
    for case_id in case_ids:
        case = engine.kb.cases[case_id]
        answer = engine.evaluate(case.case)
        offered = {r.regimen_id: r.status for r in answer.recommendations}
        out += [(case_id, offered.get(r, NOT_OFFERED)) for r in learner_items(engine, answer, case)]
    return out


def test_the_whole_library_as_moodle_xml(client: FlaskClient, engine: Engine) -> None:
    response = client.get("/api/v1/cases/export?format=moodle-xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert b"Educational use only, not for clinical decisions." in response.data
    quiz = ET.fromstring(response.data)
    assert quiz.tag == "quiz"
    choices = quiz.findall("question[@type='multichoice']")
    expected = _expected(engine, list(engine.kb.cases))
    assert len(choices) == len(expected)
    for question, (case_id, status) in zip(choices, expected, strict=True):
        assert question.findtext("idnumber", "").startswith(f"{case_id}--")
        assert question.findtext("single") == "true"
        right = [a.findtext("text") for a in question.findall("answer") if a.get("fraction") == "100"]
        assert right == [engine.kb.words.title(status)]
        assert question.findtext("generalfeedback/text")  # the reason
    essays = quiz.findall("question[@type='essay']")
    assert len(essays) == sum(len(c.questions) for c in engine.kb.cases.values())
    assert all(e.findtext("graderinfo/text") for e in essays)
    categories = [q.findtext("category/text", "") for q in quiz.findall("question[@type='category']")]
    assert len(categories) == len(engine.kb.cases)
    titles = {c.title for c in engine.kb.cases.values()}
    assert not any(title in category for category in categories for title in titles)


def test_a_selection_as_a_qti_package_canvas_imports(client: FlaskClient, engine: Engine) -> None:
    response = client.get(f"/api/v1/cases/export?format=qti&case_ids={','.join(SOME)}")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(response.data))
    manifest = ET.fromstring(package.read("imsmanifest.xml"))
    (resource,) = manifest.iter(f"{CP}resource")
    assert resource.get("type") == "imsqti_xmlv1p2"
    test = ET.fromstring(package.read(resource.find(f"{CP}file").get("href")))  # type: ignore[union-attr, arg-type]
    assert test.tag == f"{QTI}questestinterop"
    items = list(test.iter(f"{QTI}item"))
    kinds = [i.find(f".//{QTI}fieldentry").text for i in items]  # type: ignore[union-attr]
    choices = [i for i, k in zip(items, kinds, strict=True) if k == "multiple_choice_question"]
    expected = _expected(engine, SOME)
    assert len(choices) == len(expected)
    for item, (case_id, status) in zip(choices, expected, strict=True):
        assert item.get("ident", "").startswith(f"{case_id}--")
        labels = [label.get("ident") for label in item.iter(f"{QTI}response_label")]
        assert status in labels
        assert [v.text for v in item.iter(f"{QTI}varequal")] == [status]
    assert kinds.count("essay_question") == sum(len(engine.kb.cases[c].questions) for c in SOME)


def test_a_seminars_cases_on_its_date(client: FlaskClient, engine: Engine) -> None:
    made = client.post("/api/v1/seminars", json={"title": "A/B class", "case_ids": SOME[::-1]}).json
    response = client.get(f"/api/v1/cases/export?format=moodle-xml&seminar={made['code']}")
    assert response.status_code == 200
    ids = [q.findtext("idnumber", "") for q in ET.fromstring(response.data).findall("question[@type='multichoice']")]
    assert [i.split("--")[0] for i in ids] == [c for c, _ in _expected(engine, SOME[::-1])]
    assert "attachment" in response.headers["Content-Disposition"]


def test_an_export_that_cannot_be_made_names_why(client: FlaskClient) -> None:
    bad = client.get("/api/v1/cases/export?format=pdf&case_ids=first-line-dual-blockade,nope")
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json["errors"]} == {"format", "case_ids"}
    assert client.get("/api/v1/cases/export?format=qti&seminar=aaaaaaaaaa").status_code == 404


def test_no_question_name_category_or_item_title_carries_a_teaching_title(client: FlaskClient, engine: Engine) -> None:
    """What a student sees in the platform before answering is named by the case's setting and number only."""
    titles = {c.title for c in engine.kb.cases.values()}
    quiz = ET.fromstring(client.get("/api/v1/cases/export?format=moodle-xml").data)
    names = [q.findtext("name/text", "") for q in quiz.findall("question")] + [
        q.findtext("category/text", "") for q in quiz.findall("question[@type='category']")
    ]
    package = zipfile.ZipFile(io.BytesIO(client.get("/api/v1/cases/export?format=qti").data))
    for member in package.namelist():
        names += [e.get("title", "") for e in ET.fromstring(package.read(member)).iter() if e.get("title")]
    assert len(names) > len(titles)
    assert not [name for name in names for title in titles if title in name]


def test_an_apps_exports_go_with_it(tmp_path: Path) -> None:
    """The exports an app keeps are its own: once the app is dropped, nothing holds its engine (a module-level
    cache keyed by engine kept every engine it had served)."""
    engine = Engine.load(write_kb(tmp_path))
    app = create_app({"TESTING": True, "ENGINE": engine, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    response = app.test_client().get("/api/v1/cases/export", query_string={"format": "moodle-xml"})
    assert response.status_code == 200
    assert engine.kb.disclaimer in response.get_data(as_text=True)
    gone = weakref.ref(engine)
    del app, engine, response
    gc.collect()
    assert gone() is None
