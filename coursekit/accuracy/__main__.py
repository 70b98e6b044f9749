"""Run with ``python -m coursekit.accuracy``."""

import sys

from coursekit.accuracy.report import main

sys.exit(main())
