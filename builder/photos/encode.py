"""Reading photos with Pillow and writing their published copies, stripped of metadata.

Every copy is made from pixels only: EXIF orientation is applied first, then colours are
brought to sRGB (ICC profiles, CMYK, 16-bit), and the copy is saved with no EXIF, XMP,
IPTC, ICC or text chunks, so the place a photo was taken is never published.
"""
from __future__ import annotations

import io
import os
import re
import warnings

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ..core.atomic_write import write_atomically
from .plan import Photo, Probed, Variant

_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
_ORIENTATION = 0x0112
_HTML = re.compile(rb"^\s*(<!doctype|<html|<head|<body|<\?xml|<!--|<meta|<div|<p\b)", re.I)
_SVG = re.compile(rb"<svg[\s>]", re.I)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# Pillow's own bomb check would stop `open` before ours can name the limit the site set.
Image.MAX_IMAGE_PIXELS = None


class PhotoError(Exception):
    """A photo that cannot be published; `kind` names an entry of the message catalogue."""

    def __init__(self, kind: str, **values):
        super().__init__(kind)
        self.kind = kind
        self.values = values


def probe(path: str, max_megapixels: float) -> Probed:
    """Read a photo's header; raise PhotoError for anything that is not a usable photo."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as file:
            head = file.read(512)
    except OSError as exc:
        raise PhotoError("photo_unreadable", reason=exc.strerror or str(exc)) from None
    if size == 0:
        raise PhotoError("photo_empty")
    if _SVG.search(head) and path.lower().endswith(".svg"):
        return Probed(0, 0, False, False, vector=True)
    try:
        with Image.open(path) as image:
            width, height = image.size
            orientation = image.getexif().get(_ORIENTATION, 1)
            alpha = _has_alpha(image)
            animated = getattr(image, "n_frames", 1) > 1
    except UnidentifiedImageError:
        raise PhotoError("photo_html" if _HTML.match(head) else "photo_unknown_format") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError("photo_broken", reason=_reason(exc)) from None
    if width * height > max_megapixels * 1_000_000:
        raise PhotoError("photo_too_large", megapixels=f"{width * height / 1e6:.0f}",
                         limit=f"{max_megapixels:g}", width=width, height=height)
    if orientation in _ROTATED:
        width, height = height, width
    return Probed(width, height, alpha, animated)


def _has_alpha(image: Image.Image) -> bool:
    """True if the image can be transparent anywhere."""
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _reason(exc: BaseException) -> str:
    """A short reason from a Pillow exception."""
    return str(exc).split("\n")[0][:160] or type(exc).__name__


def encode(path: str, photo: Photo, variants: list[Variant], folder: str,
           quality: int) -> None:
    """Make the given copies of one photo into `folder` (named by Variant.file).

    Raises PhotoError for a photo that cannot be decoded (truncated and the like).
    """
    if photo.as_is:
        _copy_as_is(path, os.path.join(folder, variants[0].file))
        return
    widest = max(max(v.width, v.height) for v in variants)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's warnings on odd files: we decode or fail
            with Image.open(path) as image:
                # JPEG can decode at 1/2, 1/4, 1/8 scale: far quicker for camera photos.
                image.draft(image.mode, (widest, widest))
                image.load()
                pixels = _to_srgb(ImageOps.exif_transpose(image))
    except PhotoError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError,
            Image.DecompressionBombError) as exc:
        truncated = isinstance(exc, EOFError) or "truncated" in str(exc).lower()
        raise PhotoError("photo_truncated" if truncated else "photo_broken",
                         reason=_reason(exc)) from None
    for variant in variants:
        data = _encoded(pixels, variant, quality)
        write_atomically(os.path.join(folder, variant.file), data)


def _to_srgb(image: Image.Image) -> Image.Image:
    """The pixels in 8-bit sRGB (or greyscale), alpha kept; every metadata dropped."""
    profile = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit greyscale: scale down to 8 bits rather than clip at 255.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    alpha = _has_alpha(image)
    target = "RGBA" if alpha else ("L" if image.mode in ("1", "L") else "RGB")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L", "LA") and target != "L":
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            if image.mode == "LA":
                image = image.convert("RGBA")
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode=target)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a damaged profile: the plain conversion below is the best left
    if image.mode != target:
        image = image.convert(target)
    image.info = {}
    return image


def _encoded(pixels: Image.Image, variant: Variant, quality: int) -> bytes:
    """One copy's bytes: resized (or cropped for Open Graph) and saved without metadata."""
    if variant.format == "og":
        sized = ImageOps.fit(pixels, (variant.width, variant.height), Image.Resampling.LANCZOS)
    elif (variant.width, variant.height) == pixels.size:
        sized = pixels.copy()
    else:
        sized = pixels.resize((variant.width, variant.height), Image.Resampling.LANCZOS,
                              reducing_gap=3.0)
    sized.info = {}
    out = io.BytesIO()
    if variant.format in ("jpeg", "og"):
        if sized.mode == "RGBA":
            sized = sized.convert("RGB")
        sized.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    elif variant.format == "webp":
        sized.save(out, "WEBP", quality=quality, method=4)
    else:
        sized.save(out, "PNG", optimize=True)
    return out.getvalue()


def _copy_as_is(path: str, target: str) -> None:
    """An animated or vector photo, byte for byte."""
    with open(path, "rb") as file:
        write_atomically(target, file.read())

