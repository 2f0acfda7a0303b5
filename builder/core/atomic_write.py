"""Writing a file so that no reader, and no build killed halfway, ever sees half of it.

The data goes to a hidden temporary beside the file (`.<name>.<pid>-<thread>.tmp`), then
one rename puts it in place. The process and thread in the name keep parallel writers
apart, and let a later build tell a killed build's leftovers from a running one's.
"""
from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Iterable

from .portable import pid_alive


def write_atomically(path: str | os.PathLike, data: bytes | Iterable[bytes]) -> None:
    """Replace the file at `path` by `data` (bytes, or parts of them) in one step; OSError
    (and no temporary left behind) if it cannot be written."""
    folder, name = os.path.split(os.fspath(path))
    temporary = os.path.join(folder, f".{name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        with open(temporary, "wb") as file:
            if isinstance(data, bytes):
                file.write(data)
            else:
                file.writelines(data)
        os.replace(temporary, path)
    except BaseException:  # parts that fail to encode, too
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise


def remove_stale_temporaries(folder: Path) -> None:
    """Delete the temporaries (directly in `folder`) of processes killed while writing."""
    for stale in folder.glob(".*.tmp"):
        writer = stale.name[:-len(".tmp")].rpartition(".")[2].partition("-")[0]
        if writer.isdigit() and not pid_alive(int(writer)):
            with contextlib.suppress(OSError):
                stale.unlink()
