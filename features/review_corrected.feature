Feature: The review's era, corrected
  The 2014 review is the lens, but where the labels and the primary publications say otherwise the
  answer follows them, and orders options of one status by the randomized trials that compared them.

  Scenario: First line, lapatinib in place of trastuzumab with chemotherapy is not recommended
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case
    Then lapatinib + chemotherapy is not recommended
    And the reasons for lapatinib + chemotherapy shows "trastuzumab was the optimal anti-HER2 therapy"

  Scenario: After progression, the 1998 label covers trastuzumab alone; with chemotherapy it is not labelled
    Given a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative
    When the engine evaluates the case
    Then trastuzumab + chemotherapy is shown as "approved for trastuzumab alone after chemotherapy for metastatic disease only; trastuzumab continued with chemotherapy is not labelled"
    And the reasons for trastuzumab + chemotherapy shows "Continuing trastuzumab beyond progression is supported by EGF104900"

  Scenario Outline: EGF104900's interim survival "trend" gives way to the significant final analysis on its day
    Given a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then lapatinib + trastuzumab without chemotherapy <interim> the result "Overall survival (2010 interim)"
    And lapatinib + trastuzumab without chemotherapy <final> the result "Overall survival (final analysis)"

    Examples:
      | day        | interim       | final         |
      | 2012-06-10 | shows         | does not show |
      | 2012-06-11 | does not show | shows         |

  Scenario: Lapatinib + trastuzumab after an early relapse extrapolates EGF104900's population
    Given a first-line metastatic relapse 3 months after adjuvant trastuzumab, hormone receptor negative
    When the engine evaluates the case
    Then lapatinib + trastuzumab without chemotherapy is supported
    And lapatinib + trastuzumab without chemotherapy carries the caution "extrapolates beyond that population"

  Scenario: Lapatinib + letrozole rests on EGF30008, and its label's caution is shown
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor positive, postmenopausal
    When the engine evaluates the case
    Then lapatinib + letrozole is approved
    And lapatinib + letrozole cites EGF30008
    And lapatinib + letrozole does not cite TAnDEM
    And lapatinib + letrozole carries the caution "has not been compared with a trastuzumab-containing chemotherapy regimen"

  Scenario: The adjuvant gain of "30 to 40%" is a relative effect, and says so
    Given an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case
    Then the reasons for trastuzumab + chemotherapy shows "a relative effect"

  Scenario Outline: Options of one status are ranked by the randomized trial that compared them
    Given <case>
    When the engine evaluates the case
    Then <winner> is ranked above <other> by <trial>, "<endpoint>"

    Examples:
      | winner                               | other                      | trial     | endpoint                                      | case                                                                                              |
      | pertuzumab + trastuzumab + docetaxel | trastuzumab + chemotherapy | CLEOPATRA | Progression-free survival (independent review) | a metastatic case, first line, hormone receptor negative                                          |
      | T-DM1                                | lapatinib + capecitabine   | EMILIA    | Overall survival                              | a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative |

  Scenario Outline: A date past the evidence cut-off is answered, and flagged
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as of <day>, today being 2027-01-04
    Then the answer <flag> as past the evidence cut-off

    Examples:
      | day        | flag              |
      | 2026-12-06 | is not flagged    |
      | 2026-12-07 | is flagged        |
