"""Files of the cache folder: written atomically, read tolerantly, temporaries cleaned.

Everything in the cache is disposable: a missing or unreadable file means more work, never
a wrong result.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ..core.portable import pid_alive
from . import plain_data


def read_data(path: Path | str, kinds: tuple[type, ...] = ()):
    """A cache file in the plain-data format, or None if it is missing or not in it.

    Never pickle: a file planted in the cache folder must not be able to run code."""
    try:
        with open(path, "rb") as file:
            return plain_data.loads(file.read(), kinds)
    except (OSError, plain_data.NotPlainData):
        return None


def write_atomically(path: Path, data: bytes) -> None:
    """Write a cache file so that a reader never sees half of it.

    A cache that cannot be written (full disk, read-only folder) only makes the next
    build slower: entries are named by their content, and the stamp and page digests
    by the output folder they describe, so an old file left in place is never misread.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return


def remove_stale_temporaries(folder: Path) -> None:
    """Delete the temporary files of builds killed while writing them (`.<name>.<pid>.tmp`);
    those among the article entries go with `ContentCache.prune`."""
    for stale in folder.glob(".*.tmp"):
        pid = stale.name[:-len(".tmp")].rpartition(".")[2]
        if pid.isdigit() and not pid_alive(int(pid)):
            with contextlib.suppress(OSError):
                stale.unlink()
