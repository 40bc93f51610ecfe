"""``python -m sselab`` runs the command line."""

import sys

from sselab.cli import main

sys.exit(main())
