"""The clinical steps the features here share, registered the way pytest-bdd documents: step definitions in a
conftest.py are found by every test module below it, so no test module imports or copies them.

The steps live in tests/support (steps_case.py builds a case, steps_answer.py evaluates it, steps_checks.py reads
the answer, steps_said_once.py its printed why-not, steps_scope.py why a case is out of scope, steps_time.py the
dated ones); a test module adds only the steps of its own feature.
"""

from __future__ import annotations

from clinic_words import TYPES
from steps_answer import *  # noqa: F403  (the step fixtures, by the names pytest-bdd gives them)
from steps_case import *  # noqa: F403
from steps_checks import *  # noqa: F403
from steps_said_once import *  # noqa: F403
from steps_scope import *  # noqa: F403
from steps_time import time_steps

time_steps(TYPES)  # the label's high-risk definition, results by their day, the order of an answer
