Feature: The order of an answer: what a teacher names first, and why
  On every date the options come in the order a teacher would cite them, and each says why: first the
  position of a guideline public on that date ("listed first for second line by ASCO 2022"), then every
  randomized head-to-head result public on that date (the winner above the loser, with the trial and its
  endpoint, conditional where the trial's population is narrower than the case), then the status: an option
  approved only in part comes after those approved whole. A head-to-head result made public after a
  guideline's last version outranks that version's order, and the answer says the guideline predates the
  trial. Where nothing orders two options, the answer says so.

  Scenario Outline: Second line, after one anti-HER2 regimen for metastatic disease
    Given a metastatic case after 1 anti-HER2 regimen for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then <first> is listed first
    And the order line of <first> says "<reason>"
    And the answer page names <first> first, with "<reason>"
    And <next> comes next

    Examples:
      | day        | first | reason                                                              | next                     |
      | 2013-06-01 | T-DM1 | above lapatinib + capecitabine: EMILIA, overall survival             | lapatinib + capecitabine |
      | 2014-05-04 | T-DM1 | above lapatinib + capecitabine: EMILIA                               | lapatinib + capecitabine |
      | 2014-05-05 | T-DM1 | listed first for second line by ASCO 2014                            | lapatinib + capecitabine |
      | 2020-06-01 | T-DM1 | listed first for second line by ASCO 2018                            | lapatinib + capecitabine |
      | 2021-12-31 | T-DXd | above T-DM1: DESTINY-Breast03, progression-free survival (primary); ASCO 2018 predates this trial | T-DM1 |
      | 2022-05-31 | T-DXd | listed first for second line by ASCO 2022                            | T-DM1                    |
      | 2026-05-15 | T-DXd | listed first for second line by ASCO 2022                            | tucatinib + T-DM1        |
      | 2026-12-06 | T-DXd | listed first for second line by ASCO 2022; above T-DM1: DESTINY-Breast03 | tucatinib + T-DM1    |

  Scenario: Residual invasive disease in 2013: one option, and nothing said to place another above it
    Given an adjuvant case with residual invasive disease after neoadjuvant therapy, hormone receptor negative
    When the engine evaluates the case as of 2013-06-01
    Then trastuzumab + chemotherapy is listed first
    And the answer page names trastuzumab + chemotherapy first, with "no guideline position or head-to-head trial here places another option above it"

  Scenario Outline: Residual invasive disease after neoadjuvant therapy
    Given an adjuvant case with residual invasive disease after neoadjuvant therapy, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then <first> is listed first
    And the order line of <first> says "<reason>"
    And the answer page names <first> first, with "<reason>"
    And <next> comes next

    Examples:
      | day        | first | reason                                                                                     | next                       |
      | 2018-12-04 | trastuzumab + chemotherapy | no guideline position or head-to-head trial here places another option above it | pertuzumab + trastuzumab + docetaxel |
      | 2018-12-05 | T-DM1 | above trastuzumab + chemotherapy: KATHERINE, invasive disease-free survival (primary)      | trastuzumab + chemotherapy |
      | 2019-06-03 | T-DM1 | above trastuzumab + chemotherapy: KATHERINE, invasive disease-free survival (primary)      | trastuzumab + chemotherapy |
      | 2019-06-04 | T-DM1 | listed first for residual invasive disease after neoadjuvant therapy by ESMO 2019          | trastuzumab + chemotherapy |
      | 2020-01-01 | T-DM1 | listed first for residual invasive disease after neoadjuvant therapy by ESMO 2019          | trastuzumab + chemotherapy |
      | 2026-05-14 | T-DXd | above T-DM1: DESTINY-Breast05, invasive disease-free survival (primary, interim), if the residual disease is high-risk | T-DM1 |
      | 2026-05-15 | T-DXd | above T-DM1: DESTINY-Breast05, invasive disease-free survival (primary, interim), if the residual disease is high-risk | T-DM1 |
      | 2026-12-06 | T-DXd | above T-DM1: DESTINY-Breast05, invasive disease-free survival (primary, interim), if the residual disease is high-risk | T-DM1 |

  Scenario Outline: First line
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then <first> is listed first
    And the order line of <first> says "<reason>"
    And the answer page names <first> first, with "<reason>"
    And <next> comes next

    Examples:
      | day        | first                                | reason                                                                  | next                                 |
      | 2013-06-01 | pertuzumab + trastuzumab + docetaxel | above trastuzumab + chemotherapy: CLEOPATRA                             | trastuzumab + chemotherapy           |
      | 2020-01-01 | pertuzumab + trastuzumab + docetaxel | listed first for first line by ASCO 2018                                | trastuzumab + chemotherapy           |
      | 2025-06-02 | pertuzumab + trastuzumab + docetaxel | listed first for first line by ASCO 2022                                | trastuzumab + chemotherapy           |
      | 2025-10-29 | T-DXd + pertuzumab                   | DESTINY-Breast09, progression-free survival (primary, interim); ASCO 2022 predates this trial | pertuzumab + trastuzumab + docetaxel |
      | 2026-05-15 | T-DXd + pertuzumab                   | ASCO 2022 predates this trial                                           | pertuzumab + trastuzumab + docetaxel |
      | 2026-12-06 | T-DXd + pertuzumab                   | above pertuzumab + trastuzumab + taxane-based chemotherapy: DESTINY-Breast09 | pertuzumab + trastuzumab + docetaxel |

  Scenario Outline: After two anti-HER2 regimens for metastatic disease
    Given a metastatic case after 2 anti-HER2 regimens for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then <first> is listed first
    And the order line of <first> says "<reason>"
    And the answer page names <first> first, with "<reason>"
    And <winner> comes before <loser>

    Examples:
      | day        | first | reason                                                                           | winner                   | loser                    |
      | 2013-06-01 | T-DM1 | above lapatinib + capecitabine: EMILIA, overall survival                         | T-DM1                    | lapatinib + capecitabine |
      | 2020-06-01 | T-DM1 | one of the options, with no preference, for third line and later by ASCO 2018    | neratinib + capecitabine | lapatinib + capecitabine |
      | 2026-05-15 | T-DXd | one of the options, with no preference, for third line and later by ASCO 2022    | margetuximab + chemotherapy | trastuzumab + chemotherapy |
      | 2026-12-06 | T-DXd | one of the options, with no preference, for third line and later by ASCO 2022; above T-DM1: DESTINY-Breast03 | tucatinib + T-DM1 | T-DM1 |

  Scenario Outline: Brain metastases after one anti-HER2 regimen for metastatic disease
    Given a metastatic case after 1 anti-HER2 regimen for metastatic disease, hormone receptor positive
    And the case has brain metastases
    When the engine evaluates the case as of <day>
    Then <first> is listed first
    And the answer page names <first> first, with "<why>"
    And <next> comes next
    And the order line of <next> says "<reason>"

    Examples:
      | day        | first | why                                        | next                                   | reason                                                               |
      | 2013-06-01 | T-DM1 | above lapatinib + capecitabine: EMILIA     | lapatinib + capecitabine               | below T-DM1: EMILIA, overall survival                                |
      | 2020-06-01 | T-DM1 | listed first for second line by ASCO 2018  | lapatinib + capecitabine               | below T-DM1: EMILIA, overall survival                                |
      | 2022-05-30 | T-DXd | above T-DM1: DESTINY-Breast03, progression-free survival (primary); ASCO 2018 predates this trial | T-DM1 | listed first for second line by ASCO 2018, which predates DESTINY-Breast03 |
      | 2022-05-31 | T-DXd | named for brain metastases after an anti-HER2 regimen for metastatic disease by the ASCO 2022 brain metastases guideline | tucatinib + trastuzumab + capecitabine | named for brain metastases after an anti-HER2 regimen for metastatic disease by the ASCO 2022 brain metastases guideline, if the brain metastases cause no symptomatic mass effect |
      | 2026-05-15 | T-DXd | listed first for second line by ASCO 2022  | tucatinib + trastuzumab + capecitabine | named for brain metastases                                           |
      | 2026-12-06 | T-DXd | listed first for second line by ASCO 2022  | tucatinib + trastuzumab + capecitabine | named for brain metastases                                           |

  Scenario Outline: An option approved only in part comes after those approved whole, and says so
    Given a metastatic case after 1 anti-HER2 regimen for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then trastuzumab + chemotherapy comes after every option approved whole
    And the order line of trastuzumab + chemotherapy says "<reason>"

    Examples:
      | day        | reason                                                              |
      | 2013-06-01 | FDA-approved only in part, so after the options approved whole      |
      | 2026-05-15 | below tucatinib + trastuzumab + capecitabine: HER2CLIMB             |

  Scenario: Where nothing orders two options, the answer says so
    Given a metastatic case after 1 anti-HER2 regimen for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of 2026-05-15
    Then the order line of tucatinib + trastuzumab + capecitabine says "nothing orders it against lapatinib + capecitabine"

  Scenario: The option below a trial's winner gives the trial's condition whole
    Given an adjuvant case after surgery first, hormone receptor positive, tumor 1.1 cm, nodes positive
    And the response to neoadjuvant therapy is left out
    When the engine evaluates the case as of 2018-12-05
    Then the order line of trastuzumab + chemotherapy says "below pertuzumab + trastuzumab + taxane-based chemotherapy: APHINITY, invasive disease-free survival (primary), if surgery came first (APHINITY's patients had no neoadjuvant therapy; the case does not say)"

  Scenario: A guideline that has been replaced orders nothing
    Given an adjuvant case with residual invasive disease after neoadjuvant therapy, hormone receptor negative
    When the engine evaluates the case as of 2023-12-13
    Then the order line of T-DM1 does not say "ESMO 2019"

  Scenario Outline: A small node-negative tumor: trastuzumab with paclitaxel first (APT, St Gallen 2015), pertuzumab not recommended
    Given an adjuvant case after surgery first, hormone receptor positive, tumor <size> cm, nodes negative
    And the tumor grade is given as 1
    And the age is given as 60
    When the engine evaluates the case as of <day>
    Then trastuzumab + chemotherapy is listed first
    And the order line of trastuzumab + chemotherapy says "<reason>"
    And the answer page names trastuzumab + chemotherapy first, with "<reason>"
    And pertuzumab + trastuzumab + docetaxel comes next
    And the order line of pertuzumab + trastuzumab + docetaxel says "<pertuzumab>"

    Examples:
      | size | day        | reason                                                     | pertuzumab                                                          |
      | 0.4  | 2016-01-01 | listed first for node-negative tumours up to 1 cm by St Gallen 2015 | investigational, so after the options with approval or randomized support |
      | 0.4  | 2026-12-06 | no guideline position or head-to-head trial here places another option above it | not recommended, so listed last |
      | 1.5  | 2026-12-06 | no guideline position or head-to-head trial here places another option above it | not recommended, so listed last |
