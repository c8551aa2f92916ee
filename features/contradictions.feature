Feature: Contradictions: a case whose fields contradict each other is refused, naming both fields and why
  Some cases say two things that cannot both be true: an extended adjuvant case that never had
  trastuzumab, a first-line case already treated for metastatic disease, a response to neoadjuvant
  trastuzumab-based therapy in a patient who never had trastuzumab. The engine never answers them: it
  refuses the case, and the error on each of the two fields names the other field and says why. A field
  left out is not known, and contradicts nothing.

  Scenario Outline: Two fields that contradict each other: refused, each naming the other and why
    Given <case>
    And <field> is given as <value>
    When the case is checked
    Then the case is refused
    And the fields named are exactly <field> and <other>
    And the error for <field> names <other> and says why
    And the error for <other> names <field> and says why

    Examples:
      | case                                                                                       | field                                           | value | other                               |
      | an extended adjuvant case, hormone receptor positive                                       | the prior trastuzumab                           | false | the setting                         |
      | a metastatic case, first line, hormone receptor negative                                   | the prior chemotherapy for metastatic disease   | true  | the line of treatment               |
      | a metastatic case, first line, hormone receptor positive                                   | the prior endocrine therapy for metastatic disease | true | the line of treatment              |
      | an adjuvant case with residual invasive disease after neoadjuvant therapy, hormone receptor negative | the prior trastuzumab                  | false | the response to neoadjuvant therapy |

  Scenario Outline: The other value of the same field is no contradiction: the case is answered
    Given <case>
    And <field> is given as <value>
    When the case is checked
    Then the case is accepted

    Examples:
      | case                                                                                       | field                                           | value |
      | an extended adjuvant case, hormone receptor positive                                       | the prior trastuzumab                           | true  |
      | a metastatic case, first line, hormone receptor negative                                   | the prior chemotherapy for metastatic disease   | false |
      | a metastatic case, first line, hormone receptor positive                                   | the prior endocrine therapy for metastatic disease | false |
      | an adjuvant case with residual invasive disease after neoadjuvant therapy, hormone receptor negative | the prior trastuzumab                  | true  |
      | a metastatic case, pretreated with trastuzumab for metastatic disease, hormone receptor negative | the prior chemotherapy for metastatic disease | true  |

  Scenario: Prior trastuzumab left out is not known, never "no": an extended adjuvant case is answered
    Given an extended adjuvant case, hormone receptor positive
    And the prior trastuzumab is left out
    When the engine evaluates the case as of 2020-01-01
    Then neratinib is approved

  Scenario Outline: A first-line HER2-low case gets no T-DXd conditional on treatment that first line rules out
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor positive
    And the HER2 result is low
    When the engine evaluates the case as of <day>
    Then T-DXd is not offered
    And a note says "<note>"

    Examples: the day before DESTINY-Breast04's presentation, the day before and the day of the HER2-low approval
      | day        | note                                                               |
      | 2022-06-04 | On this date HER2 is a dichotomy                                   |
      | 2022-08-04 | Otherwise HER2-low disease still counts as HER2-negative           |
      | 2022-08-05 | Not yet treated for metastatic disease, this HER2-low case meets no T-DXd indication |
