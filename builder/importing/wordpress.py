"""Read a WordPress export (WXR, "Tools → Export"): each post or page becomes page facts
(a page becomes a page without a date, under content/pages/).

Taken: title, publish date (the GMT one, on the importing site's clock), status (drafts as
`draft: true`; trashed and auto-drafts left out), the first category as the section and
the tags, the author's display name, the excerpt as summary, the permalink as an old
address (`aliases`). WordPress stores post bodies without their paragraphs: blank lines
separate them, as its own `wpautop` reads them. `[caption]` shortcodes become figures;
other shortcodes are kept as text and reported with their line.

Images under `wp-content/uploads/` are read from a local copy of that folder when one is
given (`--uploads DIR`); otherwise they stay links to the old site and are listed.
"""
from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from builder.core.errors import Text
from builder.importing import dates
from builder.importing.article import Message, NotUnderstood, PageFacts, Paragraph, Skipped, item_label
from builder.importing.html_blocks import read_blocks
from builder.importing.markdown_out import escape_text
from builder.importing.old_addresses import aliases_from

MARK = b"wordpress.org/export/"  # in the namespace every WXR file declares
_WP = "{http://wordpress.org/export/%s/}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_EXCERPT = "{http://wordpress.org/export/%s/excerpt/}encoded"
_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
_SHORTCODE = re.compile(r"\[(/?)([a-z][\w-]*)(?=[\s\]/])[^\]\n]*\]", re.IGNORECASE)
_BLOCK_START = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th|blockquote|figure|figcaption|"
    r"pre|hr|dl|dt|dd|section|article|aside|header|footer|address|form|fieldset|iframe|"
    r"!--)[\s>/]", re.IGNORECASE)
_UPLOADS = "/wp-content/uploads/"
_DRAFT_STATES = {"draft", "pending", "private", "future"}
_LEFT_OUT_STATES = {"trash", "auto-draft", "inherit"}
_ZERO_DATE = "0000-00-00 00:00:00"


def read_wordpress(data: bytes, path: Path, uploads: Path | None = None,
                   zone: tzinfo = dates.VIETNAM) -> list[PageFacts | Skipped]:
    """The posts and pages of a WXR export, dated on the clock of `zone` (the importing site's);
    the others (menus, attachments) are passed over."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise NotUnderstood(Text.of("import", "wordpress_unreadable", error=str(error))) from None
    channel = root.find("channel")
    if channel is None:
        raise NotUnderstood(Text.of("import", "wordpress_no_channel"))
    wp = _namespace(data)
    authors = {_text(a, wp + "author_login"): _text(a, wp + "author_display_name")
               for a in channel.findall(wp + "author")}
    results: list[PageFacts | Skipped] = []
    for number, item in enumerate(channel.findall("item"), start=1):
        kind = _text(item, wp + "post_type")
        if kind not in ("post", "page"):
            continue
        title = _clean(_text(item, "title"))
        label = item_label(path, number, title)
        status = _text(item, wp + "status")
        if status in _LEFT_OUT_STATES:
            results.append(Skipped(label, Text.of("import", "wordpress_status", status=status)))
            continue
        results.append(_facts(item, wp, title, label, path, authors, uploads, kind, status, zone))
    if not results:
        raise NotUnderstood(Text.of("import", "wordpress_empty"))
    return results


def _namespace(data: bytes) -> str:
    """The `wp:` namespace with the export's version (1.0, 1.1, 1.2)."""
    found = re.search(rb"wordpress\.org/export/([\d.]+)/", data[:8192])
    return _WP % (found.group(1).decode() if found else "1.2")


def _facts(item, wp: str, title: str, label: str, path: Path, authors: dict[str, str],
           uploads: Path | None, kind: str, status: str, zone: tzinfo) -> PageFacts:
    """One post or page as page facts."""
    body = item.findtext(_CONTENT) or ""
    warnings: list[Message] = [Text.of("import", "wordpress_shortcode", name=name, line=line)
                               for name, line in unconverted_shortcodes(body)]
    link = _text(item, "link")
    site_root = link[: link.find("/", 8)] if link.startswith("http") else ""
    html_text = paragraphs(captions_as_figures(body))
    if uploads is not None:
        html_text = _local_uploads(html_text)
    blocks = read_blocks(BeautifulSoup(unicodedata.normalize("NFC", html_text), "html.parser"),
                         site_root)
    terms = item.findall("category")
    sections = [_clean(t.text or "") for t in terms if t.get("domain") == "category"]
    sections = [s for s in sections if s and s.casefold() not in ("uncategorized", "chưa phân loại")]
    tags = [_clean(t.text or "") for t in terms if t.get("domain") == "post_tag"]
    aliases, alias_warning = aliases_from(link)
    if alias_warning:
        warnings.append(alias_warning)
    excerpt = _clean(BeautifulSoup(item.findtext(_EXCERPT % _version(wp)) or "",
                                   "html.parser").get_text(" "))
    if kind == "page":
        warnings.append(Text.of("import", "wordpress_page"))
    if excerpt:  # the excerpt leads, as on the old site; it becomes the summary
        blocks = (Paragraph(escape_text(excerpt), excerpt),) + blocks
    creator = _text(item, _CREATOR)
    return PageFacts(
        label=label,
        title=title,
        published=_published(item, wp, zone),
        blocks=blocks,
        source=link or path.name,
        base_dir=uploads if uploads is not None else path.parent,
        category=sections[0] if sections else "",
        author=_clean(authors.get(creator) or creator),
        declared_tags=tuple(t for t in tags if t) + tuple(sections[1:]),
        draft=status in _DRAFT_STATES,
        aliases=aliases,
        warnings=tuple(warnings),
        page=kind == "page",
    )


def captions_as_figures(body: str) -> str:
    """`[caption …]<img …> Chú thích[/caption]` as a figure with its caption."""

    def figure(match: re.Match[str]) -> str:
        """One caption shortcode as HTML."""
        inner = match.group(1)
        image_end = _image_end(inner)
        return (f"\n\n<figure>{inner[:image_end]}<figcaption>{inner[image_end:].strip()}"
                "</figcaption></figure>\n\n")

    return _CAPTION.sub(figure, body)


def _image_end(inner: str) -> int:
    """Where the image (or the link around it) ends inside a caption shortcode."""
    linked = re.match(r"\s*<a\b.*?</a>", inner, re.DOTALL | re.IGNORECASE)
    if linked:
        return linked.end()
    image = re.match(r"\s*<img\b[^>]*>", inner, re.IGNORECASE)
    return image.end() if image else 0


def paragraphs(body: str) -> str:
    """WordPress's stored text with its paragraphs made explicit: blank lines part them, a
    single line break inside one is a `<br>`; block elements stay as they are."""
    parts = []
    for chunk in re.split(r"\n\s*\n", body.replace("\r\n", "\n")):
        if not chunk.strip():
            continue
        if _BLOCK_START.match(chunk):
            parts.append(chunk)
        else:
            parts.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    return "\n".join(parts)


def unconverted_shortcodes(body: str) -> list[tuple[str, int]]:
    """Shortcodes other than [caption], with the line of the text they stand on."""
    found = []
    for match in _SHORTCODE.finditer(body):
        name = match.group(2).lower()
        if match.group(1) or name == "caption":
            continue
        found.append((name, body.count("\n", 0, match.start()) + 1))
    return found


def _local_uploads(html_text: str) -> str:
    """Image addresses under wp-content/uploads/ as paths inside the local copy of it."""

    def local(match: re.Match[str]) -> str:
        """One src attribute, pointing into the uploads folder when it can."""
        url = html.unescape(match.group(2))
        parts = urlsplit(url)
        at = parts.path.find(_UPLOADS)
        if at < 0:
            return match.group(0)
        inside = unquote(parts.path[at + len(_UPLOADS):])
        return f'{match.group(1)}"{html.escape(inside)}"'

    return re.sub(r"""(\bsrc\s*=\s*)["']([^"']+)["']""", local, html_text, flags=re.IGNORECASE)


def _published(item, wp: str, zone: tzinfo) -> datetime | None:
    """The publish date on the clock of `zone`: from `post_date_gmt` (UTC) when WordPress set
    it; a draft has only `post_date`, the old site's wall clock, taken to be `zone`'s."""
    gmt = _text(item, wp + "post_date_gmt")
    if gmt and gmt != _ZERO_DATE:
        try:
            moment = datetime.strptime(gmt, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
            return moment.astimezone(zone)
        except ValueError:
            pass
    local = _text(item, wp + "post_date")
    return dates.parse_date(local, zone) if local and local != _ZERO_DATE else None


def _version(wp: str) -> str:
    """The export version named in the `wp:` namespace ("1.2")."""
    return wp.rstrip("}/").rsplit("/", 1)[-1]


def _text(element, tag: str) -> str:
    """The stripped text of a child element, or ""."""
    return (element.findtext(tag) or "").strip()


def _clean(text: str) -> str:
    """Plain text in composed form with spacing evened out (titles are HTML-escaped)."""
    return unicodedata.normalize("NFC", " ".join(html.unescape(text).split()))
