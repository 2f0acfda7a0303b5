"""`python -m builder.importing SOURCE... [--into DIR] [--dry-run]`: the import command on its
own, with the arguments and the help of `build.py import` (an entry point, on top of the
layers like cli.py: it uses the command line's one parser)."""
from __future__ import annotations

import os
import sys
from typing import TextIO

from builder.cli import make_parser, message_language
from builder.importing.command import EXIT_OK, EXIT_USAGE, run_parsed


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the import command with these arguments (the tests call it); the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser("import", language=message_language(argv))
    try:
        args = parser.parse_args(["import", *argv])
    except SystemExit as stop:  # argparse has printed the usage or the help
        return EXIT_USAGE if stop.code else EXIT_OK
    return run_parsed(args, out or sys.stdout, err or sys.stderr)


if __name__ == "__main__":
    try:
        status = main(sys.argv[1:])
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader of the report went away (`... | head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
