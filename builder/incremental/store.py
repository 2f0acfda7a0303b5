"""Files of the cache folder: written atomically, both ways tolerantly.

Everything in the cache is disposable: a missing or unreadable file means more work, never
a wrong result.
"""
from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Callable, Iterable

from ..core.atomic_write import write_atomically
from . import plain_data


def read_data(path: Path | str, kinds: tuple[type, ...] = ()):
    """A cache file in the plain-data format, or None if it is missing or not in it.

    Never pickle: a file planted in the cache folder must not be able to run code."""
    try:
        with open(path, "rb") as file:
            return plain_data.loads(file.read(), kinds)
    except (OSError, plain_data.NotPlainData):
        return None


def write_tolerantly(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write a cache file atomically, making its folder; a failure is no error.

    A cache that cannot be written (full disk, read-only folder) only makes the next
    build slower: entries are named by their content, and the stamp and page digests
    by the output folder they describe, so an old file left in place is never misread.
    """
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)


def parsed_once(path: Path, data: bytes, salt: str, parse: Callable[[], object],
                kinds: tuple[type, ...] = ()):
    """`parse()` of a file's `data`, kept in the cache file `path` by a digest of the data
    and `salt` (the parsing code and whatever else its result depends on): a large file
    read by every build is parsed only after it changed. `parse()` must return plain data."""
    key = hashlib.blake2b(salt.encode() + b"\0" + data, digest_size=20).hexdigest()
    saved = read_data(path, kinds)
    if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == key:
        return saved[1]
    value = parse()
    with contextlib.suppress(plain_data.NotPlainData):
        write_tolerantly(path, plain_data.dumps((key, value), kinds))
    return value
