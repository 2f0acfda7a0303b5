"""Read a saved news page (HTML) into page facts: title, date, body, tags, category, author.

A saved page holds a whole portal around one article: a header with today's date, menus,
sidebars, related news. The article is found by its markup where the CMS names it
(itemprop, well-known class names) and otherwise by where the paragraph text is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from bs4 import BeautifulSoup, Comment, Tag

from builder.importing import dates
from builder.importing.article import Block, PageFacts
from builder.importing.old_addresses import aliases_from
from builder.importing.html_blocks import (
    attributes_text,
    inline_text,
    is_furniture,
    read_blocks,
)

_BODY_HINT = re.compile(
    r"article-?body|article-?content|article-?detail|articlecontent|news-?content|news-?body|"
    r"news-?detail|detail-?content|content-?detail|detail-?body|noi-?dung|noidung|"
    r"entry-content|post-content|post-body|journal-content-article|chi-?tiet|chitiet|"
    r"fck_detail|body-?text|main-?text|story-?body",
    re.IGNORECASE,
)
_TITLE_HINT = re.compile(r"(?:^|[\s_-])(?:title|tieude|tieu-de|headline)(?:$|[\s_-])", re.IGNORECASE)
_LOGO_HINT = re.compile(r"logo|brand|site-?name|banner", re.IGNORECASE)
_LEAD_HINT = re.compile(
    r"(?:^|[\s_-])(?:sapo|sapeau|chapeau|lead|summary|tomtat|tom-tat|mota|intro|excerpt)(?:$|[\s_-])",
    re.IGNORECASE,
)
_TAGS_HINT = re.compile(
    r"(?:^|[\s_-])(?:tags?|tag-?list|keywords?|tukhoa|tu-khoa|tu_khoa)(?:$|[\s_-])", re.IGNORECASE
)
_AUTHOR_HINT = re.compile(
    r"(?:^|[\s_-])(?:author|tacgia|tac-gia|tac_gia|byline|writer)(?:$|[\s_-])", re.IGNORECASE
)
_PAGE_HEADER_HINT = re.compile(
    r"(?:^|[\s_-])(?:today|current-?date|homnay|hom-?nay|ngayhientai|site-header|page-header|"
    r"top-?bar|topbar)(?:$|[\s_-])|(?:^|\s)header(?:$|\s)",
    re.IGNORECASE,
)
_ROLE_HINTS = {
    "body": _BODY_HINT,
    "title": _TITLE_HINT,
    "tags": _TAGS_HINT,
    "author": _AUTHOR_HINT,
    "crumbs": re.compile(r"breadcrumb|duong-?dan|duongdan", re.IGNORECASE),
}
_PORTAL_NAME = re.compile(r"^(?:cổng|trang)\s+thông\s+tin\b|^website\b|^trang\s+chủ\b", re.IGNORECASE)
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "date",
)
_TAG_LABEL = re.compile(r"^\s*(?:từ\s+khóa|từ\s+khoá|tags?|thẻ)\s*:?\s*", re.IGNORECASE)
_AUTHOR_LABEL = re.compile(r"^\s*(?:tác\s+giả|bài\s+viết|người\s+viết|by)\s*:?\s*", re.IGNORECASE)
_HOME_CRUMBS = {"trang chủ", "home", "trang chu"}
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_DATE_SEARCH_LIMIT = 400
_NEAR_TITLE = 12  # text pieces on either side of the title where its date line stands
_LEAD_SEARCH_LIMIT = 200  # elements above the body, nearest first


@dataclass(frozen=True)
class _Landmarks:
    """What the page marks by metadata, class or id, gathered in one pass over its elements."""

    meta: dict[str, tuple[str, ...]]  # property/name/itemprop, lower-cased -> values
    body_hinted: tuple[Tag, ...]
    titled: tuple[Tag, ...]
    tag_boxes: tuple[Tag, ...]
    author_boxes: tuple[Tag, ...]
    crumbs: tuple[Tag, ...]

    def first(self, *names: str) -> str:
        """The first value stated under any of these names."""
        return next((v for name in names for v in self.meta.get(name.lower(), ())), "")


def read_html(text: str, path: Path, label: str | None = None,
              zone: tzinfo = dates.VIETNAM) -> PageFacts:
    """Everything the page states about its article, ready for cleaning (its date on the
    clock of `zone`)."""
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(["script", "style", "noscript", "template"]):
        tag.decompose()
    marks = _landmarks(soup)
    source = _source_url(soup, marks, text) or path.name
    base_url = source if source.startswith(("http://", "https://")) else ""
    container = _body_container(soup, marks)
    title, title_el = _title(soup, marks, container)
    blocks = _lead(container, title_el, base_url) + read_blocks(container, base_url)
    aliases, alias_warning = aliases_from(source)
    return PageFacts(
        label=label or str(path),
        title=title,
        published=_published(marks, title_el, container, zone),
        blocks=blocks,
        source=source,
        base_dir=path.parent,
        category=_category(marks, title),
        author=_declared_author(marks),
        declared_tags=_declared_tags(marks),
        aliases=aliases,
        warnings=(alias_warning,) if alias_warning else (),
    )


def _landmarks(soup: BeautifulSoup) -> _Landmarks:
    """One pass over the elements, sorting out metadata and the elements named by their role."""
    meta: dict[str, list[str]] = {}
    roles: dict[str, list[Tag]] = {"body": [], "title": [], "tags": [], "author": [], "crumbs": []}
    for el in soup.find_all(True):
        for attr in ("property", "name", "itemprop"):
            if el.has_attr(attr) and (value := _meta_value(el)):
                meta.setdefault(str(el[attr]).lower(), []).append(value)
        if el.name in {"meta", "link"}:
            continue
        names = attributes_text(el)
        for role, hint in _ROLE_HINTS.items():
            if hint.search(names):
                roles[role].append(el)
    return _Landmarks(
        meta={key: tuple(values) for key, values in meta.items()},
        body_hinted=tuple(el for el in roles["body"] if not is_furniture(el)),
        titled=tuple(roles["title"]),
        tag_boxes=tuple(roles["tags"]),
        author_boxes=tuple(roles["author"]),
        crumbs=tuple(roles["crumbs"]),
    )


def _meta_value(element: Tag) -> str:
    """What a metadata element states: its content or datetime attribute, else its text."""
    value = element.get("content") or element.get("datetime") or ""
    if element.name != "meta" and not value:
        value = inline_text(element)
    return " ".join(str(value).split())


def _source_url(soup: BeautifulSoup, marks: _Landmarks, text: str) -> str:
    """The page's own address: canonical link, og:url, or the browser's "saved from" note."""
    canonical = soup.find("link", rel="canonical")
    candidates = [
        str(canonical.get("href") or "") if canonical else "",
        marks.first("og:url"),
    ]
    saved = _SAVED_FROM.search(text[:5000])
    candidates.append(saved.group(1) if saved else "")
    return next((url for url in candidates if url.startswith(("http://", "https://"))), "")


def _body_container(soup: BeautifulSoup, marks: _Landmarks) -> Tag:
    """The element holding the article text."""
    marked = soup.find(attrs={"itemprop": "articleBody"})
    if isinstance(marked, Tag):
        return marked
    hinted = marks.body_hinted
    best = max(hinted, key=_text_weight, default=None)
    if best is not None and _text_weight(best) >= 20:
        return _deepest_holding_most(best, hinted)
    return _densest_paragraph_parent(soup) or soup.body or soup


def _text_weight(element: Tag) -> int:
    """How much non-link text an element holds: menus and related lists are mostly links."""
    total = len(inline_text(element))
    linked = sum(len(inline_text(a)) for a in element.find_all("a"))
    return total - linked


def _deepest_holding_most(best: Tag, hinted: tuple[Tag, ...]) -> Tag:
    """Narrow a hinted wrapper to a hinted descendant holding most of its text."""
    weight = _text_weight(best)
    inner = [el for el in hinted if best in el.parents and _text_weight(el) >= 0.7 * weight]
    return inner[-1] if inner else best


def _densest_paragraph_parent(soup: BeautifulSoup) -> Tag | None:
    """The element whose paragraphs hold the most text (for pages with no hints).

    Each paragraph counts fully for its parent and half for its grandparent, so an article
    that wraps every paragraph in a box of its own is still found whole.
    """
    scores: dict[int, tuple[float, Tag]] = {}
    for p in soup.find_all(["p", "div"]):
        if p.name == "div" and p.find(["p", "div"]) is not None:
            continue
        weight = _text_weight(p)
        if weight < 20:
            continue
        for share, holder in ((1.0, p.parent), (0.5, p.parent.parent if p.parent else None)):
            if isinstance(holder, Tag) and holder.name not in {"body", "html"} and not is_furniture(holder):
                old = scores.get(id(holder), (0.0, holder))[0]
                scores[id(holder)] = (old + share * weight, holder)
    if not scores:
        return None
    return max(scores.values(), key=lambda pair: pair[0])[1]


def _title(soup: BeautifulSoup, marks: _Landmarks, container: Tag) -> tuple[str, Tag | None]:
    """The article title, and the element showing it when there is one."""
    stated = marks.first("og:title", "twitter:title")
    headings = [h for h in soup.find_all(["h1", "h2", "h3"]) if not _in_logo(h)]
    titled = list(marks.titled)
    if stated:
        for el in headings + titled:
            shown = inline_text(el)
            if shown and (shown == stated or (len(shown) >= 15 and stated.startswith(shown))):
                return shown, el
    choice = (
        container.find("h1")
        or _nearest_before(container, ["h1"])
        or next((el for el in titled if len(inline_text(el)) >= 15 and not _in_logo(el)), None)
        or next((h for h in headings if h.name == "h1"), None)
    )
    if isinstance(choice, Tag) and len(inline_text(choice)) >= 10:
        return inline_text(choice), choice
    site = marks.first("og:site_name")
    if stated:
        return _without_site_name(stated, site), None
    title_tag = soup.find("title")
    shown = _without_site_name(inline_text(title_tag), site) if title_tag else ""
    site_names = {inline_text(h).casefold() for h in headings + soup.find_all("h1") if _in_logo(h)}
    if _PORTAL_NAME.match(shown) or shown.casefold() in site_names:
        return "", None  # the document title names the site, not an article
    return shown, None


def _in_logo(element: Tag) -> bool:
    """True when the element sits in the site's logo or banner, not in an article."""
    for el in [element, *element.parents]:
        if not isinstance(el, Tag):
            continue
        if _LOGO_HINT.search(attributes_text(el)):
            return True
        if el.name == "header" and el.find_parent("article") is None:
            return True  # the site's header; an <article>'s own header holds its title
    return False


def _nearest_before(anchor: Tag, names: list[str]) -> Tag | None:
    """The closest element of these names before the anchor that is not in the logo."""
    for el in anchor.find_all_previous(names):
        if not _in_logo(el) and len(inline_text(el)) >= 10:
            return el
    return None


def _without_site_name(title: str, site: str) -> str:
    """A <title> or og:title without the site name CMSs append to it."""
    for separator in (" | ", " - ", " – ", " :: "):
        head, sep, tail = title.rpartition(separator)
        if sep and head and (separator == " | " or (site and tail.strip() == site)):
            return head.strip()
    return title.strip()


def _published(marks: _Landmarks, title_el: Tag | None, container: Tag,
               zone: tzinfo) -> datetime | None:
    """The article's own date: from meta tags, else the date shown nearest the title."""
    for name in _DATE_META:
        for stated in marks.meta.get(name.lower(), ()):
            if when := dates.parse_date(stated, zone):
                return when
    if title_el is not None:
        after = _filled(title_el.find_all_next(string=True, limit=_DATE_SEARCH_LIMIT))
        before = _filled(title_el.find_all_previous(string=True, limit=_NEAR_TITLE * 2))
        # Most CMSs print the date just under the title, some just above it; further
        # down, dates belong to related news and sidebars unless nothing else is found.
        return (
            _first_date(after[:_NEAR_TITLE], zone)
            or _first_date(before[:_NEAR_TITLE], zone)
            or _first_date([s for s in after[_NEAR_TITLE:] if not _in_furniture(s.parent)], zone)
        )
    # No title element: the date line usually sits just before the body.
    before = _first_date(container.find_all_previous(string=True, limit=_DATE_SEARCH_LIMIT), zone)
    return before or _first_date(container.find_all(string=True, limit=_DATE_SEARCH_LIMIT), zone)


def _filled(strings: list) -> list:
    """The strings that hold some text (not comments)."""
    return [s for s in strings if not isinstance(s, Comment) and s.strip()]


def _in_furniture(element: Tag | None) -> bool:
    """True inside a share bar, sidebar, related-news list or other furniture."""
    while isinstance(element, Tag):
        if is_furniture(element):
            return True
        element = element.parent
    return False


def _first_date(strings: list, zone: tzinfo) -> datetime | None:
    """The first date stated in a short piece of text among these strings."""
    for string in strings:
        if isinstance(string, Comment) or not string.strip():
            continue
        parent = string.parent
        if not isinstance(parent, Tag) or len(inline_text(parent)) > 200:
            continue  # a sentence of the article that mentions a date
        if _in_page_header(parent):
            continue  # the portal's "today" date
        if parent.name == "time" and parent.get("datetime"):
            when = dates.parse_date(str(parent["datetime"]), zone)
            if when:
                return when
        own = dates.find_dates(str(string), zone)
        if own:
            return own[0].when if own[0].has_time else _with_nearby_time(parent, own[0].when, zone)
    return None


def _with_nearby_time(element: Tag, day: datetime, zone: tzinfo) -> datetime:
    """The day with the time printed beside it in a neighbouring element, if there is one."""
    for _ in range(2):
        element = element.parent
        if not isinstance(element, Tag) or len(inline_text(element)) > 160:
            break
        for found in dates.find_dates(inline_text(element), zone):
            if found.has_time and found.when.date() == day.date():
                return found.when
    return day


def _in_page_header(element: Tag) -> bool:
    """True inside the site's header or its "today" box, where the date is not the article's."""
    for el in [element, *element.parents]:
        if not isinstance(el, Tag):
            continue
        if _PAGE_HEADER_HINT.search(attributes_text(el)):
            return True
        if el.name == "header" and el.find_parent("article") is None:
            return True
    return False


def _lead(container: Tag, title_el: Tag | None, base_url: str) -> tuple[Block, ...]:
    """The lead (sapo) paragraph when the CMS prints it between the title and the body element."""
    ancestors = set(map(id, container.parents))
    for el in container.find_all_previous(True, limit=_LEAD_SEARCH_LIMIT):
        if el is title_el:
            break  # above the title: header, menus, sidebars
        if id(el) in ancestors or el.name in {"meta", "link"} or not _LEAD_HINT.search(attributes_text(el)):
            continue
        if 30 <= len(inline_text(el)) <= 1500 and not is_furniture(el):
            return read_blocks(el, base_url)
    return ()


def _category(marks: _Landmarks, title: str) -> str:
    """The section the page files the article under: meta, else the breadcrumb's last step."""
    stated = marks.first("article:section")
    if stated:
        return stated
    for el in marks.crumbs:
        steps = [inline_text(a) for a in el.find_all("a")] or re.split(r"\s*[>»›/]\s*", inline_text(el))
        steps = [s for s in steps if s and s.lower() not in _HOME_CRUMBS and s != title]
        if steps:
            return steps[-1]
    return ""


def _declared_tags(marks: _Landmarks) -> tuple[str, ...]:
    """Tags the page names itself: article:tag metas and visible tag boxes."""
    tags = list(marks.meta.get("article:tag", ()))
    for el in marks.tag_boxes:
        links = el.find_all("a")
        if links:
            tags.extend(inline_text(a) for a in links)
        else:
            tags.extend(re.split(r"\s*[,;]\s*", _TAG_LABEL.sub("", inline_text(el))))
    return tuple(dict.fromkeys(t.strip() for t in tags if t.strip() and not _TAG_LABEL.fullmatch(t)))


def _declared_author(marks: _Landmarks) -> str:
    """The author the markup names: an author element, else the author meta tag."""
    for el in marks.author_boxes:
        text = _AUTHOR_LABEL.sub("", inline_text(el)).strip()
        if 0 < len(text) <= 100:
            return text
    return marks.first("author", "article:author", "dc.creator")
