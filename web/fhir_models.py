"""The patient-view hook's request as the service reads it and the OpenAPI document states it (web/fhir_case.py
serves it, web/openapi_fhir.py documents it)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from intake import FhirCase

ALLOWED_DATE = "a date YYYY-MM-DD, not in the future (default: today)"


class PatientViewContext(BaseModel):
    """patient-view's context (CDS Hooks 2.0): the patient in view; userId and encounterId are not used."""

    model_config = ConfigDict(extra="allow", frozen=True)

    patientId: str = Field(min_length=1, max_length=64)
    userId: str | None = None
    encounterId: str | None = None


class PatientViewRequest(BaseModel):
    """A patient-view request. The record is read from `prefetch` only (keys of the discovery entry);
    fhirServer and fhirAuthorization are accepted and never used: nothing is fetched, and without a fhirServer a
    prefetch key not sent is a 412 (CDS Hooks 2.0). The date the record is read on is today, or
    `extension["her2-cds"].as_of` (YYYY-MM-DD)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    hook: Literal["patient-view"]
    hookInstance: str = Field(min_length=1, max_length=128)
    context: PatientViewContext
    prefetch: dict[str, Any] | None = Field(
        default=None,
        description="patient: a Patient; conditions, observations, medicationRequests, medicationStatements,"
        " medicationAdministrations, procedures: searchset Bundles; null where the EHR found nothing. A key not"
        " sent is a 412 without a fhirServer, else named in a card",
    )
    extension: dict[str, Any] | None = None


class FhirCaseBody(FhirCase):
    """A FHIR record's case as /api/v1/fhir/case serves it: with the disclaimer of the knowledge base serving it."""

    disclaimer: str
