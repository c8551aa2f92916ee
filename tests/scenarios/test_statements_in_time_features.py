"""Step definitions for features/statements_in_time.feature: statements of work in progress, each shown until
the result that ended it, or dated "as of" when nothing has.

The clinic's words (support/clinic_words.py) and the clinical steps (support/steps_*.py) are shared with the other
scenario modules.
"""

from __future__ import annotations

import steps_answer
import steps_case
import steps_checks
from clinic_words import TYPES, steps_of
from pytest_bdd import scenarios
from steps_time import time_steps

globals().update(steps_of(steps_case, steps_answer, steps_checks))
time_steps(TYPES)

scenarios("statements_in_time.feature")
