"""Step definitions for features/statements_in_time.feature: statements of work in progress, each shown until
the result that ended it, or dated "as of" when nothing has.

The clinic's words (support/clinic_words.py) and the clinical steps (support/steps_*.py) are shared with the other
scenario modules.
"""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("statements_in_time.feature")
