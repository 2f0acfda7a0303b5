"""An archive file being converted: its text, and the file line each part of it came from,
so that what the import reports names the line in the file."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from builder.core.errors import Text

_FENCED = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class SourceFile:
    """One Markdown file of an archive, its metadata read."""

    path: Path
    meta: dict
    body: str
    body_line: int  # the file line the body starts on


@dataclass
class Conversion:
    """A body being converted: the text, what it links to, and what could not be converted.

    Converters change the text only through `sub`, which keeps track of the file line each
    part of the text came from, so that a report names the line in the file even after
    earlier replacements added or removed lines."""

    text: str
    source: SourceFile
    warnings: list[Text] = field(default_factory=list)
    # (offset in the text, the file line at that offset), by offset; between two anchors
    # the text is the file's own, line for line.
    anchors: list[tuple[int, int]] = field(default_factory=list)

    def unconverted(self, what: Text, start: int) -> None:
        """Report markup left as it is (`what` names it), at its line in the file."""
        self.report(Text.of("import", "not_converted", what=what), start)

    def report(self, what: Text, start: int) -> None:
        """Report something at the line of the file this offset of the text stands on."""
        self.warnings.append(Text.of("import", "at_line", line=self.line_at(start), what=what))

    def line_at(self, offset: int) -> int:
        """The file line of an offset in the current text."""
        at, line = max((a, n) for a, n in self._anchors() if a <= offset)
        return line + self.text.count("\n", at, offset)

    def sub(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> None:
        """Replace every match of the pattern (`replace` may report: the text is still the
        one it matched in), keeping each part of the new text tied to its file line."""
        old = self._anchors()
        pieces: list[str] = []
        anchors: dict[int, int] = {}
        length = last = 0

        def keep(upto: int) -> None:
            """Text left as it was, from the last match to `upto`, with its anchors."""
            nonlocal length
            anchors[length] = self.line_at(last)
            anchors.update((length + at - last, line) for at, line in old if last < at < upto)
            pieces.append(self.text[last:upto])
            length += upto - last

        for match in pattern.finditer(self.text):
            keep(match.start())
            anchors[length] = self.line_at(match.start())
            new = replace(match)
            pieces.append(new)
            length += len(new)
            last = match.end()
        if not pieces:
            return
        keep(len(self.text))
        self.text = "".join(pieces)
        self.anchors = sorted(anchors.items())

    def _anchors(self) -> list[tuple[int, int]]:
        """The anchors; before any replacement, the body's first line at offset 0."""
        return self.anchors or [(0, self.source.body_line)]


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where the fenced code blocks are: what stands in code is shown as written."""
    return [m.span() for m in _FENCED.finditer(text)]
