Feature: Teaching: case library, learner mode, what-if, time travel, evidence charts and CDS Hooks cards
  Every piece is computed by the engine from rules/: a library case states what the engine must
  answer, and the pages, the API and the cards show the engine's answer, never words of their own.
  Educational use only, not for clinical decisions.

  Scenario Outline: A library case is an executable scenario
    Given the library case "<case>"
    When the engine evaluates the library case
    Then every status the case expects is the engine's
    And no regimen the case expects absent is offered

    Examples:
      | case                           |
      | first-line-dual-blockade       |
      | tdm1-after-trastuzumab         |
      | neoadjuvant-large-tumor        |
      | altto-adjuvant-lapatinib       |
      | chemotherapy-free-dual-blockade |
      | her2-negative-selection        |
      | first-line-in-2010             |

  Scenario: The library exercises every rule of the rulebook
    Given the whole case library
    When the engine evaluates every library case
    Then every rule of the rulebook fires for at least one library case

  Scenario: A student commits, then the reveal scores each regimen with its reason
    Given the library case "late-relapse-after-adjuvant"
    When the student commits T-DM1 as approved and nothing else
    Then T-DM1 is scored as the wrong status against the engine's investigational
    And T-DM1 is decided by one investigational rule, explained in clinical words
    And pertuzumab + trastuzumab + docetaxel is scored as missed

  Scenario: The model answers to a case's questions wait until the student has committed
    Given the library case "neoadjuvant-small-node-negative"
    When the student opens the practice form of the case
    Then the form asks for a choice for each regimen that bears on the case or that the library names as a distractor, but answers none of the case's questions
    When the student commits "unsure" for every regimen
    Then the result page answers "Where does the 2 cm line come from?" under the question
    And that answer quotes the 2013 pertuzumab label "either >2 cm in diameter or node-positive" and cites the review's reference [44]

  Scenario Outline: Flipping one decisive feature shows which options change and why
    Given the library case "<case>"
    When the student flips one feature, <flip>
    Then <regimen> changes from <before> to <after>
    And the change names the rule behind it

    Examples:
      | case                            | flip                                                  | regimen                              | before      | after           |
      | early-relapse-after-adjuvant    | the months since the last trastuzumab: 4 → 7          | T-DM1                                | approved    | investigational |
      | neoadjuvant-small-node-negative | the tumor size: 1.5 → 2.1                             | pertuzumab + trastuzumab + docetaxel | not offered | approved        |
      | neoadjuvant-small-node-negative | the lymph node status: negative → positive            | pertuzumab + trastuzumab + docetaxel | not offered | approved        |
      | lapatinib-options-hr-positive   | the hormone receptor status: positive → negative      | lapatinib + letrozole                | approved    | not offered     |
      | lapatinib-options-hr-positive   | the menopausal status: postmenopausal → premenopausal | lapatinib + letrozole                | approved    | not offered     |

  Scenario: A case travels through time from the first approval to the cut-off
    Given the library case "first-line-in-2014"
    When the case is traced through time
    Then its first point comes before any approval, with no option
    And pertuzumab + trastuzumab + docetaxel first appears as supported on 2011-12-07
    And the last point is the evidence cut-off

  Scenario: A CDS Hooks client gets one card per option
    Given the library case "altto-adjuvant-lapatinib"
    When a CDS client sends the case to the her2-case-review service
    Then the service answers 200 with one card per option of the engine's answer
    And the card for lapatinib + trastuzumab + chemotherapy is critical
    And every card says it is for educational use only

  Scenario: A CDS Hooks client sending a bad case gets the JSON API's 422
    Given a case with no hormone receptor status
    When a CDS client sends the case to the her2-case-review service
    Then the service answers 422 naming the hormone receptor status

  Scenario: The evidence page shows each chart with its numbers and sources
    When a student opens the evidence page
    Then the page shows 3 charts, each as an SVG image with a table of its numbers and its sources

  Scenario: A case's answer downloads as a Markdown handout
    When a student downloads the handout of the library case "neoadjuvant-large-tumor"
    Then the download is a Markdown attachment that says educational use only

  Scenario Outline: A reason several options share is said once, naming each option it covers
    Given the library case "<case>"
    When the engine evaluates the library case
    Then the walkthrough, the handout and the answer page each say once why <first> and <second> are not offered, naming both in the answer's order

    Examples:
      | case                                      | first                    | second                      |
      | neoadjuvant-stage-2-3-today               | neratinib + capecitabine | margetuximab + chemotherapy |
      | adjuvant-node-negative-high-risk-features | neratinib + capecitabine | margetuximab + chemotherapy |
      | first-line-today                          | neratinib + capecitabine | margetuximab + chemotherapy |

  Scenario Outline: A case out of scope says why once, not again as every option's "why not"
    Given the library case "<case>"
    When the engine evaluates the library case
    Then the answer page says once why the case is out of scope, with no list of the options giving that reason again
    And the walkthrough says it once, its engine's reasoning naming the HER2 status the scope asks for and the case's

    Examples:
      | case                    |
      | her2-negative-selection |
      | her2-low-day-before     |

  Scenario Outline: The engine's reasoning on the answer page says which test of the scope a case out of scope fails
    Given the library case "<case>"
    When the engine evaluates the library case
    Then the engine's reasoning on the answer page says "<said>"
    And there it names the scope's test as the engine tests it, "<test>", which the page without it does not

    Examples:
      | case                    | said                                                            | test                                     |
      | her2-negative-selection | In scope only for HER2-positive disease; this case: HER2-negative. | her2_status is positive (here: negative) |
      | her2-low-day-before     | In scope only for HER2-positive disease; this case: HER2-low.      | her2_status is positive (here: low)      |

  Scenario Outline: A HER2-low case out of scope is told why no T-DXd indication naming HER2-low fits it
    Given the library case "<case>"
    When the engine evaluates the library case
    Then the engine's reasoning on the answer page says "HER2-low disease is in scope only where an indication of T-DXd (fam-trastuzumab deruxtecan-nxki) that names it fits, and none fits this case"
    And it says "<why>"
    And the walkthrough's engine's reasoning names every T-DXd rule for HER2-low with the tests it fails, "<test>" among them

    Examples:
      | case                   | why                                                                                                                                                                       | test                                               |
      | her2-low-day-before    | Supported by randomized evidence only from 2022-06-05, the day the results of DESTINY-Breast04 were first public, which this status rests on; this case is dated 2022-06-04. | as_of is on or after 2022-06-05 (here: 2022-06-04) |
      | her2-low-early-disease | FDA-approved only for metastatic disease and chemotherapy for metastatic disease; this case: after surgery                                                               | setting is metastatic (here: adjuvant)             |

  Scenario Outline: A library case out of scope says its scope note once on its page, and under its rules the test it fails
    Given the library case "<case>"
    When a student opens the page of the library case
    Then the page says the case's scope note once
    And the step of the rules that apply says "<said>"

    Examples:
      | case                    | said                                                            |
      | her2-negative-selection | In scope only for HER2-positive disease; this case: HER2-negative. |
      | her2-low-early-disease  | In scope only for HER2-positive disease; this case: HER2-low.      |

  Scenario: A what-if change that takes the case out of scope says why once, not again for every option it drops
    Given the library case "first-line-today"
    When the student chooses the what-if change "HER2 status: Positive → Negative"
    Then the change says the scope note once, and every option it drops only that it is no longer offered

  Scenario: A student's score on a case out of scope says the scope note once, not again for every regimen
    Given the library case "her2-negative-selection"
    When the student commits "not_offered" for every regimen
    Then the page says the case's scope note once
    And every regimen's reason says only that it is not offered

  Scenario: A seminar's results and its projector say the scope note of a case out of scope once, not again for every regimen
    Given the library case "her2-negative-selection"
    When a class answers the library case in a seminar
    Then the seminar's results say the case's scope note once, and every regimen's reason only that it is not offered
    And the projector, the case's answer revealed, says the scope note once, and every regimen's reason only that it is not offered
