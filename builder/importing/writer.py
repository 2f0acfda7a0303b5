"""Write an article as `<into>/<YYYY>/<slug>.md` with front matter, copying its local photos.

Nothing is ever overwritten: the Markdown file is created exclusively, and a photo whose
name is taken by a different file gets the next free number.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse


from builder.content.front_matter_writer import front_matter as front_matter_block
from builder.core.errors import Text
from builder.core.text import slugify
from builder.core.urls import alias_path, article_path, page_path
from builder.importing.article import Article, Block, Message, Paragraph, Picture, RawMarkdown
from builder.importing.markdown_out import render_body

SLUG_MAX_LENGTH = 100
_KNOWN_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "bmp", "avif", "svg"}  # svg: refused
_MAGIC = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"GIF8", "gif"), (b"BM", "bmp"))
_DATA_URI = re.compile(r"^data:image/([\w.+-]+)(;[^,]*)?,(.*)$", re.DOTALL)


@dataclass(frozen=True)
class ImageFile:
    """A photo to copy next to the article."""

    path: Path
    data: bytes
    origin: str  # the reference in the page, for reports


@dataclass(frozen=True)
class Plan:
    """Everything writing one article will do, worked out before anything is written."""

    label: str
    path: Path
    text: str
    images: tuple[ImageFile, ...]
    remote_images: tuple[str, ...]
    missing_images: tuple[str, ...]
    refused_images: tuple[tuple[str, Text], ...] = ()  # (reference, why it was not read)
    warnings: tuple[Message, ...] = ()


@dataclass(frozen=True)
class _Located:
    """Where a page's photo reference leads: a local file's bytes, a remote URL, or nowhere."""

    data: bytes | None = None
    extension: str = ""
    url: str = ""
    refused: Text | None = None  # why a reference was not followed


def slug_for(title: str) -> str:
    """The file name stem for a title: the core's slug rule (Đ→d, look-alikes folded, never a
    name Windows reserves such as `con`), cut at a word boundary."""
    return slugify(title, max_length=SLUG_MAX_LENGTH)


def plan_article(article: Article, into: Path, number: int = 1) -> Plan:
    """Work out the file, its text and the photos to copy, without touching the disk.

    `number` 2, 3… gives `<slug>-2.md`: another article of the same title in the same year.
    """
    slug = slug_for(article.title) + (f"-{number}" if number > 1 else "")
    # A page without a date goes where the generator reads pages, an article under its year.
    folder = into / "pages" if article.page else into / f"{article.published.year:04d}"
    placed = _place_photos(article, folder / "images", slug)
    lead = next((b for b in placed.body if isinstance(b, Picture) and b.src.startswith("images/")), None)
    # The generator shows the lead photo above the body: it is not repeated in it.
    body = tuple(b for b in placed.body if b is not lead)
    # An old address that is the article's new one too needs no redirect (and `build` would
    # take it for a clash).
    own = (page_path(slug) if article.page
           else article_path(article.published.year, article.published.month, slug))
    article = replace(article, aliases=tuple(a for a in article.aliases
                                             if (alias_path(a)[0] or "").lower() != own.lower()))
    text = front_matter(article, lead) + "\n" + render_body(body)
    return Plan(
        label=article.label,
        path=folder / f"{slug}.md",
        text=unicodedata.normalize("NFC", text),
        images=placed.images,
        remote_images=placed.remote,
        missing_images=placed.missing,
        refused_images=placed.refused,
        warnings=article.warnings,
    )


@dataclass(frozen=True)
class _Placed:
    """The body with each photo pointing where it will be, and what that takes."""

    body: tuple[Block, ...]
    images: tuple[ImageFile, ...]
    remote: tuple[str, ...]
    missing: tuple[str, ...]
    refused: tuple[tuple[str, Text], ...]


def _place_photos(article: Article, folder: Path, slug: str) -> _Placed:
    """Local photos get numbered copies, remote ones stay links, lost ones leave their caption."""
    base_url = article.source if article.source.startswith(("http://", "https://")) else ""
    body: list[Block] = []
    images: list[ImageFile] = []
    remote: list[str] = []
    missing: list[str] = []
    refused: list[tuple[str, Text]] = []
    for block in article.body:
        if isinstance(block, RawMarkdown) and block.photos:
            block = _with_copied_photos(block, article.base_dir, base_url, folder, slug, images,
                                        remote, missing, refused)
        if not isinstance(block, Picture):
            body.append(block)
            continue
        located = _locate(block.src, article.base_dir, base_url)
        if located.data is not None:
            image_path = _free_image_path(folder, slug, len(images) + 1, located, images)
            images.append(ImageFile(image_path, located.data, block.src))
            body.append(replace(block, src=f"images/{image_path.name}"))
        elif located.refused:
            refused.append((block.src, located.refused))
            if block.caption:
                body.append(Paragraph("", block.caption, frozenset({"caption"})))
        elif located.url:
            remote.append(located.url)
            body.append(replace(block, src=located.url))
        else:
            missing.append(block.src)
            if block.caption:  # the photo is lost; its caption still tells what was there
                body.append(Paragraph("", block.caption, frozenset({"caption"})))
    return _Placed(tuple(body), tuple(images), tuple(remote), tuple(missing), tuple(refused))


def _with_copied_photos(block: RawMarkdown, base_dir: Path, base_url: str, folder: Path, slug: str,
                        images: list[ImageFile], remote: list[str], missing: list[str],
                        refused: list[tuple[str, Text]]) -> RawMarkdown:
    """Hand-written Markdown with each local photo it shows copied next to the article and
    pointed at; a photo that cannot be read leaves its alt text (and is reported)."""
    text = block.text
    for photo in block.photos:
        located = _locate(photo, base_dir, base_url)
        if located.data is not None:
            same = next((image for image in images if image.origin == photo), None)
            if same is None:
                same = ImageFile(_free_image_path(folder, slug, len(images) + 1, located, images),
                                 located.data, photo)
                images.append(same)
            text = _pointed(text, photo, f"images/{same.path.name}")
        elif located.url:
            remote.append(located.url)
        else:
            if located.refused:
                refused.append((photo, located.refused))
            else:
                missing.append(photo)
            text = _without_photo(text, photo)
    return RawMarkdown(text)


def _pointed(text: str, old: str, new: str) -> str:
    """The text with photo references to `old` (Markdown, `[label]: src` or `<img src>`)
    pointing at `new`."""
    text = re.sub(r"(!\[[^\]\n]*\]\(\s*<?)" + re.escape(old) + r"(?=[\s)>])",
                  lambda m: m.group(1) + new, text)
    text = re.sub(r"(^ {0,3}\[[^\]\n]+\]:[ \t]*<?)" + re.escape(old) + r"(?=[\s>]|$)",
                  lambda m: m.group(1) + new, text, flags=re.MULTILINE)  # `[label]: src`
    return re.sub(r"""(<img\b[^>]*?\bsrc\s*=\s*["'])""" + re.escape(old) + r"""(?=["'])""",
                  lambda m: m.group(1) + new, text, flags=re.IGNORECASE)


def _without_photo(text: str, old: str) -> str:
    """The text with photo references to `old` replaced by their alt text."""
    text = re.sub(r"!\[([^\]\n]*)\]\(\s*<?" + re.escape(old) + r">?(?:\s+\"[^\"\n]*\")?\s*\)",
                  lambda m: m.group(1).strip(), text)
    return re.sub(r"""<img\b[^>]*?\bsrc\s*=\s*["']""" + re.escape(old) + r"""["'][^>]*>""",
                  lambda m: _alt_of(m.group(0)), text, flags=re.IGNORECASE)


def _alt_of(tag: str) -> str:
    """The alt text of an `<img>` tag, or ""."""
    found = re.search(r"""\balt\s*=\s*(["'])([^"']*)\1""", tag, re.IGNORECASE)
    return found.group(2).strip() if found else ""


def write_plan(plan: Plan) -> None:
    """Create the article file, then its photos; FileExistsError if the article file exists."""
    plan.path.parent.mkdir(parents=True, exist_ok=True)
    with plan.path.open("xb") as handle:  # "x": never replace an existing file
        handle.write(plan.text.encode("utf-8"))
    for image in plan.images:
        if image.path.exists():
            continue  # the same photo from an earlier import (_free_image_path checked the bytes)
        image.path.parent.mkdir(parents=True, exist_ok=True)
        with image.path.open("xb") as handle:
            handle.write(image.data)


def front_matter(article: Article, lead: Picture | None) -> str:
    """The front matter, through the generator's own writer (so `build` reads it back as is).

    The lead photo must be a file next to the article (the generator refuses a remote
    one there), so a remote first photo stays in the body and there is no `image`.
    """
    return front_matter_block({
        "title": article.title,
        "date": None if article.page else article.published.replace(microsecond=0),
        "tags": article.tags,
        "category": article.category,
        "author": article.author,
        "summary": article.summary,
        "image": lead.src if lead is not None else None,
        "image_caption": lead.caption if lead is not None else None,
        "draft": article.draft,
        "aliases": article.aliases,
        "source": article.source,
    })


def _locate(src: str, base_dir: Path, base_url: str) -> _Located:
    """Find a photo: inline data, a file saved with the page, or a URL to keep as a link.

    Only files inside the page's own folder are read (its "_files" folder is in it):
    a page must not be able to publish files from elsewhere on the disk.
    """
    if src.startswith("data:"):
        return _checked(_from_data_uri(src))
    if src.startswith("//"):
        src = "https:" + src
    if src.startswith(("http://", "https://")):
        return _Located(url=src)
    parsed = urlparse(src)
    if parsed.scheme == "file" or (len(parsed.scheme) == 1 and src[1:2] == ":"):
        return _Located(refused=_OUTSIDE)  # file:///… or C:\… on an editor's machine
    if parsed.scheme:
        return _Located()
    relative = unquote(parsed.path)
    if relative.startswith(("/", "\\")) or "\\" in relative:
        if base_url:  # a site-absolute address on the page's own site
            return _Located(url=urljoin(base_url, src))
        return _Located(refused=_OUTSIDE)
    candidate = base_dir / relative
    if relative and candidate.is_file():
        if not _inside(base_dir, candidate):
            return _Located(refused=_OUTSIDE)
        data = candidate.read_bytes()
        extension = _extension(candidate.suffix, data)
        if extension:
            return _checked(_Located(data=data, extension=extension))
    if relative and not _inside(base_dir, candidate):
        return _Located(refused=_OUTSIDE)
    if base_url:
        return _Located(url=urljoin(base_url, src))
    return _Located()


_OUTSIDE = Text.of("import", "photo_outside_page")
_SVG = Text.of("import", "photo_svg")


def _inside(folder: Path, candidate: Path) -> bool:
    """True when the file, with `..` and symlinks resolved, lies inside the folder."""
    try:
        return candidate.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def _checked(located: _Located) -> _Located:
    """Refuse SVG: it is a document that may run scripts or load from the internet."""
    if located.data is not None and (located.extension == "svg" or _looks_like_svg(located.data)):
        return _Located(refused=_SVG)
    return located


def _looks_like_svg(data: bytes) -> bool:
    """True for XML or SVG text, whatever name or type the page gave it."""
    head = data[:512].lstrip().lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head


def _from_data_uri(src: str) -> _Located:
    """A photo embedded in the page itself (pages saved as a single file do this)."""
    match = _DATA_URI.match(src)
    if not match or ";base64" not in (match.group(2) or ""):
        if match and match.group(1).lower().startswith("svg"):
            return _Located(refused=_SVG)
        return _Located()
    try:
        data = base64.b64decode(match.group(3), validate=False)
    except (binascii.Error, ValueError):
        return _Located()
    extension = _extension("." + match.group(1).split("+")[0], data)
    return _Located(data=data, extension=extension) if extension else _Located()


def _extension(suffix: str, data: bytes) -> str:
    """The file extension for a photo: its own when it is an image one, else from its bytes."""
    suffix = suffix.lower().lstrip(".")
    if suffix in _KNOWN_EXTENSIONS:
        return "jpg" if suffix == "jpeg" else suffix
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return next((ext for magic, ext in _MAGIC if data.startswith(magic)), "")


def _free_image_path(
    folder: Path, slug: str, number: int, located: _Located, planned: list[ImageFile]
) -> Path:
    """`<slug>-<n>.<ext>`, moving to the next number while a different file holds the name."""
    taken = {image.path for image in planned}
    while True:
        path = folder / f"{slug}-{number}.{located.extension}"
        if path not in taken and (not path.exists() or path.read_bytes() == located.data):
            return path
        number += 1
