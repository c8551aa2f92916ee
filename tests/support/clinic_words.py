"""The clinic's words in features/, as parse types mapped to the engine's ids, and helpers for reading an
answer: shared by the clinical step modules (not a test module itself).

A clinician names a regimen by its drugs ("T-DM1", "pertuzumab + trastuzumab + docetaxel"), a case field
by its words ("the tumor size", from engine/case_fields.py), and what the engine concluded in a sentence
("the case is pretreated with trastuzumab"); only the steps know the ids behind them.
"""

from __future__ import annotations

import re

import parse
from packaged import REGIMEN_IDS, WORDS
from pytest_bdd import parsers

from engine import Answer, Evidence, Recommendation
from engine.answer import WhyNot
from engine.vocabulary import CASE_FIELDS

_DRUG = r"(?:T-DM1|T-DXd|[a-z]+)"


@parse.with_pattern(rf"{_DRUG}(?: \+ {_DRUG})*(?: without chemotherapy| for a second year)?")
def _regimen_id(text: str) -> str:
    """A regimen in the clinic's words -> its id: "pertuzumab + trastuzumab + docetaxel", "T-DM1 + lapatinib",
    "trastuzumab for a second year"."""
    if text == "trastuzumab for a second year":
        return "trastuzumab_second_year"
    words = (
        text.removesuffix(" without chemotherapy")
        .replace("T-DM1", "trastuzumab emtansine")
        .replace("T-DXd", "trastuzumab deruxtecan")
    )
    drugs = ["chemotherapy" if d == "docetaxel" else d for d in words.split(" + ")]
    regimen = "_".join(d.replace(" ", "_") for d in drugs)
    if regimen not in REGIMEN_IDS:
        raise ValueError(f"{text!r} names no regimen of the domain vocabulary ({regimen!r})")
    return regimen


@parse.with_pattern(r"approved|supported|investigational|not recommended|not offered")
def _status(text: str) -> str:
    return text.replace(" ", "_")


@parse.with_pattern(r"positive|negative|unknown")
def _choice(text: str) -> str:
    return text


@parse.with_pattern(r"positive|negative|equivocal|low|ultralow")
def _her2(text: str) -> str:
    return text


@parse.with_pattern(r"postmenopausal|premenopausal|menopausal status unknown")
def _menopause(text: str) -> str:
    return "unknown" if text == "menopausal status unknown" else text


@parse.with_pattern(r"\d{4}-\d{2}-\d{2}")
def _date(text: str) -> str:
    return text


@parse.with_pattern(r"derives|does not derive")
def _derives(text: str) -> bool:
    return text == "derives"


# A case field by its words ("the tumor size"), or a key the vocabulary does not know, quoted as a client
# sent it ('the field "tumour_size"'): what an error names.
FIELD_WORDS: dict[str, str] = {f"the {WORDS.noun(name).removeprefix('the ')}": name for name in CASE_FIELDS}
_UNKNOWN_FIELD = r'the field "[A-Za-z_]+"'
_FIELD_PATTERN = "|".join([*(re.escape(w) for w in sorted(FIELD_WORDS, key=len, reverse=True)), _UNKNOWN_FIELD])


@parse.with_pattern(_FIELD_PATTERN)
def field_name(text: str) -> str:
    """The case field a clinician's words name: "the tumor size" -> "tumor_size_cm"."""
    if text in FIELD_WORDS:
        return FIELD_WORDS[text]
    return text.removeprefix('the field "').removesuffix('"')


def field_list(text: str) -> list[str]:
    """Fields named in a list: "the setting, the tumor size and the date"; "nothing" names none."""
    if text == "nothing":
        return []
    return [field_name(f.strip()) for f in re.split(r", | and ", text)]


# What the engine derives, as the sentence a clinician would say of the case.
CONCLUSIONS: dict[str, str] = {
    "the relapse came early after adjuvant trastuzumab": "early_relapse_after_adjuvant_trastuzumab",
    "the case is pretreated with trastuzumab": "trastuzumab_pretreated",
    "the case is eligible for neoadjuvant pertuzumab": "neoadjuvant_pertuzumab_eligible",
    "the node-negative case is high risk": "adjuvant_node_negative_high_risk",
    "the node-negative case is low risk": "adjuvant_node_negative_low_risk",
    "the case had one anti-HER2 regimen or more for metastatic disease": "metastatic_her2_pretreated_1",
    "the case had two anti-HER2 regimens or more for metastatic disease": "metastatic_her2_pretreated_2",
}
assert set(CONCLUSIONS.values()) == set(WORDS.derived), "every derived fact has its clinical sentence"


@parse.with_pattern("|".join(re.escape(c) for c in CONCLUSIONS))
def _conclusion(text: str) -> str:
    return CONCLUSIONS[text]


TYPES = {
    "Regimen": _regimen_id,
    "Status": _status,
    "Choice": _choice,
    "HER2": _her2,
    "Menopause": _menopause,
    "Date": _date,
    "Derives": _derives,
    "Field": field_name,
    "Conclusion": _conclusion,
}


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TYPES)


# ---- reading an answer ----


def offered(answer: Answer) -> dict[str, Recommendation]:
    return {r.regimen_id: r for r in answer.recommendations}


def recommendation(answer: Answer, regimen: str) -> Recommendation:
    found = offered(answer)
    assert regimen in found, f"{regimen} is not offered; the answer offers {sorted(found)}"
    return found[regimen]


def why_not(answer: Answer, regimen: str) -> WhyNot:
    entries = {w.regimen_id: w for w in answer.why_not}
    assert regimen in entries, f"{regimen} is not in why-not; why-not lists {sorted(entries)}"
    return entries[regimen]


def is_study(evidence: Evidence, study: str) -> bool:
    """A study by its name, or by the name before its parenthesis: "EGF30008" for "EGF30008 (lapatinib + letrozole)"."""
    return evidence.name == study or evidence.name.startswith(study + " (")


def evidence(answer: Answer, regimen: str, study: str) -> Evidence:
    records = recommendation(answer, regimen).evidence
    found = [e for e in records if is_study(e, study)]
    assert found, f"{regimen} does not cite {study}; it cites {[e.name for e in records]}"
    return found[0]
