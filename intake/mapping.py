"""A patient's findings (intake.record) mapped to a her2-cds case, every field with the resource and path it came from.

What the record does not say stays unknown: the field is left out (or `unknown` where the case has that
value, HER2 status included), and `missing` names it in clinical words, why it matters, and the resource
that would settle it. HER2 status is read as pathology defines it (intake.her2). Only fields the case model
has are filled; anything else the record says is kept in the provenance, marked as not used.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from engine.phrasing import ClinicalWords
from engine.vocabulary import CASE_FIELDS
from intake import codes
from intake.findings import Finding, Record
from intake.her2 import her2_status
from intake.treatment import Treatment, months

SEND = {
    "her2": "no HER2-directed option is shown until it is known (HER2-directed therapy is for HER2-positive disease"
    " only). Send an Observation with LOINC 85319-2 or 18474-7 (HER2 by immunohistochemistry), 85318-4 (by in situ"
    " hybridization) or 48676-1 (HER2 interpretation)",
    "er": "an Observation with LOINC 85337-4, 40556-3 or 16112-5 (estrogen receptor)",
    "pr": "an Observation with LOINC 85339-0, 40557-1 or 16113-3 (progesterone receptor)",
    "setting": "a breast-cancer Condition (SNOMED 254837009, ICD-10 C50), a secondary malignant neoplasm Condition or"
    " a stage group Observation, and any breast-surgery Procedure",
    "size": "an Observation with LOINC 21889-1 (tumor size) or a T category (LOINC 21905-5 or 21899-0, SNOMED"
    " 399504009 or 384625004)",
    "nodes": "an N category Observation (LOINC 21906-3 or 21900-6, SNOMED 399534004 or 371494008)",
    "menopause": "an Observation or Condition stating menopausal status (SNOMED 22636003 or 76498008)",
}
# T category -> the largest size it allows (T3 has no upper bound: just above 5 cm); Tis, T0 and T4 give no size
T_SIZES = {"T1": 2.0, "T2": 5.0, "T3": 5.1}


class FieldSource(BaseModel):
    """Where one case field came from: the resource (type/id), the element path, and how it was read."""

    model_config = ConfigDict(frozen=True)

    field: str
    value: Any
    resource: str
    path: str
    note: str
    used: bool = True


class MissingInput(BaseModel):
    """An input the record does not give: in clinical words, and the resource that would settle it."""

    model_config = ConfigDict(frozen=True)

    field: str
    what: str
    send: str


class Mapping(BaseModel):
    """The case fields found, their sources, what is missing, notes, and results that disagree."""

    fields: dict[str, Any]
    provenance: list[FieldSource]
    missing: list[MissingInput]
    notes: list[str]
    conflicts: list[str] = []


def when(f: Finding | None) -> str:
    return f.when.isoformat() if f is not None and f.when else "undated"


class Mapper:
    """Puts fields into the case, with their sources; the readers of each part of the case call it."""

    def __init__(self, record: Record, as_of: dt.date) -> None:
        self.record, self.as_of = record, as_of
        self.fields: dict[str, Any] = {}
        self.provenance: list[FieldSource] = []
        self.missing: list[MissingInput] = []
        self.notes: list[str] = []
        self.conflicts: list[str] = []

    def put(self, name: str, value: Any, f: Finding | None, note: str) -> None:
        used = name in CASE_FIELDS
        field = CASE_FIELDS.get(name)
        setting = self.fields.get("setting")
        # a field the case refuses outside its settings (age only in adjuvant) is shown, not sent
        elsewhere = field is not None and field.refused_elsewhere and setting not in (None, *field.settings)
        if used and not elsewhere:
            self.fields[name] = value
        resource, path = (f.resource, f.path) if f else ("(none)", "(none)")
        if not used:
            note += "; not a field of this knowledge base's case, so shown but not used"
        elif elsewhere and field is not None:
            used = False
            note += f"; asked only in {', '.join(field.settings)} cases, so shown but not used"
        self.provenance.append(FieldSource(field=name, value=value, resource=resource, path=path, note=note, used=used))

    def lack(self, name: str, what: str, send: str) -> None:
        self.missing.append(MissingInput(field=name, what=what, send=send))

    def latest(self, *kinds: str) -> Finding | None:
        found = self.record.of(*kinds)
        return found[-1] if found else None

    def her2(self) -> None:
        status = her2_status(self.record)
        self.put("her2_status", status.status, status.source, status.note)
        self.notes += status.notes
        self.conflicts += status.conflicts
        if status.status == "unknown":
            self.lack("her2_status", "HER2 status", SEND["her2"])

    def hormone_receptors(self) -> None:
        er, pr, both = self.latest("er"), self.latest("pr"), self.latest("hr")
        shown = [f for f in (er, pr, both) if f is not None]
        said = "; ".join(f"{codes.MARKER_WORDS[f.kind]} {f.value[0]} ({f.resource}, {when(f)})" for f in shown)
        status = [f.value[0] for f in shown]
        if "positive" in status:
            source = next(f for f in shown if f.value[0] == "positive")
            self.put("hormone_receptor_status", "positive", source, f"positive if either receptor is: {said}")
        elif status == ["negative", "negative"] or (both is not None and both.value[0] == "negative"):
            self.put("hormone_receptor_status", "negative", shown[0], f"both receptors negative: {said}")
        else:
            self.put("hormone_receptor_status", "unknown", shown[0] if shown else None,
                     f"the record does not settle it: {said or 'no receptor results'}")  # fmt: skip
            for f, key, what in ((er, "er", "estrogen receptor status"), (pr, "pr", "progesterone receptor status")):
                if f is None:
                    self.lack("hormone_receptor_status", what, SEND[key])

    def metastasis(self) -> list[Finding]:
        """The findings of metastatic disease, oldest first: the first dates it."""
        found = self.record.of("secondary") + [f for f in self.record.of("stage") if f.value == 4]
        found += [f for f in self.record.of("M") if f.value.value.startswith("M1")]
        return sorted(found, key=lambda f: f.when or dt.date.min)

    def setting(self) -> str | None:
        metastatic = self.metastasis()
        if metastatic:
            first = metastatic[0]
            self.put("setting", "metastatic", first, f"{first.words} ({when(first)})")
            return "metastatic"
        surgery = self.latest("surgery")
        if surgery is not None:
            self.put("setting", "adjuvant", surgery, f"breast surgery ({surgery.value}) on {when(surgery)}")
            return "adjuvant"
        breast = self.latest("breast")
        if breast is not None:
            note = f"breast cancer, no breast surgery on or before {self.as_of.isoformat()}"
            self.put("setting", "neoadjuvant", breast, note)
            return "neoadjuvant"
        self.lack("setting", "whether the cancer is early or metastatic, and whether surgery was done", SEND["setting"])
        return None

    def size_and_nodes(self) -> None:
        size, t = self.latest("size"), self.latest("T")
        if size is not None:
            self.put("tumor_size_cm", round(size.value, 2), size, f"tumor size on {when(size)}")
        elif t is not None and t.value.value[:2] in T_SIZES:
            largest = T_SIZES[t.value.value[:2]]
            note = f"T category {t.value.value} on {when(t)}: taken as {largest} cm, the largest it allows"
            self.put("tumor_size_cm", largest, t, note + (" (T3 is above 5 cm)" if largest > 5 else ""))
        else:
            self.lack("tumor_size_cm", "tumor size", SEND["size"])
        n, nodes = self.latest("N"), self.latest("nodes")
        if n is not None and nodes is not None and (nodes.when or dt.date.min) > (n.when or dt.date.min):
            n = None  # lymph-node disease found after the N category was staged: the later finding stands
        if n is not None and not n.value.value.startswith("NX"):
            value = "negative" if n.value.value.startswith("N0") else "positive"
            self.put("node_status", value, n, f"N category {n.value.value} on {when(n)}")
        elif nodes is not None:
            where = "regional (axillary) lymph nodes" if nodes.value == "regional" else "nodes of a site not stated"
            note = f"secondary neoplasm of {where} ({nodes.words}, {when(nodes)}): lymph-node disease, not metastatic"
            self.put("node_status", "positive", nodes, note)
        else:
            self.put("node_status", "unknown", n, "no N category in the record")
            self.lack("node_status", "lymph-node status", SEND["nodes"])

    def person(self, setting: str | None) -> None:
        gender = self.record.gender
        patient = Finding("sex", gender, self.record.patient, "gender", None) if self.record.patient else None
        if gender in ("female", "male"):
            self.put("sex", gender, patient, f"administrative gender {gender}")
        else:  # "other", "unknown" or not stated: the label's "women" is not settled, and nothing is assumed
            self.put("sex", "unknown", patient, f"administrative gender {gender or 'not stated'}")
        menopause = self.latest("menopause")
        if menopause is not None:  # for a man, the case refuses it, naming both fields
            self.put("menopausal_status", menopause.value, menopause, f"{menopause.words} on {when(menopause)}")
        elif gender == "male":
            self.put("menopausal_status", "unknown", None, "not asked for a man")
        else:
            self.put("menopausal_status", "unknown", None, "no resource states it")
            self.lack("menopausal_status", "menopausal status", SEND["menopause"])
        # age and grade are case fields only after surgery (high-risk features of the adjuvant label)
        if setting == "adjuvant" and self.record.birth_date is not None:
            age = months(self.record.birth_date, self.as_of) // 12
            born = Finding("age", age, self.record.patient, "birthDate", self.record.birth_date)
            self.put("age_years", age, born, f"age on {self.as_of.isoformat()}")
        if setting == "adjuvant" and (grade := self.latest("grade")) is not None:
            self.put("tumor_grade", grade.value, grade, f"histologic grade {grade.value} ({grade.words})")


def map_record(record: Record, as_of: dt.date, words: ClinicalWords, medications_sent: bool = True) -> Mapping:
    """The case a patient's record describes on `as_of`, with provenance, missing inputs and notes (the treatment's
    in the knowledge base's `words`)."""
    mapper = Mapper(record, as_of)
    mapper.notes += [passed.words() for passed in record.passed]
    mapper.her2()
    mapper.hormone_receptors()
    setting = mapper.setting()
    metastatic = mapper.metastasis()
    Treatment(mapper, medications_sent, words.treatment).read(setting, metastatic[0] if metastatic else None)
    if setting in ("neoadjuvant", "adjuvant"):
        mapper.size_and_nodes()
    mapper.person(setting)
    mapper.put("as_of", as_of.isoformat(), None, "the date the case stands on")
    return Mapping(
        fields=mapper.fields,
        provenance=mapper.provenance,
        missing=mapper.missing,
        notes=mapper.notes,
        conflicts=mapper.conflicts,
    )
