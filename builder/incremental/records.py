"""What the last build produced from what: page digests and reads, groups of files, the
site's structure.

A `Record` describes one finished build of one output folder. `build` keeps it on disk
(`pages.json` in the cache folder, valid only for the very folder it describes); the
preview keeps it in memory, so its builds never overwrite the record of `output/`.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import plain_data
from .reads import PageReads
from .store import read_data, write_tolerantly


@dataclass(frozen=True)
class Record:
    """Digests of what made each output of one build (all empty: nothing is known)."""

    salt: str = ""  # templates, settings and code the outputs were made with
    pages: dict[str, str] = field(default_factory=dict)  # page path -> digest of its inputs
    groups: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # name -> (digest, paths)
    structure: str = ""  # digest of every page, the order and grouping of the posts
    articles: dict[str, str] = field(default_factory=dict)  # article page -> its article's key
    related: tuple[str, tuple] = ("", ())  # (digest of the tags, related posts per post)
    reads: PageReads = field(default_factory=PageReads)  # what each page read


EMPTY = Record()


class DiskRecords:
    """The record of the last build of one output folder, kept in the cache folder.

    It holds only for the very folder it was saved with (same inode): a build killed after
    swapping in its site but before saving its record leaves one that describes the
    previous site, and trusting it would reuse wrong files.
    """

    def __init__(self, cache_dir: Path, output_dir: Path):
        self.path = cache_dir / "pages.json"
        self.output_dir = output_dir
        self.output = str(output_dir.resolve())

    def load(self, salt: str) -> Record:
        """The last record if it was made with `salt` for this very folder, else EMPTY."""
        if not self._may_hold(salt):
            return EMPTY
        stored = read_data(self.path, (Record, PageReads))
        if (isinstance(stored, dict) and stored.get("output") == self.output
                and stored.get("inode") == _inode(self.output_dir)
                and isinstance(stored.get("record"), Record)
                and stored["record"].salt == salt
                and isinstance(stored["record"].reads, PageReads)
                and stored["record"].reads.well_formed()):
            return stored["record"]
        return EMPTY

    def _may_hold(self, salt: str) -> bool:
        """False when the file's head already shows another salt or folder. The record of
        a large site is its largest file (66 MB at 100,000 articles): after a change of
        code, theme or settings it was decoded whole only to be found stale. The whole
        check still follows when this says True."""
        head_size = 65536
        try:
            with open(self.path, "rb") as file:
                head = file.read(head_size)
        except OSError:
            return False
        if len(head) < head_size and not head.endswith(b"}"):
            return False  # cut short
        wanted = (json.dumps(self.output), json.dumps(salt))
        return all(text.encode("ascii") in head for text in wanted)

    def save(self, record: Record) -> None:
        """Remember this build's record (call once its site is in place)."""
        value = {"output": self.output, "inode": _inode(self.output_dir), "record": record}
        try:
            # Written part by part: the record of a large site is its largest file.
            write_tolerantly(self.path, plain_data.dump_parts(value, (Record, PageReads)))
        except plain_data.NotPlainData:
            return  # not remembered: the next build renders every page


class MemoryRecords:
    """The record of the last build of this process (the preview), never written."""

    def __init__(self):
        self.last = EMPTY

    def load(self, salt: str) -> Record:
        """The last record if it was made with `salt`, else EMPTY."""
        return self.last if self.last.salt == salt else EMPTY

    def save(self, record: Record) -> None:
        """Keep this build's record for the next build."""
        self.last = record


def _inode(folder: Path) -> int | None:
    """The inode of a folder, None if it is missing."""
    try:
        return os.stat(folder).st_ino
    except OSError:
        return None
