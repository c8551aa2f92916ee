"""Records in: a patient's FHIR R4 resources (a Bundle, or a CDS Hooks prefetch) mapped to a her2-cds case.

Its own package because it sits before the engine in the data flow (record -> case -> answer) and
carries a FHIR model library the engine does not need: the engine stays free of FHIR, and the web
layer only calls `case_from_bundle` or `case_from_prefetch`. Needs the `serve` extra (fhir.resources).

Educational use only, not for clinical decisions.
"""

from __future__ import annotations

import datetime as dt

from fhir.resources.R4B.resource import Resource
from pydantic import BaseModel

from engine import DISCLAIMER, Case, CaseError, FieldError, parse_case
from intake.check import check_bundle, check_prefetch
from intake.mapping import FieldSource, MissingInput, map_resources
from intake.prefetch import PREFETCH
from intake.read import FhirInputError, FhirProblem, read_bundle, read_resource
from intake.schema import prefetch_type

__all__ = [
    "PREFETCH",
    "FhirCase",
    "FhirInputError",
    "FhirProblem",
    "case_from_bundle",
    "case_from_prefetch",
    "problems_as_errors",
]


class FhirCase(BaseModel):
    """The case a FHIR record describes, with where each field came from and what the record lacks.

    `case` is None when the record does not give enough for a case; `problems` then says why.
    """

    case: Case | None
    problems: list[FieldError]
    provenance: list[FieldSource]
    missing: list[MissingInput]
    notes: list[str]
    missing_prefetch: list[str] = []
    disclaimer: str = DISCLAIMER


def _build(resources: list[Resource], as_of: dt.date, missing_prefetch: list[str]) -> FhirCase:
    medications_sent = not {"medicationRequests", "medicationStatements", "medicationAdministrations"} <= set(
        missing_prefetch
    )
    mapping = map_resources(resources, as_of, medications_sent)
    try:
        case: Case | None = parse_case(mapping.fields)
        problems: list[FieldError] = []
    except CaseError as exc:
        case, problems = None, exc.errors
    return FhirCase(
        case=case,
        problems=problems,
        provenance=mapping.provenance,
        missing=mapping.missing,
        notes=mapping.notes,
        missing_prefetch=missing_prefetch,
    )


def case_from_bundle(bundle: object, as_of: dt.date) -> FhirCase:
    """The case of a FHIR Bundle on `as_of`; FhirInputError names every resource and path that is wrong."""
    check_bundle(bundle)
    assert isinstance(bundle, dict)
    return _build(read_bundle(bundle), as_of, [])


def case_from_prefetch(prefetch: object, as_of: dt.date) -> FhirCase:
    """The case of a CDS Hooks prefetch (keys of PREFETCH); absent or null keys are listed, never fetched."""
    if prefetch is None:
        prefetch = {}
    check_prefetch(prefetch)
    assert isinstance(prefetch, dict)
    resources: list[Resource] = []
    for key, value in prefetch.items():
        if key not in PREFETCH or value is None:
            continue  # a key this service did not ask for is the EHR's business
        if key == "patient":
            resources.append(read_resource(value, "prefetch.patient"))
        else:
            resources += read_bundle(value, f"prefetch.{key}", (prefetch_type(key),))
    absent = [key for key in PREFETCH if prefetch.get(key) is None]
    return _build(resources, as_of, absent)


def problems_as_errors(problems: list[FhirProblem]) -> list[FieldError]:
    """FHIR problems in the app's error shape: `field` is the JSON path in the body, and `message` names the
    resource and the element, so that a field cut short in an error still leaves the message whole."""
    errors = []
    for p in problems:
        element = "" if p.path.startswith("(") else p.path
        field = ".".join(part for part in (p.at, element) if part) or "(body)"
        errors.append(FieldError(field=field, message=f"{p.resource}, {p.path}: {p.message}"))
    return errors
