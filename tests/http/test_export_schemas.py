"""The exports parsed with a schema of their format: Moodle XML against what Moodle's importer reads (Moodle
publishes no schema; tests/support/schemas/moodle_xml_subset.xsd restates its importer for the three question types
written), and the QTI package's assessment against the IMS QTI 1.2 content models of the elements it uses
(tests/support/schemas/qti_v1p2_subset.xsd restates the QTI 1.2 DTD's). Each schema can fail: a mutated export is
refused."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

import xmlschema
from flask.testing import FlaskClient

SCHEMAS = Path(__file__).resolve().parents[1] / "support" / "schemas"


@cache
def moodle_schema() -> xmlschema.XMLSchema11:
    return xmlschema.XMLSchema11(SCHEMAS / "moodle_xml_subset.xsd")


@cache
def qti_schema() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(SCHEMAS / "qti_v1p2_subset.xsd")


def assessment(client: FlaskClient, query: str = "") -> str:
    package = zipfile.ZipFile(io.BytesIO(client.get(f"/api/v1/cases/export?format=qti{query}").data))
    (name,) = [n for n in package.namelist() if n != "imsmanifest.xml"]
    return package.read(name).decode()


def test_the_whole_librarys_moodle_xml_validates(client: FlaskClient) -> None:
    moodle_schema().validate(client.get("/api/v1/cases/export?format=moodle-xml").get_data(as_text=True))


def test_the_whole_librarys_qti_assessment_validates(client: FlaskClient) -> None:
    qti_schema().validate(assessment(client))


def test_the_moodle_schema_refuses_what_moodle_would_not_read(client: FlaskClient) -> None:
    body = client.get("/api/v1/cases/export?format=moodle-xml&case_ids=first-line-dual-blockade").get_data(as_text=True)
    assert moodle_schema().is_valid(body)
    assert not moodle_schema().is_valid(body.replace('fraction="100"', 'fraction="lots"', 1))
    assert not moodle_schema().is_valid(body.replace('type="essay"', 'type="essai"', 1))
    renamed = body.replace("<single>", "<singular>", 1).replace("</single>", "</singular>", 1)
    assert not moodle_schema().is_valid(renamed)


def test_the_qti_schema_refuses_what_qti_1_2_does_not_allow(client: FlaskClient) -> None:
    body = assessment(client, "&case_ids=first-line-dual-blockade")
    assert qti_schema().is_valid(body)
    assert not qti_schema().is_valid(body.replace('rcardinality="Single"', 'rcardinality="One"', 1))
    assert not qti_schema().is_valid(body.replace("<resprocessing>", "<resprocessing><bogus/>", 1))
    # an item's feedback before its presentation breaks the DTD's order
    first = body.index("<itemfeedback")
    feedback = body[first : body.index("</itemfeedback>", first) + len("</itemfeedback>")]
    moved = body.replace(feedback, "", 1).replace("<presentation>", feedback + "<presentation>", 1)
    assert not qti_schema().is_valid(moved)
