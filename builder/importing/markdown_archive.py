"""What Hugo, Jekyll and Pelican archives share: Markdown files with metadata on top.

A site's files are read in two passes: first every file's metadata (so each article's new
file, `<YYYY>/<slug>.md`, is known), then each body, whose links to other posts become
links to those new files and whose photos are copied next to the article. Each generator
module (hugo, jekyll, pelican) says where the files are, what its metadata means and how
its own markup (shortcodes, Liquid tags) converts; what no rule converts is reported with
its file and line, never dropped silently. Photos anywhere in a body are found by
archive_photos, links written as old addresses by archive_links; conversion keeps each
part of a changed body tied to its line in the file.
"""
from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from builder.core.errors import Text
from builder.importing import dates
from builder.core.urls import alias_path
from builder.importing.archive_links import retarget_links
from builder.importing.archive_photos import retarget_photos
from builder.importing.article import Article, Block, NotUnderstood, Picture, RawMarkdown, Skipped
from builder.importing.conversion import Conversion, SourceFile
from builder.importing.old_addresses import usable_aliases
from builder.importing.tags import ordered_tags
from builder.importing.writer import slug_for

_PELICAN_KEY = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")
_LONE_IMAGE = re.compile(
    r"^!\[(?P<alt>[^\]]*)\]\((?:<(?P<angled>[^>\n]+)>|(?P<src>[^)\s]+))(?:\s+\"[^\"]*\")?\)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it


@dataclass(frozen=True)
class Meta:
    """An article's metadata in this generator's terms."""

    title: str
    published: datetime | None
    tags: tuple[str, ...] = ()
    category: str = ""
    author: str = ""
    summary: str = ""
    draft: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Archive:
    """How one generator's archive is read: set by the hugo, jekyll and pelican modules."""

    name: str
    files: Callable[[Path], list[Path]]  # the article files of a site folder
    meta: Callable[[SourceFile, Path, tzinfo], Meta]  # front matter in this generator's terms
    # (the zone: the clock of a date that states none)
    convert: Callable[[Conversion, "Links"], None]  # its markup converted in place
    image_path: Callable[[str, SourceFile, Path], str | None]  # a photo as a root-relative path
    declared_zone: Callable[[Path], str]  # the time zone the site's settings name, or ""
    site_address: Callable[[Path], str]  # the old site's web address its settings name, or ""


class Links:
    """Where each article of the archive will be written, to turn links between posts into
    links between the new files (`../2020/slug.md`, which the generator makes page links)."""

    def __init__(self, root: Path, placed: dict[Path, tuple[int, str]],
                 old_addresses: dict[str, Path] | None = None):
        """`placed`: each file's year and slug; `old_addresses`: each article's old addresses
        (as output paths in lower case, `posts/a/index.html`) and its file."""
        self.root = root
        self.placed = placed
        self.old_addresses = old_addresses or {}
        self._by_name: dict[str, Path] = {}
        for path in placed:
            relative = path.relative_to(root).as_posix()
            keys = [relative, _without_suffix(relative), path.name, path.stem]
            if path.stem == "index":  # a page bundle is named by its folder
                folder = relative.rsplit("/", 1)[0] if "/" in relative else ""
                keys = [folder, path.parent.name, path.parent.name + ".md", folder + ".md"] + keys
            for key in keys:
                self._by_name.setdefault(key.lower(), path)

    def to_file(self, path: Path) -> str | None:
        """The new file of an article, from another article's new file."""
        found = self.placed.get(path)
        return f"../{found[0]:04d}/{found[1]}.md" if found else None

    def to_old_address(self, target: str) -> str | None:
        """The new file of the article that had this old address (an output path), or None."""
        found = self.old_addresses.get(target.lower())
        return self.to_file(found) if found else None

    def to_name(self, name: str, relative_to: Path | None = None) -> str | None:
        """The new file of the article a generator names by path, file name or stem."""
        name = name.strip().strip("\"'").split("#")[0]
        if relative_to is not None and not name.startswith("/"):
            candidate = (relative_to / name).resolve()
            if candidate in self.placed:
                return self.to_file(candidate)
        key = name.lstrip("/").lower()
        for attempt in (key, _without_suffix(key), key.rsplit("/", 1)[-1],
                        _without_suffix(key.rsplit("/", 1)[-1])):
            if attempt in self._by_name:
                return self.to_file(self._by_name[attempt])
        return None


def read_archive(root: Path, archive: Archive, zone: tzinfo = dates.VIETNAM) -> list[Article | Skipped]:
    """Every article of a site folder, dated on the clock of `zone` (the importing site's), or
    why one could not be read. A date without a zone is read as the old generator read it: in
    the zone its settings name, else in `zone`."""
    results: list[Article | Skipped] = []
    old_zone = _zone_named(archive.declared_zone(root)) or zone
    read: list[tuple[SourceFile, Meta]] = []
    inside = root.resolve()
    for path in archive.files(root):
        label = str(path)
        if not path.resolve().is_relative_to(inside):
            results.append(Skipped(label, Text.of("import", "archive_outside")))
            continue
        if path.suffix.lower() not in MARKDOWN_SUFFIXES:
            results.append(Skipped(label, Text.of("import", "archive_not_markdown",
                                                   suffix=path.suffix)))
            continue
        try:
            source = read_source_file(path)
            meta = archive.meta(source, root, old_zone)
        except NotUnderstood as reason:
            results.append(Skipped(label, reason.reason))
            continue
        if not meta.title:
            results.append(Skipped(label, Text.of("import", "archive_no_title")))
        elif meta.published is None:
            results.append(Skipped(label, Text.of("import", "archive_no_date")))
        else:
            read.append((source, meta))
    old_addresses = {target.lower(): s.path.resolve() for s, m in read for a in m.aliases
                     if (target := alias_path(a)[0])}
    links = Links(root.resolve(), {s.path.resolve(): (m.published.year, slug_for(m.title))
                                   for s, m in read}, old_addresses)
    for source, meta in read:
        results.append(_article(source, meta, root, archive, links, zone))
    return results


def read_source_file(path: Path) -> SourceFile:
    """A file's metadata block (YAML `---`, TOML `+++`, JSON `{`, or Pelican's `Key: value`
    lines) and body; NotUnderstood when the metadata cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotUnderstood(Text.of("import", "archive_not_utf8", position=error.start)) from None
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    fence = lines[0].strip() if lines else ""
    if fence in ("---", "+++"):
        for end in range(1, len(lines)):
            if lines[end].strip() in (fence, "...") if fence == "---" else lines[end].strip() == fence:
                block = "\n".join(lines[1:end])
                meta = _yaml(block) if fence == "---" else _toml(block)
                return SourceFile(path, meta, "\n".join(lines[end + 1:]), end + 2)
        raise NotUnderstood(Text.of("import", "archive_unclosed", fence=fence))
    if fence.startswith("{"):
        decoder = json.JSONDecoder()
        try:
            meta, end = decoder.raw_decode(text)
        except ValueError as error:
            raise NotUnderstood(Text.of("import", "archive_json", error=str(error))) from None
        return SourceFile(path, meta if isinstance(meta, dict) else {}, text[end:].lstrip("\n"),
                          text.count("\n", 0, end) + 2)
    return _pelican_lines(path, lines)


def _pelican_lines(path: Path, lines: list[str]) -> SourceFile:
    """Pelican's metadata: `Key: value` lines up to the first blank line."""
    meta: dict[str, str] = {}
    index = 0
    while index < len(lines) and (found := _PELICAN_KEY.match(lines[index])):
        meta[found.group(1).lower()] = found.group(2).strip()
        index += 1
    if not meta:
        raise NotUnderstood(Text.of("import", "archive_no_metadata"))
    return SourceFile(path, meta, "\n".join(lines[index:]).lstrip("\n"),
                      index + 1 + _blank_lines(lines[index:]))


def _blank_lines(lines: list[str]) -> int:
    """How many blank lines open these lines."""
    count = 0
    while count < len(lines) and not lines[count].strip():
        count += 1
    return count


def _yaml(block: str) -> dict:
    """YAML metadata (safe loading: no objects)."""
    try:
        meta = yaml.load(block, Loader=_SAFE_LOADER)
    except yaml.YAMLError as error:
        raise NotUnderstood(Text.of("import", "archive_yaml",
                                           error=" ".join(str(error).split("\n")))) from None
    return meta if isinstance(meta, dict) else {}


def _toml(block: str) -> dict:
    """TOML metadata (Hugo's `+++`)."""
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as error:
        raise NotUnderstood(Text.of("import", "archive_toml", error=str(error))) from None


def _article(source: SourceFile, meta: Meta, root: Path, archive: Archive, links: Links,
             zone: tzinfo) -> Article:
    """The article of one file: its body converted and cut into blocks."""
    conversion = Conversion(source.body, source)
    archive.convert(conversion, links)
    photos = retarget_photos(conversion, root,
                             lambda src: archive.image_path(src, conversion.source, root))
    retarget_links(conversion, links.to_old_address, archive.site_address(root))
    blocks = _blocks(conversion.text, photos)
    aliases, refused = usable_aliases(meta.aliases)
    return Article(
        label=str(source.path),
        title=meta.title,
        published=meta.published.astimezone(zone),
        tags=ordered_tags(meta.tags),
        category=meta.category,
        author=meta.author,
        summary=meta.summary,
        body=blocks,
        source=source.path.relative_to(root).as_posix(),
        base_dir=root,
        draft=meta.draft,
        aliases=aliases,
        warnings=tuple(conversion.warnings) + refused,
    )


def _blocks(text: str, photos: tuple[str, ...]) -> tuple[Block, ...]:
    """The body as blocks: a photo alone in its paragraph becomes a Picture (its caption
    shown under it; the first may lead the article), the rest stays Markdown as written,
    with the photos it holds (`photos`: the paths find_photos gave them)."""
    blocks: list[Block] = []
    for chunk in _paragraphs(text):
        lone = _LONE_IMAGE.match(chunk.strip())
        if lone:
            src = lone["angled"] or lone["src"]
            blocks.append(Picture(src, lone["alt"].strip(), lone["alt"].strip()))
        elif chunk.strip():
            held = tuple(p for p in photos if p in chunk)
            blocks.append(RawMarkdown(chunk.strip("\n"), held))
    return tuple(blocks)


def _paragraphs(text: str) -> list[str]:
    """The text cut at blank lines, never inside a fenced code block."""
    chunks: list[str] = []
    current: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                chunks.append("\n".join(current))
            current = []
        else:
            current.append(line)
    if current:
        chunks.append("\n".join(current))
    return chunks


# ---------------------------------------------------------------- metadata values --

def text_of(value) -> str:
    """A metadata value as one line of text."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(text_of(v) for v in value)
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def list_of(value, split_spaces: bool = False) -> list[str]:
    """A list, a comma-separated text, or (Jekyll) a space-separated one, as names."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [t for t in (text_of(v) for v in value) if t]
    text = text_of(value)
    parts = text.split(",") if "," in text or not split_spaces else text.split()
    return [p.strip() for p in parts if p.strip()]


def date_of(value, zone: tzinfo) -> datetime | None:
    """A metadata date: a YAML or TOML date or date-time, or text in the usual forms; one
    that states no zone is on the clock of `zone`."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=zone)
    if value is None:
        return None
    return dates.parse_date(str(value), zone)


def _zone_named(name: str) -> tzinfo | None:
    """The time zone of an IANA name, or None for no name or an unknown one."""
    try:
        return ZoneInfo(name.strip()) if name.strip() else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def truth_of(value) -> bool:
    """A metadata flag: true, "true", "yes"."""
    return value is True or str(value).strip().lower() in ("true", "yes", "on", "1")


def _without_suffix(name: str) -> str:
    """A path without its Markdown suffix."""
    for suffix in MARKDOWN_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name
