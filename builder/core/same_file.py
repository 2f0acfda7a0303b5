"""Whether a file already is what would be written: so that an unchanged file is left
alone (its time kept, nothing copied), in the output and in the preview's folder alike."""
from __future__ import annotations

import os


def holds(path: str | os.PathLike, data: bytes) -> bool:
    """True if the file at `path` holds exactly `data` (False if it cannot be read)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def same_size_and_time(copy: str | os.PathLike, source: str | os.PathLike) -> bool:
    """True if a copied file still matches its source by size and modification time
    (copies keep the source's time, so this stands for reading both)."""
    try:
        a, b = os.stat(copy), os.stat(source)
    except OSError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns
