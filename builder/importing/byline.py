"""Find the byline: the short last line of names ("Kim Tiến - Hoàng Anh", "Bài, ảnh: Minh Trí")."""

from __future__ import annotations

import re

from builder.importing.article import Block, Paragraph

_ROLE_PREFIX = re.compile(
    r"^(?:bài\s+và\s+ảnh|bài,\s*ảnh|tin\s+và\s+ảnh|tin,\s*ảnh|tin|bài|ảnh|thực\s+hiện|"
    r"tác\s+giả|nhóm\s+phóng\s+viên|phóng\s+viên)\s*:\s*",
    re.IGNORECASE,
)
_NOT_BYLINE_START = re.compile(r"^(?:theo|nguồn|source)\b", re.IGNORECASE)
_JOINER = re.compile(r"\s+[-–—]\s+|\s*[,;&/]\s*|\s+và\s+")
_UNIT = re.compile(r"\s*\([^()]{1,60}\)$")  # "(TTVH huyện)" after the names
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")


def byline_of(line: str) -> str | None:
    """The names a byline line gives, or None when the line is not a byline."""
    text = " ".join(line.split())
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    if text.endswith(".") and not re.search(r"\b\w\.$", text):
        text = text[:-1]
    if not text or len(text) > 80 or _NOT_BYLINE_START.match(text) or re.search(r"\d", text):
        return None
    names = _ROLE_PREFIX.sub("", text)
    core = _UNIT.sub("", names)
    parts = [part for part in _JOINER.split(core) if part]
    if not parts or not all(_is_name(part) for part in parts):
        return None
    return names


def split_byline(blocks: tuple[Block, ...]) -> tuple[str, tuple[Block, ...]]:
    """The byline found at the end of the body, and the body without it."""
    if blocks and isinstance(blocks[-1], Paragraph):
        names = byline_of(blocks[-1].plain)
        if names:
            return names, blocks[:-1]
    return "", blocks


def _is_name(part: str) -> bool:
    """True for one to five capitalised words, as Vietnamese personal names are written."""
    words = part.split()
    return 1 <= len(words) <= 5 and all(_NAME_WORD.match(w) and w[0].isupper() for w in words)
