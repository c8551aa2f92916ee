"""FHIR in the OpenAPI document: POST /api/v1/fhir/case, with a small Bundle as its example.

web.openapi merges these paths and models into its document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonSchemaMode

from her2_cds.intake import FhirCase
from her2_cds.intake.read import MAX_ENTRIES, READ_TYPES

Operation = Callable[[str, str, str, str, str | None, tuple[str, ...]], dict[str, Any]]

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"


class FhirBundle(BaseModel):
    """A FHIR R4 Bundle (any type): its entries' resources are read with the fhir.resources models."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": True})

    resourceType: Literal["Bundle"]
    type: str = Field(description="e.g. searchset, collection")
    entry: list[dict[str, Any]] = Field(
        default=[],
        max_length=MAX_ENTRIES,
        description=f"at most {MAX_ENTRIES}; resources read: {', '.join(READ_TYPES)} (other FHIR types are skipped)",
    )


def _coded(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}]}


EXAMPLE_BUNDLE: dict[str, Any] = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1", "birthDate": "1968-04-12"}},
        {
            "resource": {
                "resourceType": "Condition",
                "id": "met1",
                "subject": {"reference": "Patient/p1"},
                "code": _coded(SNOMED, "94225005", "Secondary malignant neoplasm of brain"),
                "onsetDateTime": "2024-06-01",
            }
        },
        {
            "resource": {
                "resourceType": "Observation",
                "id": "her2",
                "status": "final",
                "subject": {"reference": "Patient/p1"},
                "code": _coded(LOINC, "85319-2", "HER2 [Presence] in Breast cancer specimen by Immune stain"),
                "effectiveDateTime": "2024-05-20",
                "valueString": "3+",
            }
        },
        {
            "resource": {
                "resourceType": "Observation",
                "id": "er",
                "status": "final",
                "subject": {"reference": "Patient/p1"},
                "code": _coded(LOINC, "85337-4", "Estrogen receptor Ag [Presence] in Breast cancer specimen"),
                "effectiveDateTime": "2024-05-20",
                "valueCodeableConcept": _coded(SNOMED, "10828004", "Positive"),
            }
        },
    ],
}

FHIR_MODELS: list[tuple[type[BaseModel], JsonSchemaMode]] = [(FhirBundle, "validation"), (FhirCase, "serialization")]

AS_OF = {
    "name": "as_of",
    "in": "query",
    "required": False,
    "schema": {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}]},
    "description": "read the record as it stood on this date (YYYY-MM-DD, not in the future); default today."
    " Records dated later are left out",
}


def fhir_paths(op: Operation) -> dict[str, Any]:
    """The FHIR paths; `op` builds a JSON operation."""
    operation = op(
        "fhirCase", "A FHIR R4 Bundle mapped to a case",
        "The her2-cds case a patient's FHIR R4 record describes, each field with the resource (type/id) and"
        " element path it came from; what the record lacks, in clinical words, with the resource that would"
        " settle it; notes where results disagree (the latest is used). case is null when the record does not"
        f" give a full case, and problems says why. Bad FHIR (a malformed resource, a wrong resourceType, more"
        f" than {MAX_ENTRIES} entries) is a 422 whose errors name each resource and path. Nothing is fetched.",
        "FhirCase", "FhirBundle", ("400", "413", "415", "422"),
    )  # fmt: skip
    operation["requestBody"]["content"]["application/json"]["example"] = EXAMPLE_BUNDLE
    operation["parameters"] = [AS_OF]
    return {"/api/v1/fhir/case": {"post": operation}}
