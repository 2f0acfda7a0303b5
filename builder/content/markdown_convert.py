"""Markdown bodies to safe HTML: figures, heading ids, link and image rewriting, sanitizing.

Internal links and images come out as placeholders (`cnref:N`) naming the N-th content
file the body refers to; `resolve_refs` turns them into relative URLs once the page's
own path is known. So a conversion depends only on the body and the settings, which is
what lets the cache reuse it when other articles move.
"""
from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as etree
import zlib
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from ..core.errors import Problem
from ..core.i18n import strings
from ..core.text import heading_id
from .time_limit import TimeLimitExceeded, time_limit
from ..core.urls import content_target, is_external, split_fragment

PLACEHOLDER = "cnref:"
CONVERT_SECONDS = 30.0  # per article; a 4 MB article of plain prose takes about 2 s
_PLACEHOLDER_RE = re.compile(r'(href|src)="cnref:(\d+)(#[^"]*)?"')
PLAIN_TEXT = r"\A[^\\`*_\[\]!<>&]+\Z"  # text without any sign an inline pattern reacts to
_PLAIN = re.compile(PLAIN_TEXT)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_STASH_CHARS = re.compile("[\x02\x03]|klzzwxh:\\d+")
_SAFE_SCHEMES = {"http", "https", "mailto", "tel", PLACEHOLDER.rstrip(":")}
_TAGS = set(nh3.ALLOWED_TAGS) - {"acronym", "center", "strike", "tt", "map", "area"}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "time": {"datetime"}, "blockquote": {"cite"}, "q": {"cite"},
    "del": {"cite", "datetime"}, "ins": {"cite", "datetime"}, "col": {"span"},
    "colgroup": {"span"},
}


@dataclass(frozen=True)
class Converted:
    """One body as HTML with placeholders, what it refers to and what went wrong.

    The HTML is kept compressed: ten thousand bodies stay in memory (and in the cache)
    through a build, but only the pages that changed ever need the text.
    """

    packed: bytes  # zlib-compressed UTF-8 HTML
    digest: str  # of the HTML: stands for the body in page digests
    refs: tuple[str, ...]  # content-relative paths, index = placeholder number
    lead_text: str  # plain text of the first paragraph, for a derived summary
    closing_line: str = ""  # text of a closing paragraph all in bold (often the byline)
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @classmethod
    def of(cls, html: str, refs: tuple[str, ...], lead_text: str, problems=(), warnings=()):
        """Pack the HTML of a freshly converted body."""
        data = html.encode("utf-8", "surrogatepass")
        return cls(zlib.compress(data, 1), hashlib.blake2b(data, digest_size=16).hexdigest(),
                   refs, lead_text, closing_line(html), tuple(problems), tuple(warnings))

    @property
    def html(self) -> str:
        """The HTML, with `cnref:N` placeholders."""
        return zlib.decompress(self.packed).decode("utf-8", "surrogatepass")


_CLOSING_BOLD = re.compile(
    r"<p><strong>([^<]+)</strong></p>\s*(?:<div class=\"footnote\">.*)?$", re.DOTALL)


def closing_line(html: str) -> str:
    """The text of the body's last paragraph when it is all bold, as bylines are; else ''."""
    match = _CLOSING_BOLD.search(html)
    return unescape(match.group(1)) if match else ""


class Body:
    """An article body for templates: the HTML with its links made relative to the page.

    Jinja calls `__html__` only when the page is really rendered; a page digest uses the
    short `signature` instead, so an unchanged page is recognised without building it.
    """

    __slots__ = ("converted", "urls")

    def __init__(self, converted: Converted, urls: tuple[str, ...]):
        self.converted = converted
        self.urls = urls

    def __html__(self) -> str:
        return resolve_refs(self.converted.html, self.urls)

    def __str__(self) -> str:
        return self.__html__()

    def signature(self) -> str:
        """What the rendered body depends on: the HTML and the link targets."""
        return self.converted.digest + "|" + "|".join(self.urls)


@dataclass
class _State:
    """What the tree processor learns about the body being converted."""

    source: str = ""
    shown: str = ""
    body: str = ""
    body_line: int = 1
    content_dir: Path = Path(".")
    refs: list = field(default_factory=list)
    lead_text: str = ""
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def line_of(self, needle: str) -> int | None:
        """File line of the first body line containing `needle` (Markdown keeps no positions)."""
        for offset, line in enumerate(self.body.split("\n")):
            if needle and needle in line:
                return self.body_line + offset
        return None

    def ref(self, target: str) -> int:
        """Placeholder number of a content file, adding it on first use."""
        if target not in self.refs:
            self.refs.append(target)
        return self.refs.index(target)


class _BodyProcessor(Treeprocessor):
    """Rewrites links and images, makes figures and records the lead paragraph."""

    def __init__(self, md, state: _State):
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        """Walk the tree once; order matters: figures need the rewritten images."""
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "a":
                    self._link(child)
                elif child.tag == "img":
                    self._image(parent, index, child)
                elif child.tag in ("td", "th") and child.get("align"):
                    # `align` is obsolete HTML; the theme styles these classes instead.
                    child.set("class", f"align-{child.attrib.pop('align')}")
        for paragraph in list(root.iter("p")):
            self._figure(paragraph)
        self._heading_ids(root)
        self._lead(root)

    def _heading_ids(self, root: etree.Element) -> None:
        """Give headings ids that keep Đ as d (`duc-hue`); repeats get -1, -2 (the toc
        extension does the same, but builds a whole table of contents nobody reads)."""
        used = {e.get("id") for e in root.iter() if e.get("id")}
        for element in root.iter():
            if element.tag in _HEADINGS and not element.get("id"):
                base = heading_id(_plain_text(element))
                candidate, number = base, 0
                while candidate in used:
                    number += 1
                    candidate = f"{base}-{number}"
                used.add(candidate)
                element.set("id", candidate)

    def _resolve(self, url: str, field: str) -> str | None:
        """Placeholder URL for a content file reference, or None after recording a problem."""
        path, fragment = split_fragment(url)
        if not path:
            return url  # a same-page anchor such as #ghi-chu
        target, reason = content_target(path, self.state.source, self.state.content_dir)
        if reason:
            self.state.problems.append(Problem(self.state.shown, self.state.line_of(url), None,
                                               field, reason))
            return None
        return f"{PLACEHOLDER}{self.state.ref(target)}{fragment}"

    def _link(self, element: etree.Element) -> None:
        """Internal links point at content files; external ones keep only safe schemes."""
        href = element.get("href", "")
        if not href:
            return
        if is_external(href):
            if urlsplit(href).scheme.lower() not in _SAFE_SCHEMES or href.startswith("//"):
                element.attrib.pop("href")  # javascript:, vbscript:, data: and the like
            return
        resolved = self._resolve(href, "link")
        if resolved is None:
            element.attrib.pop("href")
        else:
            element.set("href", resolved)

    def _image(self, parent: etree.Element, index: int, element: etree.Element) -> None:
        """Local images are copied; remote ones would need the internet, so become links."""
        src = element.get("src", "")
        if is_external(src) or src.startswith("data:"):
            self.state.warnings.append(Problem(
                self.state.shown, self.state.line_of(src[:60]), None, "image",
                "image is not a file in the content folder (it would need the internet); "
                "shown as a link instead: save it next to the article"))
            safe = is_external(src) and urlsplit(src).scheme.lower() in _SAFE_SCHEMES
            link = etree.Element("a", {"href": src} if safe else {})
            link.text = element.get("alt") or src
            link.tail = element.tail
            parent[index] = link
            return
        resolved = self._resolve(src, "image")
        if resolved is not None:
            element.set("src", resolved)
            element.set("loading", "lazy")

    def _figure(self, paragraph: etree.Element) -> None:
        """An image alone in its paragraph becomes a figure captioned by its title or alt."""
        children = list(paragraph)
        if (len(children) != 1 or children[0].tag != "img" or (paragraph.text or "").strip()
                or (children[0].tail or "").strip()):
            return
        image = children[0]
        image.tail = None
        caption = image.get("title") or image.get("alt") or ""
        paragraph.tag = "figure"
        paragraph.text = None
        if caption:
            figcaption = etree.SubElement(paragraph, "figcaption")
            figcaption.text = caption

    def _lead(self, root: etree.Element) -> None:
        """Plain text of the first paragraph with words in it (footnote marks left out)."""
        for paragraph in root.iter("p"):
            text = _plain_text(paragraph)
            if text:
                self.state.lead_text = text
                return


def _plain_text(element: etree.Element) -> str:
    """Text of an element without footnote references or stashed raw HTML."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "sup":
            parts.append(_plain_text(child))
        parts.append(child.tail or "")
    return " ".join(_STASH_CHARS.sub("", "".join(parts)).split())


class _PlainText(InlineProcessor):
    """Takes a text with no Markdown signs in it as it is, in one step.

    Most paragraphs of news are plain sentences; without this every one of them is
    searched by each of the twenty inline patterns in turn. The output is the same
    (a property test compares it with and without).
    """

    def handleMatch(self, match: re.Match, data: str):
        if "  \n" in data:  # two spaces before a newline mean a line break
            return None, None, None
        return util.AtomicString(match.group(0)), match.start(0), match.end(0)


class _PlainBlocks(Treeprocessor):
    """Marks block texts with no Markdown signs as atomic before inline processing.

    The inline processor skips atomic texts entirely; a plain paragraph otherwise costs
    a search by each of the twenty inline patterns even after `_PlainText` took it.
    """

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            text = element.text
            if (text and len(element) == 0 and not isinstance(text, util.AtomicString)
                    and "  \n" not in text and _PLAIN.match(text)):
                element.text = util.AtomicString(text)


class PlainFastPath(Extension):
    """Plain text taken as it is, without the inline patterns (same output, quicker)."""

    def extendMarkdown(self, md) -> None:
        """Before the inline processor (priority 20), and first among the inline patterns."""
        md.treeprocessors.register(_PlainBlocks(md), "plain_blocks", 25)
        md.inlinePatterns.register(_PlainText(PLAIN_TEXT), "plain_text", 1000)


_RAW_IMG = re.compile(r"<img\b[^>]*>", re.I)
_RAW_SRC = re.compile(r"""(\bsrc\s*=\s*)("([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)


class _RawImages(Postprocessor):
    """`<img src="x">` written as raw HTML: a local file is checked and copied like a
    Markdown image (a missing one is an error naming the line), before the raw HTML is
    put back into the page (RawHtmlPostprocessor, priority 30)."""

    def __init__(self, md, body: _BodyProcessor):
        super().__init__(md)
        self.body = body

    def run(self, text: str) -> str:
        """Rewrite the image sources inside the stashed raw HTML; the text is unchanged."""
        blocks = self.md.htmlStash.rawHtmlBlocks
        for number, block in enumerate(blocks):
            if isinstance(block, str) and "<img" in block.lower():
                blocks[number] = _RAW_IMG.sub(self._tag, block)
        return text

    def _tag(self, match: re.Match) -> str:
        """One raw `<img>` tag with a local source resolved to its placeholder."""
        def source(found: re.Match) -> str:
            value = unescape(next(g for g in found.groups()[2:] if g is not None))
            if not value or is_external(value) or value.startswith(("data:", "#")):
                return found[0]
            resolved = self.body._resolve(value, "image")
            return found[0] if resolved is None else f'{found[1]}"{resolved}"'
        return _RAW_SRC.sub(source, match[0], count=1)


class _BodyExtension(Extension):
    """Registers the body processor after the inline patterns have made links and images."""

    def __init__(self, state: _State):
        super().__init__()
        self.state = state

    def extendMarkdown(self, md) -> None:
        """Run after inline processing (priority 20) so `a` and `img` elements exist."""
        body = _BodyProcessor(md, self.state)
        md.treeprocessors.register(body, "campaign_body", 5)
        md.postprocessors.register(_RawImages(md, body), "campaign_raw_images", 35)


class Converter:
    """One reused Markdown instance; call `convert` for each body."""

    def __init__(self, raw_html: str = "sanitize", language: str = "vi"):
        self.state = _State()
        self.sanitize = raw_html == "sanitize"
        self.md = markdown.Markdown(
            extensions=["tables", "footnotes", "attr_list", "fenced_code", "sane_lists",
                        PlainFastPath(), _BodyExtension(self.state)],
            extension_configs={
                "tables": {"use_align_attribute": True},
                "footnotes": {"BACKLINK_TITLE": strings(language)["footnote_back"]}},
            output_format="html")

    def convert(self, body: str, source: str, shown: str, body_line: int,
                content_dir: Path) -> Converted:
        """Convert one article body; reset first so footnotes never leak between articles."""
        self.md.reset()
        state = self.state
        state.__init__(source=source, shown=shown, body=body, body_line=body_line,
                       content_dir=content_dir)
        try:
            with time_limit(CONVERT_SECONDS):
                html = self.md.convert(body)
        except (RecursionError, TimeLimitExceeded) as exc:
            return Converted.of("", (), "", (Problem(shown, body_line, None, None,
                                                     _too_hard(exc)),), ())
        # Without raw HTML or attribute lists, every element and URL came from Markdown and
        # passed the checks above, so the sanitizer (a tenth of the conversion time) is
        # needed only when the editor wrote HTML or {: attributes }.
        if self.sanitize and (self.md.htmlStash.rawHtmlBlocks or "{" in body):
            html = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SAFE_SCHEMES,
                             link_rel=None, strip_comments=True)
        return Converted.of(html, tuple(state.refs), state.lead_text, tuple(state.problems),
                         tuple(state.warnings))


def _too_hard(exc: Exception) -> str:
    """Why a body could not be converted, in words an editor can act on."""
    if isinstance(exc, RecursionError):
        return ("the text is nested too deeply to convert (hundreds of '*', '>' or list "
                "levels in a row); simplify it")
    return (f"converting the text takes over {CONVERT_SECONDS:g} s; look for long runs of "
            "'[', '*' or footnote marks and simplify them")


def resolve_refs(html: str, urls: tuple[str, ...]) -> str:
    """Replace each `cnref:N` with the N-th relative URL (unknown numbers become `#`)."""
    def replace(match: re.Match) -> str:
        number = int(match[2])
        url = urls[number] if number < len(urls) and urls[number] else "#"
        return f'{match[1]}="{url}{match[3] or ""}"'
    return _PLACEHOLDER_RE.sub(replace, html)
