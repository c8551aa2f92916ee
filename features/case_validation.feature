Feature: Case validation: a bad case is refused, naming every bad field and what is allowed
  A typo must never silently change an answer. The engine refuses a case it cannot read and
  names each bad field with what that field allows; it never guesses.

  Scenario Outline: A bad value is refused, naming the field and what is allowed
    Given <case>
    And <field> is given as <value>
    When the case is checked
    Then the case is refused
    And the only field named is <field>
    And the error for <field> says "<problem>"
    And the error for <field> says "<allowed>"

    Examples:
      | field                                   | value        | problem                                             | allowed                                    | case |
      | the field "tumour_size"                 | 3.0          | is not a case field                                 | allowed: the fields setting, metastatic_line | a metastatic case, first line, hormone receptor negative |
      | the hormone receptor status             | "postive"    | 'postive' is not allowed                            | allowed: positive, negative or unknown     | a metastatic case, first line, hormone receptor negative |
      | the HER2 status                         | "+++"        | '+++' is not allowed                                | allowed: positive, low, ultralow, negative or equivocal | a metastatic case, first line, hormone receptor negative |
      | the line of treatment                   | "second"     | 'second' is not allowed                             | allowed: first or pretreated               | a metastatic case, first line, hormone receptor negative |
      | the line of treatment                   | "first"      | applies only to metastatic cases, not adjuvant      | leave it out                               | an adjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive |
      | the tumor size                          | 0            | 0 is out of range                                   | from 0.01 to 30                     | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive |
      | the tumor size                          | 30.1         | 30.1 is out of range                                | from 0.01 to 30                     | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive |
      | the tumor size                          | "2.5"        | must be a JSON number, not text                     | a number of centimetres                    | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive |
      | the months since the last trastuzumab   | 4            | is given but prior_trastuzumab is not true          | set prior_trastuzumab to true or leave it out | a metastatic case, first line, hormone receptor negative |
      | the months since the last trastuzumab   | "4"          | has the wrong type                                  | a whole number of months >= 0              | a first-line metastatic relapse 4 months after adjuvant trastuzumab, hormone receptor negative |
      | the months since the last trastuzumab   | -1           | -1 is out of range                                  | a whole number of months >= 0              | a first-line metastatic relapse 4 months after adjuvant trastuzumab, hormone receptor negative |
      | the prior trastuzumab                   | "yes"        | has the wrong type                                  | allowed: true or false                     | a metastatic case, first line, hormone receptor negative |
      | the date                                | "2999-01-01" | 2999-01-01 is in the future                         | not in the future                          | a metastatic case, first line, hormone receptor negative |
      | the date                                | "2014-02-30" | 2014-02-30 is not a real calendar date              | an ISO date YYYY-MM-DD                     | a metastatic case, first line, hormone receptor negative |
      | the date                                | "31/07/2014" | must be a date written YYYY-MM-DD                   | an ISO date YYYY-MM-DD                     | a metastatic case, first line, hormone receptor negative |

  Scenario Outline: A required field left out is named, with what is allowed
    Given <case>
    And <field> is left out
    When the case is checked
    Then the case is refused
    And the only field named is <field>
    And the error for <field> says "<problem>"
    And the error for <field> says "<allowed>"

    Examples:
      | field                                   | problem                                | allowed                                | case |
      | the line of treatment                   | is required for the metastatic setting | allowed: first or pretreated           | a metastatic case, first line, hormone receptor negative |
      | the hormone receptor status             | is required                            | allowed: positive, negative or unknown | a metastatic case, first line, hormone receptor negative |
      | the tumor size                          | is required for the neoadjuvant setting | from 0.01 to 30                | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive |
      | the lymph node status                   | is required for the neoadjuvant setting | allowed: positive, negative or unknown | a neoadjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive |
      | the tumor size                          | is required for the adjuvant setting   | from 0.01 to 30                 | an adjuvant case, hormone receptor negative, tumor 2.5 cm, nodes positive |
      | the setting                             | is required                            | allowed: metastatic, neoadjuvant, adjuvant or extended_adjuvant | a metastatic case, first line, hormone receptor negative |

  Scenario: Every bad field is named at once
    Given a case with the fields
      | field                                   | value        |
      | the field "settng"                      | "metastatic" |
      | the hormone receptor status             | "postive"    |
      | the tumor size                          | "x"          |
      | the date                                | "2014-02-30" |
    When the case is checked
    Then the case is refused
    And the fields named are exactly the setting, the field "settng", the hormone receptor status, the tumor size and the date
    And the error for the field "settng" says "is not a case field"
    And the error for the setting says "is required"

  Scenario: A neoadjuvant case without tumor size or node status names both
    Given a case with the fields
      | field                                   | value         |
      | the setting                             | "neoadjuvant" |
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

  Scenario: Today is a valid date: answered as of the cut-off, with the cut-off note
    Given a metastatic case, first line, hormone receptor negative
    And the case is dated today
    When the engine evaluates the case
    Then a note says "The knowledge base stops at 2026-05-15"
    And pertuzumab + trastuzumab + docetaxel is approved
