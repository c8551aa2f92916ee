Feature: Case validation: a bad case is refused, naming every bad field and what it allows
  A typo must never silently change an answer. The engine refuses a case it cannot read and
  names each bad field with what that field allows; it never guesses.

  Scenario Outline: A value the field does not allow is refused, with what the field allows
    Given <case>
    And <field> is given as <value>
    When the case is checked
    Then the case is refused
    And the only field named is <field>
    And the error for <field> says what the field allows

    Examples: a typo, or a value outside the field's choices
      | field                                   | value        | case                                                     |
      | the hormone receptor status             | "postive"    | a metastatic case, first line, hormone receptor negative |
      | the HER2 status                         | "+++"        | a metastatic case, first line, hormone receptor negative |
      | the line of treatment                   | "second"     | a metastatic case, first line, hormone receptor negative |

    Examples: a size of zero, a size above 30 cm, or a size written as text
      | field                                   | value        | case                                                                        |
      | the tumor size                          | 0            | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive |
      | the tumor size                          | 30.1         | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive |
      | the tumor size                          | "2.5"        | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive |

    Examples: months written as text, or fewer than none
      | field                                   | value        | case                                                                                           |
      | the months since the last trastuzumab   | "4"          | a first-line metastatic relapse 4 months after adjuvant trastuzumab, hormone receptor negative |
      | the months since the last trastuzumab   | -1           | a first-line metastatic relapse 4 months after adjuvant trastuzumab, hormone receptor negative |

    Examples: a yes-or-no answer written as a word
      | field                                   | value        | case                                                     |
      | the prior trastuzumab                   | "yes"        | a metastatic case, first line, hormone receptor negative |

    Examples: a date in the future, a day the calendar does not have, or a date written day first
      | field                                   | value        | case                                                     |
      | the date                                | "2999-01-01" | a metastatic case, first line, hormone receptor negative |
      | the date                                | "2014-02-30" | a metastatic case, first line, hormone receptor negative |
      | the date                                | "31/07/2014" | a metastatic case, first line, hormone receptor negative |

  Scenario: A field a case does not have is refused, with the fields a case may have
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    And the field "tumour_size" is given as 3.0
    When the case is checked
    Then the case is refused
    And the only field named is the field "tumour_size"
    And the error for the field "tumour_size" lists the fields a case may have

  Scenario: A line of treatment in an adjuvant case is refused: only metastatic cases have one
    Given an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive
    And the line of treatment is given as "first"
    When the case is checked
    Then the case is refused
    And the only field named is the line of treatment
    And the error for the line of treatment says it belongs to metastatic cases only, so leave it out

  Scenario: Months since the last trastuzumab are refused when the case had no prior trastuzumab
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    And the months since the last trastuzumab is given as 4
    When the case is checked
    Then the case is refused
    And the only field named is the months since the last trastuzumab
    And the error for the months since the last trastuzumab says it needs the prior trastuzumab to be yes, or to leave it out

  Scenario Outline: A required field left out is named, with what the field allows
    Given <case>
    And <field> is left out
    When the case is checked
    Then the case is refused
    And the only field named is <field>
    And the error for <field> says it is required, with what the field allows

    Examples:
      | field                                   | case                                                                        |
      | the line of treatment                   | a metastatic case, first line, hormone receptor negative                    |
      | the hormone receptor status             | a metastatic case, first line, hormone receptor negative                    |
      | the tumor size                          | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive |
      | the lymph node status                   | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive |
      | the tumor size                          | an adjuvant case after surgery first, hormone receptor negative, tumor 2.5 cm, nodes positive   |
      | the setting                             | a metastatic case, first line, hormone receptor negative                    |

  Scenario: Every bad field is named at once
    Given a case with the fields
      | field                                   | value        |
      | the field "settng"                      | "metastatic" |
      | the hormone receptor status             | "postive"    |
      | the tumor size                          | "x"          |
      | the date                                | "2014-02-30" |
    When the case is checked
    Then the case is refused
    And the fields named are exactly the setting, the field "settng", the HER2 status, the hormone receptor status, the tumor size and the date
    And the error for the field "settng" lists the fields a case may have
    And the error for the setting says it is required, with what the field allows

  Scenario: A neoadjuvant case without tumor size or node status names both
    Given a case with the fields
      | field                                   | value         |
      | the setting                             | "neoadjuvant" |
      | the HER2 status                         | "positive"    |
      | the hormone receptor status             | "negative"    |
    When the case is checked
    Then the case is refused
    And the fields named are exactly the tumor size and the lymph node status

  Scenario Outline: The edges of the allowed ranges are accepted
    Given <case>
    And <field> is given as <value>
    When the case is checked
    Then the case is accepted

    Examples:
      | field                                   | value        | case                                                                          |
      | the tumor size                          | 30           | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive   |
      | the tumor size                          | 0.1          | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive   |
      | the months since the last trastuzumab   | 0            | a first-line metastatic relapse 4 months after adjuvant trastuzumab, hormone receptor negative |
      | the date                                | "1998-01-01" | a metastatic case, first line, hormone receptor negative                      |

  Scenario: Today is a valid date: answered, never refused as a future date
    Given a metastatic case, first line, no prior trastuzumab, hormone receptor negative
    And the case is dated today
    When the engine evaluates the case
    Then pertuzumab + trastuzumab + docetaxel is approved
