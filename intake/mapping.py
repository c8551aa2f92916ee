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
from intake.findings import Finding, Passed, Record
from intake.her2 import her2_status
from intake.treatment import Treatment, months

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


class Mapper:
    """Puts fields into the case, with their sources; the readers of each part of the case call it. Its notes are in
    the knowledge base's `words` ([record_note]; what is missing, [record_missing]; a day not given, [treatment])."""

    def __init__(self, record: Record, as_of: dt.date, words: ClinicalWords) -> None:
        self.record, self.as_of, self.words = record, as_of, words
        self.says, self.lacks = words.record_note, words.record_missing
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
            note += self.says("not_a_field")
        elif elsewhere and field is not None:
            used = False
            note += self.says("elsewhere", settings=self.says("list").join(field.settings))
        self.provenance.append(FieldSource(field=name, value=value, resource=resource, path=path, note=note, used=used))

    def lack(self, name: str, what: str, send: str) -> None:
        self.missing.append(MissingInput(field=name, what=what, send=send))

    def lack_input(self, name: str, input_: str) -> None:
        """`name` missing, said as [record_missing]'s `input_` and what to send for it (`<input_>_send`)."""
        self.lack(name, self.lacks(input_), self.lacks(f"{input_}_send"))

    def day(self, f: Finding | None) -> str:
        return f.when.isoformat() if f is not None and f.when else self.words.treatment("undated")

    def latest(self, *kinds: str) -> Finding | None:
        found = self.record.of(*kinds)
        return found[-1] if found else None

    def her2(self) -> None:
        status = her2_status(self.record, self.words)
        self.put("her2_status", status.status, status.source, status.note)
        self.notes += status.notes
        self.conflicts += status.conflicts
        if status.status == "unknown":
            self.lack_input("her2_status", "her2")

    def hormone_receptors(self) -> None:
        er, pr, both = self.latest("er"), self.latest("pr"), self.latest("hr")
        shown = [f for f in (er, pr, both) if f is not None]
        says, kinds = self.says, self.words.finding_kind
        said = says("results").join(
            says("result", marker=kinds(f.kind), value=f.value[0], resource=f.resource, day=self.day(f)) for f in shown
        )
        status = [f.value[0] for f in shown]
        if "positive" in status:
            source = next(f for f in shown if f.value[0] == "positive")
            self.put("hormone_receptor_status", "positive", source, says("positive", said=said))
        elif status == ["negative", "negative"] or (both is not None and both.value[0] == "negative"):
            self.put("hormone_receptor_status", "negative", shown[0], says("negative", said=said))
        else:
            note = says("unsettled", said=said or says("no_results"))
            self.put("hormone_receptor_status", "unknown", shown[0] if shown else None, note)
            for f, key in ((er, "er"), (pr, "pr")):
                if f is None:
                    self.lack_input("hormone_receptor_status", key)

    def metastasis(self) -> list[Finding]:
        """The findings of metastatic disease, oldest first: the first dates it."""
        found = self.record.of("secondary") + [f for f in self.record.of("stage") if f.value == 4]
        found += [f for f in self.record.of("M") if f.value.value.startswith("M1")]
        return sorted(found, key=lambda f: f.when or dt.date.min)

    def setting(self) -> str | None:
        metastatic = self.metastasis()
        if metastatic:
            first = metastatic[0]
            self.put("setting", "metastatic", first, self.says("metastatic", words=first.words, day=self.day(first)))
            return "metastatic"
        surgery = self.latest("surgery")
        if surgery is not None:
            note = self.says("adjuvant", surgery=surgery.value, day=self.day(surgery))
            self.put("setting", "adjuvant", surgery, note)
            return "adjuvant"
        breast = self.latest("breast")
        if breast is not None:
            note = self.says("neoadjuvant", as_of=self.as_of.isoformat())
            self.put("setting", "neoadjuvant", breast, note)
            return "neoadjuvant"
        self.lack_input("setting", "setting")
        return None

    def size_and_nodes(self) -> None:
        says, day = self.says, self.day
        size, t = self.latest("size"), self.latest("T")
        if size is not None:
            self.put("tumor_size_cm", round(size.value, 2), size, says("size", day=day(size)))
        elif t is not None and t.value.value[:2] in T_SIZES:
            largest = T_SIZES[t.value.value[:2]]
            note = says("t_category", category=t.value.value, day=day(t), cm=str(largest))
            self.put("tumor_size_cm", largest, t, note + (says("t3_above") if largest > 5 else ""))
        else:
            self.lack_input("tumor_size_cm", "size")
        n, nodes = self.latest("N"), self.latest("nodes")
        if n is not None and nodes is not None and (nodes.when or dt.date.min) > (n.when or dt.date.min):
            n = None  # lymph-node disease found after the N category was staged: the later finding stands
        if n is not None and not n.value.value.startswith("NX"):
            value = "negative" if n.value.value.startswith("N0") else "positive"
            self.put("node_status", value, n, says("n_category", category=n.value.value, day=day(n)))
        elif nodes is not None:
            where = says("regional") if nodes.value == "regional" else says("site_not_stated")
            self.put("node_status", "positive", nodes, says("nodes", where=where, words=nodes.words, day=day(nodes)))
        else:
            self.put("node_status", "unknown", n, says("no_n_category"))
            self.lack_input("node_status", "nodes")

    def person(self, setting: str | None) -> None:
        says, gender = self.says, self.record.gender
        patient = Finding("sex", gender, self.record.patient, "gender", None) if self.record.patient else None
        if gender in ("female", "male"):
            self.put("sex", gender, patient, says("gender", gender=gender))
        else:  # "other", "unknown" or not stated: the label's "women" is not settled, and nothing is assumed
            self.put("sex", "unknown", patient, says("gender", gender=gender or says("not_stated")))
        menopause = self.latest("menopause")
        if menopause is not None:  # for a man, the case refuses it, naming both fields
            note = says("menopause", words=menopause.words, day=self.day(menopause))
            self.put("menopausal_status", menopause.value, menopause, note)
        elif gender == "male":
            self.put("menopausal_status", "unknown", None, says("not_asked_man"))
        else:
            self.put("menopausal_status", "unknown", None, says("menopause_unstated"))
            self.lack_input("menopausal_status", "menopause")
        # age and grade are case fields only after surgery (high-risk features of the adjuvant label)
        if setting == "adjuvant" and self.record.birth_date is not None:
            age = months(self.record.birth_date, self.as_of) // 12
            born = Finding("age", age, self.record.patient, "birthDate", self.record.birth_date)
            self.put("age_years", age, born, says("age", as_of=self.as_of.isoformat()))
        if setting == "adjuvant" and (grade := self.latest("grade")) is not None:
            self.put("tumor_grade", grade.value, grade, says("grade", grade=str(grade.value), words=grade.words))


def passed_note(p: Passed, words: ClinicalWords) -> str:
    """A record passed over, in the knowledge base's words: which, the kind of finding it would have given, and why."""
    why = words.passed_over(p.reason)
    if p.element:
        why += words.passed_over("element", element=p.element, code=p.reason)
    kind = words.finding_kind.says.get(p.kind, p.kind)  # a kind without words, if a reader ever gave one: the code's
    return words.record_note("passed", resource=p.resource, kind=kind, why=why)


def map_record(record: Record, as_of: dt.date, words: ClinicalWords, medications_sent: bool = True) -> Mapping:
    """The case a patient's record describes on `as_of`, with provenance, missing inputs and notes, each in the
    knowledge base's `words`."""
    mapper = Mapper(record, as_of, words)
    mapper.notes += [passed_note(p, words) for p in record.passed]
    mapper.her2()
    mapper.hormone_receptors()
    setting = mapper.setting()
    metastatic = mapper.metastasis()
    Treatment(mapper, medications_sent, words).read(setting, metastatic[0] if metastatic else None)
    if setting in ("neoadjuvant", "adjuvant"):
        mapper.size_and_nodes()
    mapper.person(setting)
    mapper.put("as_of", as_of.isoformat(), None, words.record_note("as_of"))
    return Mapping(
        fields=mapper.fields,
        provenance=mapper.provenance,
        missing=mapper.missing,
        notes=mapper.notes,
        conflicts=mapper.conflicts,
    )
