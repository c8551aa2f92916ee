"""The clinical behaviour specification in features/, run against the engine.

The feature files are written for a clinician: regimens are named by their drugs ("T-DM1",
"pertuzumab + trastuzumab + docetaxel", "lapatinib + trastuzumab without chemotherapy"), case fields
by their words and cases by their decisive features. tests/support/clinic_words.py translates those words into
the engine's vocabulary; the steps (tests/support/steps_case.py, steps_answer.py, steps_checks.py and
steps_time.py, registered for every feature here by tests/scenarios/conftest.py) check the Answer the engine
gives. The engine is the session fixture `engine` from
conftest.py: built once, reused by every scenario.
"""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios(
    "metastatic.feature",
    "neoadjuvant.feature",
    "adjuvant.feature",
    "scope.feature",
    "time_travel.feature",
    "first_public.feature",
    "review_corrected.feature",
    "corrections.feature",
    "case_validation.feature",
)
