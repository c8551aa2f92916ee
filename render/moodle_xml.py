"""Quiz cases in Moodle's question import format (Moodle XML): a category per case, a single-answer
multichoice question per regimen (100% for the engine's status, the reason as feedback) and an essay per
library question (the model answer as the grader's information and as general feedback)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from html import escape

from teaching.quiz import QuizCase


def _text(parent: ET.Element, tag: str, text: str, html: bool = False) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = text
    return element


def _html(text: str) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))


def _question(quiz: ET.Element, kind: str, title: str, ident: str, stem: str, feedback: str) -> ET.Element:
    question = ET.SubElement(quiz, "question", {"type": kind})
    _text(question, "name", title)
    _text(question, "questiontext", _html(stem), html=True)
    _text(question, "generalfeedback", _html(feedback), html=True)
    ET.SubElement(question, "defaultgrade").text = "1"
    ET.SubElement(question, "idnumber").text = ident
    return question


def moodle_xml(cases: Sequence[QuizCase], category: str, disclaimer: str) -> bytes:
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" her2-cds. {disclaimer} "))
    for case in cases:
        question = ET.SubElement(quiz, "question", {"type": "category"})
        # a slash in a name would open a subcategory in Moodle's path
        _text(question, "category", f"$course$/top/{category.replace('/', '-')}/{case.title.replace('/', '-')}")
        for item in case.status_questions:
            question = _question(quiz, "multichoice", item.title, item.ident, item.stem, item.feedback)
            ET.SubElement(question, "penalty").text = "0"
            ET.SubElement(question, "single").text = "true"
            ET.SubElement(question, "shuffleanswers").text = "false"
            ET.SubElement(question, "answernumbering").text = "none"
            for value, words in item.options:
                answer = ET.SubElement(
                    question, "answer", {"fraction": "100" if value == item.correct else "0", "format": "html"}
                )
                ET.SubElement(answer, "text").text = words  # the reason is the general feedback, given once
        for essay in case.essays:
            question = _question(quiz, "essay", essay.title, essay.ident, essay.stem, essay.model_answer)
            ET.SubElement(question, "responseformat").text = "editor"
            ET.SubElement(question, "responserequired").text = "1"
            ET.SubElement(question, "responsefieldlines").text = "10"
            _text(question, "graderinfo", _html(essay.model_answer), html=True)
    ET.indent(quiz)
    written: bytes = ET.tostring(quiz, encoding="utf-8", xml_declaration=True)
    return written
