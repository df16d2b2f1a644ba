"""``python -m pssc``: the ``pssc`` command."""

import sys

from pssc.cli import main

sys.exit(main())
