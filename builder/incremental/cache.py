"""The build cache, kept outside the output (`.cache/` by default).

Three things survive from one build to the next:
- converted articles, keyed by a hash of the file's bytes, its path, the settings and the
  generator's code, so an unchanged article is never parsed or converted again;
- a digest of every page's template context, so a page whose inputs did not change is
  not rendered again (its old file is reused, mtime and all);
- a stamp of all inputs (file sizes and times, settings, templates, code, options), so a
  build with nothing changed at all finishes without touching the output.
Everything in the cache is disposable: a missing or unreadable cache means a full build.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import stat
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from ..core.atomic_write import remove_stale_temporaries
from ..core.code_digest import code_digest
from ..core.config import BuildOptions, SiteConfig
from ..core.memo import BuildMemo
from ..core.errors import Problem, Text
from . import plain_data
from .store import write_tolerantly
from .entry_store import EntryStore
from .typed_data import TypedCodec

CACHE_FORMAT = 5  # 4: plain data (JSON) instead of pickle; 5: entries laid out by type

# The code a cached article depends on: the content stage and the core rules it applies,
# which convert it, and the entry format, which lays it out. Their files, not their import
# lines, are the salt, so moving a function between modules (or into a new one) still
# invalidates what they produced.
CONTENT_STAGE = ("content", "core", "incremental/plain_data.py", "incremental/typed_data.py")


def generator_version(folders: tuple[str, ...] = ()) -> str:
    """A digest of the generator's code (or of the files of the given subpackages) and of
    the cache's format: a change to either invalidates what the cache holds."""
    return hashlib.sha256(f"format {CACHE_FORMAT}|{code_digest(folders)}".encode()).hexdigest()


def settings_salt(config: SiteConfig) -> str:
    """A digest of the code and every setting: what all cached results depend on."""
    return hashlib.sha256(f"{generator_version()}|{config!r}".encode()).hexdigest()


def content_salt(config: SiteConfig) -> str:
    """What converted articles depend on: the settings and the code of the content stage
    only, so a change to the theme's code does not convert ten thousand articles again."""
    return hashlib.sha256(f"{generator_version(CONTENT_STAGE)}|{config!r}".encode()).hexdigest()


def templates_digest(config: SiteConfig) -> str:
    """A digest of every template and theme file, with the settings and the code."""
    digest = hashlib.sha256(settings_salt(config).encode())
    for folder in config.template_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


class ContentCache:
    """Converted articles from earlier builds, by content key, in one SQLite file.

    A build reads the entries it needs and writes only new ones (from the worker that
    made them), so editing one article of ten thousand writes one entry, not the whole
    cache.
    """

    def __init__(self, cache_dir: Path, salt: str, kinds: tuple[type, ...], memo: BuildMemo):
        # The dataclasses an entry may hold, the entry's own (FileResult) first: laid out
        # by their annotations, an entry decodes in two thirds of the time (typed_data).
        self.codec = TypedCodec(kinds[0], kinds)
        self._codec_without_bodies = TypedCodec(kinds[0], kinds, bytes_left_out=True)
        # Keys read ahead (`fetch`) and the entries found for them.
        self._fetched: tuple[set[str], dict[str, bytes]] = (set(), {})
        self.store = EntryStore(cache_dir / STORE_NAME)
        self._dir = str(cache_dir / STORE_NAME)  # names this cache in the session's memo
        _forget_entry_files(cache_dir)
        self.salt = salt
        self.live: set[str] = set()  # keys this build used
        self._pending: list[tuple[str, bytes]] = []  # entries not yet written (`flush`)
        # The last build's results by content key, kept in the session's memo for its next
        # build: the preview rebuilds on every save, and reading 10,000 entries back from
        # disk is a good part of the time an edit takes. A key is a content address (file
        # bytes, settings and code), so an entry can never go stale; only the last build's
        # are kept, for its cache folder (another folder starts as empty as it is on disk).
        self.memo = memo

    def key(self, source: str, data: bytes) -> str:
        """The content address of one file under the current settings and code."""
        digest = hashlib.sha256(self.salt.encode())
        digest.update(source.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def file_key(self, path: str, source: str, memo: dict | None = None) -> str:
        """The content address of one content file ("" if unreadable). With a `memo` (the
        preview's), a file whose size, times and inode are unchanged is not read again."""
        try:
            if memo is not None:
                info = os.stat(path)
                state = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
                known = memo.get(path)
                if known is not None and known[0] == (state, self.salt):
                    return known[1]
            with open(path, "rb") as file:
                key = self.key(source, file.read())
        except OSError:
            return ""
        if memo is not None:
            memo[path] = ((state, self.salt), key)
        return key

    def fetch(self, keys: list[str]) -> None:
        """Read the entries of `keys` from the store at once, for the `get` calls that
        follow in this process (those of the last fetch are let go)."""
        self._fetched = (set(keys), self.store.get_many(keys))

    def get(self, key: str, bodies: bool = True):
        """The cached result for this exact content, or None; with `bodies` False, read
        from the store with every body's HTML left out (b""), for a build that reads a
        body back only when a page shows it (BodyShelf)."""
        self.live.add(key)
        recent = self.memo.content.get(self._dir, {}).get(key)
        if recent is not None:
            return recent
        asked, found = self._fetched
        data = found.pop(key, None) if key in asked else self.store.get(key)
        if data is None:
            return None
        try:
            return self.decode(data, bodies)
        except plain_data.NotPlainData:
            return None  # not in this format: built again

    def decode(self, data: bytes, bodies: bool = True):
        """An entry's result (NotPlainData if it is not one); with `bodies` False, every
        body's HTML left out (b"")."""
        return (self.codec if bodies else self._codec_without_bodies).loads(data)

    def stored_body(self, source: str, key: str) -> bytes | None:
        """The compressed HTML of the body of `source` that the store holds under `key`,
        taken from its entry alone, or None."""
        data = self.store.get(key)
        if data is None:
            return None
        try:
            stored, packed = self.codec.loads_fields(data, ("source",), ("body", "packed"))
        except plain_data.NotPlainData:
            return None
        return packed if stored == source and type(packed) is bytes else None

    def in_memory(self) -> bool:
        """True when the session's last build left its results in memory."""
        return bool(self.memo.content.get(self._dir))

    def remember(self, results: dict[str, object]) -> None:
        """Keep this build's results (by key) in the memo for the session's next build."""
        self.memo.content.clear()
        self.memo.content[self._dir] = {key: result for key, result in results.items()
                              if not result.problems}

    def remember_more(self, results: dict[str, object]) -> None:
        """Add results (a quick preview build's) to those kept in memory."""
        recent = self.memo.content.setdefault(self._dir, {})
        recent.update({key: result for key, result in results.items() if not result.problems})

    def put(self, key: str, result):
        """Store a result for later builds (results with problems are not kept), and give
        it back as a later build will read it: with the names it shares with other
        articles held once (see plain_data), which a build of new articles keeps too."""
        data = self.encode(key, result)
        if data is None:
            return result
        self.flush()
        return self.codec.loads(data)

    def encode(self, key: str, result) -> bytes | None:
        """The entry a later build will read for `result`, queued for the store (`flush`
        writes it), or None for a result that is not kept (one with problems)."""
        self.live.add(key)
        if result.problems:
            return None
        try:
            data = self.codec.dumps(result)
        except plain_data.NotPlainData:
            return None
        self._pending.append((key, data))
        return data

    def flush(self) -> None:
        """Write the queued entries, in one transaction."""
        pending, self._pending = self._pending, []
        self.store.put_many(pending)  # a store that cannot be written only costs time

    def prune(self) -> None:
        """Delete entries no file of this build has (edited or deleted articles)."""
        self.store.keep_only(self.live)

    def forget(self, keys: list[str]) -> None:
        """Delete the entries of these keys (the old versions of files just edited)."""
        self.store.delete(keys)

    def close(self) -> None:
        """Close this process's connection to the store."""
        self.store.close()


class StoredBody:
    """Stands for a converted body's compressed HTML (`Converted.packed`) that stays in
    the store until a page shows it. A build in a new process otherwise held every body
    from the content stage to its end (about 2 KB each: 200 MB at 100,000 articles) to
    render the few pages an edit changes."""

    __slots__ = ("shelf", "source", "key")

    def __init__(self, shelf: BodyShelf, source: str, key: str):
        self.shelf, self.source, self.key = shelf, source, key

    def read(self) -> bytes:
        """The compressed HTML, from the store."""
        return self.shelf.read(self.source, self.key)

    def __reduce__(self):
        # Sent to a forked worker (a page to render), a stand-in names its shelf by number:
        # the worker, a copy of this process, holds the same shelf and reads the body itself.
        return (_received, (self.shelf.number, self.source, self.key))


# The shelves open in this process, by number (see StoredBody.__reduce__).
_OPEN_SHELVES: dict[int, "BodyShelf"] = {}
_shelf_numbers = itertools.count(1)


def _received(number: int, source: str, key: str) -> StoredBody:
    """A stand-in sent by the process that forked this one, on the same shelf."""
    return _OPEN_SHELVES[number].hold(source, key)


class BodyShelf:
    """Bodies read back from the content cache's store when a page needs one.

    An entry is written before the build holds its `StoredBody` (by the worker that made
    it, or found there); one gone since (another build pruned the store, a store that
    could not be written) is made again by `convert(source)` from the content file."""

    def __init__(self, cache: ContentCache, convert: Callable[[str], bytes]):
        self.cache = cache
        self.convert = convert
        self.number = next(_shelf_numbers)
        _OPEN_SHELVES[self.number] = self

    def hold(self, source: str, key: str) -> StoredBody:
        """The stand-in for the body of `source` stored under `key`."""
        return StoredBody(self, source, key)

    def read(self, source: str, key: str) -> bytes:
        """The compressed HTML of the body of `source`, by its entry or made again."""
        packed = self.cache.stored_body(source, key)
        return packed if packed is not None else self.convert(source)

    def close(self) -> None:
        """Close this process's connection to the store."""
        _OPEN_SHELVES.pop(self.number, None)
        self.cache.close()


STORE_NAME = "articles.sqlite"
_ENTRY_FILES = "articles"  # the folder of one file per entry that versions before 5 kept


def _forget_entry_files(cache_dir: Path) -> None:
    """Delete the folder of entry files an older version left (a read-only one stays)."""
    folder = cache_dir / _ENTRY_FILES
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Stamp:
    """The inputs of a finished build, to recognise a build with nothing to do."""

    inputs: str
    output_inode: int
    articles: int
    pages: int
    next_publication: float | None  # when a future-dated article becomes due
    # Shown again by a build with nothing to do: kept as Problems (not words) so that they
    # are said again in that run's language.
    warnings: tuple = ()
    drafts: int = 0  # drafts and future-dated articles left out, for the summary
    future: int = 0
    shape: str = ""  # Inputs.shape


# Stating a file is a system call of a few microseconds: at 100,000 articles and their
# photos, two thirds of a build with nothing to do. The paths are stated in parts of this
# many, which the caller may spread over the cores (the interpreter lock serialises
# threads doing it); each part gives back only its digest.
_STATE_PART = 1024
_PATHS: list[str] = []  # the paths the parts are cut from, in place before workers fork
# How the caller maps a function over the parts' starts, in order (a pool, or plain map).
Spread = Callable[[Callable[[int], str], range], Iterable[str]]


def _tree_paths(folder: Path) -> list[str]:
    """Every file and folder under `folder`, in a fixed order (sorted, folder by folder)."""
    found: list[str] = []
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        prefix = os.path.join(current, "")  # joined by hand: a call per path costs more
        found += [prefix + name for name in sorted(files) + dirs]
    return found


def _state_lines(paths: list[str]) -> bytes:
    """A line per path with its size, times, inode and mode (a path gone is left out)."""
    return _states(paths)[0]


def _states(paths: list[str]) -> tuple[bytes, bytes]:
    """(state lines, shape lines) of `paths`: a state line holds a path's size, times,
    inode and mode (a path gone is left out); its shape line the same, but for a folder
    or a Markdown file, whose shape line is its path alone.

    The change time too: a tool that restores a file's modification time after writing
    the same number of bytes (a sync tool, a checkout, the bench's harness) cannot set it."""
    lines, shape = [], []
    for path in paths:
        try:
            info = os.lstat(path)
        except OSError:
            continue
        line = (f"{path}|{info.st_size}|{info.st_mtime_ns}|{info.st_ctime_ns}|"
                f"{info.st_ino}|{info.st_mode}\n")
        lines.append(line)
        # A save of an article changes its times and, saved by a rename, its folder's.
        if _markdown(path) or stat.S_ISDIR(info.st_mode):
            line = f"{path}\n"
        shape.append(line)
    return ("".join(lines).encode("utf-8", "surrogateescape"),
            "".join(shape).encode("utf-8", "surrogateescape"))


def _markdown(path: str) -> bool:
    """True for a Markdown file (by its name)."""
    return path[-3:].lower() == ".md"


def _part_state(start: int) -> str:
    """Digests of the state lines and the shape lines of one part of `_PATHS`."""
    lines, shape = _states(_PATHS[start:start + _STATE_PART])
    return (hashlib.blake2b(lines, digest_size=20).hexdigest() + " "
            + hashlib.blake2b(shape, digest_size=20).hexdigest())


def _tree_state(folder: Path, digest, shape, spread: Spread) -> list[str]:
    """Feed the state of every file and folder under `folder` into `digest` and its shape
    into `shape`, part by part (the same digests however `spread` maps the parts); the
    paths of its Markdown files."""
    _PATHS[:] = _tree_paths(folder)
    try:
        for part in spread(_part_state, range(0, len(_PATHS), _STATE_PART)):
            lines, _, shaped = part.partition(" ")
            digest.update(lines.encode())
            shape.update(shaped.encode())
        return [path for path in _PATHS if _markdown(path)]
    finally:
        _PATHS.clear()


@dataclass(frozen=True)
class Inputs:
    """What a build reads, by file metadata (see `input_state`)."""

    digest: str  # of everything: content, templates, settings, code
    # The same, but a Markdown file of the content folder counts by its path alone, and
    # so does every folder: when only this matches the last build's, every change is
    # inside Markdown files (quick_build.py).
    shape: str
    markdown: list[str]  # the content folder's Markdown files


def input_state(config: SiteConfig, options: BuildOptions, spread: Spread = map) -> Inputs:
    """Everything a build reads, by file metadata: content, templates, settings, code.
    `spread` maps a module-level function over the parts of a folder's paths, in order:
    the pipeline passes its process pool (`workers.parallel_map`), which this engine,
    on core only, does not import."""
    head = hashlib.sha256(settings_salt(config).encode())
    head.update(f"{options.drafts}|{options.future}|{options.encode_photos}|"
                f"{options.output_dir.resolve()}".encode())
    digest, shape = head.copy(), head
    markdown = _tree_state(options.content_dir, digest, shape, spread)
    for folder in config.template_dirs:
        _tree_state(folder, digest, shape, spread)
    # A new logo under the same name counts too.
    identity = _state_lines([str(file) for file in config.identity_files])
    digest.update(identity)
    shape.update(identity)
    return Inputs(digest.hexdigest(), shape.hexdigest(), markdown)


_STAMP_KINDS = (Stamp, Problem, Text)


def load_stamp(cache_dir: Path) -> Stamp | None:
    """The stamp of the last finished build, if any (None for one in an older format)."""
    try:
        stamp = plain_data.loads((cache_dir / "stamp.json").read_bytes(), _STAMP_KINDS)
    except (OSError, plain_data.NotPlainData, TypeError):
        return None
    return stamp if isinstance(stamp, Stamp) else None


def save_stamp(cache_dir: Path, stamp: Stamp) -> None:
    """Record the stamp of a finished build (the last thing it writes); a warning holding a
    value the cache format cannot keep is kept in the default language's words."""
    try:
        data = plain_data.dumps(stamp, _STAMP_KINDS)
    except plain_data.NotPlainData:
        data = plain_data.dumps(replace(stamp, warnings=tuple(str(w) for w in stamp.warnings)),
                                _STAMP_KINDS)
    write_tolerantly(cache_dir / "stamp.json", data)
    remove_stale_temporaries(cache_dir)


def nothing_to_do(stamp: Stamp | None, inputs: str, output_dir: Path, marker: str,
                  now: datetime) -> bool:
    """True if the output is the one the last build made from these very inputs."""
    if stamp is None or stamp.inputs != inputs:
        return False
    if stamp.next_publication is not None and now.timestamp() >= stamp.next_publication:
        return False
    try:
        return (os.stat(output_dir).st_ino == stamp.output_inode
                and (output_dir / marker).is_file())
    except OSError:
        return False
