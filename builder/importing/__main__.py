"""Allow `python -m builder.importing SOURCE... [--into DIR] [--dry-run]`."""

import sys

from builder.importing.command import main

sys.exit(main(sys.argv[1:]))
