"""`<picture>` elements for photos: srcset, sizes matching the theme, width and height.

`sizes` follows the layout of templates/assets/style.css: the article column is at most
42rem (`--measure`), the page gutter 1rem (1.5rem from 48rem), the top story takes 3/5 of
the 75rem page from 60rem, and cards are 7.5rem beside the text on phones, then two columns
from 40rem and three from 64rem. A theme with another layout can pass its own `sizes`.
"""
from __future__ import annotations

import re
from html import escape, unescape

from markupsafe import Markup

from ..content.markdown_convert import ATTRIBUTE, IMAGE_TAG, Body, Converted, resolve_refs
from ..core.urls import root_prefix
from .plan import Photo

SIZES = {
    "lead": "(min-width: 45rem) 42rem, calc(100vw - 2rem)",
    "figure": "(min-width: 45rem) 42rem, calc(100vw - 2rem)",
    "story": "(min-width: 75rem) 42rem, (min-width: 60rem) calc(60vw - 3rem), "
             "(min-width: 48rem) calc(100vw - 3rem), calc(100vw - 2rem)",
    "card": "(min-width: 75rem) 23rem, (min-width: 64rem) calc(33vw - 2rem), "
            "(min-width: 40rem) calc(50vw - 2.25rem), 7.5rem",
}
FIRST_SEEN = ("lead", "story")  # above the fold: fetched first, never lazily
FALLBACK_WIDTH = 960  # the `src` of browsers without srcset (a sensible middle size)
_REPLACED = {"src", "srcset", "sizes", "width", "height", "loading", "decoding",
             "fetchpriority"}


def picture(photo: Photo, root: str, role: str, alt: str, attributes: str = "",
            sizes: str | None = None) -> Markup:
    """A photo for one place on a page; `root` prefixes every (root-relative) path.

    `alt` is plain text; `attributes` is already escaped HTML (`class="x"`) for the img.
    """
    first = role in FIRST_SEEN
    timing = ' fetchpriority="high"' if first else ' loading="lazy"'
    extra = f" {attributes.strip()}" if attributes.strip() else ""
    if photo.as_is:
        only = photo.variants[0]
        size = (f' width="{only.width}" height="{only.height}"' if only.width else "")
        return Markup(f'<img src="{escape(root + photo.path(only))}" alt="{escape(alt)}"{size}'
                      f'{timing} decoding="async"{extra}>')
    widths = photo.card_widths if role == "card" else photo.page_widths
    sizes = escape(sizes or SIZES.get(role, SIZES["figure"]))
    fallback = photo.fallback_format
    shown = photo.pick(fallback, min(widths, key=lambda w: (abs(w - FALLBACK_WIDTH), w))
                       if role != "card" else max(widths))
    img = (f'<img src="{escape(root + photo.path(shown))}" srcset="{_srcset(photo, fallback, widths, root)}"'
           f' sizes="{sizes}" width="{shown.width}" height="{shown.height}" alt="{escape(alt)}"'
           f'{timing} decoding="async"{extra}>')
    if not any(v.format == "webp" for v in photo.variants):
        return Markup(img)
    return Markup(f'<picture><source type="image/webp" '
                  f'srcset="{_srcset(photo, "webp", widths, root)}" sizes="{sizes}">'
                  f'{img}</picture>')


def _srcset(photo: Photo, format: str, widths: tuple[int, ...], root: str) -> str:
    """`a-480.webp 480w, a-960.webp 960w`."""
    return escape(", ".join(f"{root}{photo.path(photo.pick(format, w))} {w}w" for w in widths))


def place_pictures(html: str, photos: tuple[Photo | None, ...], root: str) -> str:
    """Each body image of a photo becomes its `<picture>`; its other attributes are kept."""
    def replace(match: re.Match) -> str:
        number = int(match[2])
        photo = photos[number] if number < len(photos) else None
        if photo is None:
            return match[0]
        attributes = ATTRIBUTE.findall(match[1] + match[3])
        alt = next((value for name, value in attributes if name == "alt"), "")
        kept = " ".join(f'{name}="{value}"' for name, value in attributes
                        if name not in _REPLACED and name != "alt")
        # the alt text is HTML already: unescaped here, `picture` escapes it exactly once
        return str(picture(photo, root, "figure", unescape(alt), kept))
    return IMAGE_TAG.sub(replace, html)


class PhotoBody(Body):
    """An article body whose photos are `<picture>` elements with resized copies."""

    __slots__ = ("photos", "root")

    def __init__(self, converted: Converted, urls: tuple[str, ...],
                 photos: tuple[Photo | None, ...], root: str):
        super().__init__(converted, urls)
        self.photos = photos
        self.root = root

    def __html__(self) -> str:
        return resolve_refs(place_pictures(self.converted.html, self.photos, self.root),
                            self.urls)

    def signature(self) -> str:
        """The body's signature and the content keys of its photos."""
        return super().signature() + "|" + "|".join(p.key if p else "" for p in self.photos)

    def reads(self) -> tuple[str, ...]:
        """The photos it shows (a photo replaced under the same name changes the page)."""
        return tuple(key for photo in self.photos if photo for key in photo.reads())


def body_for(converted: Converted, urls: tuple[str, ...], photos: tuple[Photo | None, ...],
             page: str) -> Body:
    """The body a page at `page` shows: its refs' `urls` (relative to the page), its
    photos (by ref, None for a ref that is not one) as `<picture>` elements."""
    if any(photos):
        return PhotoBody(converted, urls, photos, root_prefix(page))
    return Body(converted, urls)
