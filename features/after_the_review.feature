Feature: After the review: what changed from 2014 to the knowledge base's cut-off
  The knowledge base runs on from the review (2014-07-31) to its cut-off (2026-12-06). Each FDA
  approval after the review counts from its own day; before it, a randomized result that was public
  supports the regimen; what was investigational in 2014 becomes what its trial showed. HER2-low and
  HER2-ultralow disease is in scope only in metastatic disease, only for the T-DXd indications that
  name it, and only from their days. Every answer marks what the review could not have known.

  Scenario Outline: Each approval after the review counts from its day, not the day before
    Given <case>
    When the engine evaluates the case as of <day_before>
    Then <regimen> is <status_the_day_before>
    When the engine evaluates the case as of <approval_date>
    Then <regimen> is approved
    And the approval of <regimen> is dated <approval_date>
    And <regimen> is marked as after the review

    Examples: the approvals after the review
      | approval_date | day_before | regimen                                | status_the_day_before | case                                                                                       |
      | 2017-07-17    | 2017-07-16 | neratinib                              | supported             | an extended adjuvant case, hormone receptor positive                                       |
      | 2017-12-20    | 2017-12-19 | pertuzumab + trastuzumab + docetaxel   | supported             | an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive                  |
      | 2019-05-03    | 2019-05-02 | T-DM1                                  | supported             | an adjuvant case with residual invasive disease after neoadjuvant therapy, hormone receptor negative |
      | 2019-12-20    | 2019-12-19 | T-DXd                                  | investigational       | a metastatic case after 2 anti-HER2 regimens for metastatic disease, hormone receptor negative |
      | 2020-02-26    | 2020-02-25 | neratinib + capecitabine               | supported             | a metastatic case after 2 anti-HER2 regimens for metastatic disease, hormone receptor negative |
      | 2020-04-17    | 2020-04-16 | tucatinib + trastuzumab + capecitabine | supported             | a metastatic case after 1 anti-HER2 regimens for metastatic disease, hormone receptor positive |
      | 2020-12-16    | 2020-12-15 | margetuximab + chemotherapy            | not offered           | a metastatic case after 2 anti-HER2 regimens for metastatic disease, hormone receptor negative |
      | 2022-05-04    | 2022-05-03 | T-DXd                                  | supported             | a metastatic case after 1 anti-HER2 regimens for metastatic disease, hormone receptor negative |
      | 2022-08-05    | 2022-08-04 | T-DXd                                  | supported             | a metastatic HER2-low case after chemotherapy for metastatic disease, hormone receptor negative |
      | 2025-01-27    | 2025-01-26 | T-DXd                                  | not offered           | a metastatic HER2-ultralow case that progressed on endocrine therapy for metastatic disease |
      | 2025-12-15    | 2025-12-14 | T-DXd + pertuzumab                     | supported             | a metastatic case, first line, hormone receptor negative                                   |
      | 2026-05-15    | 2026-05-14 | T-DXd                                  | supported             | a neoadjuvant case, hormone receptor positive, tumor 3.0 cm, nodes negative                |
      | 2026-05-15    | 2026-05-14 | T-DXd                                  | supported             | an adjuvant case with residual invasive disease after neoadjuvant therapy, hormone receptor negative |
      | 2026-06-24    | 2026-06-23 | palbociclib + trastuzumab + endocrine  | supported             | a metastatic case, first line, hormone receptor positive                                   |

  Scenario Outline: A randomized result supports a regimen from the day it was public, before its approval
    Given <case>
    When the engine evaluates the case as of <day_before>
    Then <regimen> is <status_the_day_before>
    When the engine evaluates the case as of <public_day>
    Then <regimen> is <status>
    And <regimen> cites <trial>

    Examples: trial results after the review
      | public_day | day_before | regimen                                | status_the_day_before | status          | trial             | case |
      | 2016-02-10 | 2016-02-09 | neratinib                              | not offered           | supported       | ExteNET           | an extended adjuvant case, hormone receptor positive |
      | 2017-07-13 | 2017-07-12 | pertuzumab + trastuzumab + docetaxel   | investigational       | supported       | APHINITY          | an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive |
      | 2018-12-05 | 2018-12-04 | T-DM1                                  | not offered           | supported       | KATHERINE         | an adjuvant case with residual invasive disease after neoadjuvant therapy, hormone receptor negative |
      | 2019-12-11 | 2019-12-10 | T-DXd                                  | not offered           | investigational | DESTINY-Breast01  | a metastatic case after 2 anti-HER2 regimens for metastatic disease, hormone receptor negative |
      | 2019-12-11 | 2019-12-10 | tucatinib + trastuzumab + capecitabine | not offered           | supported       | HER2CLIMB         | a metastatic case after 1 anti-HER2 regimens for metastatic disease, hormone receptor positive |
      | 2019-06-04 | 2019-06-03 | neratinib + capecitabine               | not offered           | supported       | NALA              | a metastatic case after 2 anti-HER2 regimens for metastatic disease, hormone receptor negative |
      | 2021-09-21 | 2021-09-20 | T-DXd                                  | not offered           | supported       | DESTINY-Breast03  | a metastatic case after 1 anti-HER2 regimens for metastatic disease, hormone receptor negative |
      | 2025-10-21 | 2025-10-20 | T-DXd                                  | not offered           | supported       | DESTINY-Breast11  | a neoadjuvant case, hormone receptor positive, tumor 3.0 cm, nodes negative |
      | 2026-01-29 | 2026-01-28 | palbociclib + trastuzumab + endocrine  | not offered           | supported       | PATINA            | a metastatic case, first line, hormone receptor positive |
      | 2025-06-03 | 2025-06-02 | T-DXd + pertuzumab                     | not offered           | supported       | DESTINY-Breast09  | a metastatic case, first line, hormone receptor negative |
      | 2025-10-31 | 2025-10-30 | T-DXd                                  | not offered           | supported       | DESTINY-Breast05  | an adjuvant case with residual invasive disease after neoadjuvant therapy, hormone receptor negative |
      | 2023-12-06 | 2023-12-05 | tucatinib + T-DM1                      | not offered           | supported       | HER2CLIMB-02      | a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative |
      | 2022-06-05 | 2022-06-04 | T-DXd                                  | not offered           | supported       | DESTINY-Breast04  | a metastatic HER2-low case after chemotherapy for metastatic disease, hormone receptor negative |

  Scenario: MARIANNE turns first-line T-DM1 from investigational into non-inferior, not superior
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as of 2016-11-06
    Then T-DM1 is investigational
    And T-DM1 + pertuzumab is investigational
    When the engine evaluates the case as of 2016-11-07
    Then T-DM1 is supported
    And T-DM1 carries the caution "Non-inferior, not superior, to trastuzumab + a taxane; never compared with pertuzumab + trastuzumab + a taxane, the approved first-line standard; not an FDA-approved first-line indication."
    And T-DM1 + pertuzumab is supported
    And a note says "MARIANNE reported in November 2016, not late 2014 or early 2015"

  Scenario: ALTTO's final analysis keeps adjuvant lapatinib not recommended, and shows only from its day
    Given an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as of 2021-03-22
    Then lapatinib + trastuzumab + chemotherapy is not recommended
    And ALTTO's result "DFS and OS, 6.9-year median follow-up (pre-specified > 5-year analysis)" is not shown for lapatinib + trastuzumab + chemotherapy
    When the engine evaluates the case as of 2021-03-23
    Then lapatinib + trastuzumab + chemotherapy is not recommended
    And ALTTO's result "DFS and OS, 6.9-year median follow-up (pre-specified > 5-year analysis)" is shown for lapatinib + trastuzumab + chemotherapy

  Scenario: Neoadjuvant pertuzumab is an accelerated approval until APHINITY's approval converted it
    Given a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as of 2017-07-12
    Then the approval of pertuzumab + trastuzumab + docetaxel is accelerated
    And pertuzumab + trastuzumab + docetaxel carries the caution "Accelerated approval: full approval depends on event-free survival data from the adjuvant APHINITY trial (NCT01358877), expected around 2016 or 2017."
    When the engine evaluates the case as of 2017-07-13
    Then the approval of pertuzumab + trastuzumab + docetaxel is accelerated
    And pertuzumab + trastuzumab + docetaxel carries no caution mentioning "expected around 2016 or 2017"
    And pertuzumab + trastuzumab + docetaxel carries the caution "Accelerated approval: APHINITY, the adjuvant trial meant to confirm it, reported invasive disease-free survival HR 0.81 (P = 0.045) on 13 Jul 2017; the FDA had not yet converted the approval."
    When the engine evaluates the case as of 2017-12-19
    Then the approval of pertuzumab + trastuzumab + docetaxel is accelerated
    When the engine evaluates the case as of 2017-12-20
    Then the approval of pertuzumab + trastuzumab + docetaxel is regular, converted on 2017-12-20
    And pertuzumab + trastuzumab + docetaxel carries no caution mentioning "full approval depends on"
    And pertuzumab + trastuzumab + docetaxel carries no caution mentioning "not yet converted"

  Scenario: T-DXd's accelerated approval of 2019 is flagged until DESTINY-Breast03 converted it
    Given a metastatic case after 2 anti-HER2 regimens for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of 2022-05-03
    Then the approval of T-DXd is accelerated
    When the engine evaluates the case as of 2022-05-04
    Then the approval of T-DXd is dated 2022-05-04
    And the approval of T-DXd is not accelerated

  Scenario: TBCRC 023 answers the review's HELEX question from February 2020
    Given a neoadjuvant case, hormone receptor positive, tumor 2.5 cm, nodes negative
    When the engine evaluates the case as of 2020-02-14
    Then a note says "Ongoing: HELEX (TBCRC 023, NCT00999804)"
    When the engine evaluates the case as of 2020-02-15
    Then a note says "TBCRC 023 (the review's HELEX) reported in February 2020"
    And no note says "Ongoing: HELEX"

  Scenario: HER2-low metastatic disease is out of scope the day before DESTINY-Breast04 was presented, and says why
    Given a metastatic HER2-low case after chemotherapy for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of 2022-06-04
    Then the answer is out of scope
    And no regimen is offered
    And the scope note says "counts as HER2-negative, as in the review's HER2 dichotomy"
    And every one of the 21 regimens is in why-not with the reason "counts as HER2-negative, as in the review's HER2 dichotomy"
    And a note says "HER2 is a dichotomy, as in the review"

  Scenario Outline: Between DESTINY-Breast04's presentation and its approval, T-DXd is supported in HER2-low disease
    Given a metastatic HER2-low case after chemotherapy for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then the answer is in scope
    And T-DXd is supported
    And the answer offers 1 regimens
    And a note says "DESTINY-Breast04, presented on 5 June 2022"

    Examples: the day of the ASCO plenary and the day before the approval
      | day        |
      | 2022-06-05 |
      | 2022-08-04 |

  Scenario: HER2-low with chemotherapy for metastatic disease not recorded: supported on condition before the approval
    Given a metastatic HER2-low case after chemotherapy for metastatic disease, hormone receptor negative
    And the prior chemotherapy for metastatic disease is left out
    When the engine evaluates the case as of 2022-06-05
    Then T-DXd is supported
    And T-DXd is conditional on the prior chemotherapy for metastatic disease

  Scenario: HER2-low metastatic disease is in scope from 2022-08-05, for T-DXd only
    Given a metastatic HER2-low case after chemotherapy for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of 2022-08-05
    Then the answer is in scope
    And T-DXd is approved
    And the answer offers 1 regimens
    And a note says "DESTINY-Breast04 revised the review's HER2 dichotomy"

  Scenario: In HER2-low disease, the regimens for HER2-positive disease say why none of them applies
    Given a metastatic HER2-low case after chemotherapy for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of 2022-08-05
    Then T-DXd is approved
    And why-not for trastuzumab + chemotherapy says "only for the T-DXd indications that name it"
    And why-not for pertuzumab + trastuzumab + docetaxel says "Otherwise it counts as HER2-negative"
    And no why-not reason says "settle HER2 status first"

  Scenario: HER2-ultralow disease outside its indication stays out of scope today
    Given a metastatic HER2-ultralow case that progressed on endocrine therapy for metastatic disease
    And the hormone receptor status is given as "negative"
    When the engine evaluates the case as of the cut-off
    Then the answer is out of scope
    And no regimen is offered

  Scenario: HER2-low early breast cancer is out of scope even today
    Given an adjuvant case after surgery first, hormone receptor positive, tumor 2.5 cm, nodes positive
    And the HER2 result is low
    When the engine evaluates the case as of the cut-off
    Then the answer is out of scope
    And a note says "in scope only in metastatic disease"

  Scenario Outline: HER2CLIMB-05 counts from the first dated report of its presentation
    Presented at SABCS 2025 (9-12 December) in its first general session; the session's day is not verified,
    a report of it dated 11 December 2025 is.
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then <a note> says "HER2CLIMB-05: adding tucatinib to trastuzumab + pertuzumab maintenance"

    Examples: the day before and the day of the report
      | day        | a note  |
      | 2025-12-10 | no note |
      | 2025-12-11 | a note  |

  Scenario: The same first-line patient as the review saw her and today
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as the review saw it
    Then T-DM1 is investigational
    And T-DXd + pertuzumab is not offered
    And pertuzumab + trastuzumab + docetaxel is not marked as after the review
    When the engine evaluates the case as of the cut-off
    Then T-DXd + pertuzumab is approved
    And T-DXd + pertuzumab is marked as after the review
    And T-DM1 is supported

  Scenario Outline: Each open question of the review stands until its answer was public
    When the review's open questions are read as of <day_before>
    Then the question on "<topic>" is still open
    When the review's open questions are read as of <answered_on>
    Then the question on "<topic>" is answered

    Examples: the review's open questions
      | topic                                                  | day_before | answered_on |
      | Adjuvant pertuzumab + trastuzumab (APHINITY)           | 2017-07-12 | 2017-07-13  |
      | Full approval of neoadjuvant pertuzumab                | 2017-12-19 | 2017-12-20  |
      | First-line T-DM1 with or without pertuzumab (MARIANNE) | 2016-11-06 | 2016-11-07  |
      | Longer chemotherapy-free lapatinib + trastuzumab       | 2020-02-14 | 2020-02-15  |
      | ALTTO: pCR as a surrogate                              | 2015-11-22 | 2015-11-23  |
      | Does NeoALTTO's pCR gain become a survival gain?       | 2019-08-31 | 2019-09-01  |
      | CALGB 40601: which tumors benefit                      | 2017-12-30 | 2017-12-31  |
      | NSABP B-41: dual therapy's non-significant pCR gain    | 2023-03-21 | 2023-03-22  |
      | CLEOPATRA overall survival, median not reached         | 2014-12-30 | 2014-12-31  |
      | Patients who may not need chemotherapy                 | 2020-02-14 | 2020-02-15  |
      | ADC-containing dual blockade                           | 2016-11-06 | 2016-11-07  |
      | Afatinib or neratinib with trastuzumab                 | 2016-02-09 | 2016-02-10  |

  Scenario: The question on T-DM1 + lapatinib + nab-paclitaxel is still open today
    When the review's open questions are read as of the cut-off
    Then the question on "T-DM1 + lapatinib + nab-paclitaxel" is still open

  Scenario: An answered question shows its later results only from their own days
    When the review's open questions are read as of 2017-07-13
    Then the question on "Adjuvant pertuzumab + trastuzumab (APHINITY)" shows the result "Invasive disease-free survival (primary)"
    And the question on "Adjuvant pertuzumab + trastuzumab (APHINITY)" does not show the result "Overall survival, third interim (8.4 years) and 8-year iDFS"
    When the review's open questions are read as of the cut-off
    Then the question on "Adjuvant pertuzumab + trastuzumab (APHINITY)" shows the result "Overall survival, third interim (8.4 years) and 8-year iDFS"
    And the question on "Adjuvant pertuzumab + trastuzumab (APHINITY)" has its teaching point
