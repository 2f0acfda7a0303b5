"""What the importer reads from a page: body blocks, page facts and the finished article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from builder.core.errors import Text

# What the import reports: a catalogue message (group "import"), put into words only when
# the report is printed, in the run's language; a plain str is a file name or a text of
# someone else's (a parser's error) shown as it is.
Message = str | Text


class NotUnderstood(Exception):
    """A page, or a feed item, that cannot be read as an article; `reason` says why."""

    def __init__(self, reason: Message):
        """The exception with its reason (a catalogue message)."""
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Paragraph:
    """A paragraph as inline Markdown, with its plain text and how the page styled it."""

    markdown: str
    plain: str
    # Words from {"bold", "italic", "centered", "caption"}: the cues that tell a
    # caption or a sub-heading from body text once the HTML is gone.
    looks: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside the article body."""

    markdown: str
    plain: str
    level: int = 2


@dataclass(frozen=True)
class BulletList:
    """A list; each item is inline Markdown."""

    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Picture:
    """A photo: its reference as the page wrote it (path, URL or data: URI) and its caption."""

    src: str
    caption: str = ""
    alt: str = ""


@dataclass(frozen=True)
class Quote:
    """A block quotation; each part is a paragraph of inline Markdown."""

    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A data table; each row is a tuple of inline-Markdown cells, the first row is the header."""

    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class RawMarkdown:
    """Markdown written by hand in another generator's archive, kept as it is."""

    text: str
    # The photos its text points at (paths from the article's base folder, or remote URLs):
    # the writer copies the local ones next to the article and points the text at the copies.
    photos: tuple[str, ...] = ()


Block = Paragraph | Heading | BulletList | Picture | Quote | Table | RawMarkdown


@dataclass(frozen=True)
class PageFacts:
    """What a reader found on one page or feed item, before cleaning and tagging."""

    label: Message  # how reports name it: the file, or "file item N"
    title: str
    published: datetime | None
    blocks: tuple[Block, ...]
    source: str  # original URL when known, else the file name
    base_dir: Path  # where the page's relative image paths start from
    category: str = ""
    author: str = ""  # as declared by the page's markup; a byline line wins over it
    declared_tags: tuple[str, ...] = ()
    draft: bool = False
    aliases: tuple[str, ...] = ()  # old addresses of the article on its old site
    warnings: tuple[Message, ...] = ()  # things the report must say about this page
    page: bool = False  # a page without a date (a WordPress page), not a news article


@dataclass(frozen=True)
class Article:
    """A cleaned article, ready to be written as Markdown with front matter."""

    label: Message
    title: str
    published: datetime  # aware, on the importing site's clock (its `timezone`)
    tags: tuple[str, ...]
    category: str
    author: str
    summary: str  # the lead paragraph, not repeated in the body
    body: tuple[Block, ...]
    source: str
    base_dir: Path
    draft: bool = False
    aliases: tuple[str, ...] = ()
    warnings: tuple[Message, ...] = ()
    page: bool = False  # a page without a date: written to <into>/pages/


def item_label(path: Path, number: int, title: str) -> Text:
    """How reports name one item of a feed or an export: `<file> item 3 “<title>”`."""
    if title:
        return Text.of("import", "item_titled", path=str(path), number=number, title=title)
    return Text.of("import", "item", path=str(path), number=number)


@dataclass(frozen=True)
class Skipped:
    """A source or item that was not imported, and why."""

    label: Message
    reason: Message
