"""Quiz cases as an IMS QTI 1.2 content package, as Canvas imports it ("QTI .zip file"): imsmanifest.xml naming
one assessment, and the assessment: a section per case, a multiple_choice_question item per regimen (the
engine's status scores 100, the reason is the feedback) and an essay_question item per library question,
case by case, each item titled with its case."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from html import escape

from teaching.quiz import EssayQuestion, QuizCase, StatusQuestion

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
RESOURCE_TYPE = "imsqti_xmlv1p2"


def _html(text: str) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))


def _fields(parent: ET.Element, **fields: str) -> None:
    metadata = ET.SubElement(parent, "qtimetadata")
    for label, entry in fields.items():
        field = ET.SubElement(metadata, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _material(parent: ET.Element, text: str, html: bool = True) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", {"texttype": "text/html" if html else "text/plain"}).text = text


def _feedback(item: ET.Element, text: str) -> None:
    feedback = ET.SubElement(item, "itemfeedback", {"ident": "general_fb"})
    _material(ET.SubElement(feedback, "flow_mat"), _html(text))


def _item(section: ET.Element, ident: str, title: str, kind: str, stem: str) -> tuple[ET.Element, ET.Element]:
    """An item with its type, its stem and a SCORE outcome: (the item, its presentation)."""
    item = ET.SubElement(section, "item", {"ident": ident, "title": title})
    _fields(ET.SubElement(item, "itemmetadata"), question_type=kind, points_possible="1.0")
    presentation = ET.SubElement(item, "presentation")
    _material(presentation, _html(stem))
    return item, presentation


def _processing(item: ET.Element) -> ET.Element:
    processing = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    return processing


def _status_item(section: ET.Element, question: StatusQuestion) -> None:
    item, presentation = _item(section, question.ident, question.title, "multiple_choice_question", question.stem)
    response = ET.SubElement(presentation, "response_lid", {"ident": "response1", "rcardinality": "Single"})
    choices = ET.SubElement(response, "render_choice")
    for value, words in question.options:
        _material(ET.SubElement(choices, "response_label", {"ident": value}), words, html=False)
    processing = _processing(item)
    condition = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
    ET.SubElement(ET.SubElement(condition, "conditionvar"), "other")
    ET.SubElement(condition, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})
    right = ET.SubElement(processing, "respcondition", {"continue": "No"})
    ET.SubElement(ET.SubElement(right, "conditionvar"), "varequal", {"respident": "response1"}).text = question.correct
    ET.SubElement(right, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
    _feedback(item, question.feedback)


def _essay_item(section: ET.Element, question: EssayQuestion) -> None:
    item, presentation = _item(section, question.ident, question.title, "essay_question", question.stem)
    response = ET.SubElement(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"})
    ET.SubElement(ET.SubElement(response, "render_fib"), "response_label", {"ident": "answer1", "rshuffle": "No"})
    condition = ET.SubElement(_processing(item), "respcondition", {"continue": "No"})
    ET.SubElement(ET.SubElement(condition, "conditionvar"), "other")
    _feedback(item, question.feedback)


def assessment(cases: Sequence[QuizCase], ident: str, title: str, disclaimer: str) -> bytes:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    root.append(ET.Comment(f" her2-cds. {disclaimer} "))
    test = ET.SubElement(root, "assessment", {"ident": ident, "title": title})
    _fields(test, cc_maxattempts="1")
    # one flat section, as Canvas writes its own: a nested section would import as a question group
    section = ET.SubElement(test, "section", {"ident": "root_section"})
    for case in cases:
        for question in case.status_questions:
            _status_item(section, question)
        for essay in case.essays:
            _essay_item(section, essay)
    ET.indent(root)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written


def manifest(ident: str, title: str) -> bytes:
    root = ET.Element("manifest", {"identifier": f"{ident}-manifest", "xmlns": CP_NS})
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    resource = ET.SubElement(
        resources, "resource", {"identifier": ident, "type": RESOURCE_TYPE, "href": f"{ident}/{ident}.xml"}
    )
    ET.SubElement(resource, "file", {"href": f"{ident}/{ident}.xml"})
    root.append(ET.Comment(f" {title} "))
    ET.indent(root)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written


def qti_package(cases: Sequence[QuizCase], ident: str, title: str, disclaimer: str) -> bytes:
    """The zip Canvas imports: imsmanifest.xml and the assessment under a folder named by its ident."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("imsmanifest.xml", manifest(ident, title))
        package.writestr(f"{ident}/{ident}.xml", assessment(cases, ident, title, disclaimer))
    return out.getvalue()
