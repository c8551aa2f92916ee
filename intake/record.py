"""A patient's FHIR resources sorted into dated findings: markers, staging, surgery, trastuzumab, menopause.

Each finding keeps the resource it came from (`Observation/her2-1`) and the element path, so that
every field of the case can say where it came from. Records dated after the case's date are left
out (the case stands as it was on that date). A record that negates itself or was recorded in error
(entered-in-error, refuted, cancelled, not-done, not-taken, a draft or intended one, a do-not-give
order), a diagnosis short of confirmed, or a medication proposal or plan that is no order, is never
read as a positive fact: it is passed over, and when it would have said something the
case uses, `Record.passed` says which record and why, in clinical words. A record stopped part-way
(status stopped, on-hold) still says the drug or procedure was begun, so it is read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from intake import codes
from intake import values as v

# why a status passes a record over, in a clinician's words (status of Observation, Procedure and the
# medication resources; verificationStatus of Condition)
VOID: dict[str, str] = {
    "entered-in-error": "it was recorded in error",
    "cancelled": "it was cancelled",
    "refuted": "the diagnosis was ruled out (refuted)",
    "not-done": "it was not done",
    "not-taken": "the drug was not taken",
    "draft": "it is a draft order, never made active",
    "intended": "the drug was only intended, not yet taken",
    "preparation": "it was only being prepared, not yet done",
    # a Condition's verification short of confirmed: a suspected metastasis is not metastatic disease
    "unconfirmed": "the diagnosis is not confirmed",
    "provisional": "the diagnosis is only provisional (tentative)",
    "differential": "the diagnosis is only one of a differential diagnosis",
}
# a MedicationRequest that authorizes no one to give the drug is no evidence it was given
NOT_AN_ORDER: dict[str, str] = {
    "proposal": "it is only a proposal to give the drug, not an order",
    "plan": "it is only a plan to give the drug, not an order",
    "option": "it is only an option within a group of orders, not an order",
}
DO_NOT_GIVE = "it is an order not to give the drug (doNotPerform true), which is never evidence the drug was given"
KIND_WORDS = {
    **codes.MARKER_WORDS,
    "size": "tumor size",
    "T": "T category",
    "N": "N category",
    "M": "M category",
    "stage_iv": "stage group IV",
    "secondary": "secondary malignant neoplasm",
    "breast": "breast cancer",
    "surgery": "breast surgery",
    "trastuzumab": "trastuzumab",
    "menopause": "menopausal status",
}


@dataclass(frozen=True)
class Finding:
    """One dated fact from one resource."""

    kind: str  # a codes.Marker, or "size", "T", "N", "M", "stage", "secondary", "breast", "surgery", ...
    value: Any
    resource: str
    path: str
    when: dt.date | None
    words: str = ""


@dataclass(frozen=True)
class Passed:
    """A record passed over: the resource, what it would have said (a finding kind), and why, in clinical words."""

    resource: str
    kind: str
    why: str

    def words(self) -> str:
        """The note a clinician reads: which record, what it would have said, and why it was not used."""
        return f"{self.resource} ({KIND_WORDS.get(self.kind, self.kind)}) was passed over: {self.why}."


@dataclass
class Record:
    """The findings of one patient's resources, by kind, the records passed over, and the birth date."""

    findings: list[Finding] = field(default_factory=list)
    passed: list[Passed] = field(default_factory=list)
    birth_date: dt.date | None = None
    patient: str = ""

    def of(self, *kinds: str) -> list[Finding]:
        """The findings of these kinds, oldest first (undated first)."""
        found = [f for f in self.findings if f.kind in kinds]
        return sorted(found, key=lambda f: f.when or dt.date.min)


def _label(resource: Any) -> str:
    return f"{resource.get_resource_type()}/{resource.id or '(no id)'}"


def _void(resource: Any) -> str | None:
    """Why a resource says nothing positive (its status, verification status, or a do-not-give order), or None."""
    status = getattr(resource, "status", None)
    if status in VOID:
        return f"{VOID[status]} (status {status})"
    for _, code, _ in v.codings(getattr(resource, "verificationStatus", None)):
        if code in VOID:
            return f"{VOID[code]} (verificationStatus {code})"
    if getattr(resource, "doNotPerform", None) is True:
        return DO_NOT_GIVE
    if resource.get_resource_type() == "MedicationRequest" and resource.intent in NOT_AN_ORDER:
        return f"{NOT_AN_ORDER[resource.intent]} (intent {resource.intent})"
    return None


def _observation(obs: Any, add: Any) -> None:
    when, _ = v.observation_day(obs)
    code = obs.code
    loinc = {c for s, c, _ in v.codings(code) if s == codes.LOINC}
    for key in loinc & set(codes.MARKERS):
        kind = codes.MARKERS[key]
        result = v.result_of(obs.valueCodeableConcept) or v.result_of(
            obs.interpretation[0] if obs.interpretation else None
        )
        score = v.ihc_score(obs) if kind == "her2_ihc" else None
        if result is None and score is None:
            continue
        path = "valueCodeableConcept" if v.result_of(obs.valueCodeableConcept) else "interpretation"
        add(kind, (result, score[0] if score else None), obs, score[1] if score else path, when, f"LOINC {key}")
    if codes.TUMOR_SIZE in loinc:
        size, path = v.centimetres(obs.valueQuantity), "valueQuantity"
        for i, comp in enumerate(obs.component or []):
            if size is None and v.has_code(comp.code, codes.LOINC, (codes.TUMOR_SIZE_MAX_DIMENSION,)):
                size, path = v.centimetres(comp.valueQuantity), f"component[{i}].valueQuantity"
        if size is not None:
            add("size", size, obs, path, when, f"LOINC {codes.TUMOR_SIZE}")
    for letter, group in (("T", codes.T_CATEGORY), ("N", codes.N_CATEGORY), ("M", codes.M_CATEGORY)):
        if loinc & set(group) and (cat := v.category(obs.valueCodeableConcept, letter)):
            add(letter, cat, obs, "valueCodeableConcept", when, f"LOINC {sorted(loinc & set(group))[0]}")
    if loinc & set(codes.STAGE_GROUP) and v.is_stage_iv(obs.valueCodeableConcept):
        add("stage_iv", True, obs, "valueCodeableConcept", when, "stage group IV")
    for concept, path in ((code, "code"), (obs.valueCodeableConcept, "valueCodeableConcept")):
        for system, c, _ in v.codings(concept):
            if (system, c) in codes.MENOPAUSE:
                add("menopause", codes.MENOPAUSE[(system, c)], obs, path, when, f"SNOMED {c}")


def _condition(cond: Any, add: Any) -> None:
    when = v.day(cond.onsetDateTime) or v.day(cond.recordedDate)
    path = "onsetDateTime" if v.day(cond.onsetDateTime) else "recordedDate"
    systems = v.codings(cond.code)
    profiles = [str(p) for p in (cond.meta.profile or [])] if cond.meta else []
    icd = [c for s, c, _ in systems if s in codes.ICD10]
    said = v.words(cond.code)
    secondary = (
        codes.SECONDARY_PROFILE in profiles
        or any(s == codes.SNOMED and c in codes.SECONDARY_SNOMED for s, c, _ in systems)
        or any(c.startswith(codes.SECONDARY_ICD10) for c in icd)
        or "secondary malignant" in said
        or "metastatic" in said
    )
    if secondary:
        add("secondary", True, cond, "code", when, "secondary malignant neoplasm")
    elif (
        any((s, c) in codes.BREAST_CANCER for s, c, _ in systems)
        or any(c.startswith(codes.BREAST_CANCER_ICD10) for c in icd)
        or ("breast" in said and any(w in said for w in ("malignant", "cancer", "carcinoma")))
    ):
        add("breast", True, cond, "code", when, "breast cancer")
        for i, stage in enumerate(cond.stage or []):
            if v.is_stage_iv(stage.summary):
                add("stage_iv", True, cond, f"stage[{i}].summary", when, "stage IV")
    for system, c, _ in systems:
        if (system, c) in codes.MENOPAUSE:
            add("menopause", codes.MENOPAUSE[(system, c)], cond, path, when, f"SNOMED {c}")


def _procedure(proc: Any, add: Any) -> None:
    when = v.day(proc.performedDateTime) or (v.day(proc.performedPeriod.start) if proc.performedPeriod else None)
    path = "performedDateTime" if proc.performedDateTime else "performedPeriod.start"
    for system, c, _ in v.codings(proc.code):
        if (system, c) in codes.BREAST_SURGERY:
            add("surgery", codes.BREAST_SURGERY[(system, c)], proc, path, when, f"SNOMED {c}")
            return


def _medication_day(med: Any) -> tuple[dt.date | None, str]:
    kind = med.get_resource_type()
    if kind == "MedicationRequest":
        bounds = [d.timing.repeat.boundsPeriod for d in (med.dosageInstruction or [])
                  if d.timing and d.timing.repeat and d.timing.repeat.boundsPeriod]  # fmt: skip
        ends = [e for e in (v.day(b.end) for b in bounds) if e is not None]
        if ends:
            return max(ends), "dosageInstruction.timing.repeat.boundsPeriod.end"
        return v.day(med.authoredOn), "authoredOn"
    if med.effectivePeriod is not None and (end := v.day(med.effectivePeriod.end or med.effectivePeriod.start)):
        return end, "effectivePeriod"
    if (when := v.day(med.effectiveDateTime)) is not None:
        return when, "effectiveDateTime"
    return (v.day(med.dateAsserted), "dateAsserted") if kind == "MedicationStatement" else (None, "")


def _medication(med: Any, add: Any) -> None:
    concept = med.medicationCodeableConcept
    code = v.has_code(concept, codes.RXNORM, (codes.TRASTUZUMAB_RXNORM,))
    by_name = v.names(concept, "trastuzumab") and not (v.names(concept, "emtansine") or v.names(concept, "deruxtecan"))
    if code or by_name:
        when, path = _medication_day(med)
        how = f"RxNorm {code}" if code else "named trastuzumab"
        add("trastuzumab", True, med, path or "medicationCodeableConcept", when, how)


def index(resources: list[Any], as_of: dt.date) -> Record:
    """The record of these resources as it stood on `as_of`."""
    record = Record()

    def add(kind: str, value: Any, resource: Any, path: str, when: dt.date | None, said: str) -> None:
        if when is None or when <= as_of:
            record.findings.append(Finding(kind, value, _label(resource), path, when, said))

    def passed_over(why: str) -> Any:
        def note(kind: str, value: Any, resource: Any, path: str, when: dt.date | None, said: str) -> None:
            passed = Passed(_label(resource), kind, why)
            if (when is None or when <= as_of) and passed not in record.passed:
                record.passed.append(passed)

        return note

    readers = {"Observation": _observation, "Condition": _condition, "Procedure": _procedure}
    for resource in resources:
        kind = resource.get_resource_type()
        if kind == "Patient":
            record.birth_date, record.patient = v.day(resource.birthDate), _label(resource)
            continue
        read = readers.get(kind, _medication if kind.startswith("Medication") else None)
        if read is not None:
            # a void record is read only to say what it would have said, so that the note names it
            why = _void(resource)
            read(resource, add if why is None else passed_over(why))
    return record
