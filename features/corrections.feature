Feature: The review's figures, with corrections beside them (critical appraisal)
  Where the review's figure differs from the primary publication or the FDA record, the answer
  shows the review's figure with the correction beside it. Table 1 rows come with the approval;
  study corrections come with the study's evidence record.

  Scenario: EGF104900's PFS P value: the review prints 0.08, the paper has 0.008
    Given a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative
    When the engine evaluates the case as the review saw it
    Then the EGF104900 evidence for lapatinib + trastuzumab without chemotherapy shows the review's "P = 0.08" corrected to "P = 0.008"
    And the EGF104900 evidence for lapatinib + trastuzumab without chemotherapy reports P = 0.08 as in the review
    And the EGF104900 evidence for lapatinib + trastuzumab without chemotherapy reports P = 0.008 as in the primary publication

  Scenario: TBCRC 006's endpoint: the review's breast-and-axilla pCR against the abstract's in-breast pCR
    Given a neoadjuvant case, hormone receptor positive, tumor 2.1 cm, nodes negative
    When the engine evaluates the case as the review saw it
    Then the TBCRC 006 evidence for lapatinib + trastuzumab without chemotherapy shows the review's "pCR rate for the breast and axilla was 22%" corrected to "in-breast pCR (ypT0-is): 27%"

  Scenario: CALGB 40601's pCR definition: the review's breast and axilla against the in-breast primary endpoint
    Given a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as the review saw it
    Then the CALGB 40601 evidence for lapatinib + trastuzumab + chemotherapy shows the review's "breast and axilla 52% with the combination vs 43%" corrected to "primary endpoint was in-breast pCR: 51%"

  Scenario Outline: Table 1 rows are shown as the review printed them, with the record's correction
    Given <case>
    When the engine evaluates the case as the review saw it
    Then the approval of <regimen> shows the review's Table 1 row "<review_row>"
    And the approval of <regimen> shows the correction "<correction>"
    And the approval of <regimen> is dated <record_date>

    Examples:
      | regimen                              | review_row                             | correction                                               | record_date | case                                                                                  |
      | trastuzumab + chemotherapy           | First-line metastatic \| T \| - \| Pac or AC | First-line approval was with paclitaxel only             | 1998-09-25  | a metastatic case, first line, hormone receptor negative                              |
      | trastuzumab + chemotherapy           | B31/N9831/BCIG006                      | 'BCIG006' is a typo for BCIRG 006                        | 2006-11-16  | an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive             |
      | lapatinib + capecitabine             | 2006 [16]                              | Approved on 13 March 2007                                | 2007-03-13  | a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative |
      | lapatinib + letrozole                | 2009 [17] \| Metastatic \| L + AI \| TAnDEM | TAnDEM tested trastuzumab + anastrozole and never formed a US approval | 2010-01-29 | a metastatic case, first line, no prior trastuzumab, hormone receptor positive, postmenopausal |
      | pertuzumab + trastuzumab + docetaxel | Neoadjuvant \| P + T \| NeoSphere \| FEC → Pac, TCH | 'Pac' (paclitaxel) in the review's row is wrong | 2013-09-30  | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive           |

  Scenario Outline: Table 1 rows that the record confirms carry no correction
    Given <case>
    When the engine evaluates the case as the review saw it
    Then the approval of <regimen> shows the review's Table 1 row "<review_row>"
    And the approval of <regimen> has no correction

    Examples:
      | regimen                              | review_row                          | case                                                                                  |
      | pertuzumab + trastuzumab + docetaxel | 2012 [18] \| Metastatic \| P + T \| CLEOPATRA | a metastatic case, first line, hormone receptor negative                     |
      | T-DM1                                | 2013 [13] \| Metastatic \| TDM-1 \| EMILIA    | a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative |

  Scenario: The lapatinib + capecitabine evidence repeats the Table 1 date correction
    Given a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative
    When the engine evaluates the case as the review saw it
    Then the EGF100151 evidence for lapatinib + capecitabine shows the review's "Table 1: 2006 [16]" corrected to "13 Mar 2007"

  Scenario: The review's own figures stay visible: NeoALTTO's HR-subset pCR belongs to one arm only
    Given a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as the review saw it
    Then the NeoALTTO evidence for lapatinib + trastuzumab + chemotherapy shows the review's "(61.3 vs. 41.6%)" corrected to "breast-pCR values of the lapatinib + trastuzumab arm only"
