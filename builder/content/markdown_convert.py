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
from html import escape, unescape
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from markdown import util
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.postprocessors import Postprocessor
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from ..core.errors import Problem, Text
from ..core.i18n import strings
from ..core.text import heading_id
from .embeds import card, recognise
from .foreign_syntax import foreign_syntax_warnings
from .source_positions import Positions
from .time_limit import TimeLimitExceeded, time_limit
from ..core.urls import as_browser_reads, content_target, is_external, split_fragment
from ..core.signed import Signed

PLACEHOLDER = "cnref:"
CONVERT_SECONDS = 30.0  # per article; a 4 MB article of plain prose takes about 2 s
# Only inside a tag: a text `href="cnref:0"` in an article is the editor's and stays so.
_PLACEHOLDER_RE = re.compile(r'(<[a-zA-Z][^<>]*?\s)(href|src|poster)="cnref:(\d+)(#[^"]*)?"')
PLAIN_TEXT = r"\A[^\\`*_\[\]!<>&]+\Z"  # text without any sign an inline pattern reacts to
_PLAIN = re.compile(PLAIN_TEXT)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_STASH_CHARS = re.compile("[\x02\x03]|(?:klzzwxh|wzxhzdk):\\d+")
_EDITOR_SCHEMES = {"http", "https", "mailto", "tel"}  # what an editor's link may use
_SAFE_SCHEMES = _EDITOR_SCHEMES | {PLACEHOLDER.rstrip(":")}  # and the sanitizer lets through
HOME_REF = "/"  # the reference `[Trang chủ](/)` makes: the site's home page
_TAGS = (set(nh3.ALLOWED_TAGS) - {"acronym", "center", "strike", "tt", "map", "area"}) \
    | {"video", "audio", "source"}
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
    "span": {"data-embed", "data-embed-id", "data-embed-play"},
    "video": {"src", "controls", "preload", "poster", "width", "height", "loop", "muted",
              "playsinline"},
    "audio": {"src", "controls", "preload", "loop"},
    "source": {"src", "type"},
}


@dataclass(frozen=True, slots=True)
class Converted:
    """One body as HTML with placeholders, what it refers to and what went wrong.

    The HTML is kept compressed: ten thousand bodies stay in memory (and in the cache)
    through a build, but only the pages that changed ever need the text.
    """

    # zlib-compressed UTF-8 HTML; in a one-shot build, a stand-in that reads it from the
    # cache when a page shows the body (incremental.cache.StoredBody).
    packed: bytes
    digest: str  # of the HTML: stands for the body in page digests
    refs: tuple[str, ...]  # content-relative paths, index = placeholder number
    lead_text: str  # plain text of the first paragraph, for a derived summary
    closing_line: str = ""  # text of a closing paragraph all in bold (often the byline)
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    ref_places: tuple[tuple[int | None, int | None], ...] = ()  # (line, col) of each ref's first use
    # (placeholder number, alt as written in HTML) of every image: the photo stage needs
    # them for every article, and unpacking every body to find them again cost a fresh
    # process half a second per 10,000 articles.
    images: tuple[tuple[int, str], ...] = ()

    @classmethod
    def of(cls, html: str, refs: tuple[str, ...], lead_text: str, problems=(), warnings=(),
           ref_places=()):
        """Pack the HTML of a freshly converted body."""
        data = html.encode("utf-8", "surrogatepass")
        return cls(zlib.compress(data, 1), hashlib.blake2b(data, digest_size=16).hexdigest(),
                   refs, lead_text, closing_line(html), tuple(problems), tuple(warnings),
                   tuple(ref_places), tuple(body_images(html)))

    def place_of(self, ref: str) -> tuple[int | None, int | None]:
        """Line and column where the body first refers to `ref` (None, None if unknown)."""
        if ref in self.refs and self.refs.index(ref) < len(self.ref_places):
            return self.ref_places[self.refs.index(ref)]
        return None, None

    @property
    def html(self) -> str:
        """The HTML, with `cnref:N` placeholders."""
        packed = self.packed if type(self.packed) is bytes else self.packed.read()
        return zlib.decompress(packed).decode("utf-8", "surrogatepass")


# A body image pointing at a content file, and one HTML attribute (the sanitizer writes
# every attribute value in double quotes).
IMAGE_TAG = re.compile(r'<img\b([^>]*?)\bsrc="cnref:(\d+)"([^>]*)>')
ATTRIBUTE = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)="([^"]*)"')


def body_images(html: str) -> list[tuple[int, str]]:
    """(placeholder number, alt text as written in HTML) of every image in a body."""
    found = []
    for match in IMAGE_TAG.finditer(html):
        attributes = dict(ATTRIBUTE.findall(match[1] + match[3]))
        found.append((int(match[2]), attributes.get("alt", "")))
    return found


_CLOSING_BOLD = re.compile(
    r"<p><strong>([^<]+)</strong></p>\s*(?:<div class=\"footnote\">.*)?$", re.DOTALL)


def closing_line(html: str) -> str:
    """The text of the body's last paragraph when it is all bold, as bylines are; else ''."""
    match = _CLOSING_BOLD.search(html)
    return unescape(match.group(1)) if match else ""


class Body(Signed):
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

    def reads(self) -> tuple[str, ...]:
        """Nothing beyond its page's own file (the HTML) and the site's structure (where
        its links lead): only the article's own page shows its body."""
        return ()


@dataclass
class _State:
    """What the processors learn about the body being converted."""

    source: str = ""
    shown: str = ""
    body: str = ""
    body_line: int = 1
    content_dir: Path = Path(".")
    strings: object = None
    refs: list = field(default_factory=list)
    ref_places: list = field(default_factory=list)
    lead_text: str = ""
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    positions: Positions | None = None

    def place(self, target: str, kind: str) -> tuple[int | None, int | None]:
        """Line and column where `target` is written (see source_positions)."""
        if self.positions is None:
            self.positions = Positions(self.body, self.body_line)
        return self.positions.take(target, kind)

    def ref(self, target: str, line: int | None = None, col: int | None = None) -> int:
        """Placeholder number of a content file, adding it (and where) on first use."""
        if target not in self.refs:
            self.refs.append(target)
            self.ref_places.append((line, col))
        return self.refs.index(target)

    def warn(self, line: int | None, col: int | None, field: str | None, message: Text) -> None:
        """Record a warning at a place of the file."""
        self.warnings.append(Problem(self.shown, line, col, field, message))

    def check_url(self, url: str, field: str, kind: str, trusted: bool = False) -> str | None:
        """One rule for every link and image, Markdown or raw HTML: the URL to write, a
        placeholder for a content file, or None (dropped, and a problem recorded if the
        editor can act on it)."""
        if not url or url.startswith("#"):
            return url  # a same-page anchor such as #ghi-chu
        if is_external(url):
            scheme = urlsplit(url).scheme.lower()
            if scheme in _EDITOR_SCHEMES and not url.startswith("//"):
                return url
            self.place(url, kind)  # consumed, so later places stay in step
            return None  # javascript:, vbscript:, data:, cnref: and the like
        path, fragment = split_fragment(url)
        if not path:
            return url
        line, col = self.place(url, kind)
        if path.strip() == "/":
            return f"{PLACEHOLDER}{self.ref(HOME_REF, line, col)}{fragment}"
        target, reason = content_target(path, self.source, self.content_dir)
        if reason and trusted and path.startswith("../"):
            # Raw HTML of a trusted team (raw_html = "allow") may point at the generator's
            # own pages (`../../tags/x.html`); left as written, for `check` to verify.
            self.warn(line, col, field, Text.of("content", "path_left_as_written",
                                                reason=reason))
            return url
        if reason:
            self.problems.append(Problem(self.shown, line, col, field, reason))
            return None
        return f"{PLACEHOLDER}{self.ref(target, line, col)}{fragment}"


def _decoded(text: str) -> str:
    """Text with Python-Markdown's `&` stand-ins (e-mail autolinks) made plain characters."""
    return unescape(text.replace(util.AMP_SUBSTITUTE, "&")) if util.AMP_SUBSTITUTE in text \
        else text


class _BodyProcessor(Treeprocessor):
    """Rewrites links and images, makes figures and records the lead paragraph.

    Runs after the `unescape` tree processor (priority 0), so backslash escapes in link
    targets are plain characters again; raw HTML is still stashed and handled by
    `_RawHtml`.
    """

    def __init__(self, md, state: _State):
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        """Walk the tree once; order matters: figures need the rewritten images."""
        self._walk(root, False)
        for paragraph in list(root.iter("p")):
            self._figure(paragraph)
        self._heading_ids(root)
        self._lead(root)

    def _walk(self, parent: etree.Element, in_link: bool) -> None:
        """Links, images and table cells below `parent`; `in_link` when inside an `a`."""
        for index, child in enumerate(list(parent)):
            for key, value in child.items():
                if "\x02" in value or "\x03" in value:
                    # An e-mail autolink's entities made plain; raw HTML cannot live here.
                    child.set(key, self._plain(value))
            if child.tag == "a":
                self._link(child)
            elif child.tag == "img":
                self._image(parent, index, child, in_link)
            elif child.tag in ("td", "th") and child.get("align"):
                # `align` is obsolete HTML; the theme styles these classes instead.
                child.set("class", f"align-{child.attrib.pop('align')}")
            self._walk(child, in_link or child.tag == "a")

    def _plain(self, text: str) -> str:
        """Text with stashed raw HTML left out (a `<br>` or block tag counts as a space)."""
        return _unstash(text, self.md.htmlStash.rawHtmlBlocks)

    def _heading_ids(self, root: etree.Element) -> None:
        """Give headings ids that keep Đ as d (`duc-hue`); repeats get -1, -2 (the toc
        extension does the same, but builds a whole table of contents nobody reads)."""
        used = {e.get("id") for e in root.iter() if e.get("id")}
        for element in root.iter():
            if element.tag in _HEADINGS and not element.get("id"):
                base = heading_id(self._text_of(element))
                candidate, number = base, 0
                while candidate in used:
                    number += 1
                    candidate = f"{base}-{number}"
                used.add(candidate)
                element.set("id", candidate)

    def _link(self, element: etree.Element) -> None:
        """Internal links point at content files; external ones keep only safe schemes."""
        href = element.get("href", "")
        if util.AMP_SUBSTITUTE in (element.text or ""):  # an e-mail autolink's letters
            element.text = util.AtomicString(_decoded(element.text))
        if not href:
            return
        resolved = self.state.check_url(href, "link", "md")
        if resolved is None:
            element.attrib.pop("href")
        else:
            element.set("href", resolved)

    def _image(self, parent: etree.Element, index: int, element: etree.Element,
               in_link: bool) -> None:
        """Local images are copied; remote ones would need the internet, so become links
        (or plain text inside a link: an anchor never holds another)."""
        src = element.get("src", "")
        if is_external(src) or src.startswith("data:"):
            line, col = self.state.place(src, "md")
            self.state.warn(line, col, "image",
                            Text.of("content", "remote_image_as_link"))
            safe = (is_external(src) and not src.startswith("//")
                    and urlsplit(src).scheme.lower() in _EDITOR_SCHEMES)
            replacement = etree.Element("span" if in_link else "a",
                                        {"href": src} if safe and not in_link else {})
            replacement.text = element.get("alt") or (src if safe else "")
            replacement.tail = element.tail
            parent[index] = replacement
            return
        resolved = self.state.check_url(src, "image", "md")
        if resolved is None:
            return
        kind = _PLAYED.get(src.rsplit(".", 1)[-1].lower())
        if kind:
            # `![Lễ phát động](clip.mp4)`: a video or sound file is played, not drawn.
            alt = element.get("alt") or ""
            element.attrib.clear()
            element.tag = kind
            element.set("src", resolved)
            element.set("controls", "")
            element.set("preload", "metadata")
            if alt:
                element.set("title", alt)
            return
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
            text = self._text_of(paragraph)
            if text:
                self.state.lead_text = text
                return

    def _text_of(self, element: etree.Element) -> str:
        """Plain text of an element, raw HTML tags and footnote marks left out."""
        return _plain_text(element, self.md.htmlStash.rawHtmlBlocks)


_STASHED = re.compile("\x02(wzxhzdk|klzzwxh):(\\d+)\x03")
_SPACING_TAG = re.compile(r"<(br|p|div|li|tr|td|th|h[1-6]|hr|figure|blockquote)\b|</(p|div|li)",
                          re.I)


def _unstash(text: str, stash: list) -> str:
    """Text with stash placeholders removed (a spacing tag such as `<br>` leaves a space)."""
    def replace(match: re.Match) -> str:
        number = int(match[2])
        block = stash[number] if match[1] == "wzxhzdk" and number < len(stash) else ""
        return " " if isinstance(block, str) and _SPACING_TAG.match(block.strip()) else ""
    return _STASH_CHARS.sub("", _STASHED.sub(replace, _decoded(text)))


def _plain_text(element: etree.Element, stash: list = ()) -> str:
    """Text of an element without footnote references or stashed raw HTML."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "sup":
            parts.append(" " if child.tag == "br" else _plain_text(child, stash))
        parts.append(child.tail or "")
    return " ".join(_unstash("".join(parts), stash).split())


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


_RAW_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>")
_RAW_ATTR = re.compile(r"""(\s)([a-zA-Z-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>"']+))""")
_URL_ATTRS = {"a": ("href", "link"), "img": ("src", "image"), "video": ("src", "video"),
              "audio": ("src", "audio"), "source": ("src", "video")}
_MEDIA_TAGS = {"video", "audio", "source", "track"}
_PLAYED = {**dict.fromkeys(("mp4", "webm", "ogv", "m4v", "mov"), "video"),
           **dict.fromkeys(("mp3", "m4a", "oga", "ogg", "wav", "opus"), "audio")}
_REMOVED_WITH_CONTENT = {"script", "style"}


class _RawHtml(Postprocessor):
    """Raw HTML the editor wrote, checked with the same rule as Markdown before it is put
    back into the page (RawHtmlPostprocessor, priority 30): links and images to content
    files become placeholders (a missing file is an error at its line), remote images
    become links, allowed video embeds become cards, and what would vanish is warned about.
    """

    def __init__(self, md, state: _State, sanitize_flag):
        super().__init__(md)
        self.state = state
        self.sanitize_flag = sanitize_flag
        self.in_link = 0
        self.cursor = 0

    def run(self, text: str) -> str:
        """Rewrite the stashed blocks in place; the page text itself is unchanged."""
        self.in_link, self.cursor = 0, 0
        blocks = self.md.htmlStash.rawHtmlBlocks
        for number, block in enumerate(blocks):
            if isinstance(block, str) and "<" in block:
                blocks[number] = _RAW_TAG.sub(self._tag, block)
        return text

    def _where(self, written: str) -> tuple[int | None, int | None]:
        """Line and column of a raw tag, searching on from the last one found."""
        if self.state.positions is None:
            self.state.positions = Positions(self.state.body, self.state.body_line)
        return self.state.positions.find(written)

    def _tag(self, match: re.Match) -> str:
        """One tag of raw HTML, checked and perhaps rewritten."""
        closing, name = match[1], match[2].lower()
        if name == "a":
            self.in_link += -1 if closing else 1
        if closing:
            return "" if name == "iframe" else match[0]
        if name == "iframe":
            return self._iframe(match)
        if name == "img":
            return self._image(match)
        if name in _URL_ATTRS or name in _MEDIA_TAGS:
            return self._urls(match, name)
        if self.sanitize_flag and name not in _TAGS:
            line, _ = self._where(match[0])
            key = "html_removed" if name in _REMOVED_WITH_CONTENT else "html_tag_dropped"
            self.state.warn(line, None, "html", Text.of("content", key, tag=f"<{name}>"))
        return match[0]

    def _attributes(self, match: re.Match) -> dict[str, str]:
        """The tag's attributes, entities resolved."""
        return {m[2].lower(): unescape(next(g for g in m.groups()[3:] if g is not None))
                for m in _RAW_ATTR.finditer(match[3])}

    def _urls(self, match: re.Match, name: str) -> str:
        """Check and rewrite the URL attributes of a link or media tag."""
        tag = match[0]
        for attr_match in list(_RAW_ATTR.finditer(match[3])):
            attribute = attr_match[2].lower()
            if attribute not in ("href", "src", "poster"):
                continue
            value = as_browser_reads(unescape(next(g for g in attr_match.groups()[3:]
                                                   if g is not None)))
            field_name = "link" if attribute == "href" else (
                "image" if attribute == "poster" else _URL_ATTRS.get(name, ("", "video"))[1])
            if name != "a" and is_external(value) and not value.startswith("mailto:"):
                line, col = self.state.place(value, "html")
                self.state.warn(line, col, field_name,
                                Text.of("content", "remote_media_removed", tag=f"<{name}>"))
                resolved = None
            else:
                resolved = self.state.check_url(value, field_name, "html",
                                                trusted=not self.sanitize_flag)
            written = attr_match[0]
            replacement = "" if resolved is None else \
                f'{attr_match[1]}{attribute}="{escape(resolved, quote=True)}"'
            tag = tag.replace(written, replacement, 1)
        return tag

    def _image(self, match: re.Match) -> str:
        """A raw `<img>`: a local file as a placeholder, a remote one as a link."""
        attributes = self._attributes(match)
        src = as_browser_reads(attributes.get("src", ""))
        if is_external(src) and not self.sanitize_flag:
            # A trusted team's raw HTML (raw_html = "allow") stays as written.
            line, col = self.state.place(src, "html")
            self.state.warn(line, col, "image", Text.of("content", "remote_image_kept"))
            return match[0]
        if is_external(src) or src.startswith("data:"):
            line, col = self.state.place(src, "html")
            self.state.warn(line, col, "image",
                            Text.of("content", "remote_image_as_link"))
            safe = (is_external(src) and not src.startswith("//")
                    and urlsplit(src).scheme.lower() in _EDITOR_SCHEMES)
            alt = escape(attributes.get("alt") or (src if safe else ""))
            if self.in_link or not safe:
                return f"<span>{alt}</span>"
            return f'<a href="{escape(src, quote=True)}">{alt}</a>'
        return self._urls(match, "img")

    def _iframe(self, match: re.Match) -> str:
        """An allowed video embed becomes an offline card; any other iframe is dropped."""
        attributes = self._attributes(match)
        line, _ = self._where(match[0])
        embed = recognise(attributes.get("src", ""))
        if embed is None:
            self.state.warn(line, None, "html",
                            Text.of("content", "iframe_removed",
                                    src=attributes.get("src", "")[:80]))
            return ""
        return card(embed, attributes.get("title", ""), self.state.strings)


class _AttrList(AttrListTreeprocessor):
    """attr_list, but `{% … %}` and `{{ … }}` (Liquid, Hugo) are text, never attributes."""

    BASE_RE = r"\{\:?[ ]*([^\}\n %{][^\n]*)\}"
    HEADER_RE = re.compile(r"[ ]+{}[ ]*$".format(BASE_RE))
    BLOCK_RE = re.compile(r"\n[ ]*{}[ ]*$".format(BASE_RE))
    INLINE_RE = re.compile(r"^{}".format(BASE_RE))


class _BodyExtension(Extension):
    """Registers the body processor after the inline patterns have made links and images."""

    def __init__(self, state: _State, sanitize: bool):
        super().__init__()
        self.state = state
        self.sanitize = sanitize

    def extendMarkdown(self, md) -> None:
        """Run after inline processing (20) and unescaping (0) so `a` and `img` elements
        exist with their targets as written; raw HTML before it is put back (30)."""
        md.treeprocessors.register(_BodyProcessor(md, self.state), "campaign_body", -5)
        md.treeprocessors.register(_AttrList(md), "attr_list", 8)
        md.postprocessors.register(_RawHtml(md, self.state, self.sanitize), "campaign_raw_html",
                                   35)


class Converter:
    """One reused Markdown instance; call `convert` for each body."""

    def __init__(self, raw_html: str = "sanitize", language: str = "vi"):
        self.state = _State()
        self.sanitize = raw_html == "sanitize"
        self.language = language
        self.md = markdown.Markdown(
            extensions=["tables", "footnotes", "attr_list", "fenced_code", "sane_lists",
                        PlainFastPath(), _BodyExtension(self.state, self.sanitize)],
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
                       content_dir=content_dir, strings=strings(self.language))
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
        state.warnings.extend(foreign_syntax_warnings(body, html, shown, body_line))
        return Converted.of(html, tuple(state.refs), state.lead_text, tuple(state.problems),
                            tuple(state.warnings), tuple(state.ref_places))


def _too_hard(exc: Exception) -> Text:
    """Why a body could not be converted, in words an editor can act on."""
    if isinstance(exc, RecursionError):
        return Text.of("content", "body_too_deep")
    return Text.of("content", "body_too_slow", seconds=f"{CONVERT_SECONDS:g}")


def resolve_refs(html: str, urls: tuple[str, ...]) -> str:
    """Replace each `cnref:N` with the N-th relative URL (unknown numbers become `#`)."""
    def replace(match: re.Match) -> str:
        number = int(match[3])
        url = urls[number] if number < len(urls) and urls[number] else "#"
        return f'{match[1]}{match[2]}="{url}{match[4] or ""}"'
    previous = None
    while previous != html:  # a tag with both `src` and `poster` needs a second pass
        previous, html = html, _PLACEHOLDER_RE.sub(replace, html)
    return html
