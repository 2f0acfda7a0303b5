"""Other generators' syntax left in a body: warned about, so nothing vanishes unexplained.

Hugo shortcodes, Liquid tags, kramdown attribute lines and reStructuredText directives
mean nothing to Python-Markdown: they come out as plain text (or, for a kramdown line,
may be read as attributes). Each one still visible in the page gets a warning with its
line and what to do; those inside code are examples and are left alone.
"""
from __future__ import annotations

import re
from html import unescape

from ..core.errors import Problem, Text
from .source_positions import Positions

_KINDS = (
    (re.compile(r"\{\{[<%].*?[%>]\}\}"),
     "foreign_hugo"),
    # Liquid tags only: `{{ name }}` is also how `{% raw %}` examples read once imported.
    (re.compile(r"\{%-?.*?-?%\}"),
     "foreign_liquid"),
    (re.compile(r"^[ \t]*\{:[^}\n]*\}[ \t]*$", re.MULTILINE),
     "foreign_kramdown"),
    (re.compile(r"^\.\. [A-Za-z][\w-]*::.*$", re.MULTILINE),
     "foreign_rst"),
)


def foreign_syntax_warnings(body: str, html: str, shown: str, first_line: int) -> list[Problem]:
    """One warning per foreign construct that is still visible in the converted HTML."""
    if "{" not in body and ".. " not in body:
        return []
    shown_text = unescape(html)
    positions = Positions(body, first_line)
    warnings, seen = [], set()
    for pattern, advice in _KINDS:
        for line, col, text in positions.lines_matching(pattern):
            text = text.strip()
            if (line, col) in seen or text not in shown_text:
                continue
            seen.add((line, col))
            warnings.append(Problem(shown, line, col + (len(text) - len(text.lstrip())),
                                    "markdown", Text.of("content", "foreign_syntax", text=text[:60],
                                                        advice=Text.of("content", advice))))
    return sorted(warnings)
