"""`python -m her2_cds` runs the command line."""

import sys

from her2_cds.cli import main

sys.exit(main())
