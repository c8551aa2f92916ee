"""A patient's FHIR resources sorted into dated findings (intake.findings): markers, staging, grade, metastases,
lymph-node disease, surgery, drugs, menopause.

Records dated after the case's date are left out (the case stands as it was on that date); a drug course
still under way on that date counts, its last day being that date. A record that negates itself or was
recorded in error (entered-in-error, refuted, cancelled, not-done, not-taken, a draft or intended one, a
do-not-give order), a diagnosis short of confirmed, or a medication proposal or plan that is no order, is
never read as a positive fact: it is passed over, and when it would have said something the case uses,
`Record.passed` says which record and why. A record stopped part-way (stopped, on-hold) still says the
drug or procedure was begun, so it is read. Metastatic disease is read from codes only, never from free
text, and lymph-node disease is not metastatic disease (intake.conditions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from engine.record_says import NOT_ORDERS, PASSED_STATUSES
from intake import codes
from intake import values as v
from intake.conditions import read_condition
from intake.findings import Finding, Passed, Record
from intake.observations import read_observation

# the statuses that pass a record over (status of Observation, Procedure and the medication resources; a Condition's
# verificationStatus short of confirmed: a suspected metastasis is not metastatic disease), and the MedicationRequest
# intents that authorize no one to give the drug; each one, and a do-not-give order, is said by its [passed_over]
# sentence
VOID = frozenset(PASSED_STATUSES)
NOT_AN_ORDER = frozenset(NOT_ORDERS)
DO_NOT_GIVE = "do_not_give"
ONGOING = frozenset({"active", "in-progress", "on-hold"})  # a course that may still be under way
Add = Callable[..., None]
Lookup = Callable[[Any, str], Any]


def label(resource: Any) -> str:
    """A resource as findings name it: `Observation/her2-1`."""
    return f"{resource.get_resource_type()}/{resource.id or '(no id)'}"


def _void(resource: Any) -> tuple[str, str] | None:
    """Why a resource says nothing positive (its status, verification status, or a do-not-give order), or None: the
    reason ([passed_over]) and the element that gives it ("" for none)."""
    status = getattr(resource, "status", None)
    if status in VOID:
        return status, "status"
    for _, code, _ in v.codings(getattr(resource, "verificationStatus", None)):
        if code in VOID:
            return code, "verificationStatus"
    if getattr(resource, "doNotPerform", None) is True:
        return DO_NOT_GIVE, ""
    if resource.get_resource_type() == "MedicationRequest" and resource.intent in NOT_AN_ORDER:
        return resource.intent, "intent"
    return None


def _procedure(proc: Any, add: Add) -> None:
    when = v.day(proc.performedDateTime) or (v.day(proc.performedPeriod.start) if proc.performedPeriod else None)
    path = "performedDateTime" if proc.performedDateTime else "performedPeriod.start"
    for system, c, _ in v.codings(proc.code):
        if (system, c) in codes.BREAST_SURGERY:
            name = "CPT" if system == codes.CPT else "SNOMED"
            add("surgery", codes.BREAST_SURGERY[(system, c)], proc, path, when, f"{name} {c}")
            return


def _medication_days(med: Any, as_of: dt.date) -> tuple[dt.date | None, dt.date | None, str]:
    """(first day given, last day given on or before `as_of`, the element): an ongoing course's last day is
    `as_of`; a course ended later was still under way on `as_of`."""
    kind = med.get_resource_type()
    if kind == "MedicationRequest":
        bounds = [d.timing.repeat.boundsPeriod for d in (med.dosageInstruction or [])
                  if d.timing and d.timing.repeat and d.timing.repeat.boundsPeriod]  # fmt: skip
        starts = [s for s in (v.day(b.start) for b in bounds) if s is not None]
        ends = [e for e in (v.day(b.end) for b in bounds) if e is not None]
        start = min(starts) if starts else v.day(med.authoredOn)
        path = "dosageInstruction.timing.repeat.boundsPeriod" if starts else "authoredOn"
        end = max(ends) if ends else (as_of if med.status in ONGOING and starts else start)
    elif med.effectivePeriod is not None and (start := v.day(med.effectivePeriod.start or med.effectivePeriod.end)):
        path = "effectivePeriod"
        end = v.day(med.effectivePeriod.end) or (as_of if med.status in ONGOING else start)
    elif (start := v.day(med.effectiveDateTime)) is not None:
        path, end = "effectiveDateTime", start
    elif kind == "MedicationStatement" and (start := v.day(med.dateAsserted)) is not None:
        path, end = "dateAsserted", start
    else:
        return None, None, ""
    if start is not None and end is not None and end > as_of:
        end = as_of
    return start, end, path


def _drug(concept: Any) -> tuple[str, str] | None:
    """(kind, how it was known) of a medication: trastuzumab, chemotherapy or endocrine therapy."""
    if code := v.has_code(concept, codes.RXNORM, codes.TRASTUZUMAB_RXNORM):
        return "trastuzumab", f"RxNorm {code}"
    if v.names(concept, *codes.TRASTUZUMAB_NAMES) and not v.names(concept, *codes.NOT_TRASTUZUMAB):
        return "trastuzumab", "named trastuzumab"
    if name := v.names(concept, *codes.CHEMOTHERAPY):
        return "chemotherapy", name
    if name := v.names(concept, *codes.ENDOCRINE):
        return "endocrine", name
    return None


def _medication(med: Any, add: Add, as_of: dt.date, medications: Lookup) -> None:
    concept, where = med.medicationCodeableConcept, "medicationCodeableConcept"
    reference = med.medicationReference.reference if med.medicationReference is not None else None
    if concept is None and reference and (named := medications(med, reference)) is not None:
        concept, where = named.code, f"medicationReference ({reference[:80]})"
    drug = _drug(concept)
    if drug is None:
        return
    start, last, path = _medication_days(med, as_of)
    add(drug[0], True, med, path or where, start, drug[1], last)


def _always(sink: Add) -> Callable[[str], Add]:
    """A note-maker that gives `sink` whatever the reason (a void record's findings are all passed over)."""

    def note(reason: str) -> Add:
        return sink

    return note


def _none(resource: Any, reference: str) -> None:
    return None


def index(resources: list[Any], as_of: dt.date, medications: Lookup = _none) -> Record:
    """The record of these resources as it stood on `as_of`; `medications(resource, reference)` is the
    Medication a resource's medicationReference names, if it was sent."""
    record = Record()

    def add(kind: str, value: Any, resource: Any, path: str, when: dt.date | None, said: str, last: Any = None) -> None:
        if when is None or when <= as_of:
            record.findings.append(Finding(kind, value, label(resource), path, when, said, last))

    def passed_over(reason: str, element: str = "") -> Add:
        def note(kind: str, value: Any, resource: Any, path: str, when: dt.date | None, *_: Any) -> None:
            passed = Passed(label(resource), kind, reason, element)
            if (when is None or when <= as_of) and passed not in record.passed:
                record.passed.append(passed)

        return note

    # the birth date first: a Condition's onset may be given as an age
    born = next((v.day(r.birthDate) for r in resources if r.get_resource_type() == "Patient"), None)
    for resource in resources:
        kind = resource.get_resource_type()
        if kind == "Patient":
            record.birth_date, record.patient = v.day(resource.birthDate), label(resource)
            record.gender = resource.gender
            continue
        why = _void(resource)
        # a void record is read only to say what it would have said, so that the note names it
        sink = add if why is None else passed_over(*why)
        if kind == "Observation":
            read_observation(resource, sink)
        elif kind == "Condition":
            read_condition(resource, sink, passed_over if why is None else _always(sink), born)
        elif kind == "Procedure":
            _procedure(resource, sink)
        elif kind.startswith("Medication") and kind != "Medication":
            record.medications += 1
            _medication(resource, sink, as_of, medications)
    return record
