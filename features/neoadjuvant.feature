Feature: Neoadjuvant (before surgery) treatment of HER2-positive breast cancer
  Before surgery the review's evidence is pathological complete response (pCR). The 2013
  accelerated approval of pertuzumab covers a tumor larger than 2 cm or node-positive disease.
  Lapatinib + trastuzumab + chemotherapy raised pCR (NeoALTTO) and is supported, with ALTTO's
  negative adjuvant result as a caution. Chemotherapy-free dual blockade is trial-only.

  Scenario Outline: Neoadjuvant pertuzumab follows the label: tumor > 2 cm or node-positive
    Given a neoadjuvant case, hormone receptor negative, tumor <size> cm, nodes <nodes>
    When the engine evaluates the case as the review saw it
    Then pertuzumab + trastuzumab + docetaxel is <pertuzumab>
    And the engine's reasoning <derives> that the case is eligible for neoadjuvant pertuzumab

    Examples: tumor size at the 2 cm boundary, with each node status
      | size | nodes    | pertuzumab  | derives         |
      | 2.0  | negative | not offered | does not derive |
      | 2.1  | negative | approved    | derives         |
      | 2.0  | positive | approved    | derives         |
      | 2.1  | positive | approved    | derives         |
      | 0.5  | positive | approved    | derives         |
      | 30.0 | negative | approved    | derives         |
      | 2.1  | unknown  | approved    | derives         |
      | 2.0  | unknown  | approved    | does not derive |

  Scenario Outline: When nodes are unknown, only a tumor of 2 cm or less leaves the approval conditional
    Given a neoadjuvant case, hormone receptor positive, tumor <size> cm, nodes unknown
    When the engine evaluates the case as the review saw it
    Then pertuzumab + trastuzumab + docetaxel is approved
    And pertuzumab + trastuzumab + docetaxel is conditional on <settles_it>
    And the approval of pertuzumab + trastuzumab + docetaxel is dated 2013-09-30

    Examples:
      | size | settles_it            |
      | 1.5  | the lymph node status |
      | 2.0  | the lymph node status |
      | 2.1  | nothing               |

  Scenario: A small node-negative tumor is outside the neoadjuvant pertuzumab label, and why-not says so
    Given a neoadjuvant case, hormone receptor positive, tumor 2.0 cm, nodes negative
    When the engine evaluates the case as the review saw it
    Then pertuzumab + trastuzumab + docetaxel is not offered
    And why-not for pertuzumab + trastuzumab + docetaxel says it needs that the case is eligible for neoadjuvant pertuzumab
    And why-not for pertuzumab + trastuzumab + docetaxel says it needs the lymph node status to be unknown (here: negative)
    And trastuzumab + chemotherapy is supported

  Scenario: Neoadjuvant pertuzumab: accelerated approval on NeoSphere, pending APHINITY
    Given a neoadjuvant case, hormone receptor negative, tumor 3.5 cm, nodes positive
    When the engine evaluates the case as the review saw it
    Then pertuzumab + trastuzumab + docetaxel is approved
    And pertuzumab + trastuzumab + docetaxel cites NeoSphere
    And NeoSphere is cited as randomized phase II with n = 417
    And pertuzumab + trastuzumab + docetaxel cites TRYPHAENA
    And pertuzumab + trastuzumab + docetaxel carries the caution "Accelerated approval"
    And pertuzumab + trastuzumab + docetaxel carries the caution "APHINITY"
    And a note says "APHINITY (NCT01358877)"

  Scenario: Lapatinib + trastuzumab + chemotherapy before surgery is supported, with the ALTTO caution
    Given a neoadjuvant case, hormone receptor positive, tumor 2.1 cm, nodes negative
    When the engine evaluates the case as the review saw it
    Then lapatinib + trastuzumab + chemotherapy is supported
    And lapatinib + trastuzumab + chemotherapy has no approval
    And lapatinib + trastuzumab + chemotherapy cites NeoALTTO
    And NeoALTTO is cited as randomized phase III with n = 455
    And lapatinib + trastuzumab + chemotherapy carries the caution "ALTTO: the same dual blockade after surgery did not improve disease-free survival"
    And lapatinib + trastuzumab + chemotherapy carries the caution "underpowered"

  Scenario: Chemotherapy-free dual blockade is investigational (TBCRC 006 and NeoSphere's fourth arm)
    Given a neoadjuvant case, hormone receptor positive, tumor 2.1 cm, nodes negative
    When the engine evaluates the case as the review saw it
    Then lapatinib + trastuzumab without chemotherapy is investigational
    And lapatinib + trastuzumab without chemotherapy cites TBCRC 006
    And TBCRC 006 is cited as non-randomized or phase I with n = 66
    And lapatinib + trastuzumab without chemotherapy carries the caution "non-randomized"
    And pertuzumab + trastuzumab without chemotherapy is investigational
    And pertuzumab + trastuzumab without chemotherapy cites NeoSphere
    And pertuzumab + trastuzumab without chemotherapy carries the caution "16.8% vs 46% breast pCR"

  Scenario: Lapatinib in place of trastuzumab with chemotherapy is not recommended
    Given a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as the review saw it
    Then lapatinib + chemotherapy is not recommended
    And lapatinib + chemotherapy cites TRIO-US B07
    And trastuzumab + chemotherapy is supported
    And T-DM1 is not offered
    And lapatinib + capecitabine is not offered

  Scenario Outline: Hormone receptor status changes what pCR to expect
    Given a neoadjuvant case, hormone receptor <hr>, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as the review saw it
    Then a note says "<expected_note>"
    And no note says "<other_note>"

    Examples:
      | hr       | expected_note                                         | other_note                       |
      | positive | Hormone receptor-positive: expect a lower pCR rate    | Hormone receptor-negative:       |
      | positive | NeoALTTO's combination arm 41.6% vs 61.3% breast pCR  | Hormone receptor status unknown  |
      | positive | Ongoing: HELEX (TBCRC 023, NCT00999804)               | Hormone receptor-negative:       |
      | negative | Hormone receptor-negative: pCR rates with dual HER2 blockade are higher | Hormone receptor-positive: |
      | negative | pCR correlates with progression-free survival in HR-negative subsets | HELEX                 |
      | unknown  | Hormone receptor status unknown                       | Hormone receptor-positive:       |

  Scenario: The pCR-survival note says what NeoALTTO's update does not show
    Given a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as the review saw it
    Then a note says "86% vs 72%; HR 0.38; P = 0.003"
    And a note says "does not show that the higher pCR rate of dual therapy improves survival"
