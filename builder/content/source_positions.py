"""Where each link target, image source and raw HTML tag stands in a Markdown body.

Python-Markdown keeps no positions, so the body is scanned once for the places a target
can be written (inline `](x)`, a reference definition `[id]: x`, an HTML attribute
`href="x"`/`src="x"`), each remembered with its line and column as the converter will
see it (backslash escapes and entities resolved). The converter then asks for the next
unused place of the target it is checking, so two links to the same file get their own
lines and a file name merely mentioned in the text is never taken for the link.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?$.*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)",
                    re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_INLINE = re.compile(r"\]\([ \t]*(?:<([^<>\n]*)>|([^\s()]*(?:\([^\s()]*\)[^\s()]*)*))")
_REFERENCE = re.compile(r"^ {0,3}\[(?:[^\]\\\n]|\\.)+\]:[ \t]*(?:<([^<>\n]*)>|(\S+))",
                        re.MULTILINE)
_ATTRIBUTE = re.compile(
    r"""<[a-zA-Z][^<>]*?\s(?:href|src|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")


def target_text(written: str) -> str:
    """A target as the converter sees it: backslash escapes and entities resolved."""
    return unescape(_ESCAPED.sub(r"\1", written)).strip()


def mask_code(body: str) -> str:
    """The body with fenced code and code spans blanked (same length, newlines kept)."""
    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match[0])
    return _CODE_SPAN.sub(blank, _FENCE.sub(blank, body))


@dataclass(frozen=True)
class Place:
    """One written target: its text as seen, the file line and column, and its kind."""

    target: str
    line: int
    col: int
    kind: str = "md"  # "md" for Markdown syntax, "html" for a raw HTML attribute
    reusable: bool = False  # a reference definition serves every `[x][id]` that uses it


@dataclass
class Positions:
    """The places of one body, handed out in order as the converter meets the targets."""

    body: str
    first_line: int
    places: list[Place] = field(default_factory=list)
    used: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        masked = mask_code(self.body)
        starts = [0] + [m.end() for m in re.finditer("\n", masked)]
        self._starts = starts
        found: list[tuple[int, Place]] = []
        for pattern, kind, reusable in ((_INLINE, "md", False), (_REFERENCE, "md", True),
                                        (_ATTRIBUTE, "html", False)):
            for match in pattern.finditer(masked):
                group = next((i for i in range(1, pattern.groups + 1)
                              if match.group(i) is not None), None)
                if group is None:
                    continue
                offset = match.start(group)
                written = self.body[offset:match.end(group)]
                line, col = self._line_col(offset)
                found.append((offset, Place(target_text(written), line, col, kind, reusable)))
        self.places = [place for _, place in sorted(found, key=lambda item: item[0])]

    def _line_col(self, offset: int) -> tuple[int, int]:
        """File line and 1-based column of a body offset."""
        low, high = 0, len(self._starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self._starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return self.first_line + low, offset - self._starts[low] + 1

    def take(self, target: str, kind: str = "md") -> tuple[int | None, int | None]:
        """Line and column of the next unused place where `target` is written."""
        wanted = target.strip()
        for index, place in enumerate(self.places):
            if index in self.used or place.target != wanted or place.kind != kind:
                continue
            if not place.reusable:
                self.used.add(index)
            return place.line, place.col
        return self.line_of(wanted), None

    def line_of(self, needle: str) -> int | None:
        """File line of the first body line containing `needle` (a last resort)."""
        for offset, line in enumerate(self.body.split("\n")):
            if needle and needle in line:
                return self.first_line + offset
        return None

    def find(self, text: str, start_hint: int = 0) -> tuple[int | None, int | None]:
        """Line and column of the first occurrence of `text` (raw HTML as written)."""
        offset = self.body.find(text, start_hint)
        if offset < 0:
            offset = self.body.find(text)
        if offset < 0:
            return None, None
        return self._line_col(offset)

    def lines_matching(self, pattern: re.Pattern) -> list[tuple[int, int, str]]:
        """(line, column, matched text) of every match outside code."""
        masked = mask_code(self.body)
        return [(*self._line_col(m.start()), m[0]) for m in pattern.finditer(masked)]
