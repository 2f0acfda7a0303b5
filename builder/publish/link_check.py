"""Checks a built site folder the way a reader's browser would meet it, offline.

Every HTML file is read once by a small tokenizer (comments, script and style blocks,
start tags; tested to agree with html.parser); every href, src, srcset and CSS `url()` is
resolved relative to its file and looked up in the folder, `#anchors` against the target's
ids. Pages are crawled from index.html through links to find the unreachable ones. Theme
or content references to the internet (scripts, styles, images, fonts) are reported, since
the site must work from a USB stick; plain links to other websites are fine.
Findings print as `path:line: message`, the path relative to the checked folder.
"""
from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as ElementTree
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.errors import Text, render
from ..core.i18n import DEFAULT_LANGUAGE
from ..core.urls import HOME, NOT_FOUND, ROBOTS, SITEMAP

# `<link rel>` values that name a related document rather than something the page loads.
NON_RESOURCE_RELS = frozenset({"alternate", "author", "bookmark", "canonical", "external",
                               "help", "license", "me", "next", "nofollow", "noopener",
                               "noreferrer", "prev", "search", "tag"})
# Schemes a resource may use without needing the network.
OFFLINE_SCHEMES = frozenset({"data", "about", "blob"})
RESOURCE_ATTRS = {("script", "src"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
                  ("audio", "src"), ("video", "src"), ("track", "src"), ("source", "src")}
IMAGE_ATTRS = {("img", "src"), ("video", "poster"), ("input", "src")}
HTML_SUFFIXES = (".html", ".htm")
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)"""
                      r"""|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.I)
# Attribute text of a start tag: quoted values may hold '>'.
_ATTRS = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    rf"|<(?P<raw>script|style)\b(?P<raw_attrs>{_ATTRS})>(?P<body>.*?)(?:</(?P=raw)\s*>|\Z)"
    rf"|<(?P<tag>[a-zA-Z][^\s/>]*)(?P<attrs>{_ATTRS})>", re.S | re.I)
# Tags with none of these attributes (most of them: `<p>`, `<li class>`) are skipped unparsed.
# (Starting with \s makes the search twice as fast as starting with the alternation.)
_USEFUL = re.compile(r"\s(?:href|src|srcset|id|name|style|data|poster|content|action)\s*=",
                     re.I)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


@dataclass(frozen=True, order=True)
class Finding:
    """One thing wrong in the output, at a file and line."""

    path: str
    line: int
    message: Text

    def __str__(self) -> str:
        """`path:line: message` in Vietnamese (the default language)."""
        return self.render(DEFAULT_LANGUAGE)

    def render(self, language: str) -> str:
        """`path:line: message` in `language`."""
        return f"{self.path}:{self.line}: {render(self.message, language)}"


@dataclass(frozen=True)
class Ref:
    """One URL written in a file. `kind`: link (a reader can follow it: `<a>`, `<area>`,
    a meta refresh), related (`<link rel=canonical|alternate|next…>`), image or resource."""

    line: int
    kind: str
    url: str


@dataclass
class Scan:
    """What one file holds: ids that anchors may name, and the URLs it refers to."""

    ids: set[str] = field(default_factory=set)
    refs: list[Ref] = field(default_factory=list)
    redirect: Ref | None = None  # the meta refresh of a page kept at an old address


def css_refs(text: str, first_line: int = 1) -> list[Ref]:
    """`url(...)` and `@import` references in CSS text, with their lines."""
    refs = []
    for match in _CSS_URL.finditer(text):
        url = next((g for g in match.groups() if g is not None), "").strip()
        if url:
            refs.append(Ref(first_line + text.count("\n", 0, match.start()), "resource", url))
    return refs


def srcset_urls(value: str) -> list[str]:
    """The URLs of a `srcset` list (`a.jpg 1x, b.jpg 2x`)."""
    return [part.split()[0] for part in value.split(",") if part.strip()]


def _url_refs(tag: str, attrs: dict[str, str], line: int) -> list[Ref]:
    """The references one start tag makes, sorted into link, image and resource."""
    refs = []
    if tag in ("a", "area") and "href" in attrs:
        refs.append(Ref(line, "link", attrs["href"].strip()))
    elif tag == "form" and attrs.get("action", "").strip():
        # Submitting the form leads there (the search box leads to search.html).
        refs.append(Ref(line, "link", attrs["action"].strip()))
    elif tag == "link" and "href" in attrs:
        rels = set(attrs.get("rel", "").lower().split())
        kind = "related" if rels and rels <= NON_RESOURCE_RELS else "resource"
        refs.append(Ref(line, kind, attrs["href"].strip()))
    elif tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
        found = _REFRESH_URL.search(attrs.get("content", ""))
        if found:
            refs.append(Ref(line, "link", found[1].strip()))
    for name, value in attrs.items():
        if (tag, name) in IMAGE_ATTRS:
            refs.append(Ref(line, "image", value.strip()))
        elif (tag, name) in RESOURCE_ATTRS:
            refs.append(Ref(line, "resource", value.strip()))
        elif name == "srcset":
            refs += [Ref(line, "image", url) for url in srcset_urls(value)]
        elif name == "style":
            refs += css_refs(value, line)
    return refs


def _attributes(text: str) -> dict[str, str]:
    """Attributes of a start tag, names lower-cased, entities decoded; the first one of
    a repeated name wins, as in browsers."""
    attrs: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match[1].lower()
        if name not in attrs:
            value = next((g for g in match.groups()[1:] if g is not None), "")
            attrs[name] = html.unescape(value)
    return attrs


def scan_html(text: str) -> Scan:
    """Ids and references of one HTML document.

    A tokenizer of comments, script/style blocks and start tags, rather than html.parser:
    it finds the same ids and URLs (a test compares the two) about 10 times faster, which
    matters at 10,000 pages.
    """
    scan = Scan()
    line, last = 1, 0
    for match in _TOKEN.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        raw_tag = match["raw"] or match["tag"]
        if raw_tag is None:
            continue  # a comment
        attr_text = match["raw_attrs"] if match["raw"] else match["attrs"]
        tag = raw_tag.lower()
        if _USEFUL.search(attr_text):
            attrs = _attributes(attr_text)
            if "id" in attrs:
                scan.ids.add(attrs["id"])
            if tag == "a" and "name" in attrs:
                scan.ids.add(attrs["name"])
            found = _url_refs(tag, attrs, line)
            if tag == "meta" and found and found[0].kind == "link":
                scan.redirect = found[0]
            scan.refs += found
        if tag == "style":
            body_line = line + text.count("\n", match.start(), match.start("body"))
            scan.refs += css_refs(match["body"], body_line)
    return scan


def _scheme(url: str) -> str | None:
    """The URL scheme in lower case (`https`), `//` for protocol-relative, else None."""
    if url.startswith("//"):
        return "//"
    match = _SCHEME.match(url)
    return match[1].lower() if match else None


class SiteChecker:
    """Checks one output folder; `run()` returns every finding, sorted."""

    def __init__(self, root: Path, base_path: str = "/"):
        self.root = root
        # Path part of the site's base URL: absolute links under it are allowed in 404.html,
        # which the server shows at any depth.
        self.base_path = base_path if base_path.endswith("/") else base_path + "/"
        self.files: set[str] = set()
        self.folders: set[str] = set()
        self.scans: dict[str, Scan] = {}
        self.findings: list[Finding] = []
        self._resolved: dict[tuple[str, str], tuple[str | None, str, str]] = {}

    def run(self) -> list[Finding]:
        """Scan every file, then check references, reachability and name clashes."""
        self._list_files()
        for path in sorted(self.files):
            if path.endswith(HTML_SUFFIXES):
                self.scans[path] = scan_html(self._read(path))
            elif path.endswith(".css"):
                self.scans[path] = Scan(refs=css_refs(self._read(path)))
            elif path.endswith(".xml"):
                self._check_xml(path)
        for path, scan in self.scans.items():
            folder = posixpath.dirname(path)
            for ref in scan.refs:
                self._check_ref(path, folder, ref)
        self._check_reachable()
        self._check_redirects()
        self._check_collisions()
        return sorted(set(self.findings))

    # --------------------------------------------------------------------- reading --

    def _list_files(self) -> None:
        """Every file and folder, as posix paths relative to the root (hidden ones skipped)."""
        for file in self.root.rglob("*"):
            rel = file.relative_to(self.root).as_posix()
            if any(part.startswith(".") for part in rel.split("/")):
                continue
            (self.folders if file.is_dir() else self.files).add(rel)

    def _read(self, path: str) -> str:
        """A file's text (UTF-8; undecodable bytes replaced)."""
        return (self.root / path).read_bytes().decode("utf-8", "replace")

    def _check_xml(self, path: str) -> None:
        """Feeds and sitemaps must pass a strict XML parser."""
        try:
            ElementTree.parse(self.root / path)
        except ElementTree.ParseError as exc:
            line = exc.position[0] if exc.position else 1
            self._report(path, line, Text.of("link_check", "not_xml", reason=str(exc)))

    def _report(self, path: str, line: int, message: Text) -> None:
        """Record one finding."""
        self.findings.append(Finding(path, line, message))

    # ------------------------------------------------------------------ references --

    def _target(self, page: str, folder: str, url: str) -> tuple[str | None, str, str]:
        """(output path, fragment, problem) of an internal URL written in `page`."""
        # Menus and tag lists repeat the same URLs on every page of a folder: resolve once.
        key = (folder, url) if page != NOT_FOUND else (page, url)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(page, url)
        target, fragment, problem = self._resolved[key]
        return (page if target is None and not problem else target), fragment, problem

    def _resolve(self, page: str, url: str) -> tuple[str | None, str, str]:
        """Resolve one URL; a same-page URL (`#x`, `""`) gives target None and no problem."""
        parts = urlsplit(url)
        path, fragment = unquote(parts.path), unquote(parts.fragment)
        if not path:
            return None, fragment, ""
        if path.startswith("/"):
            if page != NOT_FOUND or not path.startswith(self.base_path):
                return None, fragment, "absolute"
            path = path[len(self.base_path):]
            joined = posixpath.normpath(path) if path else "."
        else:
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if joined == "." or joined in self.folders or path.endswith("/"):
            return None, fragment, "folder"
        if joined.startswith("../") or joined == "..":
            return None, fragment, "outside"
        return joined, fragment, ""

    def _check_ref(self, page: str, folder: str, ref: Ref) -> None:
        """One reference: external resource, broken target or missing anchor."""
        url = ref.url
        scheme = _scheme(url)
        if scheme is not None:
            if ref.kind not in ("link", "related") and scheme not in OFFLINE_SCHEMES:
                self._report(page, ref.line, Text.of("link_check", "external_resource", url=url))
            return
        target, fragment, problem = self._target(page, folder, url)
        if problem == "absolute":
            self._report(page, ref.line, Text.of("link_check", "absolute_link", url=url))
        elif problem == "folder":
            self._report(page, ref.line, Text.of("link_check", "folder_link", url=url))
        elif problem or target not in self.files:
            what = {"link": "broken_link", "related": "broken_link",
                    "image": "missing_image"}.get(ref.kind, "missing_file")
            self._report(page, ref.line, Text.of("link_check", what, url=url))
        elif fragment and target in self.scans and not self._has_anchor(target, fragment):
            self._report(page, ref.line, Text.of("link_check", "missing_anchor", url=url))

    def _has_anchor(self, target: str, fragment: str) -> bool:
        """True if the page has that id (`#top` always scrolls to the top, per HTML)."""
        return fragment in self.scans[target].ids or fragment.lower() == "top"

    # ------------------------------------------------------------------ site-wide --

    def _check_reachable(self) -> None:
        """Every page must be reachable by following links from the home page."""
        if HOME not in self.scans:
            self._report(HOME, 1, Text.of("link_check", "missing_home"))
            return
        seen, queue = {HOME}, deque([HOME])
        while queue:
            page = queue.popleft()
            folder = posixpath.dirname(page)
            for ref in self.scans[page].refs:
                if ref.kind != "link" or _scheme(ref.url) is not None:
                    continue
                target, _, problem = self._target(page, folder, ref.url)
                if not problem and target in self.scans and target not in seen:
                    seen.add(target)
                    queue.append(target)
        for page, scan in self.scans.items():
            # An old address is reached from other websites and bookmarks, not from our pages.
            if scan.redirect is not None:
                continue
            if page.endswith(HTML_SUFFIXES) and page not in seen and page != NOT_FOUND:
                self._report(page, 1, Text.of("link_check", "unreachable"))

    def _check_redirects(self) -> None:
        """Every old address (a page that only redirects) must lead straight to a page."""
        for page, scan in self.scans.items():
            if scan.redirect is None or _scheme(scan.redirect.url) is not None:
                continue
            target, _, problem = self._target(page, posixpath.dirname(page), scan.redirect.url)
            if problem or target not in self.scans:
                self._report(page, scan.redirect.line,
                             Text.of("link_check", "redirect_nowhere", url=scan.redirect.url))
            elif self.scans[target].redirect is not None:
                self._report(page, scan.redirect.line,
                             Text.of("link_check", "redirect_chain", url=scan.redirect.url))

    def _check_collisions(self) -> None:
        """Two paths that differ only in case are one file on Windows, macOS and USB sticks."""
        seen: dict[str, str] = {}
        for path in sorted(self.files | self.folders):
            folded = path.casefold()
            if folded in seen:
                self._report(path, 1, Text.of("link_check", "collision", other=seen[folded]))
            else:
                seen[folded] = path


def published_base_path(root: Path) -> str | None:
    """The base URL's path a built site was made for, read from its robots.txt `Sitemap:`
    line (written only when the site has a base URL), else None."""
    try:
        text = (root / ROBOTS).read_text("utf-8", "replace")
    except OSError:
        return None
    found = re.search(rf"^Sitemap:\s*(\S+){re.escape(SITEMAP)}\s*$", text, re.M)
    return (urlsplit(found[1]).path or "/") if found else None


def check_site(root: Path, base_path: str = "/") -> list[Finding]:
    """Every finding in the built site at `root`, sorted by path and line."""
    return SiteChecker(root, base_path).run()
