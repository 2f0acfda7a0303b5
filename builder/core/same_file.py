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
        return copy_of(os.stat(copy), source)
    except OSError:
        return False


def copy_of(info: os.stat_result, source: str | os.PathLike) -> bool:
    """`same_size_and_time` for a copy already looked up (`info`)."""
    try:
        found = os.stat(source)
    except OSError:
        return False
    return info.st_size == found.st_size and info.st_mtime_ns == found.st_mtime_ns
