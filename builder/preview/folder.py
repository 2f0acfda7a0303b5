"""The preview's own site folder, inside the cache folder, changed in place.

The preview never writes the output folder: what it shows (drafts, future articles) can
never reach `output/`. Its folder lives as long as one `serve` (`<cache>/preview/site-<pid>`)
and is changed in place: a save rewrites only the files whose bytes changed. New files are
first written beside the folder and moved in only when the whole build succeeded, so a
failed build leaves the last good site on show.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from ..core.atomic_write import write_atomically
from ..core.portable import pid_alive
from ..core.same_file import holds, same_size_and_time
from ..publish.lock import lock_path
from ..publish.output import MARKER, MARKER_TEXT, Staging, remove_tree

PREFIX = "site-"


def preview_folder(cache_dir: Path | None) -> Path:
    """A fresh, empty folder for this process's preview; old ones of dead previews go."""
    if cache_dir is None:
        # --no-cache: nothing may be written to the cache folder, so a temporary folder.
        return Path(tempfile.mkdtemp(prefix="campaign-news-preview-")) / "site"
    parent = cache_dir / "preview"
    parent.mkdir(parents=True, exist_ok=True)
    for old in parent.glob(f"{PREFIX}*"):
        pid = old.name[len(PREFIX):]
        if pid.isdigit() and (int(pid) == os.getpid() or not pid_alive(int(pid))):
            discard(old)
    return parent / f"{PREFIX}{os.getpid()}"


def discard(folder: Path) -> None:
    """Remove a preview folder and its lock (the preview has stopped)."""
    with contextlib.suppress(OSError):
        lock_path(folder).unlink(missing_ok=True)
    if folder.is_dir():
        remove_tree(folder)
    if folder.parent.name.startswith("campaign-news-preview-"):
        with contextlib.suppress(OSError):
            folder.parent.rmdir()


class PreviewFolder(Staging):
    """The output writer of the preview: Staging's interface, changes made in place.

    `present` is the set of files the folder holds (kept by the session between builds);
    a file is rewritten only when its bytes differ, and files no longer produced are
    deleted, all at `commit`.
    """

    def __init__(self, folder: Path, present: set[str]):
        super().__init__(folder)
        self.dir = folder.parent / f".{folder.name}.pending-{os.getpid()}"
        self.folder = folder
        self.present = present
        self._new = str(self.dir) + "/"
        self._old = str(folder) + "/"
        self._reserved: list[str] = []

    def reserve(self, rel: str, origin: str) -> None:
        """Claim an output path (same checks as a build's staging folder)."""
        super().reserve(rel, origin)
        self._reserved.append(rel)

    def put(self, rel: str, data: bytes) -> None:
        """Write a reserved path, unless the folder already holds exactly these bytes."""
        if rel in self.present and holds(self._old + rel, data):
            return
        self._folder(rel)
        with open(self._new + rel, "wb") as file:
            file.write(data)

    def reuse(self, rel: str) -> bool:
        """The file the folder holds stays as it is."""
        return rel in self.present

    def reuse_all(self, rels: list[str]) -> set[str]:
        """The paths among `rels` the folder does not hold."""
        return {rel for rel in rels if rel not in self.present}

    def has_old(self, rel: str) -> bool:
        """True if the folder holds a file at `rel`."""
        return rel in self.present

    def copy(self, rel: str, source: str | Path, origin: str) -> None:
        """Copy a photo or theme file, unless the folder's copy matches it by size and time."""
        self.reserve(rel, origin)
        if rel in self.present and same_size_and_time(self._old + rel, source):
            return
        self._folder(rel)
        shutil.copy2(source, self._new + rel)

    def copy_all(self, copies: list[tuple[str, str | Path, str]]) -> None:
        """`copy` for many (path, source, origin), one by one (a save changes few)."""
        for rel, source, origin in copies:
            self.copy(rel, source, origin)

    # The preview's folder is rewritten file by file as saves come: it copies what a build
    # would share, so that no file of the cache is ever written through it.
    share_all = copy_all

    def replace_files(self, files: dict[str, bytes]) -> int:
        """Outside a build: replace files the folder holds, each one atomically (a browser
        never reads half a page); returns how many differed."""
        written = 0
        for rel, data in files.items():
            target = self._old + rel
            if holds(target, data):
                continue
            write_atomically(target, data)
            self.present.add(rel)
            written += 1
        return written

    def remove_files(self, paths) -> None:
        """Outside a build: delete files no longer produced (a search shard renamed)."""
        for rel in paths:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self._old + rel)
            self.present.discard(rel)

    def commit(self) -> None:
        """Move the new files in and delete the ones no longer produced."""
        if not self.folder.is_dir():  # made by the first good build only
            self.folder.mkdir(parents=True)
            (self.folder / MARKER).write_bytes(MARKER_TEXT)
            self.present.clear()
        # Pages are written by worker processes: what is pending is what the folder holds.
        for current, _, files in os.walk(self.dir):
            for name in files:
                rel = os.path.relpath(os.path.join(current, name), self.dir).replace(os.sep, "/")
                if rel == MARKER:
                    continue
                target = self._old + rel
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(self._new + rel, target)
        kept = set(self._reserved)
        for rel in self.present - kept:
            with contextlib.suppress(OSError):
                os.unlink(self._old + rel)
                os.removedirs(os.path.dirname(self._old + rel))  # empty folders only
        self.present.clear()
        self.present.update(kept)


