"""Recover structure that pages flatten: dash-started lines as lists, bold lines as sub-headings."""

from __future__ import annotations

import re

from builder.importing.article import Block, BulletList, Heading, Paragraph

_DASH_ITEM = re.compile(r"^[-+•]\s+")
_DASH_ITEM_MARKDOWN = re.compile(r"^(\*\*|\*)?[-+•]\s+")


def make_lists(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Turn runs of paragraphs that start with "- ", "+ " or "•" into lists."""
    result: list[Block] = []
    items: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph) and _DASH_ITEM.match(block.plain) and "caption" not in block.looks:
            items.append(_DASH_ITEM_MARKDOWN.sub(r"\1", block.markdown, count=1))
            continue
        if items:
            result.append(BulletList(tuple(items)))
            items = []
        result.append(block)
    if items:
        result.append(BulletList(tuple(items)))
    return tuple(result)


def make_headings(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Turn a short all-bold paragraph that introduces more text into a sub-heading."""
    result: list[Block] = []
    first_text_seen = False
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and first_text_seen and _is_subheading(block, blocks[index + 1 :]):
            result.append(Heading(_unbold(block.markdown), block.plain, 2))
            continue
        if isinstance(block, Paragraph):
            first_text_seen = True
        result.append(block)
    return tuple(result)


def even_heading_levels(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Shift sub-headings so the highest one is level 2 (pages start theirs at h2, h3 or h4)."""
    levels = [b.level for b in blocks if isinstance(b, Heading)]
    if not levels or min(levels) == 2:
        return blocks
    shift = min(levels) - 2
    return tuple(
        Heading(b.markdown, b.plain, b.level - shift) if isinstance(b, Heading) else b for b in blocks
    )


def _is_subheading(block: Paragraph, rest: tuple[Block, ...]) -> bool:
    """True for a bold, short, unpunctuated line followed by body text."""
    return (
        "bold" in block.looks
        and "caption" not in block.looks
        and len(block.plain) <= 120
        and not block.plain.endswith((".", ",", ";", "…"))
        and any(isinstance(b, (Paragraph, BulletList)) for b in rest[:1])
    )


def _unbold(markdown: str) -> str:
    """Drop the bold markers around a whole line; a heading is bold already."""
    return markdown.replace("**", "")
