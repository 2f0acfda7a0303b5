"""The photo stage of a build: every photo pages show, planned, checked and encoded.

Runs after the model (it needs to know which photos published articles use) and before
rendering (pages need each photo's copies and size). Photos are independent, and Pillow
releases the interpreter lock while it decodes, resizes and encodes, so a pool of threads
keeps every core busy without forking.
"""
from __future__ import annotations

import errno
import os
import posixpath
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..core.config import SiteConfig
from ..core.errors import Problem, write_error
from ..core.i18n import strings
from .encode import PhotoError, encode, probe
from .plan import Photo, Variant, plan
from .store import PhotoStore, content_key

_FIELD = "image"
_LEAD_KEY = re.compile(r"^(image\s*:\s*)(\S)", re.M)


@dataclass(frozen=True)
class PhotoUse:
    """One place an article shows a photo."""

    article: str  # content-relative path of the article
    photo: str  # content-relative path of the photo
    lead: bool  # the article's `image:` (else an image in its body)
    alt: str  # alt text ('' when the editor wrote none)


@dataclass(frozen=True)
class Photos:
    """Every photo of the site, ready for pages, and what is wrong with the others."""

    by_source: Mapping[str, Photo] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    advice: tuple[Problem, ...] = ()  # for `check`: worth fixing, not wrong

    def copies(self) -> list[tuple[Photo, Variant]]:
        """(photo, variant) of every published copy, photo by photo in the order of their
        stems, so each folder's copies come together. Sorting by the copies' paths would
        make all 383,564 of them at once at 100,000 articles, at the build's peak."""
        return [(photo, variant)
                for photo in sorted(self.by_source.values(), key=lambda photo: photo.stem)
                for variant in photo.variants]


def photo_uses(posts, bodies) -> list[PhotoUse]:
    """Every photo each published article shows: its lead photo and its body images."""
    uses = []
    for post in posts:
        article = post.article
        if article.image:
            uses.append(PhotoUse(article.source, article.image, True,
                                 article.image_caption or article.title))
        converted = bodies[article.source]
        for number, alt in converted.images:
            if number < len(converted.refs):
                uses.append(PhotoUse(article.source, converted.refs[number], False, alt))
    return uses


# A full disk, a size limit, a read-only or forbidden folder: the copy could not be *written*,
# which says nothing about the photo.
WRITE_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT}


def prepare(uses: list[PhotoUse], config: SiteConfig, content_dir: Path, shown_root: str,
            store: PhotoStore, jobs: int, encode_all: bool = True) -> Photos:
    """Plan (and unless `encode_all` is False, encode) every photo used, on all cores; a
    plan the last build of the session made (the store's memo) is not made again."""
    settings = config.images
    plans = store.plans()
    sources = sorted({use.photo for use in uses})
    leads = {use.photo for use in uses if use.lead}
    folder = str(content_dir)

    def one(job: tuple[str, str | None]) -> tuple[str, Photo | PhotoError]:
        """Plan one photo (its content key, if already worked out) and make its missing
        copies."""
        source, known = job
        path = os.path.join(folder, source)
        root = store.root
        try:
            key = known or content_key(store.digest(path), settings)
            probed = store.probed(key)
            if probed is None:
                probed = probe(path, settings.max_megapixels)
                store.remember(key, probed)
            elif probed.width * probed.height > settings.max_megapixels * 1_000_000:
                probed = probe(path, settings.max_megapixels)  # raises with the numbers
            photo = plan(source, key, probed, settings,
                         open_graph=bool(config.base_url) and source in leads)
            missing = store.missing(photo) if encode_all else []
            if missing:
                encode(path, photo, missing, store.folder(key), settings.quality)
            return source, photo
        except PhotoError as exc:
            return source, exc
        except OSError as exc:
            if exc.errno in WRITE_ERRNOS and store.fall_back(root):
                return one(job)  # the cache is disposable: once more, in a scratch folder
            if exc.errno in WRITE_ERRNOS:
                raise write_error(exc, Path(exc.filename or store.root)) from None
            return source, PhotoError("photo_unreadable", reason=exc.strerror or str(exc))
        except Exception as exc:  # noqa: BLE001 - a file Pillow chokes on in a way of its own
            return source, PhotoError("photo_broken", reason=type(exc).__name__)

    def content_key_of(source: str) -> str | None:
        """A photo's content key (None when the file cannot be read now)."""
        try:
            return content_key(store.digest(os.path.join(folder, source)), settings)
        except OSError:
            return None

    def still_planned(source: str, key: str | None) -> Photo | None:
        """The last build's plan of a photo, if made from the same bytes and settings and
        for the same use: only a lead photo gets the Open Graph crop (the plan of a photo
        published as it is does not depend on that)."""
        photo = plans.get(source)
        if photo is None or photo.key != key:
            return None
        shared = bool(config.base_url) and source in leads
        return photo if photo.as_is or (photo.og() is not None) == shared else None

    ready: dict[str, Photo] = {}
    failed: dict[str, PhotoError] = {}
    planned: dict[str, Photo] = {}
    todo = []
    # Each photo's key is worked out once: digesting 191,552 references two more times
    # took a tenth of a one-article build at 100,000 articles (bench/RESULTS.md).
    for source in sources:
        key = content_key_of(source)
        photo = still_planned(source, key)
        if photo is not None and not (encode_all and store.missing(photo)):
            ready[source] = planned[source] = photo
        else:
            todo.append((source, key))
    if todo:
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            for source, result in pool.map(one, todo):
                if isinstance(result, PhotoError):
                    failed[source] = result
                    continue
                ready[source] = planned[source] = result
    # The same objects when nothing changed: the comparison does not look inside them.
    if planned != store.memo.photo_plans.get(store.root):
        store.plans_changed = True
        store.memo.photo_plans[store.root] = planned
    ready = {source: ready[source] for source in sources if source in ready}
    problems, advice = _report(uses, failed, strings(config.language), content_dir,
                               shown_root, settings.large_original_kb, store.size)
    store.settle_digests()
    if not encode_all:
        # Only a preview that leaves photos unencoded needs the index (`store.produce`
        # encodes a copy when the browser asks); writing it took a quarter of a one-article
        # `build` at 100,000 photos.
        store.index([(os.path.join(folder, s), p) for s, p in ready.items()])
    return Photos(ready, tuple(problems), tuple(advice))


def stored_plan(source: str, config: SiteConfig, content_dir: Path,
                store: PhotoStore) -> Photo | None:
    """A photo's plan as a build makes it, for an article's body (no Open Graph crop, which
    only a lead photo gets and no body shows), from the store alone: None unless its
    header was probed and every copy made by an earlier build."""
    settings = config.images
    try:
        key = content_key(store.digest(os.path.join(str(content_dir), source)), settings)
    except OSError:
        return None
    probed = store.probed(key)
    if probed is None or probed.width * probed.height > settings.max_megapixels * 1_000_000:
        return None
    photo = plan(source, key, probed, settings, open_graph=False)
    return None if store.missing(photo) else photo


def _report(uses: list[PhotoUse], failed: dict, t, content_dir: Path, shown_root: str,
            large_kb: int, size_of) -> tuple[list[Problem], list[Problem]]:
    """Problems for broken photos at every use; advice on heavy originals and missing alt."""
    problems: list[Problem] = []
    advice: list[Problem] = []
    heavy_named = set()
    for use in uses:
        def found(key: str, use=use, **values) -> Problem:
            """A problem at the place the article names the photo, named as the article
            writes it (both worked out only for a problem: most photos have none)."""
            written = posixpath.relpath(use.photo, posixpath.dirname(use.article) or ".")
            line, col = reference_position(content_dir, use.article, use.photo, use.lead)
            return Problem(f"{shown_root}/{use.article}", line, col, _FIELD,
                           t[key].format(photo=written, **values))

        if use.photo in failed:
            error = failed[use.photo]
            problems.append(found(error.kind, **error.values))
            continue
        if not use.alt.strip() and not use.lead:
            advice.append(found("photo_no_alt"))
        if use.photo not in heavy_named:
            heavy_named.add(use.photo)
            try:
                kb = size_of(os.path.join(content_dir, use.photo)) // 1024
            except OSError:
                continue
            if kb > large_kb:
                advice.append(found("photo_large_original", kb=kb, limit=large_kb))
    return problems, advice


def reference_position(content_dir: Path, article: str, photo: str,
                       lead: bool) -> tuple[int | None, int | None]:
    """Line (and for `image:`, column) where an article names a photo; Markdown keeps no
    positions, so the body is searched for the photo's file name."""
    try:
        text = (content_dir / article).read_bytes().decode("utf-8-sig", "replace")
    except OSError:
        return None, None
    if lead:
        match = _LEAD_KEY.search(text)
        if match:
            start = text.rfind("\n", 0, match.start()) + 1
            return text.count("\n", 0, match.start()) + 1, match.start(2) - start + 1
        return None, None
    name = posixpath.basename(photo)
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":  # the body starts after the front matter
        start = next((i + 1 for i, line in enumerate(lines[1:], start=1)
                      if line.strip() in ("---", "...")), 0)
    for number, line in enumerate(lines[start:], start=start + 1):
        if name in line:
            return number, None
    return None, None
