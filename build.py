#!/usr/bin/env python3
"""Entry script: `python build.py build|serve|new|check|bundle|import ...`."""
import sys

if __name__ == "__main__":
    try:
        from builder.cli import main
        sys.exit(main(ending_process=True))
    except KeyboardInterrupt:  # Ctrl+C while still starting up: nothing was touched yet
        sys.exit(130)
