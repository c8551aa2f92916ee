"""One patient: every resource read must be about the patient in context (a CDS Hooks request's patientId, or
a Bundle's one Patient). A resource about another patient is named by its path and nothing of the record is
read, never merged; so is a Bundle holding two patients. (Well-formed FHIR, so not a 422: the answer says
which resources are someone else's.) A resource that names no subject is taken as the record's (a prefetch query
was for this patient; FHIR lets an Observation leave its subject out).
"""

from __future__ import annotations

from intake.problems import FhirProblem
from intake.read import Entries


def _refers_to(reference: str, names: set[str], patient_id: str) -> bool:
    """`Patient/id`, an absolute URL ending so, or the Patient entry's fullUrl."""
    return reference in names or reference.endswith(f"/Patient/{patient_id}")


def one_patient(entries: Entries, patient_id: str | None = None) -> list[FhirProblem]:
    """Every resource about someone else than the record's patient (or a second Patient), by path."""
    problems: list[FhirProblem] = []
    names: set[str] = set()
    for where, rid, full_url in entries.patients:
        patient_id = rid if patient_id is None else patient_id
        if rid != patient_id:
            message = entries.says("another_patient", patient=patient_id[:64])
            problems.append(FhirProblem(resource=f"Patient/{rid[:64]}", at=where, path="id", message=message))
        else:
            names |= {f"Patient/{rid}", *([full_url] if full_url else [])}
    for where, label, reference in entries.subjects:
        if reference is None or label.startswith("Patient"):
            continue
        if patient_id is None:  # no Patient and no patient in context: the first subject is the record's
            patient_id = reference.rsplit("/", 1)[-1]
            names = {reference}
        if _refers_to(reference, names or {f"Patient/{patient_id}"}, patient_id):
            continue
        message = entries.says("someone_else", reference=repr(reference[:80]), patient=patient_id[:64])
        problems.append(FhirProblem(resource=label, at=where, path="subject.reference", message=message))
    return problems[:50]
