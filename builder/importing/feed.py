"""Read an RSS 2.0 or Atom feed file: each item becomes page facts of its own."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone, tzinfo
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from builder.core.errors import Text
from builder.core.urls import CATEGORIES_INDEX, TAGS_INDEX
from builder.importing import dates
from builder.importing.article import NotUnderstood, PageFacts, Picture, Skipped, item_label
from builder.importing.html_blocks import read_blocks
from builder.importing.old_addresses import aliases_from

_SCHEMES = (TAGS_INDEX, CATEGORIES_INDEX)
_EMAIL_AND_NAME = re.compile(r"^\S+@\S+\s*\((.+)\)$")


def read_feed(data: bytes, path: Path, zone: tzinfo = dates.VIETNAM) -> list[PageFacts | Skipped]:
    """The items of a feed (dates on the clock of `zone`); an item with no usable content is
    returned as Skipped."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = getattr(parsed, "bozo_exception", None)
        if parsed.get("bozo") and problem:
            raise NotUnderstood(Text.of("import", "feed_empty_because", error=str(problem)))
        raise NotUnderstood(Text.of("import", "feed_empty"))
    results: list[PageFacts | Skipped] = []
    for number, entry in enumerate(parsed.entries, start=1):
        title = _text(entry.get("title", ""))
        label = item_label(path, number, title)
        results.append(_item(entry, title, label, path, zone))
    return results


def _item(entry: dict, title: str, label: str, path: Path, zone: tzinfo) -> PageFacts:
    """One feed item as page facts."""
    html = unicodedata.normalize("NFC", _content_html(entry))
    source = str(entry.get("link") or "")
    base_url = source if source.startswith(("http://", "https://")) else ""
    blocks = read_blocks(BeautifulSoup(html, "html.parser"), base_url)
    if not any(isinstance(b, Picture) for b in blocks) and (lead := _enclosed_image(entry)):
        blocks = (Picture(lead),) + blocks
    category, tags = _category_and_tags(entry.get("tags", []))
    aliases, alias_warning = aliases_from(source)
    return PageFacts(
        label=label,
        title=title,
        published=_published(entry, zone),
        blocks=blocks,
        source=source or path.name,
        base_dir=path.parent,
        category=category,
        author=_author(entry),
        declared_tags=tags,
        aliases=aliases,
        warnings=(alias_warning,) if alias_warning else (),
    )


def _category_and_tags(terms: list) -> tuple[str, tuple[str, ...]]:
    """The item's section and its tags.

    Feeds that say which is which by the term's scheme (this generator's own: the listing
    of all tags or all sections) are read that way; otherwise the first term is the
    section (WordPress puts it first) and any further ones are tags.
    """
    named = [(_text(str(t.get("term") or "")), str(t.get("scheme") or "")) for t in terms]
    named = [(term, scheme) for term, scheme in named if term]
    if any(scheme.endswith(_SCHEMES) for _, scheme in named):
        sections = [term for term, scheme in named if scheme.endswith(CATEGORIES_INDEX)]
        tags = [term for term, scheme in named if not scheme.endswith(CATEGORIES_INDEX)]
        return (sections[0] if sections else ""), tuple(tags + sections[1:])
    return (named[0][0] if named else ""), tuple(term for term, _ in named[1:])


def _content_html(entry: dict) -> str:
    """The item's fullest text: content:encoded or Atom content, else the description."""
    for content in entry.get("content", []):
        if content.get("value", "").strip():
            return _as_html(content["value"], content.get("type", ""))
    summary = entry.get("summary_detail") or {}
    return _as_html(entry.get("summary", ""), summary.get("type", "text/html"))


def _as_html(value: str, kind: str) -> str:
    """Plain-text content wrapped as paragraphs, so both kinds read the same way."""
    if "html" in kind:
        return value
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", value) if p.strip()]
    escaped = (p.replace("&", "&amp;").replace("<", "&lt;") for p in paragraphs)
    return "".join(f"<p>{p}</p>" for p in escaped)


def _published(entry: dict, zone: tzinfo) -> datetime | None:
    """The item's date as written, else as feedparser understood it."""
    for key in ("published", "updated", "created"):
        if entry.get(key) and (when := dates.parse_date(str(entry[key]), zone)):
            return when
    for key in ("published_parsed", "updated_parsed"):
        if entry.get(key):
            moment = datetime(*entry[key][:6], tzinfo=timezone.utc)
            return moment.astimezone(zone)
    return None


def _author(entry: dict) -> str:
    """The item's declared author name (dc:creator, <author>, Atom author)."""
    raw = " ".join(str(entry.get("author") or "").split())
    # RSS writes "email (Name)"; feedparser's own split mangles long domain endings.
    rss_form = _EMAIL_AND_NAME.match(raw)
    if rss_form:
        name = rss_form.group(1)
    elif "@" in raw:
        name = ""  # an address alone names no one
    else:
        name = raw or str((entry.get("author_detail") or {}).get("name") or "")
    return unicodedata.normalize("NFC", " ".join(name.split()))


def _enclosed_image(entry: dict) -> str:
    """An image attached to the item as an enclosure or media:content."""
    attached = [*entry.get("enclosures", []), *entry.get("media_content", [])]
    for item in attached:
        url = str(item.get("href") or item.get("url") or "")
        if url and (str(item.get("type", "")).startswith("image/") or item.get("medium") == "image"):
            return url
    return ""


def _text(value: str) -> str:
    """A title as plain text: feeds sometimes carry markup in titles."""
    text = BeautifulSoup(value, "html.parser").get_text(" ") if "<" in value else value
    return unicodedata.normalize("NFC", " ".join(text.split()))
