"""The codes a FHIR R4 record uses for what a her2-cds case needs, each with where it was checked.

Sources: LOINC and SNOMED CT codes as HL7's mCODE implementation guide uses them in its extended
breast-cancer example (tumor markers, TNM categories and stage groups, tumor size, partial mastectomy,
trastuzumab as RxNorm 224905); the breast-surgery codes Synthea's breast-cancer module writes
(69031006, 392021009); the menopausal-status findings of the German Medical Informatics Initiative's
breast-oncology value set (22636003, 76498008); the HER2 IHC, ISH and ER/PR alternatives (85319-2,
85318-4, 16112-5, 16113-3) and the SNOMED positive finding 10828004 as synthetic-patient generators
send them. A code not listed here is not guessed at: what it would have said stays unknown.
"""

from __future__ import annotations

from typing import Literal

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ICD10 = ("http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10")
AJCC = "http://cancerstaging.org"  # mCODE's AJCC code system for stage groups and T/N/M categories

Marker = Literal["her2_ihc", "her2_ish", "her2_interpretation", "er", "pr"]

MARKERS: dict[str, Marker] = {
    "85319-2": "her2_ihc",  # HER2 [Presence] in Breast cancer specimen by Immune stain
    "85318-4": "her2_ish",  # HER2 [Presence] in Breast cancer specimen by FISH
    "48676-1": "her2_interpretation",  # HER2 [Interpretation] in Tissue
    "85337-4": "er",  # Estrogen receptor Ag [Presence] in Breast cancer specimen by Immune stain
    "16112-5": "er",  # Estrogen receptor [Interpretation] in Tissue
    "85339-0": "pr",  # Progesterone receptor Ag [Presence] in Breast cancer specimen by Immune stain
    "16113-3": "pr",  # Progesterone receptor [Interpretation] in Tissue
}
MARKER_WORDS: dict[str, str] = {
    "her2_ihc": "HER2 by immunohistochemistry",
    "her2_ish": "HER2 by in situ hybridization",
    "her2_interpretation": "HER2 interpretation",
    "er": "estrogen receptor",
    "pr": "progesterone receptor",
}

TUMOR_SIZE = "21889-1"  # Size Tumor (mCODE puts the number in component 33728-7, maximum dimension)
TUMOR_SIZE_MAX_DIMENSION = "33728-7"
STAGE_GROUP = ("21908-9", "21902-2")  # clinical, pathological
T_CATEGORY = ("21905-5", "21899-0")
N_CATEGORY = ("21906-3", "21900-6")
M_CATEGORY = ("21907-1", "21901-4")

Result = Literal["positive", "negative", "equivocal"]

RESULTS: dict[tuple[str, str], Result] = {
    (SNOMED, "10828004"): "positive",  # Positive (qualifier value)
    (SNOMED, "260385009"): "negative",  # Negative (qualifier value)
    (SNOMED, "280414007"): "equivocal",  # Equivocal result, as in HL7's ICHOM breast-cancer HER2 value set
    (LOINC, "LA6576-8"): "positive",
    (LOINC, "LA6577-6"): "negative",
}

BREAST_CANCER = {(SNOMED, "254837009"), (SNOMED, "353431000119107")}  # malignant neoplasm of (left female) breast
BREAST_CANCER_ICD10 = "C50"
SECONDARY_ICD10 = ("C77", "C78", "C79")  # secondary malignant neoplasms
SECONDARY_PROFILE = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-secondary-cancer-condition"
SECONDARY_SNOMED = {"94225005"}  # Secondary malignant neoplasm of brain (mCODE's example)

BREAST_SURGERY = {
    (SNOMED, "64368001"): "partial mastectomy",
    (SNOMED, "69031006"): "excision of breast tissue",
    (SNOMED, "392021009"): "lumpectomy of breast",
}

TRASTUZUMAB_RXNORM = "224905"  # the ingredient

MENOPAUSE: dict[tuple[str, str], Literal["premenopausal", "postmenopausal"]] = {
    (SNOMED, "22636003"): "premenopausal",
    (SNOMED, "76498008"): "postmenopausal",
}
