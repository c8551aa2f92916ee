"""FHIR in the OpenAPI document: POST /api/v1/fhir/case and the patient-view service, with small records as
examples, and the CORS preflight and headers of every CDS Hooks path.

web.openapi merges these paths and models into its document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode

from intake import PREFETCH
from intake.schema import MAX_ENTRIES, REF, definitions
from render.cds_fhir import SERVICE_ID
from web.cds_hooks import CORS_HEADERS
from web.fhir_models import ALLOWED_DATE, FhirCaseBody, PatientViewRequest

Operation = Callable[[str, str, str, str, str | None, tuple[str, ...]], dict[str, Any]]

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"


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


def _searchset(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in resources]}


_PATIENT, _MET, _HER2, _ER = (entry["resource"] for entry in EXAMPLE_BUNDLE["entry"])
EXAMPLE_PATIENT_VIEW: dict[str, Any] = {
    "hook": "patient-view",
    "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
    "context": {"patientId": "p1", "userId": "Practitioner/teacher"},
    "prefetch": {
        "patient": _PATIENT,
        "conditions": _searchset(_MET),
        "observations": _searchset(_HER2, _ER),
        "medicationRequests": _searchset(),
        "medicationStatements": _searchset(),
        "medicationAdministrations": _searchset(),
        "procedures": _searchset(),
    },
    "extension": {"her2-cds": {"as_of": "2025-01-15"}},
}

# CDS Hooks 2.0: without a FHIR server to fetch from, every prefetch key must be sent (null where the EHR found
# nothing); otherwise the answer is a 412 (web.fhir_case)
PRECONDITION: dict[str, Any] = {
    "anyOf": [
        {"required": ["fhirServer"], "properties": {"fhirServer": {"type": "string", "minLength": 1}}},
        {"required": ["prefetch"], "properties": {"prefetch": {"type": "object", "required": list(PREFETCH)}}},
    ],
    "description": "a fhirServer, or every prefetch key of the discovery entry (else 412)",
}
FHIR_MODELS: list[tuple[type[BaseModel], JsonSchemaMode]] = [
    (FhirCaseBody, "serialization"),
    (PatientViewRequest, "validation"),
]

AS_OF = {
    "name": "as_of",
    "in": "query",
    "required": False,
    "schema": {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}]},
    "description": "read the record as it stood on this date (YYYY-MM-DD, not in the future); default today."
    " Records dated later are left out",
}


def fhir_schemas(defs: dict[str, Any], past_date: dict[str, Any]) -> None:
    """The FHIR the two operations read, as the server checks it (intake.schema): the Bundle, and the
    patient-view request with its prefetch and the date it is read on (`past_date`: not in the future)."""
    defs.update(definitions())
    request = defs["PatientViewRequest"]
    request["properties"]["prefetch"] = {
        "anyOf": [{"$ref": REF.format("FhirPrefetch")}, {"type": "null"}],
        "description": defs["FhirPrefetch"]["description"],
    }
    as_of = {
        "anyOf": [past_date, {"type": "string", "maxLength": 0}, {"type": "null"}],
        "description": ALLOWED_DATE,
    }
    # extension["her2-cds"] is read only when it is an object; anything else there is passed over
    ours = {"if": {"type": "object"}, "then": {"properties": {"as_of": as_of}}}
    extension = {"type": "object", "properties": {"her2-cds": ours}}
    request["properties"]["extension"] = {
        "anyOf": [extension, {"type": "null"}],
        "description": 'extensions; extension["her2-cds"].as_of is the date the record is read on',
    }


def fhir_paths(op: Operation) -> dict[str, Any]:
    """The FHIR paths; `op` builds a JSON operation."""
    operation = op(
        "fhirCase", "A FHIR R4 Bundle mapped to a case",
        "The her2-cds case a patient's FHIR R4 record describes, each field with the resource (type/id) and"
        " element path it came from; what the record lacks, in clinical words, with the resource that would"
        " settle it; HER2 results that disagree (conflicts; a positive one counts). case is null when the record"
        f" does not give a full case, and problems says why. Bad FHIR (a malformed resource, a wrong resourceType, more"
        f" than {MAX_ENTRIES} entries) is a 422 whose errors name each resource and path. The elements read are"
        " checked whole; other elements of each resource are passed over (their names checked, not their"
        " content). Nothing is fetched.",
        "FhirCaseBody", "FhirBundle", ("400", "413", "415", "422"),
    )  # fmt: skip
    content = operation["requestBody"]["content"]
    content["application/json"]["example"] = EXAMPLE_BUNDLE
    content["application/fhir+json"] = content["application/json"]  # FHIR's own media type, the same body
    operation["parameters"] = [AS_OF]
    hook = op(
        "cdsPatientView", "CDS Hooks patient-view: cards for the patient in view",
        "The standard patient-view hook (CDS Hooks 2.0). The patient's FHIR R4 record comes as prefetch (the"
        " templates are in the discovery entry); nothing is fetched: a key not sent is a 412 without a"
        " fhirServer (null means the EHR found nothing), and gets a card naming the prefetch to send with one."
        " The cards: how the record became a case (each value with its resource), what it lacks and which"
        " resource would settle it, HER2 results that disagree (a positive one counts), then one card per"
        " option of the engine's answer, exactly as the custom hook gives them. Bad FHIR is a 422 naming each"
        " resource and path; each prefetch Bundle is read for the type its query asks for. A prefetch whose Patient"
        " is not the patient in context gets one critical card and nothing is read. The record is read as of"
        " today, or extension[\"her2-cds\"].as_of.",
        "CdsResponse", "PatientViewRequest", ("400", "412", "413", "415", "422"),
    )  # fmt: skip
    body = hook["requestBody"]["content"]["application/json"]
    body["example"] = EXAMPLE_PATIENT_VIEW
    body["schema"] = {"allOf": [body["schema"], PRECONDITION]}
    return {"/api/v1/fhir/case": {"post": operation}, f"/cds-services/{SERVICE_ID}": {"post": hook}}


_HEADER_TEXT = {
    "Access-Control-Allow-Origin": "any origin: CDS Hooks clients run in the EHR's browser page",
    "Access-Control-Allow-Headers": "the bearer token and JSON bodies",
    "Access-Control-Allow-Methods": "the methods of the CDS Hooks routes",
    "Access-Control-Max-Age": "seconds a browser may cache the preflight",
}
CORS_RESPONSE_HEADERS: dict[str, Any] = {
    name: {"description": text, "schema": {"type": "string"}, "example": CORS_HEADERS[name]}
    for name, text in _HEADER_TEXT.items()
}


def add_cors(paths: dict[str, Any]) -> None:
    """Document CORS on the CDS Hooks paths: the headers on every response, and the preflight OPTIONS."""
    for path, item in paths.items():
        if not path.startswith("/cds-services"):
            continue
        for operation in item.values():
            for response in operation["responses"].values():
                if "$ref" not in response:
                    response["headers"] = CORS_RESPONSE_HEADERS
        # a preflight is answered before any service is looked up: any id
        in_path = [
            {**p, "schema": {"type": "string"}, "description": "any service id"}
            for op in item.values()
            for p in op.get("parameters", [])
            if p["in"] == "path"
        ]
        item["options"] = {
            **({"parameters": in_path} if in_path else {}),
            "operationId": "cdsPreflight" + "".join(w.title() for w in re.findall(r"[A-Za-z0-9]+", path)[1:]),
            "summary": "CORS preflight",
            "description": "A browser's preflight before a cross-origin request: 200, no body, the CORS headers.",
            "responses": {"200": {"description": "OK: the request may be sent", "headers": CORS_RESPONSE_HEADERS}},
        }
