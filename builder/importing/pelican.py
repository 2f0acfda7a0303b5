"""Pelican sites: `content/**/*.md` with `Title:`, `Date:`, `Tags:`, `Category:`, `Slug:`,
`Summary:`, `Status:` lines on top. `{filename}` links become links to the new files and
`{static}`/`{attach}` photos are copied. reStructuredText files are listed, not converted.
Old addresses: `URL`/`Save_as` metadata, else the site's ARTICLE_URL (`{slug}.html` by
default).
"""
from __future__ import annotations

import re
from datetime import datetime, tzinfo
from pathlib import Path

from builder.core.errors import Text
from builder.importing.conversion import Conversion, SourceFile
from builder.importing.markdown_archive import (
    MARKDOWN_SUFFIXES,
    Archive,
    Links,
    Meta,
    date_of,
    list_of,
    text_of,
)
from builder.importing.old_addresses import generator_slug

_FILENAME_LINK = re.compile(r"(\]\()(?:\{filename\}|\|filename\|)([^)\s]+)")
_ARTICLE_URL = re.compile(r"""^ARTICLE_URL\s*=\s*["']([^"']+)["']""", re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{(\w+)(?::([^}]*))?\}")
_STATIC = re.compile(r"^(?:\{static\}|\|static\||\{attach\}|\|attach\||\{filename\}|\|filename\|)")
_PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".avif")


def is_site(folder: Path) -> bool:
    """True for a Pelican site folder: its settings file."""
    return (folder / "pelicanconf.py").is_file()


def files(root: Path) -> list[Path]:
    """Every article and page file under content/ (or the folder PATH names)."""
    content = root / _setting(root, "PATH", "content")
    return [p for p in sorted(content.rglob("*")) if p.is_file() and not p.name.startswith(".")
            and (p.suffix.lower() in MARKDOWN_SUFFIXES or p.suffix.lower() == ".rst")]


def meta(source: SourceFile, root: Path, zone: tzinfo) -> Meta:
    """Pelican's metadata in this generator's terms (a date without a zone in `zone`)."""
    m = source.meta
    title = text_of(m.get("title"))
    published = date_of(m.get("date"), zone)
    slug = text_of(m.get("slug")) or generator_slug(title)
    address = text_of(m.get("url") or m.get("save_as"))
    if not address and published is not None:
        address = _article_url(root, slug, published, text_of(m.get("category")))
    return Meta(
        title=title,
        published=published,
        tags=tuple(list_of(m.get("tags"))),
        category=text_of(m.get("category")),
        author=text_of(m.get("author") or m.get("authors")),
        summary=text_of(m.get("summary")),
        draft=text_of(m.get("status")).lower() in ("draft", "hidden"),
        aliases=(address,) if address else (),
    )


def _article_url(root: Path, slug: str, published: datetime, category: str) -> str:
    """The address Pelican gave the article: ARTICLE_URL filled in."""
    pattern = _setting(root, "ARTICLE_URL", "{slug}.html")

    def fill(match: re.Match[str]) -> str:
        """One placeholder's value."""
        name, spec = match.group(1), match.group(2)
        if name == "date":
            return published.strftime(spec or "%Y-%m-%d")
        return {"slug": slug, "category": generator_slug(category), "lang": "vi"}.get(name, match.group(0))

    return "/" + _PLACEHOLDER.sub(fill, pattern).lstrip("/")


def declared_zone(root: Path) -> str:
    """The TIMEZONE pelicanconf.py names (Pelican reads dates in it), or ""."""
    return _setting(root, "TIMEZONE", "")


def _setting(root: Path, name: str, default: str) -> str:
    """A simple text setting from pelicanconf.py, read as text (the file is never run)."""
    try:
        text = (root / "pelicanconf.py").read_text("utf-8", errors="replace")
    except OSError:
        return default
    found = re.search(rf"""^{name}\s*=\s*["']([^"']+)["']""", text, re.MULTILINE)
    return found.group(1) if found else default


def convert(conversion: Conversion, links: Links) -> None:
    """`{filename}` links converted."""

    def link(match: re.Match[str]) -> str:
        """A link to another content file, as a link to its new file."""
        target = match.group(2)
        if target.lower().endswith(_PHOTO_SUFFIXES):
            return match.group(0)  # a photo (older Pelican wrote {filename} for them too)
        content = links.root / _setting(links.root, "PATH", "content")
        base = content if target.startswith("/") else conversion.source.path.parent
        found = links.to_file((base / target.lstrip("/")).resolve())
        if found is None:
            conversion.unconverted(Text.of("import", "no_such_article", code=f"{{filename}}{target}"),
                                   match.start())
            return match.group(0)
        return match.group(1) + found

    conversion.sub(_FILENAME_LINK, link)


def image_path(src: str, source: SourceFile, root: Path) -> str | None:
    """A photo as a path from the site folder; `{static}/x` is from the content folder."""
    content = root / _setting(root, "PATH", "content")
    marked = _STATIC.match(src)
    if marked:
        src = src[marked.end():]
    if src.startswith("/"):
        return (content / src.lstrip("/")).relative_to(root).as_posix()
    return (source.path.parent / src).relative_to(root).as_posix()


def site_address(root: Path) -> str:
    """The old site's SITEURL (publishconf.py's, else pelicanconf.py's), or ""."""
    for name in ("publishconf.py", "pelicanconf.py"):
        try:
            text = (root / name).read_text("utf-8", errors="replace")
        except OSError:
            continue
        found = re.search(r"""^SITEURL\s*=\s*["'](https?://[^"']+)["']""", text, re.MULTILINE)
        if found:
            return found.group(1)
    return ""


ARCHIVE = Archive("Pelican", files, meta, convert, image_path, declared_zone, site_address)
