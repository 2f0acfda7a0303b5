"""What each page read while it was made: the dependency records of the pages.

A page's reads are the keys of the shared values it showed (`Signed.reads()`: the cards
it lists, the photos it shows). They are kept as indexes into one table of keys, since a
card is read by a dozen pages and a record of a large site holds a few hundred thousand
pages: the table is grown by each build and made afresh only when most of it is stale.
"""
from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass, field

_INDEX = "I"  # an unsigned 32-bit number on every platform Python runs on
assert array(_INDEX).itemsize == 4


def pack(indexes) -> bytes:
    """Indexes as 32-bit little-endian numbers. Held as lists of numbers, the record of a
    10,000-article site took 18.6 MB of memory; packed (and its keys held once), 11.3 MB."""
    packed = array(_INDEX, indexes)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def unpack(data: bytes) -> array:
    """The indexes `pack` wrote (ValueError for bytes that are not a whole number of them)."""
    indexes = array(_INDEX)
    indexes.frombytes(data)
    if sys.byteorder == "big":
        indexes.byteswap()
    return indexes


@dataclass(frozen=True)
class PageReads:
    """The table of read keys and, per page path, the indexes of the keys it read (packed)."""

    table: list[str] = field(default_factory=list)
    pages: dict[str, bytes] = field(default_factory=dict)

    def well_formed(self) -> bool:
        """True if every page's reads are packed indexes (a record of an older format, or
        a damaged one, is not used)."""
        return all(type(data) is bytes and not len(data) % 4 for data in self.pages.values())

    def stale(self, live: set[str]) -> set[int]:
        """Indexes of the keys that are not read as they are now (changed or gone)."""
        return {index for index, key in enumerate(self.table) if key not in live}

    def keys(self, path: str) -> tuple[str, ...]:
        """The keys a page read (empty for a page not in the record)."""
        return tuple(self.table[index] for index in unpack(self.pages.get(path, b"")))

    def read_any(self, path: str, indexes: set[int]) -> bool:
        """True if the page read any of the keys at `indexes`."""
        return not indexes.isdisjoint(unpack(self.pages.get(path, b"")))

    def readers(self, indexes: set[int]) -> set[str]:
        """The pages that read any of the keys at `indexes`."""
        return {path for path in self.pages if self.read_any(path, indexes)}


class ReadsWriter:
    """The reads of a new build: pages kept as they were keep their entries."""

    def __init__(self, old: PageReads):
        self.old = old
        self.table = list(old.table)
        self.pages: dict[str, bytes] = {}
        self._index: dict[str, int] | None = None  # made only when a page is made again

    def keep(self, path: str) -> None:
        """The page was reused as it was: so were its reads."""
        self.pages[path] = self.old.pages.get(path, b"")

    def keep_every(self) -> None:
        """Every page of the old record stays as it was (until `add` says otherwise)."""
        self.pages.update(self.old.pages)

    def add(self, path: str, keys: tuple[str, ...]) -> None:
        """The page was made (again) and read `keys`."""
        if self._index is None:
            self._index = {key: index for index, key in enumerate(self.table)}
        indexes = []
        for key in keys:
            index = self._index.get(key)
            if index is None:
                index = self._index[key] = len(self.table)
                self.table.append(key)
            indexes.append(index)
        self.pages[path] = pack(indexes)

    def done(self) -> None:
        """Every page is in: let go of the index of keys, which only `add` uses (13 MB at
        100,000 articles, held to the build's end otherwise); made again if asked."""
        self._index = None

    def result(self, live: int) -> PageReads:
        """The new record; once the table holds more than twice the `live` keys (each
        change adds the new keys and leaves the old ones), it is made afresh."""
        if len(self.table) <= 2 * live + 1024:
            return PageReads(self.table, self.pages)
        used = {index for data in self.pages.values() for index in unpack(data)}
        renumber = {old: new for new, old in enumerate(sorted(used))}
        return PageReads([self.table[index] for index in sorted(used)],
                         {path: pack([renumber[index] for index in unpack(data)])
                          for path, data in self.pages.items()})
