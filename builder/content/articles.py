"""Articles: find the content files, read their front matter into frozen `Article`s."""
from __future__ import annotations

import difflib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from ..core.frozen import EMPTY_MAP, FrozenMap
from typing import Mapping

from . import front_matter
from ..core.config import SiteConfig
from ..core.errors import ContentError, Problem, Text
from .front_matter import Node
from ..core.text import (WINDOWS_RESERVED, DateFormatError, clean_text, has_time, parse_date,
                         fold_lookalikes, lookalikes_in, slugify, term_key)
from ..core.urls import alias_path, content_target, is_valid_slug

KNOWN_FIELDS = ("title", "date", "updated", "tags", "category", "author", "authors", "summary",
                "image", "image_caption", "slug", "draft", "layout", "aliases",
                # What archives migrated from Hugo, Jekyll or Pelican hold (see README).
                "description", "categories")
LAYOUTS = ("article",)
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


@dataclass(frozen=True, slots=True)
class Article:
    """One content file's data, validated and NFC-normalized."""

    source: str  # path relative to the content folder, posix, NFC
    title: str
    date: datetime | None  # None only for a page without a date (content/pages/)
    body: str
    body_line: int
    date_has_time: bool = True  # False for `date: 2020-09-15`: no time is shown
    updated: datetime | None = None
    tags: tuple[str, ...] = ()
    category: str | None = None
    authors: tuple[str, ...] = ()
    summary: str | None = None
    image: str | None = None  # content-relative path of the lead photo
    image_caption: str | None = None
    slug: str | None = None  # explicit slug from front matter
    aliases: tuple[str, ...] = ()  # output paths of old addresses that redirect here
    title_slug: str = ""  # the title transliterated, worked out once with the cached article
    draft: bool = False
    is_page: bool = False  # under content/pages/: its own address, no date, in no listing
    extra: Mapping[str, object] = EMPTY_MAP
    lines: Mapping[str, int] = field(default_factory=lambda: FrozenMap({}))  # field -> file line, for later error messages

    def line_of(self, field: str) -> int | None:
        """File line where `field` was written, if it was."""
        return self.lines.get(field)


@dataclass(frozen=True)
class ContentFiles:
    """What was found in the content folder."""

    articles: tuple[str, ...]  # content-relative posix paths of .md files
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    # Every other regular file reached without a symlink (photos, attachments): each is a
    # file inside the folder, which a cached article's references are checked against
    # before any is stated (see loading._still_valid).
    plain_files: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- decoding --

def decode(data: bytes, shown: str) -> str:
    """Bytes of a content file -> text with LF newlines and no BOM; ContentError if not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError(Problem(shown, 1, 1, None,
                                   Text.of("content", "utf16")))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
        raise ContentError(Problem(shown, line, col, None,
                                   Text.of("content", "not_utf8",
                                           byte=f"0x{data[exc.start]:02X}"))) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ----------------------------------------------------------------------------- fields --

class _Fields:
    """Reads typed fields out of the YAML mapping, collecting every problem."""

    def __init__(self, mapping: dict, shown: str):
        self.mapping = mapping
        self.shown = shown
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def warn(self, field: str, message: Text) -> None:
        """Record a warning at the line where `field` was written."""
        entry = self.mapping.get(field)
        self.warnings.append(Problem(self.shown, entry[0] if entry else None, None, field,
                                     message))

    def error(self, node: Node | None, field: str, message: Text, line: int | None = None):
        """Record a problem at the node's position (or the given line)."""
        self.problems.append(Problem(self.shown, node.line if node else line,
                                     node.col if node else None, field, message))

    def node(self, field: str) -> Node | None:
        """The value node of `field`, or None if absent or null."""
        entry = self.mapping.get(field)
        if entry is None or (entry[1].is_scalar and entry[1].value is None):
            return None
        return entry[1]

    def text(self, field: str, required: bool = False) -> str | None:
        """A text field: NFC, control characters removed, surrounding space trimmed."""
        node = self.node(field)
        if node is None:
            if required:
                self.error(None, field, Text.of("content", "field_missing"), line=1)
            return None
        if not node.is_scalar:
            self.error(node, field, Text.of("content", "field_not_text", kind=_kind(node)))
            return None
        value = clean_text(node.value).strip()
        if required and not value:
            self.error(node, field, Text.of("content", "field_empty"))
            return None
        return value or None

    def text_list(self, field: str) -> tuple[str, ...]:
        """A list of texts; a single text is split at commas (`tags: "a, b"`)."""
        node = self.node(field)
        if node is None:
            return ()
        if node.is_scalar:
            items = node.value.split(",")
        elif isinstance(node.value, dict):
            self.error(node, field, Text.of("content", "list_not_mapping"))
            return ()
        else:
            items = []
            for item in node.value:
                if not item.is_scalar:
                    self.error(item, field, Text.of("content", "item_not_text",
                                                    kind=_kind(item)))
                elif item.value is not None:
                    items.append(item.value)
        return tuple(v for v in (clean_text(i).strip() for i in items) if v)

    def boolean(self, field: str) -> bool:
        """`true`/`false` (also yes/no/on/off); anything else is an error."""
        node = self.node(field)
        if node is None:
            return False
        if node.is_scalar and node.value.lower() in _TRUE | _FALSE:
            return node.value.lower() in _TRUE
        self.error(node, field, Text.of("content", "not_boolean"))
        return False

    def date(self, field: str, tz, required: bool = False) -> datetime | None:
        """A date or date-time in one of the accepted forms."""
        node = self.node(field)
        if node is None:
            if required:
                self.error(None, field, Text.of("content", "field_missing"), line=1)
            return None
        if not node.is_scalar:
            self.error(node, field, Text.of("content", "date_not_text", kind=_kind(node)))
            return None
        try:
            return parse_date(node.value, tz)
        except DateFormatError as exc:
            self.error(node, field, exc.args[0])
            return None


def _kind(node: Node) -> Text:
    """`list` or `mapping`, for messages."""
    return Text.of("content", "kind_list" if isinstance(node.value, tuple) else "kind_mapping")


def _without_lookalikes(fields: _Fields, field: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """Names with look-alike letters (Ð U+00D0 for Đ) replaced, each replacement warned of."""
    kept = []
    for name in names:
        found = lookalikes_in(name)
        if found:
            name, typed = fold_lookalikes(name), name
            fields.warn(field, Text.of("content", "lookalike_tag" if field == "tags"
                                       else "lookalike_category",
                                       typed=typed, letters=", ".join(found), name=name))
        kept.append(name)
    return tuple(kept)


def _category_field(fields: _Fields) -> str:
    """The field that gave the category: `categories` (migrated) or `category`."""
    return "categories" if fields.node("categories") is not None else "category"


def _unique_terms(names: tuple[str, ...]) -> tuple[str, ...]:
    """Drop repeated tags within one article (same term after folding case and tones)."""
    seen, kept = set(), []
    for name in names:
        key = term_key(name)
        if key not in seen:
            seen.add(key)
            kept.append(name)
    return tuple(kept)


# ---------------------------------------------------------------------------- parsing --

@dataclass(frozen=True)
class Parsed:
    """One file's front matter read: the Article, or the problems that stopped it.

    The body is kept even when fields are wrong, so its own problems (missing images,
    broken links) are reported in the same run.
    """

    article: Article | None
    body: str
    body_line: int
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def parse_article(source: str, text: str, config: SiteConfig, content_dir: Path,
                  shown: str) -> Parsed:
    """Parse one decoded file; raise ContentError when there is no usable front matter."""
    split = front_matter.split(text, shown)
    mapping = front_matter.parse_yaml(split, shown)
    fields = _Fields(mapping, shown)
    title = fields.text("title", required=True)
    is_page = is_page_source(source)
    date = fields.date("date", config.tz, required=not is_page)
    updated = fields.date("updated", config.tz)
    tags = _unique_terms(_without_lookalikes(fields, "tags", fields.text_list("tags")))
    category = _read_category(fields)
    if category:
        category = _without_lookalikes(fields, _category_field(fields), (category,))[0]
    authors = _unique_terms(fields.text_list("authors")
                            + split_byline(fields.text("author") or ""))
    summary = fields.text("summary") or fields.text("description")
    caption = fields.text("image_caption")
    draft = fields.boolean("draft")
    slug = _read_slug(fields)
    image = _read_image(fields, source, content_dir)
    aliases = _read_aliases(fields)
    layout = fields.node("layout")
    if layout is not None and not (layout.is_scalar and layout.value in LAYOUTS):
        # Jekyll and Hugo archives name their own templates here: the theme decides instead.
        fields.warn("layout", Text.of("content", "layout_ignored"))
    warnings = tuple(_unknown_field_warnings(mapping, shown)) + tuple(fields.warnings)
    body = clean_text(split.body)
    if fields.problems:
        return Parsed(None, body, split.body_line, tuple(fields.problems), warnings)
    extra = {key: node.to_python() for key, (_, node) in mapping.items()
             if key not in KNOWN_FIELDS}
    article = Article(
        source=unicodedata.normalize("NFC", source), title=title, title_slug=slugify(title),
        date=date, is_page=is_page,
        date_has_time=bool(date) and has_time(fields.node("date").value), body=body,
        body_line=split.body_line, updated=updated, tags=tags, category=category,
        authors=authors, summary=summary, image=image,
        image_caption=caption, slug=slug, aliases=aliases, draft=draft,
        extra=FrozenMap.of(extra),
        lines=FrozenMap({key: line for key, (line, _) in mapping.items()}))
    return Parsed(article, body, split.body_line, (), warnings)


PAGES_FOLDER = "pages"
# How a newsroom byline joins its writers: "Kim Tiến - Hoàng Anh", "A, B", "A; B".
_BYLINE_SEPARATORS = re.compile(r"\s+[-–—]\s+|\s*[,;]\s*")


def is_page_source(source: str) -> bool:
    """True for a file under content/pages/: a page without a date."""
    return source.startswith(PAGES_FOLDER + "/")


def split_byline(byline: str) -> tuple[str, ...]:
    """The writers of one byline text: "Kim Tiến - Hoàng Anh" is two."""
    return tuple(name for name in (part.strip() for part in _BYLINE_SEPARATORS.split(byline))
                 if name)


def _read_slug(fields: _Fields) -> str | None:
    """An explicit slug: letters, digits, spaces and '-' only, transliterated to ASCII."""
    raw = fields.text("slug")
    if raw is None:
        return None
    node = fields.node("slug")
    # Check what was written, before control characters are dropped: `a\0b` is refused.
    if not all(ch.isalnum() or ch in " -" for ch in node.value.strip()):
        fields.error(node, "slug", Text.of("content", "slug_signs", example=slugify(raw)))
        return None
    slug = slugify(raw)
    if len(raw) > 100 or slug.startswith("x-") and not raw.lower().startswith("x"):
        fields.error(node, "slug", Text.of("content", "slug_too_long"))
        return None
    # An explicit slug is the editor's choice: refused rather than changed to `con-0`.
    if not is_valid_slug(slug) or raw.strip().lower() in WINDOWS_RESERVED:
        fields.error(node, "slug", Text.of("content", "slug_not_file_name", slug=raw))
        return None
    return slug


def _read_category(fields: _Fields) -> str | None:
    """`category: X`, or a migrated `categories: [X]`; of several, the first (with a warning)."""
    if fields.node("categories") is None:
        return fields.text("category")
    if fields.node("category") is not None:
        fields.error(fields.node("categories"), "categories",
                     Text.of("content", "category_and_categories"))
        return None
    names = fields.text_list("categories")
    if len(names) > 1:
        fields.warn("categories", Text.of("content", "one_category", used=names[0],
                                          left=", ".join(repr(n) for n in names[1:])))
    return names[0] if names else None


def _read_aliases(fields: _Fields) -> tuple[str, ...]:
    """Old addresses of the article, as the output paths of their redirect pages."""
    node = fields.node("aliases")
    if node is None:
        return ()
    if node.is_scalar:
        items = (node,)
    elif isinstance(node.value, dict):
        fields.error(node, "aliases", Text.of("content", "aliases_mapping"))
        return ()
    else:
        items = node.value
    paths: list[str] = []
    for item in items:
        if not item.is_scalar or item.value is None:
            fields.error(item, "aliases", Text.of("content", "alias_not_text"))
            continue
        path, reason = alias_path(clean_text(item.value))
        if reason:
            fields.error(item, "aliases", reason)
        elif path not in paths:
            paths.append(path)
    return tuple(paths)


def _read_image(fields: _Fields, source: str, content_dir: Path) -> str | None:
    """The lead photo as a content-relative path that exists inside the content folder."""
    raw = fields.text("image")
    if raw is None:
        return None
    node = fields.node("image")
    target, reason = content_target(raw, source, content_dir)
    if reason:
        fields.error(node, "image", reason)
        return None
    return target


def _unknown_field_warnings(mapping: dict, shown: str) -> list[Problem]:
    """Warn about fields that look like typos of known ones (`tittle`)."""
    warnings = []
    for key, (line, _) in mapping.items():
        if key in KNOWN_FIELDS:
            continue
        close = difflib.get_close_matches(key, KNOWN_FIELDS, n=1, cutoff=0.75)
        if close:
            warnings.append(Problem(shown, line, None, key,
                                    Text.of("content", "unknown_field", suggestion=close[0])))
    return warnings


# ---------------------------------------------------------------------------- finding --

# Markdown files under any of these endings, in any case (`.MD`, `.Markdown`), are articles.
ARTICLE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
NOT_ARTICLES = ("readme",)  # a README explains the folder to people; it is not news


def is_article_name(path: str) -> bool:
    """True if a content file of this name is an article (README, `_x.md` and `.x.md` are not)."""
    name = path.rsplit("/", 1)[-1]
    stem, _, _ = name.lower().rpartition(".")
    return (name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(("_", "."))
            and stem not in NOT_ARTICLES)


def is_content_article(source: str) -> bool:
    """True if `find_content` would list this content-relative path as an article (no
    hidden or kept-aside folder on its way, an article's name)."""
    parts = source.split("/")
    return (not any(part.startswith((".", "_")) for part in parts)
            and is_article_name(parts[-1]))


def find_content(content_dir: Path, shown_root: str) -> ContentFiles:
    """List the Markdown files under `content_dir`, refusing symlinks that lead outside it."""
    root = content_dir.resolve()
    articles, problems, warnings = [], [], []
    plain_files: set[str] = set()
    by_nfc: dict[str, str] = {}
    pending = [""]  # content-relative folders still to list, as plain strings (fast)
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(os.path.join(content_dir, folder)), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith((".", "_")):
                continue  # hidden, or kept aside (`_drafts/`, `_index.md`): see README
            rel = f"{folder}/{entry.name}" if folder else entry.name
            if entry.is_symlink():
                problem = _symlink_problem(Path(entry.path), root, rel, shown_root)
                if problem:
                    problems.append(problem)
                    continue
                if entry.is_dir():
                    warnings.append(Problem(_shown(rel, shown_root), None, None, None,
                                            Text.of("content", "symlinked_folder")))
                    continue
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(rel)
            elif not is_article_name(entry.name):
                if entry.is_file(follow_symlinks=False):  # not a link, nor what it leads to
                    plain_files.add(rel)
            else:
                if not _regular_file(entry):
                    # Reading a FIFO would wait forever, a device could be endless.
                    problems.append(Problem(_shown(rel, shown_root), None, None, None,
                                            Text.of("content", "not_regular_file")))
                    continue
                key = unicodedata.normalize("NFC", rel)
                if key in by_nfc:
                    problems.append(Problem(_shown(rel, shown_root), None, None, None,
                                            Text.of("content", "nfc_nfd_twins")))
                    continue
                by_nfc[key] = rel
                articles.append(rel)
        pending.extend(reversed(subfolders))
    return ContentFiles(tuple(sorted(articles)), tuple(problems), tuple(warnings),
                        frozenset(plain_files))


def _regular_file(entry: os.DirEntry) -> bool:
    """True for a regular file (through a symlink inside the content folder, too)."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _shown(rel: str, shown_root: str) -> str:
    """How a content path is shown in messages: `<shown content dir>/<relative path>` in NFC."""
    return unicodedata.normalize("NFC", f"{shown_root}/{rel}")


def _symlink_problem(entry: Path, root: Path, rel: str, shown_root: str):
    """A Problem if the symlink loops or leads outside the content folder, else None."""
    shown = _shown(rel, shown_root)
    try:
        target = entry.resolve(strict=True)
    except (OSError, RuntimeError):
        return Problem(shown, None, None, None, Text.of("content", "symlink_broken"))
    if not target.is_relative_to(root):
        return Problem(shown, None, None, None,
                       Text.of("content", "symlink_outside"))
    return None


def load_article(content_dir: Path, source: str, config: SiteConfig, shown_root: str) -> Parsed:
    """Read, size-check, decode and parse one file; raise ContentError if unusable."""
    shown = unicodedata.normalize("NFC", f"{shown_root}/{source}")
    path = content_dir / source
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ContentError(Problem(shown, None, None, None,
                                       Text.of("content", "not_regular_file")))
        size = info.st_size
        if size > config.max_article_kb * 1024:
            raise ContentError(Problem(shown, None, None, None,
                                       Text.of("content", "file_too_large",
                                               size=size / 1048576,
                                               limit=config.max_article_kb)))
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(Problem(shown, None, None, None,
                                   Text.of("content", "unreadable",
                                           reason=exc.strerror or str(exc)))) from None
    return parse_article(source, decode(data, shown), config, content_dir, shown)
