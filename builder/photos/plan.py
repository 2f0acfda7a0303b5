"""Which copies of a photo are published, and under which names: decided from its header.

Everything here is a pure function of the photo's probed facts, its content key and the
settings, so the names are known before (or without) encoding anything; the preview relies
on that to encode only the copies a browser asks for.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..core.config import ImageSettings
from ..core.urls import media_path
from ..core.signed import Signed

OG_SIZE = (1200, 630)  # the crop chat apps and social networks show best
NAME_DIGEST = 10  # hex digits of the content key in a published name


@dataclass(frozen=True)
class Probed:
    """What a photo's header says, its EXIF orientation already applied to the size."""

    width: int
    height: int
    alpha: bool  # has transparency: the fallback copies are PNG, not JPEG
    animated: bool  # more than one frame: published as it is
    vector: bool = False  # SVG: published as it is, the browser scales it


@dataclass(frozen=True, slots=True)
class Variant:
    """One published copy, apart from the photo: its name's ending, pixel size and format.

    Photos of one size share their copies' Variant objects (`layout`): a path string for
    each of 383,564 copies was 50 MB of a 100,000-article build (bench/RESULTS.md).
    """

    suffix: str  # what follows the photo's stem in the copy's path: "-480.webp"
    width: int
    height: int
    format: str  # "webp", "jpeg", "png", "og" (a 1200×630 JPEG crop) or "original"

    @property
    def file(self) -> str:
        """Its file name in the photo's cache folder."""
        if self.format == "original":
            return "original"
        if self.format == "og":
            return "og.jpg"
        return f"{self.width}.{EXTENSIONS[self.format]}"


EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}


@dataclass(frozen=True, slots=True)
class Photo(Signed):
    """A photo as pages use it: its size and every copy made of it."""

    source: str  # content-relative path
    key: str  # content key: the photo's bytes, the settings and the code
    stem: str  # output path of its copies, without their suffix (`stem`)
    width: int
    height: int
    variants: tuple[Variant, ...]
    page_widths: tuple[int, ...]  # widths offered in articles and the top story
    card_widths: tuple[int, ...]  # widths offered in post cards

    @property
    def as_is(self) -> bool:
        """True for an animated or vector photo, published unchanged."""
        return len(self.variants) == 1 and self.variants[0].format == "original"

    @property
    def fallback_format(self) -> str:
        """The format every browser reads: JPEG, or PNG for transparency."""
        return next(v.format for v in self.variants if v.format in ("jpeg", "png", "original"))

    def path(self, variant: Variant) -> str:
        """The output path of one of its copies."""
        return self.stem + variant.suffix

    def largest(self) -> Variant:
        """The biggest copy every browser reads: what a plain link to the photo opens."""
        return self.pick(self.fallback_format, max(self.page_widths))

    def pick(self, format: str, width: int) -> Variant:
        """The copy of one format and width."""
        return next(v for v in self.variants
                    if v.format == format and (v.width == width or format == "original"))

    def signature(self) -> str:
        """What pages showing the photo depend on: the key fixes sizes and names."""
        return f"{self.key}|{len(self.variants)}"

    def reads(self) -> tuple[str, ...]:
        """The photo by name and content: two files with the same bytes stay apart."""
        return (f"{self.source}|{self.signature()}",)

    def og(self) -> Variant | None:
        """The Open Graph crop, if one is made."""
        return next((v for v in self.variants if v.format == "og"), None)


def offered_widths(source_width: int, wanted: tuple[int, ...]) -> tuple[int, ...]:
    """The wanted widths a photo can give without upscaling; a photo narrower than some of
    them also gives its own width, so the sharpest copy is never lost."""
    widths = [w for w in wanted if w < source_width]
    if not widths or max(wanted) >= source_width:
        widths.append(source_width)
    return tuple(sorted(set(widths)))


def scaled_height(width: int, height: int, new_width: int) -> int:
    """Height keeping the aspect ratio at `new_width` (at least 1 pixel)."""
    return max(1, round(height * new_width / width))


def stem(source: str, key: str) -> str:
    """Output path without the suffix: the photo's media path plus a digest of its content."""
    base = media_path(source)
    folder, _, name = base.rpartition("/")
    return f"{folder}/{name.rpartition('.')[0] or name}-{key[:NAME_DIGEST]}"


def plan(source: str, key: str, probed: Probed, settings: ImageSettings,
         open_graph: bool) -> Photo:
    """Every copy of one photo; `open_graph` adds the 1200×630 crop for sharing."""
    extension = media_path(source).rpartition(".")[2] if probed.animated or probed.vector \
        else ""
    variants, page, card = layout(probed, settings, open_graph, extension)
    return Photo(source, key, stem(source, key), probed.width, probed.height, variants,
                 page, card)


@lru_cache(maxsize=4096)
def layout(probed: Probed, settings: ImageSettings, open_graph: bool, extension: str
           ) -> tuple[tuple[Variant, ...], tuple[int, ...], tuple[int, ...]]:
    """The copies, page widths and card widths of a photo of this size: the same objects
    for every photo of one size (`extension`, the original's, only for one published as
    it is)."""
    if probed.animated or probed.vector:
        original = Variant(f".{extension}", probed.width, probed.height, "original")
        return (original,), (probed.width,), (probed.width,)
    page = offered_widths(probed.width, settings.widths)
    card = offered_widths(probed.width, settings.card_widths)
    fallback = "png" if probed.alpha else "jpeg"
    formats = (fallback, "webp") if settings.webp else (fallback,)
    variants = [Variant(f"-{w}.{EXTENSIONS[f]}", w,
                        scaled_height(probed.width, probed.height, w), f)
                for f in formats for w in sorted(set(page) | set(card))]
    if open_graph:
        og_width = min(OG_SIZE[0], probed.width, round(probed.height * OG_SIZE[0] / OG_SIZE[1]))
        variants.append(Variant("-og.jpg", og_width,
                                round(og_width * OG_SIZE[1] / OG_SIZE[0]), "og"))
    return tuple(variants), page, card
