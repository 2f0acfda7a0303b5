"""Allow `python -m builder.importing SOURCE... [--into DIR] [--dry-run]`."""

import os
import sys

from builder.importing.command import main

try:
    status = main(sys.argv[1:])
    sys.stdout.flush()
except BrokenPipeError:
    # The reader of the report went away (`... | head`): stop quietly, as other tools do.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    status = 1
sys.exit(status)
