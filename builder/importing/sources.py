"""Find the pages named on the command line (files, folders) and tell what kind each one is."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from builder.core.errors import Text
from builder.importing import hugo, jekyll, pelican
from builder.importing.article import Skipped
from builder.importing.charsets import decode_page
from builder.importing.wordpress import MARK as WORDPRESS_MARK

KINDS = ("html", "feed", "text", "wordpress", "hugo", "jekyll", "pelican")
# Site folders of other generators, told apart by their settings files (Pelican first:
# its sites also have a content/ folder).
_SITE_KINDS = (("pelican", pelican.is_site), ("hugo", hugo.is_site), ("jekyll", jekyll.is_site))
_PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".txt", ".xml", ".rss", ".atom"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_FIRST_ELEMENT = re.compile(rb"<([A-Za-z][\w:.-]*)")
_SKIPPABLE_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE)
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf"}
_HTML_MARK = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:div|p|article)[\s>]", re.IGNORECASE
)


@dataclass(frozen=True)
class Source:
    """One file to import and what kind of page it is: "html", "feed" or "text"."""

    path: Path
    kind: str


def find_sources(names: list[str]) -> tuple[list[Source], list[Skipped]]:
    """The importable files among the names given, and the names that lead to none."""
    sources: list[Source] = []
    skipped: list[Skipped] = []
    for name in names:
        path = Path(name)
        site_kind = next((kind for kind, is_site in _SITE_KINDS if path.is_dir() and is_site(path)), "")
        if site_kind:
            found = [Source(path, site_kind)]
        elif path.is_dir():
            found = [_classify(p) for p in _pages_in(path)]
            if not found:
                skipped.append(Skipped(name, Text.of("import", "empty_folder")))
        elif path.is_file():
            found = [_classify(path)]
        else:
            found = [Skipped(name, Text.of("import", "no_such_file"))]
        sources.extend(f for f in found if isinstance(f, Source))
        skipped.extend(f for f in found if isinstance(f, Skipped))
    return sources, skipped


def decode(data: bytes) -> str:
    """A page's text, in composed form (NFC); see charsets.decode_page."""
    return decode_page(data).text


def _pages_in(folder: Path) -> list[Path]:
    """Page files under a folder, in name order; a saved page's "_files" folder is its assets."""
    pages = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") or part.endswith(("_files", ".files")) for part in relative[:-1]):
            continue
        if path.is_file() and path.suffix.lower() in _PAGE_SUFFIXES and not path.name.startswith("."):
            pages.append(path)
    return pages


def _root_element(head: bytes) -> bytes:
    """The name of the first element after the XML declaration, comments and doctype."""
    head = head.removeprefix(codecs.BOM_UTF8)
    position = 0
    while (match := _SKIPPABLE_PROLOG.match(head, position)) and match.end() > position:
        position = match.end()
    found = _FIRST_ELEMENT.match(head[position:].lstrip())
    return found.group(1).lower() if found else b""


def _classify(path: Path) -> Source | Skipped:
    """What kind of page a file is, judged by its first bytes, then by its name."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        return Skipped(str(path), Text.of("import", "cannot_read", error=error.strerror or str(error)))
    if not head.strip():
        return Skipped(str(path), Text.of("import", "empty_file"))
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Skipped(str(path), Text.of("import", "binary_file"))
    probe = head.decode("utf-16", errors="ignore").encode() if b"\x00" in head else head
    if _root_element(probe) in _FEED_ROOTS:
        return Source(path, "wordpress" if WORDPRESS_MARK in probe else "feed")
    if _HTML_MARK.search(probe) or path.suffix.lower() in _HTML_SUFFIXES:
        return Source(path, "html")
    if probe.lstrip().startswith(b"<?xml"):
        return Skipped(str(path), Text.of("import", "xml_not_feed"))
    return Source(path, "text")
