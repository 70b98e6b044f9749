"""Run with ``python -m coursekit.demo``."""

import sys

from coursekit.demo.run import main

sys.exit(main())
