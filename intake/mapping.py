"""A patient's FHIR R4 record mapped to a her2-cds case, every field with the resource and path it came from.

What the record does not say stays unknown: the field is left out (or `unknown` where the case has
that value), and `missing` names it in clinical words with the resource that would settle it. Two
results that disagree (two HER2 tests) are settled by the latest, and a note says so. Only fields the
case model has are filled; anything else the record says (e.g. age, when the case has no age field)
is kept in the provenance, marked as not used.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from engine.vocabulary import CASE_FIELDS
from intake import codes
from intake.record import Finding, Record, index


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
    """The case fields found, their sources, what is missing, and notes (contradictions, scope)."""

    fields: dict[str, Any]
    provenance: list[FieldSource]
    missing: list[MissingInput]
    notes: list[str]


SEND = {
    "her2": "an Observation with LOINC 85319-2 (HER2 by immunohistochemistry), 85318-4 (by in situ hybridization)"
    " or 48676-1 (HER2 interpretation)",
    "er": "an Observation with LOINC 85337-4 or 16112-5 (estrogen receptor)",
    "pr": "an Observation with LOINC 85339-0 or 16113-3 (progesterone receptor)",
    "setting": "a breast-cancer Condition (SNOMED 254837009), a secondary malignant neoplasm Condition or a stage"
    " group Observation, and any breast-surgery Procedure",
    "size": "an Observation with LOINC 21889-1 (tumor size) or a T category (LOINC 21905-5 or 21899-0)",
    "nodes": "an N category Observation (LOINC 21906-3 clinical or 21900-6 pathological)",
    "menopause": "an Observation or Condition stating menopausal status (SNOMED 22636003 or 76498008)",
    "medications": "the MedicationRequest, MedicationStatement and MedicationAdministration resources (trastuzumab,"
    " RxNorm 224905)",
    "onset": "the secondary malignant neoplasm Condition with its onsetDateTime",
}
# T category -> the largest size it allows (T3 has no upper bound: just above 5 cm); Tis, T0 and T4 give no size
T_SIZES = {"T1": 2.0, "T2": 5.0, "T3": 5.1}


def case_values(name: str) -> tuple[str, ...]:
    """The values the case allows for a choice field (from the one table of case fields)."""
    return tuple(value for value, _ in CASE_FIELDS[name].choices)


def _when(f: Finding) -> str:
    return f.when.isoformat() if f.when else "undated"


class _Mapper:
    def __init__(self, record: Record, as_of: dt.date) -> None:
        self.record, self.as_of = record, as_of
        self.fields: dict[str, Any] = {}
        self.provenance: list[FieldSource] = []
        self.missing: list[MissingInput] = []
        self.notes: list[str] = []

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
        found = sorted(
            self.record.of("her2_ihc", "her2_ish", "her2_interpretation"),
            key=lambda f: (f.when or dt.date.min, f.kind != "her2_ihc"),  # on one day ISH settles IHC
        )
        if not found:
            send = "the answer assumes HER2-positive disease until one is sent: " + SEND["her2"]
            self.lack("her2_status", "HER2 status", send)
            return
        results = [(f, _her2_result(f)) for f in found]
        last, result = results[-1]
        decided = {r for _, r in results if r != "equivocal"}
        if len(decided) > 1:
            listed = "; ".join(f"{r} ({f.resource}, {_when(f)})" for f, r in results)
            self.notes.append(f"HER2 results disagree: {listed}. The latest, {result}, is used.")
        note = f"{codes.MARKER_WORDS[last.kind]} ({last.words}) on {_when(last)}"
        ihc = [f for f in found if f.kind == "her2_ihc" and f.value[1] is not None]
        if result == "negative" and ihc and ihc[-1].value[1] in (1, 2):
            if "low" in case_values("her2_status"):
                result = "low"
            else:
                note += (
                    f"; IHC {ihc[-1].value[1]}+ without amplification is HER2-low, which is not yet in this"
                    " knowledge base's scope: it counts as HER2-negative here"
                )
        self.put("her2_status", result, last, note)

    def hormone_receptors(self) -> None:
        er, pr = self.latest("er"), self.latest("pr")
        said = "; ".join(
            f"{codes.MARKER_WORDS[f.kind]} {f.value[0]} ({f.resource}, {_when(f)})" for f in (er, pr) if f is not None
        )
        status = [f.value[0] for f in (er, pr) if f is not None]
        if "positive" in status:
            source = er if er is not None and er.value[0] == "positive" else pr
            self.put("hormone_receptor_status", "positive", source, f"positive if either receptor is: {said}")
        elif status == ["negative", "negative"]:
            self.put("hormone_receptor_status", "negative", er, f"both receptors negative: {said}")
        else:
            self.put(
                "hormone_receptor_status",
                "unknown",
                er or pr,
                f"the record does not settle it: {said or 'no receptor results'}",
            )
            for f, key, what in ((er, "er", "estrogen receptor status"), (pr, "pr", "progesterone receptor status")):
                if f is None:
                    self.lack("hormone_receptor_status", what, SEND[key])

    def metastasis(self) -> list[Finding]:
        """The findings of metastatic disease, oldest first: the first dates it."""
        found = self.record.of("secondary", "stage_iv") + [f for f in self.record.of("M") if f.value.startswith("M1")]
        return sorted(found, key=lambda f: f.when or dt.date.min)

    def setting(self) -> str | None:
        metastatic = self.metastasis()
        if metastatic:
            first = metastatic[0]
            self.put("setting", "metastatic", first, f"{first.words} ({_when(first)})")
            return "metastatic"
        surgery = self.latest("surgery")
        if surgery is not None:
            self.put("setting", "adjuvant", surgery, f"breast surgery ({surgery.value}) on {_when(surgery)}")
            return "adjuvant"
        breast = self.latest("breast")
        if breast is not None:
            note = f"breast cancer, no breast surgery on or before {self.as_of.isoformat()}"
            self.put("setting", "neoadjuvant", breast, note)
            return "neoadjuvant"
        self.lack("setting", "whether the cancer is early or metastatic, and whether surgery was done", SEND["setting"])
        return None

    def trastuzumab(self, setting: str | None, medications_sent: bool) -> None:
        given = self.record.of("trastuzumab")
        passed = [p.resource for p in self.record.passed if p.kind == "trastuzumab"]
        # a do-not-give order (or a record in error) is not a dose: say it was seen and not counted
        aside = f" ({', '.join(passed)} passed over: see the notes)" if passed else ""
        if not given and not medications_sent:
            self.put("prior_trastuzumab", False, None, "no medication history was sent: taken as none")
            self.lack("prior_trastuzumab", "trastuzumab history", SEND["medications"])
        elif not given:
            self.put("prior_trastuzumab", False, None, f"no trastuzumab given in the medication history sent{aside}")
        else:
            last = given[-1]
            self.put("prior_trastuzumab", True, last, f"trastuzumab ({last.words}), last on {_when(last)}")
        if setting != "metastatic":
            return
        metastatic = self.metastasis()[0]
        onset = metastatic.when
        if not given:
            self.put("metastatic_line", "first", metastatic, "no trastuzumab given in the record: taken as first line")
            return
        if onset is None:
            self.lack("metastatic_line", "whether treatment has been given for metastatic disease", SEND["onset"])
            return
        after = [f for f in given if f.when is not None and f.when >= onset]
        before = [f for f in given if f.when is not None and f.when < onset]
        if after:
            self.put("metastatic_line", "pretreated", after[0], f"trastuzumab on {_when(after[0])}, after metastasis")
        else:
            self.put("metastatic_line", "first", metastatic, f"no trastuzumab since metastasis on {onset.isoformat()}")
        if before and before[-1].when is not None:
            months = _months(before[-1].when, onset)
            note = f"from the last trastuzumab ({_when(before[-1])}) to metastasis ({onset.isoformat()})"
            self.put("months_since_trastuzumab", months, before[-1], note)

    def size_and_nodes(self) -> None:
        size, t = self.latest("size"), self.latest("T")
        if size is not None:
            self.put("tumor_size_cm", round(size.value, 2), size, f"tumor size on {_when(size)}")
        elif t is not None and t.value[:2] in T_SIZES:
            note = f"T category {t.value} on {_when(t)}: taken as {T_SIZES[t.value[:2]]} cm, the largest it allows"
            self.put(
                "tumor_size_cm", T_SIZES[t.value[:2]], t, note + (" (T3 is above 5 cm)" if t.value[:2] == "T3" else "")
            )
        else:
            self.lack("tumor_size_cm", "tumor size", SEND["size"])
        n = self.latest("N")
        if n is None or n.value.startswith("NX"):
            self.put("node_status", "unknown", n, "no N category in the record")
            self.lack("node_status", "lymph-node status", SEND["nodes"])
        else:
            value = "negative" if n.value.startswith("N0") else "positive"
            self.put("node_status", value, n, f"N category {n.value} on {_when(n)}")

    def person(self, setting: str | None) -> None:
        menopause = self.latest("menopause")
        if menopause is not None:
            self.put("menopausal_status", menopause.value, menopause, f"{menopause.words} on {_when(menopause)}")
        else:
            self.put("menopausal_status", "unknown", None, "no resource states it")
            self.lack("menopausal_status", "menopausal status", SEND["menopause"])
        # age is a case field only after surgery (a high-risk feature of the adjuvant label)
        if setting == "adjuvant" and self.record.birth_date is not None:
            age = _months(self.record.birth_date, self.as_of) // 12
            born = Finding("age", age, self.record.patient, "birthDate", self.record.birth_date)
            self.put("age_years", age, born, f"age on {self.as_of.isoformat()}")


def _her2_result(f: Finding) -> str:
    result, score = f.value
    if result is not None:
        return str(result)
    return "positive" if score == 3 else "equivocal" if score == 2 else "negative"


def _months(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (0 if end is not later)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(months, 0)


def map_resources(resources: list[Any], as_of: dt.date, medications_sent: bool = True) -> Mapping:
    """The case a patient's resources describe on `as_of`, with provenance, missing inputs and notes."""
    mapper = _Mapper(index(resources, as_of), as_of)
    mapper.notes += [passed.words() for passed in mapper.record.passed]
    mapper.her2()
    mapper.hormone_receptors()
    setting = mapper.setting()
    mapper.trastuzumab(setting, medications_sent)
    if setting in ("neoadjuvant", "adjuvant"):
        mapper.size_and_nodes()
    mapper.person(setting)
    mapper.put("as_of", as_of.isoformat(), None, "the date the case stands on")
    return Mapping(fields=mapper.fields, provenance=mapper.provenance, missing=mapper.missing, notes=mapper.notes)
