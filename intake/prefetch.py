"""The patient-view service's prefetch: the FHIR queries its discovery entry asks the EHR to run.

The Observation query names every code the mapping reads as an Observation's code (intake.codes), by LOINC and by
SNOMED CT, so that a conformant EHR sends everything the mapping reads; conditions, medications and procedures are
asked for whole, not by code: records code breast cancer, its metastases and the drugs in many ways, and the
mapping recognises them itself.
"""

from __future__ import annotations

from intake import codes

_LOINC = sorted({*codes.MARKERS, codes.TUMOR_SIZE, codes.GRADE_LOINC, *codes.STAGE_GROUP, *codes.T_CATEGORY,
                 *codes.N_CATEGORY, *codes.M_CATEGORY})  # fmt: skip
_SNOMED = sorted({*codes.STAGE_GROUP_SNOMED, *codes.T_CATEGORY_SNOMED, *codes.N_CATEGORY_SNOMED,
                  *codes.M_CATEGORY_SNOMED, *(code for _, code in codes.MENOPAUSE)})  # fmt: skip
OBSERVATION_CODES = ",".join([f"{codes.LOINC}|{c}" for c in _LOINC] + [f"{codes.SNOMED}|{c}" for c in _SNOMED])

# key -> (FHIR query template, what it brings, in words)
PREFETCH: dict[str, tuple[str, str]] = {
    "patient": ("Patient/{{context.patientId}}", "the patient (birth date, sex)"),
    "conditions": ("Condition?patient={{context.patientId}}", "breast cancer, its metastases and lymph-node disease"),
    "observations": (
        "Observation?patient={{context.patientId}}&code=" + OBSERVATION_CODES,
        "HER2, estrogen and progesterone receptor results, tumor size, TNM staging, histologic grade and menopausal"
        " status",
    ),
    # each with the Medications its records name by medicationReference (_include: FHIR R4's `medication` search
    # parameter of the three resources)
    "medicationRequests": (
        "MedicationRequest?patient={{context.patientId}}&_include=MedicationRequest:medication",
        "trastuzumab, chemotherapy and endocrine orders",
    ),
    "medicationStatements": (
        "MedicationStatement?patient={{context.patientId}}&_include=MedicationStatement:medication",
        "the drug history",
    ),
    "medicationAdministrations": (
        "MedicationAdministration?patient={{context.patientId}}&_include=MedicationAdministration:medication",
        "the doses given",
    ),
    "procedures": ("Procedure?patient={{context.patientId}}", "breast surgery"),
}
