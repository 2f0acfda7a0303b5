"""The photo cache: encoded copies kept between builds, one folder per content key.

A content key covers the photo's bytes, the settings that shape the copies and the code
that makes them, so a folder's files never go stale: an unchanged photo is never encoded
again, and a changed one simply gets a new folder. Deleting the cache is always safe.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import tempfile
from dataclasses import asdict
from pathlib import Path

import PIL

from ..core.atomic_write import remove_stale_temporaries, write_atomically
from ..core.code_digest import code_digest
from ..core.config import ImageSettings
from ..core.memo import BuildMemo
from .encode import PhotoError, encode
from .plan import Photo, Probed, Variant

# Bump when the copies made from the same photo and settings change.
CODE_VERSION = "photos-1"
PLANS_FILE = "plans.json"
# The code a saved plan comes from: the photo stage and the core rules it applies (paths).
PLAN_CODE = ("photos", "core")
_READ = 1 << 20


class PhotoStore:
    """Cache folder of encoded copies (a temporary one for builds without a cache); `memo`
    is the session's (see `index`)."""

    def __init__(self, cache_dir: Path | None, memo: BuildMemo):
        self.memo = memo
        self._temporary = None
        if cache_dir is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="campaign-news-photos-")
            root = Path(self._temporary.name)
        else:
            root = cache_dir / "photos"
        self.root = str(root)
        os.makedirs(self.root, exist_ok=True)
        self._memo_file = os.path.join(self.root, "digests.json")
        # Read on first use: a build with nothing to do never looks at a photo.
        self._memo: dict | None = None
        self._memo_changed = False
        # Set by the photo stage when its plans differ from those the memo held.
        self.plans_changed = False
        self._lock = threading.Lock()
        self._cache_root: str | None = None  # set when copies fall back to a scratch folder

    def fall_back(self, failed: str | None = None) -> bool:
        """Keep copies in a scratch folder from now on, when the cache folder cannot be
        written; True when copies meant for `failed` (the folder a write just failed in) now
        go elsewhere, False when the scratch folder itself failed. Under the lock, so that
        photos encoded in parallel all learn of one switch."""
        with self._lock:
            if failed is not None and self.root != failed:
                return True  # another thread switched already: try again there
            if self._temporary is not None:
                return False
            self._temporary = tempfile.TemporaryDirectory(prefix="campaign-news-photos-")
            self._cache_root, self.root = self.root, self._temporary.name
            self._memo_file = os.path.join(self.root, "digests.json")
            return True

    def settle_digests(self) -> None:
        """Save the files' digests if any are new, and let go of them until asked again:
        the photo stage is done with them, and the rest of a build held them (a list per
        photo file) to its end."""
        if self._temporary is None and self._memo_changed:
            _write_json(self._memo_file, self._digests())
        self._memo, self._memo_changed = None, False

    def close(self) -> None:
        """Save what later builds reuse (or drop the temporary folder)."""
        if self._temporary is not None:
            self._temporary.cleanup()
            return
        self.settle_digests()
        if self.plans_changed:
            _write_json(os.path.join(self.root, PLANS_FILE), {
                "code": code_digest(PLAN_CODE),
                "plans": [plan_data(photo) for photo in self.plans().values()]})
        remove_stale_temporaries(Path(self.root))  # of the index, left by a killed build

    def digest(self, path: str) -> str:
        """A digest of a file's bytes, read again only when its size, time or inode changed."""
        info = os.stat(path)
        stamp = [info.st_size, info.st_mtime_ns, info.st_ino]
        known = self._digests().get(path)
        if known and known[:3] == stamp:
            return known[3]
        digest = hashlib.blake2b(digest_size=20)
        with open(path, "rb") as file:
            while chunk := file.read(_READ):
                digest.update(chunk)
        self._digests()[path] = [*stamp, digest.hexdigest()]
        self._memo_changed = True
        return digest.hexdigest()

    def _digests(self) -> dict:
        """Digests of photo files by path, with the size, time and inode they were made at."""
        if self._memo is None:
            self._memo = _read_json(self._memo_file, {})
        return self._memo

    def plans(self) -> dict[str, Photo]:
        """The plans of the last build in this cache folder, by photo (see `stage.prepare`);
        on first use in a process, those the last build saved: planning 10,000 photos
        again (a probe file read and every copy named for each) took a one-article build at
        10,000 articles 1.4 s."""
        plans = self.memo.photo_plans.get(self.root)
        if plans is None:
            plans = self.memo.photo_plans[self.root] = self._read_plans()
        return plans

    def _read_plans(self) -> dict[str, Photo]:
        """The plans the last build saved, by photo (none if made by other code)."""
        saved = _read_json(os.path.join(self.root, PLANS_FILE), {})
        if not isinstance(saved, dict) or saved.get("code") != code_digest(PLAN_CODE):
            return {}
        layouts: dict = {}
        try:
            return {photo.source: photo
                    for photo in (photo_of(data, layouts) for data in saved["plans"])}
        except (KeyError, TypeError, ValueError):
            return {}  # damaged: the plans are made again

    def size(self, path: str) -> int:
        """A file's size in bytes: as `digest` saw it, else from the file system."""
        known = self._digests().get(path)
        return known[0] if known else os.path.getsize(path)

    def folder(self, key: str) -> str:
        """The cache folder of one content key (made on first use)."""
        folder = os.path.join(self.root, key[:2], key)
        os.makedirs(folder, exist_ok=True)
        return folder

    def file(self, photo: Photo, variant: Variant) -> str:
        """Where one copy of a photo is kept (after a fall-back, copies made before it are
        still read from the cache folder)."""
        path = os.path.join(self.root, photo.key[:2], photo.key, variant.file)
        if self._cache_root and not os.path.isfile(path):
            return os.path.join(self._cache_root, photo.key[:2], photo.key, variant.file)
        return path

    def missing(self, photo: Photo) -> list[Variant]:
        """The copies of a photo not made yet."""
        return [v for v in photo.variants if not os.path.isfile(self.file(photo, v))]

    def probed(self, key: str) -> Probed | None:
        """The header facts found on an earlier build."""
        data = _read_json(os.path.join(self.root, key[:2], key, "probe.json"), None)
        return Probed(**data) if data else None

    def remember(self, key: str, probed: Probed) -> None:
        """Keep a photo's header facts for later builds."""
        _write_json(os.path.join(self.folder(key), "probe.json"), asdict(probed))

    def index(self, photos: list[tuple[str, Photo]]) -> None:
        """Record which file and plan each published path comes from (see `produce`);
        not written again while it holds exactly what this session last wrote into it (a
        preview's saves: rewriting 10,000 entries took most of a save's time)."""
        path = os.path.join(self.root, "index.json")
        last = self.memo.photo_index.get(path)
        if last is not None and last[0] == photos and last[1] == _file_state(path):
            return
        entries = {}
        for source, photo in photos:
            plan = plan_data(photo)
            for variant in photo.variants:
                entries[photo.path(variant)] = [source, plan]
        _write_json(path, entries)
        self.memo.photo_index[path] = (list(photos), _file_state(path))


def plan_data(photo: Photo) -> dict:
    """A photo's plan as JSON data."""
    return {"source": photo.source, "key": photo.key, "stem": photo.stem,
            "width": photo.width, "height": photo.height, "page_widths": photo.page_widths,
            "card_widths": photo.card_widths,
            "variants": [[v.suffix, v.width, v.height, v.format] for v in photo.variants]}


def photo_of(plan: dict, layouts: dict | None = None) -> Photo:
    """A photo's plan back from its JSON data; photos read with one `layouts` share the
    copies, widths and sizes they have in common, as planned photos do (plan.layout)."""
    layouts = {} if layouts is None else layouts
    found = (tuple(map(tuple, plan["variants"])), tuple(plan["page_widths"]),
             tuple(plan["card_widths"]), plan["width"], plan["height"])
    shared = layouts.get(found)
    if shared is None:
        variants, page, card, width, height = found
        shared = layouts[found] = (tuple(Variant(*v) for v in variants), page, card, width,
                                   height)
    variants, page, card, width, height = shared
    return Photo(plan["source"], plan["key"], plan["stem"], width, height, variants, page,
                 card)


def _file_state(path: str) -> tuple | None:
    """Size, time and inode of a file (None if missing): whether another process rewrote it."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def content_key(digest: str, settings: ImageSettings) -> str:
    """The key of a photo's copies: its bytes, the settings shaping them and the code."""
    text = f"{CODE_VERSION}|{PIL.__version__}|{settings.signature()}|{digest}"
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def produce(cache_dir: Path, output_path: str, quality: int) -> Path | None:
    """The cache file of one published photo copy, encoded now if it is not there yet.

    For the preview, which builds without encoding photos (`BuildOptions.encode_photos`)
    and serves `media/…` copies from the cache as the browser asks for them. None when
    the path is no photo copy of the last build (or the photo cannot be decoded).
    """
    root = cache_dir / "photos"
    entry = _read_json(str(root / "index.json"), {}).get(output_path)
    if entry is None:
        return None
    source, plan = entry
    photo = photo_of(plan)
    variant = next(v for v in photo.variants if photo.path(v) == output_path)
    target = root / photo.key[:2] / photo.key / variant.file
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            encode(source, photo, [variant], str(target.parent), quality)
        except (PhotoError, OSError):
            return None
    return target


def _read_json(path: str, default):
    """A JSON file's value, or `default` when it is missing or damaged."""
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError):
        return default


def _write_json(path: str, value) -> None:
    """Write a JSON file atomically; a cache that cannot be written is only slower."""
    with contextlib.suppress(OSError):
        write_atomically(path, json.dumps(value).encode())
