"""argparse's own complaints (a missing argument, an unknown choice, an option without its
value) in the run's language.

argparse words them in English with the standard library's gettext, which the generator's
catalogue cannot reach; so the parser's `error()` matches each wording argparse uses and says
it again from the catalogue's group "arguments". A wording not known here (a newer Python)
is shown as argparse wrote it, inside the translated `PROG: error:` line.
"""
from __future__ import annotations

import argparse
import re
import sys

from .core.i18n import catalogue

# argparse's message (Python 3.11 wording) -> catalogue key; the named groups are its values.
_WHOLE = tuple((re.compile(pattern, re.S), key) for pattern, key in (
    (r"the following arguments are required: (?P<names>.+)", "required"),
    (r"one of the arguments (?P<names>.+) is required", "one_required"),
    (r"unrecognized arguments: (?P<arguments>.+)", "unrecognized"),
    (r"ambiguous option: (?P<option>.+?) could match (?P<matches>.+)", "ambiguous"),
))
# What follows `argument NAME: ` (an ArgumentError).
_ARGUMENT = re.compile(r"argument (?P<name>.+?): (?P<message>.+)", re.S)
_ABOUT_ONE = tuple((re.compile(pattern, re.S), key) for pattern, key in (
    (r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)", "invalid_choice"),
    (r"invalid int value: (?P<value>.+)", "invalid_int"),
    (r"invalid (?P<type>\S+) value: (?P<value>.+)", "invalid_value"),
    (r"expected one argument", "expected_one"),
    (r"expected at most one argument", "expected_at_most_one"),
    (r"expected at least one argument", "expected_at_least_one"),
    (r"expected (?P<count>\d+) arguments?", "expected_count"),
    (r"not allowed with argument (?P<other>.+)", "not_allowed_with"),
    (r"ignored explicit argument (?P<value>.+)", "ignored_explicit"),
    # The ArgumentTypeError of `serve --port` (builder/commands/serve.py: port_number).
    (r"'(?P<value>.*)' is not a port number \(0-65535\)", "not_a_port"),
))


def _matched(message: str, table, language: str) -> str | None:
    """The message said again from the catalogue, None when no wording of `table` fits."""
    for pattern, key in table:
        found = pattern.fullmatch(message)
        if found:
            return catalogue(language).text("arguments", key, **found.groupdict())
    return None


def translated(message: str, language: str) -> str:
    """argparse's English `message` in `language` (unchanged when its wording is unknown)."""
    whole = _matched(message, _WHOLE, language)
    if whole is not None:
        return whole
    about = _ARGUMENT.fullmatch(message)
    if about is None:
        return message
    inner = _matched(about["message"], _ABOUT_ONE, language)
    return catalogue(language).text("arguments", "argument", name=about["name"],
                                    message=inner if inner is not None else about["message"])


def parser_class(language: str) -> type[argparse.ArgumentParser]:
    """An ArgumentParser whose errors read in `language`; usage first and exit 2, as
    argparse does (its sub-command parsers are made of the same class)."""

    class Parser(argparse.ArgumentParser):
        """argparse's parser with its error line from the catalogue."""

        def error(self, message: str):
            """Usage, then `PROG: error: MESSAGE` in the run's language; exit 2."""
            self.print_usage(sys.stderr)
            self.exit(2, catalogue(language).text("arguments", "error", prog=self.prog,
                                                  message=translated(message, language)) + "\n")

    return Parser
