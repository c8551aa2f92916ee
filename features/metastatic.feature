Feature: Metastatic HER2-positive breast cancer
  The engine places each regimen for a metastatic case as FDA-approved, supported by randomized
  evidence, investigational (trial-only) or not recommended, as the 2014 review and the corrected
  FDA record stood when the review was published (2014-07-31); features/after_the_review.feature follows them to today.
  "Pretreated" means already treated for metastatic disease; a relapse during or within 6 months
  of adjuvant trastuzumab counts as trastuzumab-pretreated (the T-DM1 label).

  Scenario: First line: pertuzumab + trastuzumab + docetaxel is approved on CLEOPATRA
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as the review saw it
    Then pertuzumab + trastuzumab + docetaxel is approved
    And the approval of pertuzumab + trastuzumab + docetaxel is dated 2012-06-08
    And pertuzumab + trastuzumab + docetaxel cites CLEOPATRA
    And CLEOPATRA is cited as randomized phase III with n = 808
    And pertuzumab + trastuzumab + docetaxel carries the caution "first-line treatment with docetaxel"
    And trastuzumab + chemotherapy is approved
    And T-DM1 is investigational
    And T-DM1 cites MARIANNE
    And lapatinib + capecitabine is not offered
    And lapatinib + trastuzumab without chemotherapy is not offered
    And a note says "MARIANNE (NCT01120184)"

  Scenario: After trastuzumab for metastatic disease: T-DM1 is approved on EMILIA
    Given a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative
    When the engine evaluates the case as the review saw it
    Then T-DM1 is approved
    And the approval of T-DM1 is dated 2013-02-22
    And T-DM1 cites EMILIA
    And EMILIA is cited as randomized phase III with n = 991
    And T-DM1 is conditional on nothing
    And the engine's reasoning derives that the case is pretreated with trastuzumab

  Scenario: After trastuzumab: lapatinib + capecitabine approved, lapatinib + trastuzumab supported (EGF104900)
    Given a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative
    When the engine evaluates the case as the review saw it
    Then lapatinib + capecitabine is approved
    And the approval of lapatinib + capecitabine is dated 2007-03-13
    And lapatinib + capecitabine carries the caution "In EMILIA, T-DM1 gave longer survival"
    And lapatinib + trastuzumab without chemotherapy is supported
    And lapatinib + trastuzumab without chemotherapy cites EGF104900
    And EGF104900 is cited as randomized phase III with n = 296
    And lapatinib + trastuzumab without chemotherapy has no approval
    And pertuzumab + trastuzumab + docetaxel is not offered
    And afatinib is investigational
    And T-DM1 + lapatinib is investigational

  Scenario: Treated for metastatic disease but never with trastuzumab: not trastuzumab-pretreated
    Given a metastatic case, pretreated for metastatic disease without trastuzumab, hormone receptor negative
    When the engine evaluates the case as the review saw it
    Then T-DM1 is not offered
    And lapatinib + capecitabine is not offered
    And trastuzumab + chemotherapy is approved
    And the engine's reasoning does not derive that the case is pretreated with trastuzumab
    And why-not for T-DM1 says it needs that the case is pretreated with trastuzumab
    And why-not for lapatinib + capecitabine says it needs that the case is pretreated with trastuzumab

  Scenario Outline: A relapse within 6 months of adjuvant trastuzumab counts as pretreated
    Given a first-line metastatic relapse <months> months after adjuvant trastuzumab, hormone receptor negative
    When the engine evaluates the case as the review saw it
    Then T-DM1 is <tdm1>
    And lapatinib + capecitabine is <lapatinib_capecitabine>
    And the engine's reasoning <derives> that the relapse came early after adjuvant trastuzumab
    And the engine's reasoning <derives> that the case is pretreated with trastuzumab

    Examples: the 6-month boundary
      | months | tdm1            | lapatinib_capecitabine | derives         |
      | 0      | approved        | approved               | derives         |
      | 6      | approved        | approved               | derives         |
      | 7      | investigational | not offered            | does not derive |
      | 24     | investigational | not offered            | does not derive |

  Scenario: A late relapse is first-line disease outside the T-DM1 label
    Given a first-line metastatic relapse 7 months after adjuvant trastuzumab, hormone receptor negative
    When the engine evaluates the case as the review saw it
    Then T-DM1 is investigational
    And why-not for T-DM1 says it needs that the case is pretreated with trastuzumab
    And why-not for T-DM1 says it is offered here only as investigational

  Scenario: Relapse timing unknown: every option for trastuzumab-pretreated disease waits on the months since trastuzumab
    Given a first-line metastatic relapse after adjuvant trastuzumab, months since the last dose not recorded, hormone receptor negative
    When the engine evaluates the case as the review saw it
    Then T-DM1 is approved
    And T-DM1 is conditional on the months since the last trastuzumab
    And the approval of T-DM1 is dated 2013-02-22
    And the engine's reasoning does not derive that the case is pretreated with trastuzumab
    And lapatinib + capecitabine is approved
    And lapatinib + capecitabine is conditional on the months since the last trastuzumab
    And lapatinib + trastuzumab without chemotherapy is supported
    And lapatinib + trastuzumab without chemotherapy is conditional on the months since the last trastuzumab
    And afatinib is investigational
    And afatinib is conditional on the months since the last trastuzumab

  Scenario Outline: Relapse timing unknown: T-DXd waits on the months since trastuzumab, as T-DM1 does
    T-DXd's 2022 label covers a recurrence during or within six months of (neo)adjuvant therapy, and
    DESTINY-Breast03 counted such a relapse as treated disease: with the months not recorded, T-DXd is shown
    conditional on them, from DESTINY-Breast03's first public day and from the approval's.
    Given a first-line metastatic relapse after adjuvant trastuzumab, months since the last dose not recorded, hormone receptor negative
    When the engine evaluates the case as of <day>
    Then T-DXd is <status>
    And T-DM1 is approved
    And T-DM1 is conditional on the months since the last trastuzumab

    Examples: the day before and the day of DESTINY-Breast03's first report and of the 2022 approval
      | day        | status          |
      | 2021-09-20 | not offered     |
      | 2021-09-21 | supported       |
      | 2022-05-03 | supported       |
      | 2022-05-04 | approved        |

  Scenario: Relapse timing unknown: T-DXd is conditional on the months since the last trastuzumab
    Given a first-line metastatic relapse after adjuvant trastuzumab, months since the last dose not recorded, hormone receptor negative
    When the engine evaluates the case as of the cut-off
    Then T-DXd is approved
    And T-DXd is conditional on the months since the last trastuzumab
    And the approval of T-DXd is dated 2022-05-04

  Scenario Outline: A relapse with its months recorded settles T-DXd either way
    Given a first-line metastatic relapse <months> months after adjuvant trastuzumab, hormone receptor negative
    When the engine evaluates the case as of the cut-off
    Then T-DXd is <status>

    Examples:
      | months | status      |
      | 4      | approved    |
      | 18     | not offered |

  Scenario Outline: Lapatinib + letrozole is approved for hormone receptor-positive postmenopausal women
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor <hr>, <menopause>
    When the engine evaluates the case as the review saw it
    Then lapatinib + letrozole is approved
    And the approval of lapatinib + letrozole is dated 2010-01-29
    And lapatinib + letrozole is conditional on <settles_it>
    And lapatinib + letrozole cites EGF30008

    Examples:
      | hr       | menopause                 | settles_it                                             |
      | positive | postmenopausal            | nothing                                                |
      | positive | menopausal status unknown | the menopausal status                                  |
      | unknown  | postmenopausal            | the hormone receptor status                            |
      | unknown  | menopausal status unknown | the hormone receptor status and the menopausal status |

  Scenario Outline: Lapatinib + letrozole is not offered outside its label
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor <hr>, <menopause>
    When the engine evaluates the case as the review saw it
    Then lapatinib + letrozole is not offered
    And why-not for lapatinib + letrozole says it needs <failed_condition>

    Examples:
      | hr       | menopause      | failed_condition                                                  |
      | positive | premenopausal  | the menopausal status to be postmenopausal (here: premenopausal)  |
      | negative | postmenopausal | the hormone receptor status to be positive (here: negative)       |

  Scenario: Trastuzumab + chemotherapy stays approved in every metastatic line
    Given a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor positive
    When the engine evaluates the case as the review saw it
    Then trastuzumab + chemotherapy is approved
    And the approval of trastuzumab + chemotherapy is dated 1998-09-25
    And trastuzumab + chemotherapy is conditional on nothing

  Scenario: Why-not names each failed condition in words, with the case's value
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as the review saw it
    Then why-not for T-DM1 says it would be approved only if the case is pretreated with trastuzumab
    And why-not for lapatinib + capecitabine says it would be approved only if the case is pretreated with trastuzumab
    And why-not for lapatinib + trastuzumab + chemotherapy says it needs the setting to be neoadjuvant (here: metastatic)
    And why-not for pertuzumab + trastuzumab without chemotherapy says it needs the setting to be neoadjuvant (here: metastatic)
    And no approved or supported regimen is in why-not

  Scenario: The engine's reasoning shows how an early relapse counts as pretreated
    Given a first-line metastatic relapse 3 months after adjuvant trastuzumab, hormone receptor positive
    When the engine evaluates the case as the review saw it
    Then the engine's reasoning derives that the relapse came early after adjuvant trastuzumab
    And the engine's reasoning derives that the case is pretreated with trastuzumab
    And the engine's reasoning shows a rule deriving that the relapse came early after adjuvant trastuzumab fired
    And the engine's reasoning shows a rule deriving that the case is pretreated with trastuzumab from that the relapse came early after adjuvant trastuzumab fired
    And the engine's reasoning shows a rule making T-DM1 approved fired
