"""Turn an HTML element (an article body, a feed item's content) into body blocks.

Inline markup becomes Markdown (bold, italic, links); paragraphs, headings, lists, quotes,
tables and photos become blocks. Elements whose class or id names page furniture (share
bars, comment boxes, related news, ads) are not read at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import NavigableString, Tag
from bs4.element import PreformattedString

from builder.importing import cruft
from builder.importing.article import (
    Block,
    BulletList,
    Heading,
    Paragraph,
    Picture,
    Quote,
    Table,
)
from builder.importing.markdown_out import escape_text, link

_NEVER_READ = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "svg",
    "object",
    "embed",
    "video",
    "audio",
    "canvas",
    "nav",
    "aside",
    "footer",
    "map",
    "head",
    "title",
    "meta",
    "link",
    "dialog",
}
_INLINE = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "big",
    "cite",
    "code",
    "data",
    "del",
    "dfn",
    "em",
    "font",
    "i",
    "ins",
    "kbd",
    "label",
    "mark",
    "nobr",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "time",
    "tt",
    "u",
    "var",
    "wbr",
}
_BREAKS_INLINE = {
    "img",
    "br",
    "picture",
    "p",
    "div",
    "ul",
    "ol",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "blockquote",
    "section",
    "article",
    "hr",
}
_CAPTION_ATTR = re.compile(
    r"caption|image_desc|image-desc|img-desc|photo-desc|desc|chuthich|chu-thich|chu_thich|"
    r"legend|credit|figcaption",
    re.IGNORECASE,
)
# Words in an image path that mark decoration (icons, share buttons, spacers), not photos.
_DECORATIVE_SRC = re.compile(
    r"(?:^|[/_.-])(?:icons?|logo|spacer|blank|pixel|emoji|emoticons?|smiley|avatar|button|btn|"
    r"loading|placeholder|lazy|transparent|print|share|facebook|zalo|twitter|rss|email|arrow|"
    r"bullet)(?=$|[/_.-]|\d)|\.svg$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)
_CENTERED_STYLE = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@dataclass(frozen=True)
class _Inline:
    """Rendered inline content, with counts that tell whether it was all bold or all italic."""

    markdown: str
    plain: str
    bold: int
    italic: int
    total: int


def read_blocks(element: Tag, base_url: str = "") -> tuple[Block, ...]:
    """The body blocks of an element, in reading order."""
    reader = _BlockReader(base_url)
    reader.read_children(element, frozenset())
    reader.flush(frozenset())
    return tuple(reader.blocks)


def attributes_text(element: Tag) -> str:
    """An element's class and id as one string, for pattern rules."""
    classes = element.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    return " ".join([*classes, str(element.get("id") or "")])


def is_hidden(element: Tag) -> bool:
    """True for elements a browser would not show."""
    style = str(element.get("style") or "")
    return (
        element.has_attr("hidden")
        or bool(_HIDDEN_STYLE.search(style))
        or (element.get("aria-hidden") == "true")
    )


def is_furniture(element: Tag) -> bool:
    """True when the element's class or id names page furniture, or it is hidden."""
    return is_hidden(element) or cruft.is_furniture_attr(attributes_text(element))


def inline_text(element: Tag) -> str:
    """The element's text as one line with spacing evened out."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", element.get_text(" "))).strip()


class _BlockReader:
    """Walks an element tree, gathering runs of inline content into paragraphs."""

    def __init__(self, base_url: str) -> None:
        """A reader resolving relative links against base_url ("" when unknown)."""
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.run: list[NavigableString | Tag] = []

    def read_children(self, element: Tag, looks: frozenset[str]) -> None:
        """Read an element's children; inline ones gather into the current run."""
        for child in element.children:
            if isinstance(child, PreformattedString):
                continue  # comments, CDATA, doctype
            if isinstance(child, NavigableString):
                self.run.append(child)
                continue
            if not isinstance(child, Tag) or not _readable(child):
                continue
            if child.name in _INLINE and child.find(_BREAKS_INLINE) is None:
                self.run.append(child)
                continue
            self.flush(looks)
            self.read_block(child, looks)

    def read_block(self, element: Tag, looks: frozenset[str]) -> None:
        """Read one block-level (or block-holding) element."""
        name = element.name
        looks = looks | _own_looks(element)
        if name == "img":
            self._add_picture(element, "")
        elif name in {"br", "hr"}:
            pass
        elif re.fullmatch(r"h[1-6]", name):
            self._add_heading(element)
        elif name in {"ul", "ol"}:
            self._add_list(element)
        elif name == "figure":
            self._add_figure(element, looks)
        elif name == "table":
            self._add_table(element, looks)
        elif name == "blockquote":
            self._add_quote(element)
        else:
            self.read_children(element, looks)
            self.flush(looks)

    def flush(self, looks: frozenset[str]) -> None:
        """End the current run of inline content as a paragraph."""
        run, self.run = self.run, []
        rendered = _render_run(run, self.base_url)
        if not rendered.plain:
            return
        styled = set(looks)
        if rendered.total and rendered.bold == rendered.total:
            styled.add("bold")
        if rendered.total and rendered.italic == rendered.total:
            styled.add("italic")
        self.blocks.append(Paragraph(rendered.markdown, rendered.plain, frozenset(styled)))

    def _add_picture(self, img: Tag, caption: str) -> None:
        """A photo, unless it is an icon, a spacer or has no usable source."""
        src = image_source(img)
        if not src:
            return
        alt = _SPACES.sub(" ", str(img.get("alt") or img.get("title") or "")).strip()
        self.blocks.append(Picture(src, caption, alt))

    def _add_heading(self, element: Tag) -> None:
        """A sub-heading; the page title is level 1, so body headings start at level 2."""
        for img in element.find_all("img"):
            self._add_picture(img, "")
        rendered = _render_run(list(element.children), self.base_url)
        if rendered.plain:
            level = max(2, int(element.name[1]))
            markdown = _strip_outer_bold(rendered.markdown)
            self.blocks.append(Heading(markdown, rendered.plain, level))

    def _add_list(self, element: Tag) -> None:
        """A list; nested lists are flattened into the same list."""
        items = tuple(
            item
            for item in (
                _render_run(_item_content(li), self.base_url).markdown for li in element.find_all("li")
            )
            if item
        )
        if items:
            self.blocks.append(BulletList(items, ordered=element.name == "ol"))

    def _add_figure(self, element: Tag, looks: frozenset[str]) -> None:
        """A figure: its first photo takes the figcaption."""
        images = element.find_all("img")
        if not images:
            self.read_children(element, looks)
            self.flush(looks)
            return
        caption_el = element.find("figcaption")
        caption = inline_text(caption_el) if caption_el else ""
        for number, img in enumerate(images):
            self._add_picture(img, caption if number == 0 else "")

    def _add_table(self, element: Tag, looks: frozenset[str]) -> None:
        """A photo-and-caption table, a layout table (read as blocks) or a data table."""
        rows = [row for row in element.find_all("tr") if row.find_parent("table") is element]
        cells = [
            [cell for cell in row.find_all(["td", "th"], recursive=False) if _readable(cell)] for row in rows
        ]
        if element.find("img") is not None:
            # A small table around one photo: its text cells are the caption.
            photo_frame = (
                len(rows) <= 3
                and all(len(row) <= 2 for row in cells)
                and element.find("table") is None
                and len(inline_text(element)) <= 400
            )
            for row in cells:
                for cell in row:
                    framed = photo_frame and cell.find("img") is None
                    self.read_block(cell, looks | {"caption"} if framed else looks)
            return
        holds_blocks = element.find(["p", "div", "ul", "ol", "table", "h2", "h3", "h4"])
        if holds_blocks is not None or all(len(row) <= 1 for row in cells):
            for row in cells:
                for cell in row:
                    self.read_block(cell, looks)
            return
        table_rows = tuple(
            tuple(_render_run(list(cell.children), self.base_url).markdown for cell in row)
            for row in cells
            if row
        )
        if table_rows:
            self.blocks.append(Table(table_rows))

    def _add_quote(self, element: Tag) -> None:
        """A block quotation of the paragraphs inside it."""
        inner = read_blocks(element, self.base_url)
        paragraphs = tuple(b.markdown for b in inner if isinstance(b, Paragraph))
        if paragraphs:
            self.blocks.append(Quote(paragraphs))
        self.blocks.extend(b for b in inner if not isinstance(b, Paragraph))


def _readable(element: Tag) -> bool:
    """True for an element whose content belongs to the article: not furniture, not hidden."""
    return element.name not in _NEVER_READ and not is_furniture(element)


def image_source(img: Tag) -> str:
    """Where a photo's file is, looking past lazy-loading placeholders; "" for decorations."""
    src = str(img.get("src") or "").strip()
    lazy = next(
        (
            str(img.get(attr)).strip()
            for attr in ("data-src", "data-original", "data-lazy-src")
            if img.get(attr)
        ),
        "",
    )
    placeholder = (
        not src
        or (src.startswith("data:") and len(src) < 200)
        or bool(
            re.search(r"blank|spacer|loading|lazy|placeholder|transparent", src, re.IGNORECASE)
            and not src.startswith("data:")
        )
    )
    if placeholder and lazy:
        src = lazy
    if not src or (not src.startswith("data:") and _DECORATIVE_SRC.search(src.split("?")[0])):
        return ""
    if _is_tiny(img):
        return ""
    return src


def _is_tiny(img: Tag) -> bool:
    """True for images declared 40 pixels or smaller: icons and tracking pixels."""
    for attr in ("width", "height"):
        value = re.match(r"\s*(\d+)", str(img.get(attr) or ""))
        if value and int(value.group(1)) <= 40:
            return True
    return False


def _own_looks(element: Tag) -> frozenset[str]:
    """The looks an element gives its content: centred, or marked as a caption."""
    looks = set()
    style = str(element.get("style") or "")
    if (
        element.name == "center"
        or str(element.get("align") or "").lower() == "center"
        or (_CENTERED_STYLE.search(style))
    ):
        looks.add("centered")
    if element.name == "figcaption" or _CAPTION_ATTR.search(attributes_text(element)):
        looks.add("caption")
    return frozenset(looks)


def _item_content(li: Tag) -> list[NavigableString | Tag]:
    """A list item's own content, without the nested lists (read as items of their own)."""
    return [child for child in li.children if not (isinstance(child, Tag) and child.name in {"ul", "ol"})]


def _render_run(nodes: list[NavigableString | Tag], base_url: str) -> _Inline:
    """A run of inline nodes as one line of Markdown and its plain text."""
    parts = [_render_node(node, base_url, False, False) for node in nodes]
    markdown = "".join(p.markdown for p in parts)
    # Adjacent bold spans: "**a****b**" and "**a** **b**" read better as one.
    markdown = markdown.replace("****", "").replace("** **", " ")
    markdown = re.sub(r" {2,}", " ", markdown).strip()
    plain = re.sub(r" {2,}", " ", "".join(p.plain for p in parts)).strip()
    return _Inline(
        markdown,
        plain,
        sum(p.bold for p in parts),
        sum(p.italic for p in parts),
        sum(p.total for p in parts),
    )


def _render_node(node: NavigableString | Tag, base_url: str, bold: bool, italic: bool) -> _Inline:
    """One inline node, rendered inside the given bold/italic state."""
    if isinstance(node, PreformattedString):
        return _Inline("", "", 0, 0, 0)
    if isinstance(node, NavigableString):
        text = _SPACES.sub(" ", _INVISIBLE.sub("", str(node)))
        count = len(text.replace(" ", ""))
        return _Inline(escape_text(text), text, count if bold else 0, count if italic else 0, count)
    if node.name in _NEVER_READ or is_furniture(node) or node.name in {"img", "br"}:
        return _Inline(" " if node.name == "br" else "", " " if node.name == "br" else "", 0, 0, 0)
    style = str(node.get("style") or "")
    makes_bold = node.name in {"b", "strong"} or bool(_BOLD_STYLE.search(style))
    makes_italic = node.name in {"i", "em", "cite"} or bool(_ITALIC_STYLE.search(style))
    parts = [
        _render_node(child, base_url, bold or makes_bold, italic or makes_italic) for child in node.children
    ]
    inner = _Inline(
        "".join(p.markdown for p in parts),
        "".join(p.plain for p in parts),
        sum(p.bold for p in parts),
        sum(p.italic for p in parts),
        sum(p.total for p in parts),
    )
    markdown = inner.markdown
    if makes_bold and not bold:
        markdown = _wrap(markdown, "**")
    if makes_italic and not italic:
        markdown = _wrap(markdown, "*")
    if node.name == "a":
        markdown = _link(markdown, str(node.get("href") or ""), base_url)
    return _Inline(markdown, inner.plain, inner.bold, inner.italic, inner.total)


def _wrap(markdown: str, marker: str) -> str:
    """Put emphasis markers tight around the text, keeping outer spaces outside them."""
    core = markdown.strip()
    if not core:
        return markdown
    lead = " " if markdown[:1] == " " else ""
    trail = " " if markdown[-1:] == " " else ""
    return f"{lead}{marker}{core}{marker}{trail}"


def _link(markdown: str, href: str, base_url: str) -> str:
    """A link when it leads somewhere a reader of the new site can go; else just its text."""
    core = markdown.strip()
    href = href.strip()
    if not core or not href or href.startswith(("#", "javascript:", "data:")):
        return markdown
    if not href.startswith(("http://", "https://", "mailto:")):
        if not base_url:
            return markdown  # a path on the old site: nowhere to point to
        href = urljoin(base_url, href)
    lead = " " if markdown[:1] == " " else ""
    trail = " " if markdown[-1:] == " " else ""
    return f"{lead}{link(core, href)}{trail}"


def _strip_outer_bold(markdown: str) -> str:
    """A heading is bold already: drop bold markers that wrap all of it."""
    if markdown.startswith("**") and markdown.endswith("**") and markdown.count("**") == 2:
        return markdown[2:-2]
    return markdown
