Feature: Every statement has its time
  A statement about work in progress ("ongoing", "being studied", "no trial has reported yet") holds
  until the day the result that ended it became public; from that day the answer shows the result
  instead, with its date. A statement that no result in the knowledge base has ended is dated: "As of
  <day>, no later result in this knowledge base." The day before and the day of each change are shown.

  Scenario Outline: Afatinib is investigational until LUX-Breast 1's publication, then not recommended
    Given a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then afatinib is <status>
    And the reasons for afatinib <shows> "Combinations of afatinib with trastuzumab are being studied"

    Examples:
      | day        | status          | shows         |
      | 2016-03-30 | investigational | shows         |
      | 2016-03-31 | not recommended | does not show |

  Scenario Outline: A second year of trastuzumab is not recommended from HERA's first report
    Given an extended adjuvant case, hormone receptor positive
    When the engine evaluates the case as of <day>
    Then trastuzumab for a second year is <status>
    And a note says "<note>"

    Examples:
      | day        | status          | note                                                                                     |
      | 2012-10-01 | not offered     | no trial has reported HER2-directed therapy after the year of adjuvant trastuzumab      |
      | 2012-10-02 | not recommended | HERA's 2-year arm found no benefit from a second year of trastuzumab                     |

  Scenario: Before ExteNET the extended adjuvant note says what HERA had shown, and no more; ExteNET ends it
    Given an extended adjuvant case, hormone receptor positive
    When the engine evaluates the case as of 2016-02-09
    Then a note says "No trial of another HER2-directed therapy after that year has reported yet"
    And neratinib is not offered
    When the engine evaluates the case as of 2016-02-10
    Then the answer offers 2 regimens
    And neratinib is supported
    And trastuzumab for a second year is not recommended

  Scenario Outline: Neratinib alone and neratinib + capecitabine read alike on every date
    Given a metastatic case after 2 anti-HER2 regimens for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then neratinib + capecitabine is <status>
    And neratinib is investigational
    And the reasons for neratinib <shows> "Neratinib's randomized evidence in metastatic disease is with capecitabine"

    Examples:
      | day        | status      | shows         |
      | 2019-06-03 | not offered | does not show |
      | 2019-06-04 | supported   | shows         |
      | 2020-02-26 | approved    | shows         |

  Scenario Outline: A statement that no result has ended is dated with its answer's day
    Given a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then the reasons for neratinib shows "Combinations of neratinib with trastuzumab are being studied, the review says. As of <dated>, no later result in this knowledge base."

    Examples:
      | day        | dated      |
      | 2014-07-31 | 2014-07-31 |
      | 2020-01-01 | 2020-01-01 |
      | 2026-12-06 | 2026-12-06 |

  Scenario Outline: An ongoing trial's note ends on the day its result was public
    Given <case>
    When the engine evaluates the case as of <day_before>
    Then a note says "Ongoing: <trial>"
    When the engine evaluates the case as of <result_day>
    Then no note says "Ongoing: <trial>"

    Examples:
      | trial    | day_before | result_day | case                                                                       |
      | MARIANNE | 2016-11-06 | 2016-11-07 | a metastatic case, first line, hormone receptor negative                   |
      | APHINITY | 2017-07-12 | 2017-07-13 | an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive  |
      | HELEX    | 2020-02-14 | 2020-02-15 | a neoadjuvant case, hormone receptor positive, tumor 3.0 cm, nodes negative |

  Scenario Outline: "HELEX tests longer treatment" gives way to what TBCRC 023 reported
    Given a neoadjuvant case, hormone receptor positive, tumor 3.0 cm, nodes negative
    When the engine evaluates the case as of <day>
    Then the reasons for lapatinib + trastuzumab without chemotherapy <ongoing> "HELEX tests longer treatment."
    And the reasons for lapatinib + trastuzumab without chemotherapy <result> "24 weeks gave in-breast pCR 28% vs 12%"

    Examples:
      | day        | ongoing       | result        |
      | 2020-02-14 | shows         | does not show |
      | 2020-02-15 | does not show | shows         |

  Scenario Outline: A trial's population travels with its regimen as a caution, from the trial's first public day
    Given <case>
    And <also> is given as <also_value>
    And <field> is given as <value>
    When the engine evaluates the case as of <day_before>
    Then <regimen> is <status_before>
    When the engine evaluates the case as of <public_day>
    Then <regimen> carries the caution "<caution>"

    Examples:
      | public_day | day_before | regimen                              | status_before | caution                                                                 | field                            | value | case | also | also_value |
      | 2011-12-07 | 2011-12-06 | pertuzumab + trastuzumab + docetaxel | not offered   | CLEOPATRA enrolled relapses only at least 12 months after               | the months since the last trastuzumab | 11    | a metastatic case, first line, hormone receptor negative | the prior trastuzumab | true |
      | 2025-06-03 | 2025-06-02 | T-DXd + pertuzumab                   | not offered   | DESTINY-Breast09 enrolled relapses only after a disease-free interval   | the months since the last trastuzumab | 4     | a metastatic case, first line, hormone receptor negative | the prior trastuzumab | true |
      | 2025-10-21 | 2025-10-20 | T-DXd                                | not offered   | DESTINY-Breast11 enrolled node-negative disease only from cT3           | the tumor size                   | 3.0   | a neoadjuvant case, hormone receptor negative, tumor 3.0 cm, nodes negative  | the lymph node status | "negative" |
      | 2016-02-10 | 2016-02-09 | neratinib                            | not offered   | ExteNET enrolled patients within 2 years of completing trastuzumab      | the hormone receptor status      | "negative" | an extended adjuvant case, hormone receptor negative                      | the prior trastuzumab | true |

  Scenario Outline: Outside a trial's population the caution does not show
    Given <case>
    And <also> is given as <also_value>
    And <field> is given as <value>
    When the engine evaluates the case as of 2026-12-06
    Then <regimen> carries no caution mentioning "<caution>"

    Examples:
      | regimen                              | caution                                        | field                                 | value | case | also | also_value |
      | pertuzumab + trastuzumab + docetaxel | CLEOPATRA enrolled relapses only               | the months since the last trastuzumab | 12    | a metastatic case, first line, hormone receptor negative | the prior trastuzumab | true |
      | T-DXd + pertuzumab                   | DESTINY-Breast09 enrolled relapses only        | the months since the last trastuzumab | 7     | a metastatic case, first line, hormone receptor negative | the prior trastuzumab | true |
      | T-DXd                                | DESTINY-Breast11 enrolled node-negative        | the tumor size                        | 5.1   | a neoadjuvant case, hormone receptor negative, tumor 3.0 cm, nodes negative  | the lymph node status | "negative" |
      | neratinib                            | no verified result for hormone receptor-negative | the hormone receptor status         | "positive" | an extended adjuvant case, hormone receptor negative                     | the prior trastuzumab | true |
