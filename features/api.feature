Feature: The JSON API answers cases, and refuses what it cannot answer with a clear message
  A teaching tool sends cases to /api/v1 and reads the answers. Every answer carries the
  disclaimer and the knowledge base's version; every error names what is wrong.

  Background:
    Given the her2-cds web app

  Scenario: Dual blockade with chemotherapy is supported before surgery
    Given a neoadjuvant case, hormone receptor negative, tumor 3.0 cm, nodes positive
    When the case is posted to /api/v1/recommendations
    Then the response status is 200
    And lapatinib + trastuzumab + chemotherapy is supported
    And the answer carries the disclaimer and the knowledge-base version

  Scenario: The same dual blockade after surgery is not recommended
    Given an adjuvant case after surgery first, hormone receptor positive, tumor 2.5 cm, nodes positive
    When the case is posted to /api/v1/recommendations
    Then the response status is 200
    And lapatinib + trastuzumab + chemotherapy is not recommended

  Scenario: An invalid case is refused naming every bad field
    Given the raw case {"setting": "adjuvant", "her2_status": "positive", "hormone_receptor_status": "maybe", "tumor_size_cm": "big", "size": 3}
    When the case is posted to /api/v1/recommendations
    Then the response status is 422
    And the errors name exactly the hormone receptor status, the tumor size, the field "size" and the lymph node status
    And the error carries the disclaimer

  Scenario: A JSON array is not a case
    Given the raw case [{"setting": "adjuvant"}]
    When the case is posted to /api/v1/recommendations
    Then the response status is 422
    And the errors name exactly the field "(case)"

  Scenario: A batch answers the good cases and reports the bad one at its index
    Given a batch of 3 cases in which case 1 is invalid
    When the batch is posted to /api/v1/recommendations/batch
    Then the response status is 200
    And results 0 and 2 are answers
    And result 1 reports errors for the hormone receptor status

  Scenario: A batch over the limit is refused
    Given a batch of 1001 cases in which case 0 is invalid
    When the batch is posted to /api/v1/recommendations/batch
    Then the response status is 422
    And the errors name exactly the field "cases"

  Scenario Outline: Bodies that are not acceptable JSON are refused with a clear message
    When the body <body> is posted as <content_type>
    Then the response status is <status>
    And the message mentions "<words>"

    Examples:
      | body                                      | content_type     | status | words                |
      | {"setting": "adjuvant"                    | application/json | 400    | not valid JSON       |
      | {"setting": "adjuvant", "setting": "x"}   | application/json | 400    | appears twice        |
      | {"tumor_size_cm": NaN}                    | application/json | 400    | NaN                  |
      | {"setting": "adjuvant"}                   | text/plain       | 415    | application/json     |

  Scenario: A body over 1 MB is refused
    When a body of 1048577 bytes is posted
    Then the response status is 413
    And the message mentions "1 MB"

  Scenario Outline: Every knowledge-base endpoint carries the disclaimer
    When GET /api/v1/<endpoint> is requested
    Then the response status is 200
    And the body carries the disclaimer

    Examples:
      | endpoint       |
      | regimens       |
      | studies        |
      | approvals      |
      | references     |
      | knowledge-base |

  Scenario: The knowledge base states its version and its counts
    When GET /api/v1/knowledge-base is requested
    Then the knowledge base has 21 regimens and the engine's version and sha256
