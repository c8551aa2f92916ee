Feature: Records as real systems write them
  An EHR sends a patient's record as its systems wrote it: the mCODE implementation guide's example patient
  (Jenny M), Synthea's breast-cancer patients, and records built around them. her2-cds reads what the record
  states and nothing else: without a HER2 result it shows no option and says what is missing; HER2 status is
  read as pathology defines it; lymph-node disease is not metastatic disease; a resource about another
  patient is refused, never merged. Every card is for educational use only, not for clinical decisions.

  Background:
    Given the her2-cds CDS Hooks service

  Scenario: No HER2 result in the record
    Given Jenny M's record without her HER2 result
    When the EHR opens the patient's chart on 15 January 2025
    Then no option card is shown
    And a card says "no HER2-directed option is shown until it is known"
    And the FHIR case API reads HER2 status as "unknown"

  Scenario Outline: HER2-negative, by each code and value form
    Given Jenny M's record with her HER2 result as <code> with <value>
    When the EHR opens the patient's chart on 15 January 2025
    Then the record card reads "HER2 status: HER2-negative"
    And no HER2-directed option is offered

    Examples:
      | code          | value                              |
      | LOINC 48676-1 | the LOINC answer "Negative"        |
      | LOINC 85319-2 | SNOMED CT "Negative"               |
      | LOINC 18474-7 | the words "Negative"               |
      | LOINC 85319-2 | the score "0"                      |
      | LOINC 85318-4 | the ratio "less than 1.8"          |
      | LOINC 48676-1 | the interpretation code "NEG"      |

  Scenario: HER2 lower on the tumour left after neoadjuvant therapy
    Given a patient with IHC 3+ on the biopsy, neoadjuvant trastuzumab, then IHC 1+ and ypT1c ypN0 at surgery
    When the EHR opens the patient's chart on 15 January 2025
    Then the record card reads "HER2 status: HER2-positive"
    And a warning says "a lower result on tumour left after therapy does not withdraw HER2-directed options"
    And a card shows T-DM1 (ado-trastuzumab emtansine) as FDA-approved

  Scenario: Residual disease after neoadjuvant therapy
    Given a patient with IHC 3+ on the biopsy, neoadjuvant trastuzumab, then ypT1c ypN1 at surgery
    When the EHR opens the patient's chart on 15 January 2025
    Then the record card reads "The response to neoadjuvant therapy: residual invasive disease"
    And a card shows T-DM1 (ado-trastuzumab emtansine) as FDA-approved

  Scenario: Axillary lymph-node disease recorded as a secondary neoplasm
    Given Jenny M's record, HER2-positive, with axillary lymph-node disease coded ICD-10-CM C77.3
    When the EHR opens the patient's chart on 15 January 2025
    Then the record card reads "The setting: after surgery"
    And the record card reads "Lymph node status: node-positive"

  Scenario: Stage IV by SNOMED CT
    Given Jenny M's record, HER2-positive, staged cM1 by SNOMED CT
    When the EHR opens the patient's chart on 15 January 2025
    Then the record card reads "The setting: metastatic"
    And the record card reads "The line of treatment: already treated for metastatic disease"
    And a card shows T-DXd (fam-trastuzumab deruxtecan-nxki) as FDA-approved, conditional

  Scenario: No medication record
    Given Jenny M's record, HER2-positive, staged cM1 by SNOMED CT, without her medication records
    When the EHR opens the patient's chart on 15 January 2025
    Then the record card reads "Prior trastuzumab: prior trastuzumab not known"
    And a warning says "whether trastuzumab was given before"
    And a warning says "It decides whether these options apply: T-DM1 (ado-trastuzumab emtansine)"
    And the FHIR case API reads prior trastuzumab as not known

  Scenario: Another patient's record in the Bundle
    Given Jenny M's record with a Synthea patient's record added
    When the EHR sends the Bundle to the FHIR case API
    Then the record is refused, naming the other Patient and each of its resources by path

  Scenario: A man
    Given Jenny M's record, HER2-positive, staged cM1 by SNOMED CT, for a man
    When the EHR opens the patient's chart on 15 January 2025
    Then no card asks for menopausal status
    And the record card reads "Sex: a man"
    And no card shows lapatinib + letrozole
    And a card says "Lapatinib + letrozole is not offered for a man: its FDA approval is for postmenopausal women"
