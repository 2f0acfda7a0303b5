"""Turn page facts into an article: drop furniture, find byline and captions, summary and tags."""

from __future__ import annotations

import unicodedata

from builder.core.errors import Text
from builder.importing import cruft, dates, structure
from builder.importing.article import (
    Article,
    Block,
    BulletList,
    Heading,
    NotUnderstood,
    PageFacts,
    Paragraph,
    Picture,
    Quote,
    Table,
)
from builder.importing.byline import split_byline
from builder.importing.captions import attach_captions
from builder.importing.tags import propose_tags, split_tag_lines

_SUBSTANTIAL = 80  # characters: a paragraph this long is article text, not page furniture


def assemble(facts: PageFacts) -> Article:
    """The cleaned article; NotUnderstood when it has no title, no date or no text."""
    title = _nfc(facts.title)
    if not title:
        raise NotUnderstood(Text.of("import", "no_title"))
    if facts.published is None:
        raise NotUnderstood(Text.of("import", "no_date"))
    blocks = cruft.strip_furniture(facts.blocks)
    blocks = _without_echoes(blocks, title)
    stated_tags, blocks = split_tag_lines(blocks)  # before the byline, which may sit above them
    author, blocks = split_byline(blocks)
    blocks = attach_captions(blocks, title)
    blocks = structure.even_heading_levels(structure.make_headings(structure.make_lists(blocks)))
    if not any(isinstance(b, (Paragraph, BulletList, Table, Quote)) for b in blocks):
        raise NotUnderstood(Text.of("import", "no_text"))
    tags = propose_tags(title, _all_text(blocks), tuple(map(_nfc, facts.declared_tags + stated_tags)))
    summary, blocks = _split_lead(blocks)
    return Article(
        label=facts.label,
        title=title,
        published=facts.published,  # on the importing site's clock: the readers put it there
        tags=tags,
        category=_nfc(facts.category),
        author=author or _nfc(facts.author),
        summary=summary,
        body=blocks,
        source=facts.source,
        base_dir=facts.base_dir,
        draft=facts.draft,
        aliases=facts.aliases,
        warnings=facts.warnings,
        page=facts.page,
    )


def _without_echoes(blocks: tuple[Block, ...], title: str) -> tuple[Block, ...]:
    """Drop the title repeated in the body, and date lines above the first real paragraph."""
    kept: list[Block] = []
    in_head = True
    for block in blocks:
        text = block.plain if isinstance(block, (Paragraph, Heading)) else None
        if text is not None and _same_words(text, title):
            continue
        if in_head and text is not None and dates.date_line(text):
            continue
        if isinstance(block, Paragraph) and len(block.plain) >= _SUBSTANTIAL:
            in_head = False
        kept.append(block)
    return tuple(kept)


def _split_lead(blocks: tuple[Block, ...]) -> tuple[str, tuple[Block, ...]]:
    """The lead paragraph's text as the summary, taken out of the body.

    The generator prints the summary above the body, so it is not repeated there; an
    article of a single paragraph keeps it in the body and has no summary.
    """
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and "caption" not in block.looks:
            rest = blocks[:index] + blocks[index + 1 :]
            if any(isinstance(b, (Paragraph, BulletList, Table, Quote)) for b in rest):
                return block.plain, rest
            return "", blocks
    return "", blocks


def _all_text(blocks: tuple[Block, ...]) -> str:
    """The words of the body, for tag proposals."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            parts.append(block.plain)
        elif isinstance(block, BulletList):
            parts.extend(block.items)
        elif isinstance(block, Picture):
            parts.append(block.caption)
        elif isinstance(block, Quote):
            parts.extend(block.paragraphs)
        elif isinstance(block, Table):
            parts.extend(" ".join(row) for row in block.rows)
    return "\n".join(parts)


def _same_words(a: str, b: str) -> bool:
    """True when two texts differ only in case and spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _nfc(text: str) -> str:
    """Text in composed form (NFC) with spacing evened out (readers compose body text already)."""
    return " ".join(unicodedata.normalize("NFC", text).split())
