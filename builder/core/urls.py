"""The URL scheme: every output path is decided here, and every link between pages is relative.

Paths are posix, relative to the output root, ASCII, and always name a file
(`tags/duc-hue.html`, never `tags/duc-hue/`), so the site works from file://.
Listing page 1 is `<base>.html`; page n is `<base>/<n>.html`.
"""
from __future__ import annotations

import os
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import Text
from .text import slugify

HOME = "index.html"
TAGS_INDEX = "tags/index.html"
CATEGORIES_INDEX = "categories/index.html"
ARCHIVE_INDEX = "archive/index.html"
AUTHORS_INDEX = "authors/index.html"
SEARCH = "search.html"
SEARCH_DATA = "search"  # folder of the search index files
NOT_FOUND = "404.html"
ASSETS = "assets"
MEDIA = "media"
SITE_FEED = "feeds/atom.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
RESERVED_TERM_SLUGS = frozenset({"index"})
# Root file names that pages without a date may not take.
RESERVED_PAGE_SLUGS = frozenset({"index", "search", "404", "sitemap", "robots"})

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_valid_slug(slug: str) -> bool:
    """True for `[a-z0-9]+(-[a-z0-9]+)*`."""
    return bool(_SLUG.match(slug))


def article_path(year: int, month: int, slug: str) -> str:
    """`2020/09/duc-hue-tong-ket.html`."""
    return f"{year:04d}/{month:02d}/{slug}.html"


def listing_path(base: str, page: int) -> str:
    """Page `page` of a paginated listing whose first page is `<base>.html`."""
    if base == "index":
        return HOME if page == 1 else f"page/{page}.html"
    return f"{base}.html" if page == 1 else f"{base}/{page}.html"


def tag_base(slug: str) -> str:
    """Listing base of a tag."""
    return f"tags/{slug}"


def category_base(slug: str) -> str:
    """Listing base of a category."""
    return f"categories/{slug}"


def author_base(slug: str) -> str:
    """Listing base of an author's articles."""
    return f"authors/{slug}"


def author_feed_path(slug: str) -> str:
    """Atom feed of one author."""
    return f"feeds/authors/{slug}.xml"


def page_path(slug: str) -> str:
    """A page without a date, at the root: `gioi-thieu.html`."""
    return f"{slug}.html"


def tag_feed_path(slug: str) -> str:
    """Atom feed of one tag."""
    return f"feeds/tags/{slug}.xml"


def category_feed_path(slug: str) -> str:
    """Atom feed of one category."""
    return f"feeds/categories/{slug}.xml"


def absolute_url(base_url: str, path: str) -> str:
    """Public URL of an output path; the home page is the base URL itself."""
    return base_url if path == HOME else base_url + path


def year_path(year: int) -> str:
    """The page of one year, listing its months."""
    return f"archive/{year:04d}.html"


def month_base(year: int, month: int) -> str:
    """Listing base of one month."""
    return f"archive/{year:04d}/{month:02d}"


def media_path(source: str) -> str:
    """Output path of a content file (photo, PDF) given its content-relative path; ASCII."""
    *folders, name = source.split("/")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())
    name = _segment(stem) + (f".{ext}" if ext else "")
    return "/".join([MEDIA, *(_segment(folder) for folder in folders), name])


def _segment(text: str) -> str:
    """One path segment as a slug (names that already are slugs, the usual case, as they are)."""
    return text if _SLUG.match(text) else slugify(text)


def root_prefix(page: str) -> str:
    """The relative prefix from a page back to the output root: '', '../', '../../'."""
    return "../" * page.count("/")


def relative(page: str, target: str) -> str:
    """Relative URL from output page `page` to output path `target`."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def as_browser_reads(url: str) -> str:
    """The URL a browser sees in an attribute: ASCII tabs and newlines removed anywhere and
    control characters and spaces trimmed, so `java&#x09;script:` is the scheme it is."""
    return re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e"
                                            "\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"
                                            "\x1b\x1c\x1d\x1e\x1f ")


def is_external(url: str) -> bool:
    """True for URLs with a scheme (`https:`, `mailto:`) or protocol-relative `//host`."""
    return bool(_SCHEME.match(url)) or url.startswith("//")


def split_fragment(url: str) -> tuple[str, str]:
    """`a.md#x` -> (`a.md`, `#x`); a query string is dropped with the path part kept."""
    parts = urlsplit(url)
    return parts.path, (f"#{parts.fragment}" if parts.fragment else "")


def is_inside(root: Path, candidate: Path) -> bool:
    """True if `candidate`, with symlinks and `..` resolved, lies within `root`."""
    try:
        return candidate.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def content_target(reference: str, source: str,
                   content_dir: Path) -> tuple[str | None, Text | str]:
    """Resolve a path written in `source` (relative to it, or `/x` from the content root).

    Returns (content-relative posix path, "") or (None, reason) when it does not exist
    or leads outside the content folder.
    """
    path = unquote(reference.strip())
    if not path or "\x00" in path or "\\" in path:
        return None, Text.of("content", "path_unusable", path=reference)
    if path.startswith("/"):
        joined = posixpath.normpath(path.lstrip("/"))
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
    if joined.startswith("../") or joined == ".." or joined == ".":
        return None, Text.of("content", "path_outside", path=reference)
    if not os.path.isfile(os.path.join(content_dir, joined)):
        return None, Text.of("content", "path_not_found", path=reference)
    if not _inside_content(str(content_dir), joined):
        return None, Text.of("content", "path_outside", path=reference)
    return joined, ""


def still_in_content(rel: str, content_dir: Path) -> bool:
    """True if a path that content_target once returned is still a file inside the folder."""
    content = str(content_dir)
    return os.path.isfile(os.path.join(content, rel)) and _inside_content(content, rel)


@lru_cache(maxsize=4096)
def _folder_inside(content_dir: str, folder: str) -> bool:
    """True if `folder`, symlinks resolved, lies within the content folder (cached, as
    articles share a few image folders; each build starts afresh: see forget_folders)."""
    try:
        return Path(folder).resolve().is_relative_to(Path(content_dir).resolve())
    except (OSError, RuntimeError):
        return False


def forget_folders() -> None:
    """Drop the folders resolved so far: between builds (the dev server) one may have been
    replaced by a symlink."""
    _folder_inside.cache_clear()


def _inside_content(content_dir: str, rel: str) -> bool:
    """True if content-relative `rel`, symlinks and all, resolves inside the content folder."""
    target = os.path.join(content_dir, rel)
    if os.path.islink(target):
        return is_inside(Path(content_dir), Path(target))
    return _folder_inside(content_dir, os.path.dirname(target))


# Output paths the generator itself writes: an old address may not take one of them.
GENERATED_ROOTS = frozenset({HOME, NOT_FOUND, SEARCH, SITEMAP, ROBOTS})
GENERATED_FOLDERS = frozenset({"tags", "categories", "archive", "page", "feeds", ASSETS, MEDIA,
                               SEARCH_DATA})
_ALIAS_SEGMENT = re.compile(r"^[A-Za-z0-9_.-]+$")
_PAGE_SUFFIXES = (".html", ".htm")


def alias_path(alias: str) -> tuple[str | None, Text | str]:
    """The output path that keeps an old address working (and ""), or (None, reason).

    `/tin-tuc/12345.html` stays `tin-tuc/12345.html`; a folder-style address
    (`/2019/05/old-post/`, or without the final slash) becomes `…/old-post/index.html`, which
    static hosts serve for the folder. A full URL counts by its path alone (the old site
    may have had another host name).
    """
    text = alias.strip()
    parts = urlsplit(text if not text.startswith("//") else "http:" + text)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None, Text.of("alias", "not_web", alias=alias)
    if parts.query:
        return None, Text.of("alias", "query", alias=alias, query=parts.query)
    path = unquote(parts.path).strip("/")
    if not path:
        return None, Text.of("alias", "home", alias=alias)
    segments = path.split("/")
    if any(not _ALIAS_SEGMENT.match(s) or s in (".", "..") for s in segments):
        return None, Text.of("alias", "not_ascii", alias=alias)
    last = segments[-1].lower()
    if "." in last and not last.endswith(_PAGE_SUFFIXES):
        return None, Text.of("alias", "not_a_page", alias=alias)
    target = path if last.endswith(_PAGE_SUFFIXES) else f"{path}/index.html"
    if target in GENERATED_ROOTS or segments[0] in GENERATED_FOLDERS:
        return None, Text.of("alias", "generated", alias=alias)
    return target, ""
