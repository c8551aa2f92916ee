Feature: A training EHR asks about its patient
  A class exercise runs on synthetic FHIR patients. When a student opens a patient's chart, the
  training EHR calls the standard patient-view hook and sends the patient's record with it: the
  patient, the breast-cancer conditions, the tumor-marker and staging results, the trastuzumab
  history and any breast surgery. her2-cds reads only what it is sent, shows how the record became
  a case, says what the record lacks, and answers the case through the 2014 review as the lens, with the
  evidence to the knowledge base's cut-off.
  Every card is for educational use only, not for clinical decisions.

  Background:
    Given the her2-cds CDS Hooks service

  Scenario: Newly metastatic disease, no treatment yet
    Given the training patient with newly metastatic disease, HER2 positive, estrogen receptor positive, postmenopausal
    When the training EHR opens the patient's chart on 15 January 2025
    Then the record card reads "The setting: metastatic"
    And the record card reads "The line of treatment: first line"
    And the record card reads "Menopausal status: postmenopausal"
    And a card shows pertuzumab + trastuzumab + taxane-based chemotherapy as FDA-approved
    And every card says it is for educational use only

  Scenario: Metastatic relapse 17 months after adjuvant trastuzumab, trastuzumab restarted
    Given the training patient with metastatic relapse after adjuvant trastuzumab, trastuzumab restarted
    When the training EHR opens the patient's chart on 15 January 2025
    Then the record card reads "The line of treatment: already treated for metastatic disease"
    And the record card reads "17 months since the last trastuzumab dose"
    And a card shows T-DM1 (ado-trastuzumab emtansine) as FDA-approved

  Scenario: A cT2 cN1 tumor not yet operated on
    Given the training patient with a cT2 cN1 tumor, not yet operated on
    When the training EHR opens the patient's chart on 15 January 2025
    Then the record card reads "The setting: before surgery"
    And the record card reads "taken as 5.0 cm, the largest it allows"
    And a card shows pertuzumab + trastuzumab + taxane-based chemotherapy as FDA-approved
    And a card shows lapatinib + trastuzumab + chemotherapy as supported by randomized evidence

  Scenario: A 1.8 cm node-negative tumor removed by partial mastectomy
    Given the training patient with a 1.8 cm node-negative tumor, removed by partial mastectomy
    When the training EHR opens the patient's chart on 15 January 2025
    Then the record card reads "The setting: after surgery"
    And the record card reads "Procedure/surg1, performedDateTime"
    And a card shows lapatinib + trastuzumab + chemotherapy as not recommended

  Scenario: HER2 2+ by immunohistochemistry, not amplified: HER2-low, and first line rules out T-DXd's indications
    Given the training patient with metastatic disease, HER2 2+ by immunohistochemistry and not amplified
    When the training EHR opens the patient's chart on 15 January 2025
    Then the record card reads "HER2-low"
    And no HER2-directed option is offered

  Scenario: The record lacks the receptors and the nodes
    Given the training patient with a cT3 tumor and no receptor or node results
    When the training EHR opens the patient's chart on 15 January 2025
    Then a card says the record lacks "lymph-node status", settled by "LOINC 21906-3"
    And a card says the record lacks "estrogen receptor status", settled by "LOINC 85337-4"
    And a card shows pertuzumab + trastuzumab + taxane-based chemotherapy as FDA-approved

  Scenario: Two HER2 results disagree, with no therapy between them
    Given the training patient with metastatic disease, HER2 negative by immunohistochemistry, then amplified by in situ hybridization
    When the training EHR opens the patient's chart on 15 January 2025
    Then a warning says "HER2 results disagree"
    And a warning says "A positive result on any diagnostic specimen makes the disease HER2-positive"
    And a card shows pertuzumab + trastuzumab + taxane-based chemotherapy as FDA-approved

  Scenario: The EHR, which names its FHIR server, leaves out the tumor-marker results
    Given the training patient with a 1.8 cm node-negative tumor, removed by partial mastectomy
    When the training EHR, naming its FHIR server, opens the patient's chart without sending the observations
    Then a card asks for the observations prefetch
    And a card says the record lacks "HER2 status", settled by "LOINC 85319-2"
    And no option card is shown

  Scenario: The EHR leaves out the tumor-marker results and names no FHIR server
    Given the training patient with a 1.8 cm node-negative tumor, removed by partial mastectomy
    When the training EHR opens the patient's chart without sending the observations
    Then the EHR is told the precondition failed: "prefetch.observations" is required

  Scenario: A malformed result is refused by name
    Given the training patient with a HER2 result dated 30 February
    When the training EHR opens the patient's chart on 15 January 2025
    Then the EHR is told that "prefetch.observations.entry[0].resource.effectiveDateTime" is wrong

  Scenario: A do-not-give order for trastuzumab is not trastuzumab given
    Given the training patient with newly metastatic disease and an order not to give trastuzumab
    When the training EHR opens the patient's chart on 15 January 2025
    Then the record card reads "Prior trastuzumab: prior trastuzumab not known"
    And the record card reads "The line of treatment: first line"
    And a warning says "MedicationRequest/no-trastuzumab (trastuzumab) was passed over: it is an order not to give the drug"
    And a card shows pertuzumab + trastuzumab + taxane-based chemotherapy as FDA-approved

  Scenario: A trastuzumab record with a modifier the service does not understand is refused by name
    Given the training patient with newly metastatic disease and a trastuzumab order carrying an unknown modifier
    When the training EHR opens the patient's chart on 15 January 2025
    Then the EHR is told that "prefetch.medicationRequests.entry[0].resource.modifierExtension" is wrong
