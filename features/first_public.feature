Feature: Each result on the day it became public
  A trial's results count from the day they first became public: a meeting presentation or an
  online publication, whichever came first, as far as a verified source shows. A date known only to
  the month counts from the meeting's last day (or the month's last day); a date known only to the
  year, from the year's last day. The day before, the result is not shown; on the day, it is.

  Scenario Outline: The day before and the day a result became public
    Given <case>
    When the engine evaluates the case as of <day_before>
    Then <regimen> is <status_before>
    When the engine evaluates the case as of <public_day>
    Then <regimen> is <status_on_the_day>

    Examples: landmark results (meeting or online date)
      | result                                          | public_day | day_before | regimen                              | status_before | status_on_the_day | case                                                                                              |
      | NSABP B-31 / NCCTG N9831 and HERA (ASCO 2005)   | 2005-05-13 | 2005-05-12 | trastuzumab + chemotherapy           | not offered   | supported         | an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive                         |
      | NeoSphere (San Antonio, December 2010)          | 2010-12-12 | 2010-12-11 | pertuzumab + trastuzumab + docetaxel | not offered   | supported         | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive                       |
      | NeoALTTO (San Antonio, December 2010)           | 2010-12-12 | 2010-12-11 | lapatinib + trastuzumab + chemotherapy | not offered | supported         | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive                       |
      | EMILIA (ASCO plenary, 3 June 2012)              | 2012-06-03 | 2012-06-02 | T-DM1                                | not offered   | supported         | a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative |
      | CLEOPATRA (N Engl J Med online, 7 Dec 2011)     | 2011-12-07 | 2011-12-06 | pertuzumab + trastuzumab + docetaxel | not offered   | supported         | a metastatic case, first line, hormone receptor negative                                          |


  Scenario Outline: Overall survival updates count from their own day, not their trial's
    Given <case>
    When the engine evaluates the case as of <day_before>
    Then <regimen> does not show the result "<result>"
    When the engine evaluates the case as of <public_day>
    Then <regimen> shows the result "<result>"

    Examples:
      | public_day | day_before | regimen                              | result                                | case                                                                                              |
      | 2012-12-07 | 2012-12-06 | pertuzumab + trastuzumab + docetaxel | Overall survival (confirmatory update) | a metastatic case, first line, hormone receptor negative                                          |
      | 2012-10-01 | 2012-09-30 | T-DM1                                | Overall survival                      | a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative |
      | 2012-06-11 | 2012-06-10 | lapatinib + trastuzumab without chemotherapy | Overall survival (final analysis) | a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative |

  Scenario Outline: CLEOPATRA's survival update enters the reasons on its day
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then the reasons for pertuzumab + trastuzumab + docetaxel <shows> "overall survival update also favoured pertuzumab"

    Examples:
      | day        | shows         |
      | 2012-12-06 | does not show |
      | 2012-12-07 | shows         |

  Scenario: On the day of the 1998 approval, the pivotal trial is named without its 2001 figures
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as of 1998-09-25
    Then trastuzumab + chemotherapy is approved
    And trastuzumab + chemotherapy names its trial H0648g without results
    And the reasons for trastuzumab + chemotherapy does not show "overall survival"
    When the engine evaluates the case as of 2001-03-15
    Then trastuzumab + chemotherapy shows the result "Time to progression and overall survival"
