"""`python -m builder COMMAND ...`: the same commands as `campaign-news`."""
import sys

from builder.cli import entry

if __name__ == "__main__":
    sys.exit(entry(prog="python -m builder"))
