Feature: Adjuvant (after surgery) treatment of HER2-positive breast cancer
  Adjuvant trastuzumab with chemotherapy was approved in 2006 for node-positive disease and
  extended in 2008. The review's central teaching point: lapatinib + trastuzumab + chemotherapy
  raised pCR before surgery (NeoALTTO) yet failed its disease-free survival endpoint after
  surgery (ALTTO), so the same combination is supported before surgery and not recommended after.

  Scenario: After surgery, lapatinib + trastuzumab + chemotherapy is not recommended (ALTTO)
    Given an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as the review saw it
    Then lapatinib + trastuzumab + chemotherapy is not recommended
    And lapatinib + trastuzumab + chemotherapy cites ALTTO
    And ALTTO is cited as randomized phase III with n = 8381
    And lapatinib + trastuzumab + chemotherapy has no approval
    And why-not for lapatinib + trastuzumab + chemotherapy says it is offered here only as not recommended

  Scenario Outline: The same dual blockade: supported before surgery, not recommended after
    Given <case>
    When the engine evaluates the case as the review saw it
    Then lapatinib + trastuzumab + chemotherapy is <status>

    Examples:
      | case                                                                 | status          |
      | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive | supported       |
      | an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive   | not recommended |
      | a neoadjuvant case, hormone receptor positive, tumor 1.0 cm, nodes negative | supported       |
      | an adjuvant case after surgery first, hormone receptor positive, tumor 1.0 cm, nodes negative   | not recommended |

  Scenario Outline: Adjuvant trastuzumab + chemotherapy is approved for node-positive and ER/PR-negative node-negative disease
    Given an adjuvant case after surgery first, hormone receptor <hr>, tumor 1.8 cm, nodes <nodes>
    When the engine evaluates the case as the review saw it
    Then trastuzumab + chemotherapy is approved
    And the approval of trastuzumab + chemotherapy is dated <approval_date>
    And trastuzumab + chemotherapy is conditional on <settles_it>

    Examples:
      | hr       | nodes    | approval_date | settles_it            |
      | negative | positive | 2006-11-16    | nothing               |
      | positive | positive | 2006-11-16    | nothing               |
      | negative | negative | 2008-01       | nothing               |
      | positive | unknown  | 2006-11-16    | the lymph node status |

  Scenario Outline: Node-negative disease follows the label's high-risk definition
    The trastuzumab adjuvant label covers node-negative disease that is ER/PR-negative, or that has one
    of: a tumor larger than 2 cm, grade 2 or 3, age under 35. What the case leaves unknown makes the
    approval conditional; it never turns it into "supported".
    Given an adjuvant node-negative case after surgery first, hormone receptor <hr>, tumor <size> cm, <grade>, <age>
    When the engine evaluates the case
    Then trastuzumab + chemotherapy is shown as "<shown as>"

    Examples:
      | hr       | size | grade           | age           | shown as                                                        |
      | positive | 2.5  | grade not given | age not given | approved                                                        |
      | positive | 1.5  | grade 2         | age not given | approved                                                        |
      | positive | 1.5  | grade 3         | aged 60       | approved                                                        |
      | positive | 1.5  | grade not given | aged 34       | approved                                                        |
      | negative | 0.8  | grade 1         | aged 60       | approved                                                        |
      | positive | 1.5  | grade 1         | aged 35       | supported                                                       |
      | positive | 1.5  | grade not given | age not given | approved, conditional on tumor grade and age                    |
      | positive | 1.5  | grade 1         | age not given | approved, conditional on age                                    |
      | unknown  | 1.5  | grade 1         | aged 50       | approved, conditional on hormone receptor status                |
      | unknown  | 1.5  | grade not given | age not given | approved, conditional on hormone receptor status and tumor grade and age |

  Scenario Outline: Adjuvant pertuzumab in node-negative disease follows APHINITY's population and the label's high risk
    APHINITY enrolled node-positive disease, or node-negative tumors larger than 1 cm (larger than 0.5 cm
    with a high-risk feature), and its node-negative cohort showed no benefit. The approval says "high risk
    of recurrence", read as the trastuzumab label defines high risk in node-negative disease: where
    trastuzumab itself is outside that definition, or the tumor is 0.5 cm or less, pertuzumab is not
    recommended from APHINITY's publication; where the case meets the definition it is supported by
    APHINITY from its publication, as node-positive disease is, and approved from the approval.
    Given an adjuvant node-negative case after surgery first, hormone receptor <hr>, tumor <size> cm, <grade>, <age>
    When the engine evaluates the case as of <day>
    Then pertuzumab + trastuzumab + docetaxel is <status>

    Examples: the day before and the day of APHINITY's publication, and of the approval
      | hr       | size | grade           | age           | day        | status          |
      | positive | 0.4  | grade 1         | aged 60       | 2017-07-12 | investigational |
      | positive | 0.4  | grade 1         | aged 60       | 2017-07-13 | not recommended |
      | positive | 1.5  | grade 1         | aged 60       | 2017-07-12 | investigational |
      | positive | 1.5  | grade 1         | aged 60       | 2017-07-13 | not recommended |
      | positive | 1.5  | grade 1         | aged 60       | 2017-12-20 | not recommended |
      | negative | 0.4  | grade not given | age not given | 2017-07-12 | investigational |
      | negative | 0.4  | grade not given | age not given | 2017-07-13 | not recommended |
      | negative | 1.5  | grade not given | age not given | 2017-07-12 | investigational |
      | negative | 1.5  | grade not given | age not given | 2017-07-13 | supported       |
      | negative | 1.5  | grade not given | age not given | 2017-12-19 | supported       |
      | negative | 1.5  | grade not given | age not given | 2017-12-20 | approved        |
      | positive | 1.5  | grade 2         | aged 60       | 2017-07-12 | investigational |
      | positive | 1.5  | grade 2         | aged 60       | 2017-07-13 | supported       |
      | positive | 1.5  | grade 2         | aged 60       | 2017-12-19 | supported       |
      | positive | 1.5  | grade 2         | aged 60       | 2017-12-20 | approved        |
      | positive | 0.8  | grade 3         | aged 50       | 2017-07-13 | supported       |
      | positive | 0.8  | grade 3         | aged 50       | 2017-12-20 | approved        |

  Scenario Outline: Between APHINITY and the approval, what the case leaves open makes the support conditional
    Given an adjuvant node-negative case after surgery first, hormone receptor <hr>, tumor <size> cm, <grade>, <age>
    When the engine evaluates the case as of <day>
    Then pertuzumab + trastuzumab + docetaxel is shown as "<shown as>"

    Examples: the day before and the day of APHINITY's publication, and of the approval
      | hr       | size | grade           | age           | day        | shown as                                          |
      | positive | 1.5  | grade not given | age not given | 2017-07-12 | investigational                                   |
      | positive | 1.5  | grade not given | age not given | 2017-07-13 | supported, conditional on tumor grade and age     |
      | positive | 1.5  | grade not given | age not given | 2017-12-19 | supported, conditional on tumor grade and age     |
      | positive | 1.5  | grade not given | age not given | 2017-12-20 | approved, conditional on tumor grade and age      |
      | unknown  | 1.5  | grade 1         | aged 50       | 2017-07-13 | supported, conditional on hormone receptor status |
      | unknown  | 1.5  | grade 1         | aged 50       | 2017-12-20 | approved, conditional on hormone receptor status  |

  Scenario Outline: Between APHINITY and the approval, unknown nodes make adjuvant pertuzumab supported on condition
    Given an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes unknown
    When the engine evaluates the case as of <day>
    Then pertuzumab + trastuzumab + docetaxel is shown as "<shown as>"

    Examples:
      | day        | shown as                                      |
      | 2017-07-12 | investigational                               |
      | 2017-07-13 | supported, conditional on lymph node status   |
      | 2017-12-19 | supported, conditional on lymph node status   |
      | 2017-12-20 | approved, conditional on lymph node status    |

  Scenario Outline: What the case leaves open makes adjuvant pertuzumab conditional, never approved outright
    Given an adjuvant node-negative case after surgery first, hormone receptor <hr>, tumor <size> cm, <grade>, <age>
    When the engine evaluates the case
    Then pertuzumab + trastuzumab + docetaxel is shown as "<shown as>"

    Examples:
      | hr       | size | grade           | age           | shown as                                                                  |
      | positive | 1.5  | grade not given | age not given | approved, conditional on tumor grade and age                              |
      | positive | 1.5  | grade 1         | age not given | approved, conditional on age                                              |
      | unknown  | 1.5  | grade 1         | aged 50       | approved, conditional on hormone receptor status                          |
      | positive | 0.8  | grade not given | aged 50       | approved, conditional on tumor grade                                      |
      | positive | 0.4  | grade not given | age not given | not recommended                                                           |
      | negative | 0.8  | grade not given | age not given | approved                                                                  |
      | positive | 2.5  | grade 1         | aged 60       | approved                                                                  |

  Scenario: A node-negative tumor of 1 cm or less inside the approval carries APHINITY's entry rule
    Given an adjuvant node-negative case after surgery first, hormone receptor negative, tumor 0.8 cm, grade 1, aged 60
    When the engine evaluates the case
    Then pertuzumab + trastuzumab + docetaxel is approved
    And pertuzumab + trastuzumab + docetaxel carries the caution "APHINITY enrolled node-negative tumors of 1 cm or less only above 0.5 cm and with a high-risk feature."
    And pertuzumab + trastuzumab + docetaxel carries the caution "In APHINITY's node-negative cohort pertuzumab showed no invasive disease-free survival benefit"

  Scenario: With the nodes unknown, adjuvant pertuzumab is approved only on condition
    Given an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes unknown
    When the engine evaluates the case
    Then pertuzumab + trastuzumab + docetaxel is shown as "approved, conditional on lymph node status"

  Scenario: A small node-negative tumor carries the caution that such tumors were scarce in the trials
    Given an adjuvant node-negative case after surgery first, hormone receptor negative, tumor 0.8 cm, grade 2, aged 50
    When the engine evaluates the case
    Then trastuzumab + chemotherapy is approved
    And trastuzumab + chemotherapy carries the caution "Small node-negative tumors (1 cm or less) were scarce"

  Scenario: After surgery, adjuvant pertuzumab is investigational (APHINITY ongoing)
    Given an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as the review saw it
    Then pertuzumab + trastuzumab + docetaxel is investigational
    And pertuzumab + trastuzumab + docetaxel cites APHINITY
    And a note says "APHINITY (NCT01358877)"

  Scenario: Neoadjuvant and metastatic regimens are not offered after surgery
    Given an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as the review saw it
    Then pertuzumab + trastuzumab without chemotherapy is not offered
    And lapatinib + trastuzumab without chemotherapy is not offered
    And lapatinib + chemotherapy is not offered
    And T-DM1 is not offered
    And lapatinib + letrozole is not offered
    And the engine's reasoning does not derive that the case is eligible for neoadjuvant pertuzumab

  Scenario: The resistance note carries the review's PTEN study size, corrected
    Given an adjuvant case after surgery first, hormone receptor positive, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as the review saw it
    Then a note says "PTEN loss"
    And a note says "the review gives its size as n = 1,082, the publication analysed 1,802 patients"
