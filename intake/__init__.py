"""Records in: a patient's FHIR R4 resources (a Bundle, or a CDS Hooks prefetch) mapped to a her2-cds case.

Its own package because it sits before the engine in the data flow (record -> case -> answer) and
carries a FHIR model library the engine does not need: the engine stays free of FHIR, and the web
layer only calls `case_from_bundle` or `case_from_prefetch`. Needs the `serve` extra (fhir.resources).

One pass, each step its own module and none going back: check (intake.check: the published schema,
bounded) -> read (intake.read: the models, once) -> one patient (intake.patient) -> findings by kind
(intake.record) -> the case (intake.mapping).

Educational use only, not for clinical decisions.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from engine import Case, CaseError, FieldError, parse_case
from engine.loader import KnowledgeBase
from intake.check import check_bundle, check_prefetch, outcome
from intake.mapping import FieldSource, MissingInput, map_record
from intake.patient import one_patient
from intake.prefetch import PREFETCH
from intake.problems import FhirInputError, FhirProblem
from intake.read import Entries, outcome_words, read_bundle, read_resource
from intake.record import index
from intake.schema import prefetch_kinds

__all__ = [
    "PREFETCH",
    "FhirCase",
    "FhirInputError",
    "FhirProblem",
    "case_from_bundle",
    "case_from_prefetch",
    "check_prefetch",
    "problems_as_errors",
    "read_prefetch",
]
MEDICATION_KEYS = frozenset({"medicationRequests", "medicationStatements", "medicationAdministrations"})


class FhirCase(BaseModel):
    """The case a FHIR record describes, with where each field came from and what the record lacks.

    `case` is None when the record does not give enough for a case; `problems` then says why. `conflicts`
    names results that disagree, for a person to settle.
    `other_patients` names, by path, each resource about someone else: then nothing of the record is read.
    """

    case: Case | None
    problems: list[FieldError]
    provenance: list[FieldSource]
    missing: list[MissingInput]
    notes: list[str]
    conflicts: list[str] = []
    other_patients: list[FieldError] = []
    missing_prefetch: list[str] = []


def _build(
    entries: Entries,
    as_of: dt.date,
    kb: KnowledgeBase,
    missing_prefetch: list[str],
    patient_id: str | None,
) -> FhirCase:
    if others := one_patient(entries, patient_id):
        errors = problems_as_errors(others)
        note = kb.words.record_note("other_patient")
        return FhirCase(case=None, problems=errors, provenance=[], missing=[], notes=[note], other_patients=errors)
    medications_sent = not set(missing_prefetch) >= MEDICATION_KEYS
    mapping = map_record(index(entries.resources, as_of, entries.medication), as_of, kb.words, medications_sent)
    try:
        case: Case | None = parse_case(mapping.fields, checks=kb.case_checks)
        problems: list[FieldError] = []
    except CaseError as exc:
        case, problems = None, exc.errors
    return FhirCase(
        case=case,
        problems=problems,
        provenance=mapping.provenance,
        missing=mapping.missing,
        notes=[*entries.notes, *entries.unread_note, *mapping.notes],
        conflicts=mapping.conflicts,
        missing_prefetch=missing_prefetch,
    )


def case_from_bundle(bundle: object, as_of: dt.date, kb: KnowledgeBase) -> FhirCase:
    """The case of a FHIR Bundle on `as_of`, checked by the answering knowledge base `kb` (its contradictions) and
    noted in its words; FhirInputError names every resource and path that is wrong."""
    check_bundle(bundle)
    assert isinstance(bundle, dict)
    return _build(read_bundle(bundle, Entries(kb.words.record_read)), as_of, kb, [], None)


def case_from_prefetch(prefetch: object, as_of: dt.date, kb: KnowledgeBase, patient_id: str | None = None) -> FhirCase:
    """The case of a CDS Hooks prefetch (keys of PREFETCH) for the patient in context. A null key means the EHR
    found nothing (CDS Hooks 2.0); a key not sent, or an OperationOutcome (the EHR could not fetch it), is
    listed in `missing_prefetch`, never fetched."""
    check_prefetch({} if prefetch is None else prefetch)
    return read_prefetch(prefetch, as_of, kb, patient_id)


def read_prefetch(prefetch: object, as_of: dt.date, kb: KnowledgeBase, patient_id: str | None = None) -> FhirCase:
    """The case of a prefetch already checked (intake.check.check_prefetch): case_from_prefetch's second half."""
    prefetch = {} if prefetch is None else prefetch
    assert isinstance(prefetch, dict)
    entries = Entries(kb.words.record_read)
    for key, value in prefetch.items():
        if key not in PREFETCH or value is None:
            continue  # a key this service did not ask for is the EHR's business; null: nothing found
        if outcome(value):
            outcome_said = outcome_words(value, entries.says)
            entries.notes.append(kb.words.record_note("could_not_fetch", key=key, outcome=outcome_said))
        elif key == "patient":
            resource = read_resource(value, "prefetch.patient", entries)
            entries.read.append(("prefetch.patient", resource))
            entries.patients.append(("prefetch.patient", str(value.get("id")), None))
        else:
            read_bundle(value, entries, f"prefetch.{key}", prefetch_kinds(key))
    absent = [key for key in PREFETCH if key not in prefetch or outcome(prefetch[key])]
    return _build(entries, as_of, kb, absent, patient_id)


def absent_keys(prefetch: object) -> list[str]:
    """The prefetch keys not sent (nor null): what a service without a FHIR server cannot obtain."""
    given = prefetch if isinstance(prefetch, dict) else {}
    return [key for key in PREFETCH if key not in given]


def problems_as_errors(problems: list[FhirProblem]) -> list[FieldError]:
    """FHIR problems in the app's error shape: `field` is the JSON path in the body, and `message` names the
    resource and the element, so that a field cut short in an error still leaves the message whole."""
    errors = []
    for p in problems:
        element = "" if p.path.startswith("(") else p.path
        field = ".".join(part for part in (p.at, element) if part) or "(body)"
        errors.append(FieldError(field=field, message=f"{p.resource}, {p.path}: {p.message}"))
    return errors
