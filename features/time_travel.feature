Feature: Time travel: a case evaluated as it would have stood on a past date
  "as_of" asks what the evidence and the FDA record allowed on that day: no approval and no
  trial result later than it. An approval counts from its own date (the public record's date,
  not the review's Table 1 year). The knowledge base runs from the review (2014-07-31) to its
  evidence cut-off, 2026-12-06, the last day its sources were searched: a later date is answered as of
  the cut-off, and the answer says so.

  Scenario Outline: Each FDA approval counts from its date, not the day before
    Given <case>
    When the engine evaluates the case as of <day_before>
    Then <regimen> is <status_the_day_before>
    When the engine evaluates the case as of <approval_date>
    Then <regimen> is approved
    And the approval of <regimen> is dated <approval_date>

    Examples: the dated approvals of the corrected Table 1
      | approval_date | day_before | regimen                             | status_the_day_before | case                                                                                  |
      | 1998-09-25    | 1998-09-24 | trastuzumab + chemotherapy          | not offered           | a metastatic case, first line, hormone receptor negative                              |
      | 2006-11-16    | 2006-11-15 | trastuzumab + chemotherapy          | supported             | an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive             |
      | 2007-03-13    | 2007-03-12 | lapatinib + capecitabine            | supported             | a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative |
      | 2010-01-29    | 2010-01-28 | lapatinib + letrozole               | supported             | a metastatic case, first line, no prior trastuzumab, hormone receptor positive, postmenopausal              |
      | 2012-06-08    | 2012-06-07 | pertuzumab + trastuzumab + docetaxel | supported            | a metastatic case, first line, hormone receptor negative                              |
      | 2013-02-22    | 2013-02-21 | T-DM1                               | supported             | a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative |
      | 2013-09-30    | 2013-09-29 | pertuzumab + trastuzumab + docetaxel | supported            | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive           |

  Scenario Outline: The 2008 extension to node-negative disease counts from January 2008's last day
    The approval is known to the month only (reported in January 2008; the day is not verified).
    Given an adjuvant node-negative case after surgery first, hormone receptor positive, tumor 2.5 cm, grade not given, age not given
    When the engine evaluates the case as of <day>
    Then trastuzumab + chemotherapy is <status>

    Examples:
      | day        | status    |
      | 2008-01-30 | supported |
      | 2008-01-31 | approved  |

  Scenario: Before trastuzumab's first approval no HER2-directed regimen existed
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as of 1998-09-24
    Then no regimen is offered
    And the answer is in scope

  Scenario: Lapatinib + capecitabine is approved from the record's 2007 date, not the review's "2006"
    Given a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of 2006-12-31
    Then lapatinib + capecitabine is supported
    And lapatinib + capecitabine has no approval
    And trastuzumab + chemotherapy is approved

  Scenario: Before T-DM1's approval, EMILIA supported it and lapatinib + capecitabine was the approved option
    Given a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of 2013-02-21
    Then T-DM1 is supported
    And T-DM1 has no approval
    And T-DM1 cites EMILIA
    And lapatinib + capecitabine is approved

  Scenario: A caution appears only once its trial has reported (ALTTO, June 2014)
    Given a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as of 2014-01-15
    Then lapatinib + trastuzumab + chemotherapy is supported
    And lapatinib + trastuzumab + chemotherapy carries no caution mentioning "ALTTO: the same dual blockade after surgery"
    And lapatinib + trastuzumab + chemotherapy carries the caution "NeoALTTO was underpowered"
    When the engine evaluates the case as of 2014-07-01
    Then lapatinib + trastuzumab + chemotherapy carries the caution "ALTTO: the same dual blockade after surgery"

  Scenario: After surgery, lapatinib + trastuzumab + chemotherapy is not judged before ALTTO reported
    ALTTO was presented at ASCO 2014 (30 May to 3 June); its session day is not verified, so it counts from
    the meeting's last day.
    Given an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as of 2014-06-02
    Then lapatinib + trastuzumab + chemotherapy is not offered
    When the engine evaluates the case as of 2014-06-03
    Then lapatinib + trastuzumab + chemotherapy is not recommended

  Scenario: A date after the cut-off is answered as of the cut-off, with a note
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as of 2027-01-04, today being 2027-01-04
    Then a note says "The knowledge base stops at 2026-12-06"
    And a note says "this answer for 2027-01-04 shows the evidence as it stood on 2026-12-06"
    And T-DXd + pertuzumab is approved
    And pertuzumab + trastuzumab + docetaxel is approved

  Scenario: On the cut-off day itself there is no cut-off note
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as of 2026-12-06
    Then no note says "The knowledge base stops at"

  Scenario: Without as_of the case is evaluated on the cut-off
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case
    Then the case was evaluated as of 2026-12-06
    And no note says "The knowledge base stops at"
