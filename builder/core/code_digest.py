"""A digest of the generator's own code, read from its files: what cached results are salted
with, so that a change to the code that made them (wherever in a stage's folder it moves)
makes them stale."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def stage_files(folders: tuple[str, ...]) -> list[Path]:
    """Every Python file under the given subpackages of the generator (or the given file
    itself), in a stable order."""
    return sorted(path for folder in folders for path in
                  ([PACKAGE_DIR / folder] if folder.endswith(".py")
                   else (PACKAGE_DIR / folder).rglob("*.py")))


@lru_cache(maxsize=None)
def code_digest(folders: tuple[str, ...] = ()) -> str:
    """A digest of the files of the given subpackages (all of the generator's by default)."""
    digest = hashlib.sha256()
    paths = stage_files(folders) if folders else sorted(PACKAGE_DIR.rglob("*.py"))
    for path in paths:
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
