"""Pair photos with their captions: the short line right after a photo is its caption."""

from __future__ import annotations

import re
from dataclasses import replace

from builder.importing import dates
from builder.importing.article import Block, Paragraph, Picture

_PHOTO_CREDIT = re.compile(r"(?:^|\(|\s)ảnh\s*:", re.IGNORECASE)
_LIST_START = re.compile(r"^\s*(?:[-+•*]|\d+[.)])\s")
_FILE_NAME = re.compile(
    r"\.(?:jpe?g|png|gif|webp|bmp)$|^[\w-]+$|^(?:img|image|dsc|ảnh|anh)[\s_-]*\d+", re.IGNORECASE
)
_SENTENCE_END = (".", "!", "?", ":", ";", ",", "…")


def looks_like_caption_line(text: str) -> bool:
    """True for a short, title-like line such as "Quang cảnh hội nghị (Ảnh: Kim Tiến)"."""
    text = text.strip()
    if _PHOTO_CREDIT.search(text) and len(text) <= 300:
        return True
    if not 8 <= len(text) <= 200 or len(text.split()) < 3:
        return False
    if text.endswith(_SENTENCE_END) or _LIST_START.match(text) or dates.date_line(text):
        return False
    first = text.lstrip("“\"'(«")[:1]
    return first.isupper() or first.isdigit()


def attach_captions(blocks: tuple[Block, ...], title: str) -> tuple[Block, ...]:
    """Give each photo the caption line that follows it, else a meaningful alt text."""
    result: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Picture) and not block.caption:
            if isinstance(following, Paragraph) and _is_caption(following):
                result.append(replace(block, caption=following.plain))
                index += 2
                continue
            block = replace(block, caption=_useful_alt(block.alt, title))
        result.append(block)
        index += 1
    return tuple(result)


def _is_caption(paragraph: Paragraph) -> bool:
    """True when the paragraph after a photo reads as its caption rather than body text."""
    if "caption" in paragraph.looks and len(paragraph.plain) <= 400:
        return True
    styled = {"italic", "centered"} & paragraph.looks
    if styled and len(paragraph.plain) <= 300:
        return True
    return looks_like_caption_line(paragraph.plain)


def _useful_alt(alt: str, title: str) -> str:
    """An alt text worth showing as a caption: words, not a file name or the title again."""
    alt = " ".join(alt.split())
    if len(alt.split()) < 2 or _FILE_NAME.search(alt) or alt.casefold() == title.casefold():
        return ""
    return alt
