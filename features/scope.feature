Feature: Scope, ordering and the shape of every answer
  HER2-directed therapy is for HER2-positive disease only: the review stresses that these drugs
  help the HER2-amplified minority (about 20%). A HER2-negative or equivocal case gets no regimen,
  and the answer says why for every regimen. Answers list approved regimens first, then
  supported, investigational and not recommended, each regimen at most once. Every answer says
  it is educational and not for clinical decisions.

  Scenario Outline: A HER2-negative or equivocal case is out of scope: no regimen, every regimen explained
    Given <case>
    And the HER2 result is <her2>
    When the engine evaluates the case as the review saw it
    Then the answer is out of scope
    And no regimen is offered
    And every one of the 21 regimens is in why-not with the reason "HER2-directed therapy is for HER2-positive"
    And the scope note says "settle HER2 status first"

    Examples:
      | case                                                                               | her2      |
      | a metastatic case, first line, hormone receptor negative                          | negative  |
      | a metastatic case, first line, hormone receptor negative                          | equivocal |
      | a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor positive | negative  |
      | a neoadjuvant case, hormone receptor positive, tumor 2.1 cm, nodes negative        | negative  |
      | a neoadjuvant case, hormone receptor negative, tumor 4.0 cm, nodes positive        | equivocal |
      | an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive          | equivocal |

  Scenario: HER2-positive is the default when the HER2 result is not given
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    When the engine evaluates the case as the review saw it
    Then the answer is in scope
    And the scope note is empty
    And pertuzumab + trastuzumab + docetaxel is approved

  Scenario: The same case with a HER2-positive result is in scope
    Given a neoadjuvant case, hormone receptor positive, tumor 2.1 cm, nodes negative
    And the HER2 result is positive
    When the engine evaluates the case as the review saw it
    Then the answer is in scope
    And pertuzumab + trastuzumab + docetaxel is approved

  Scenario Outline: Regimens are listed approved, supported, investigational, not recommended, each at most once
    Given <case>
    When the engine evaluates the case as the review saw it
    Then the regimens are listed approved first, then supported, then investigational, then not recommended
    And no regimen appears twice
    And no approved or supported regimen is in why-not
    And every regimen is either offered or in why-not
    And the answer offers <count> regimens

    Examples:
      | case                                                                                 | count |
      | a metastatic case, first line, no prior trastuzumab, hormone receptor positive, postmenopausal            | 7     |
      | a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative | 8     |
      | a first-line metastatic relapse 4 months after adjuvant trastuzumab, hormone receptor negative | 9     |
      | a neoadjuvant case, hormone receptor positive, tumor 2.1 cm, nodes negative          | 6     |
      | a neoadjuvant case, hormone receptor negative, tumor 2.0 cm, nodes negative          | 5     |
      | an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive            | 3     |

  Scenario: A neoadjuvant answer shows all four statuses in order
    Given a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive
    When the engine evaluates the case as the review saw it
    Then the statuses in order are approved, supported, supported, investigational, investigational, not recommended

  Scenario: Every answer says it is educational, not for clinical decisions, and names its knowledge base
    Given a neoadjuvant case, hormone receptor positive, tumor 2.1 cm, nodes negative
    When the engine evaluates the case as the review saw it
    Then the answer says "Educational use only, not for clinical decisions"
    And the knowledge base is version 2026.12-r1 with evidence to 2026-12-06
