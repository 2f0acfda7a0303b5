"""Write body blocks as Markdown, escaping page text so it reads as text, never as markup."""

from __future__ import annotations

import re

from builder.importing.article import (
    Block,
    BulletList,
    Heading,
    Paragraph,
    Picture,
    Quote,
    RawMarkdown,
    Table,
)

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]])")
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
# Python-Markdown reads "&#12" as a character reference even without its ";": every "&#"
# is escaped, and "&name;".
_ENTITY_LIKE = re.compile(r"&(?=#|\w+;)")
# Line starts that Markdown would read as a heading, quote, list or rule.
_BLOCK_START = re.compile(r"^(\s*)(#|>|[-+*](?=\s)|-{3,}\s*$|\d+(?=[.)]\s))")


def escape_text(text: str) -> str:
    """Text as inline Markdown that shows exactly these characters."""
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)  # "&amp;" in page text must show as typed
    return _TAG_LIKE.sub("&lt;", text)


def escape_line_start(markdown: str) -> str:
    """Keep a paragraph that begins like "1. " or "- " or "#" from turning into other markup."""
    match = _BLOCK_START.match(markdown)
    if not match:
        return markdown
    marker = match.group(2)
    if marker[0].isdigit():
        end = match.end()
        return markdown[:end] + "\\" + markdown[end:]
    return markdown[: match.start(2)] + "\\" + markdown[match.start(2) :]


def link(text_markdown: str, url: str) -> str:
    """An inline link; the URL is made safe for the parenthesised form."""
    safe = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{text_markdown}]({safe})"


def image(caption: str, src: str) -> str:
    """An image whose alt text is the caption (the generator shows it as the figure caption)."""
    safe = src.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"![{escape_text(caption)}]({safe})"


def render_body(blocks: tuple[Block, ...]) -> str:
    """The whole body: blocks separated by blank lines, ending with one newline."""
    parts = [render_block(block) for block in blocks]
    text = "\n\n".join(part for part in parts if part)
    return text + "\n" if text else ""


def render_block(block: Block) -> str:
    """One block as Markdown."""
    if isinstance(block, Paragraph):
        if "caption" in block.looks:
            # A caption with no photo left (plain-text copies lose photos): keep it, set apart.
            return f"*{escape_text(block.plain)}*"
        return escape_line_start(block.markdown)
    if isinstance(block, Heading):
        return "#" * block.level + " " + block.markdown
    if isinstance(block, BulletList):
        return _render_list(block)
    if isinstance(block, Picture):
        return image(block.caption, block.src)
    if isinstance(block, Quote):
        return "\n>\n".join("> " + escape_line_start(part) for part in block.paragraphs)
    if isinstance(block, Table):
        return _render_table(block)
    if isinstance(block, RawMarkdown):
        return block.text
    raise TypeError(f"unknown block {block!r}")


def _render_list(block: BulletList) -> str:
    """A bulleted or numbered list, one item a line."""
    lines = []
    for number, item in enumerate(block.items, start=1):
        marker = f"{number}." if block.ordered else "-"
        lines.append(f"{marker} {item}")
    return "\n".join(lines)


def _render_table(block: Table) -> str:
    """A pipe table; the first row is the header."""
    width = max(len(row) for row in block.rows)
    rows = [list(row) + [""] * (width - len(row)) for row in block.rows]
    lines = ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
    return "\n".join(lines)
