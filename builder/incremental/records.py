"""What the last build produced from what: page digests and reads, groups of files, the
site's structure.

A `Record` describes one finished build of one output folder. `build` keeps it on disk
(`record.json` in the cache folder, valid only for the very folder it describes); the
preview keeps it in memory, so its builds never overwrite the record of `output/`.

On disk a record is plain JSON laid out for Python's C decoder: mappings of text as JSON
objects, the packed reads of every page as one base64 text with a count per page, related
posts as arrays. In the general cache format (plain_data), whose decoder visits every
value, the record of 100,000 articles took a one-article build 1.4 s to read and 1.1 s to
write (bench/RESULTS.md). Nothing in it can run code, and a value of the wrong kind
anywhere makes the whole record unusable (EMPTY: every page is made again).
"""
from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .reads import PageReads
from .store import write_tolerantly


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
    # article -> [its page, the output path each ref of its body leads to ("": none)], for
    # a build whose edits are inside article bodies (quick_build.py)
    links: dict[str, list[str]] = field(default_factory=dict)
    # feed -> [its title, its page, the article pages whose whole body it carries]
    feeds: dict[str, list[str]] = field(default_factory=dict)
    others: dict[str, str] = field(default_factory=dict)  # other content file -> its key


EMPTY = Record()


class DiskRecords:
    """The record of the last build of one output folder, kept in the cache folder.

    It holds only for the very folder it was saved with (same inode): a build killed after
    swapping in its site but before saving its record leaves one that describes the
    previous site, and trusting it would reuse wrong files.
    """

    def __init__(self, cache_dir: Path, output_dir: Path):
        self.path = cache_dir / RECORD_FILE
        self.output_dir = output_dir
        self.output = str(output_dir.resolve())
        # The file of the general format that versions before this one wrote: read by
        # none, deleted by the first save.
        self._older = cache_dir / OLDER_RECORD_FILE

    def load(self, salt: str) -> Record:
        """The last record if it was made with `salt` for this very folder, else EMPTY."""
        if not self._may_hold(salt):
            return EMPTY
        stored = _read_stored(self.path)
        if (not isinstance(stored, dict) or stored.get("format") != RECORD_FORMAT
                or stored.get("output") != self.output
                or stored.get("inode") != _inode(self.output_dir)
                or stored.get("salt") != salt):
            return EMPTY
        try:
            record = _record_of(stored)
        except (KeyError, TypeError, ValueError, binascii.Error):
            return EMPTY
        return record if record.reads.well_formed() else EMPTY

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
        try:
            # Written part by part: the record of a large site is its largest file.
            write_tolerantly(self.path, _record_parts(record, self.output,
                                                      _inode(self.output_dir)))
        except (TypeError, ValueError):
            return  # a value JSON cannot hold: not remembered, the next build makes all
        try:
            self._older.unlink()
        except OSError:
            pass


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


RECORD_FILE = "record.json"
OLDER_RECORD_FILE = "pages.json"
RECORD_FORMAT = 3  # 1 (pages.json): the general cache format; 2: no links, feeds, others
_PART_ITEMS = 4096  # entries of a large mapping encoded together


def _record_parts(record: Record, output: str, inode: int | None) -> Iterator[bytes]:
    """The record as one JSON object, in parts: what identifies it first (DiskRecords reads
    only the head of a stale one), then the large mappings a few thousand entries at a
    time, so that the whole text is never held at once."""
    head = {"format": RECORD_FORMAT, "output": output, "inode": inode, "salt": record.salt,
            "structure": record.structure, "related_inputs": record.related[0]}
    yield _json(head)[:-1]
    yield b',"groups":' + _json({name: [digest, paths]
                                 for name, (digest, paths) in record.groups.items()})
    for name, mapping in (("pages", record.pages), ("articles", record.articles)):
        yield b',"%s":' % name.encode()
        yield from _mapping_parts(mapping)
    yield b',"related":' + _json([list(related) for related in record.related[1]])
    yield b',"feeds":' + _json(record.feeds)
    yield b',"links":'
    yield from _mapping_parts(record.links)
    yield b',"others":'
    yield from _mapping_parts(record.others)
    reads = record.reads
    yield b',"reads_table":' + _json(reads.table)
    yield b',"reads_paths":' + _json(list(reads.pages))
    yield b',"reads_counts":' + _json([len(data) // 4 for data in reads.pages.values()])
    yield b',"reads":"' + base64.b64encode(b"".join(reads.pages.values())) + b'"}'


def _mapping_parts(mapping: dict) -> Iterator[bytes]:
    """A mapping of text (to text or lists of text) as one JSON object, a few thousand
    entries per part."""
    items = list(mapping.items())
    yield b"{"
    for start in range(0, len(items), _PART_ITEMS):
        part = _json(dict(items[start:start + _PART_ITEMS]))[1:-1]
        yield (b"," + part) if start and part else part
    yield b"}"


def _json(value) -> bytes:
    """Compact JSON in ASCII: a name undecodable as UTF-8 (held with surrogates) comes
    back as it went."""
    return json.dumps(value, separators=(",", ":")).encode("ascii")


def _read_stored(path: Path) -> dict | None:
    """The decoded JSON of a record file, None if it cannot be read or decoded."""
    try:
        with open(path, "rb") as file:
            return json.loads(file.read())
    except (OSError, ValueError):
        return None


def _record_of(stored: dict) -> Record:
    """The Record a decoded file holds (TypeError or ValueError for anything else)."""
    pages, articles = _texts(stored["pages"]), _texts(stored["articles"])
    others = _texts(stored["others"])
    groups = {}
    for name, (digest, paths) in _checked(stored["groups"], dict).items():
        groups[name] = (_checked(digest, str), _checked(paths, list))
        if not all(type(path) is str for path in paths):
            raise TypeError("a group's path is not text")
    related = tuple(tuple(_checked(item, list)) for item in _checked(stored["related"], list))
    if not all(type(index) is int for item in related for index in item):
        raise TypeError("a related post is not a number")
    table, paths = _checked(stored["reads_table"], list), _checked(stored["reads_paths"], list)
    counts = _checked(stored["reads_counts"], list)
    packed = base64.b64decode(_checked(stored["reads"], str), validate=True)
    if (len(paths) != len(counts) or not all(type(n) is int and n >= 0 for n in counts)
            or sum(counts) * 4 != len(packed)
            or not all(type(key) is str for key in table + paths)):
        raise ValueError("the reads do not add up")
    reads, start = {}, 0
    for path, count in zip(paths, counts):
        reads[path] = packed[start:start + 4 * count]
        start += 4 * count
    feeds, links = _checked(stored["feeds"], dict), _checked(stored["links"], dict)
    if not all(type(entry) is list and len(entry) >= minimum
               and all(type(text) is str for text in entry)
               for mapping, minimum in ((feeds, 2), (links, 1)) for entry in mapping.values()):
        raise TypeError("a feed's or an article's entry is not a list of text")
    return Record(_checked(stored["salt"], str), pages, groups,
                  _checked(stored["structure"], str), articles,
                  (_checked(stored["related_inputs"], str), related), PageReads(table, reads),
                  links, feeds, others)


def _checked(value, kind: type):
    """`value` if it is of `kind`, else TypeError."""
    if type(value) is not kind:
        raise TypeError(f"{kind.__name__} expected")
    return value


def _texts(value) -> dict[str, str]:
    """A JSON object of text values (TypeError for anything else)."""
    if type(value) is not dict or not all(type(text) is str for text in value.values()):
        raise TypeError("a mapping of text expected")
    return value


def _inode(folder: Path) -> int | None:
    """The inode of a folder, None if it is missing."""
    try:
        return os.stat(folder).st_ino
    except OSError:
        return None
