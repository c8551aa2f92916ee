"""The patient-view service's prefetch: the FHIR queries its discovery entry asks the EHR to run."""

from __future__ import annotations

# The patient-view service's prefetch: key -> (FHIR query template, what it brings, in words).
# Conditions, medications and procedures are asked for whole, not by code: records code breast cancer,
# its metastases and trastuzumab products in many ways, and the mapping recognises them itself.
PREFETCH: dict[str, tuple[str, str]] = {
    "patient": ("Patient/{{context.patientId}}", "the patient (birth date)"),
    "conditions": ("Condition?patient={{context.patientId}}", "breast cancer and its metastases"),
    "observations": (
        "Observation?patient={{context.patientId}}&code=http://loinc.org|85319-2,http://loinc.org|85318-4,"
        "http://loinc.org|48676-1,http://loinc.org|85337-4,http://loinc.org|16112-5,http://loinc.org|85339-0,"
        "http://loinc.org|16113-3,http://loinc.org|21889-1,http://loinc.org|21905-5,http://loinc.org|21899-0,"
        "http://loinc.org|21906-3,http://loinc.org|21900-6,http://loinc.org|21907-1,http://loinc.org|21901-4,"
        "http://loinc.org|21908-9,http://loinc.org|21902-2",
        "HER2, estrogen and progesterone receptor results, tumor size and TNM staging",
    ),
    "medicationRequests": ("MedicationRequest?patient={{context.patientId}}", "trastuzumab orders"),
    "medicationStatements": ("MedicationStatement?patient={{context.patientId}}", "trastuzumab history"),
    "medicationAdministrations": ("MedicationAdministration?patient={{context.patientId}}", "trastuzumab doses"),
    "procedures": ("Procedure?patient={{context.patientId}}", "breast surgery"),
}
