import sys

from pssc.cli import main

sys.exit(main())
