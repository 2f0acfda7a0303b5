#!/usr/bin/env python3
"""Entry script: `python build.py build|serve|new|check|bundle|import ...`."""
import sys

from builder.cli import main

if __name__ == "__main__":
    sys.exit(main())
