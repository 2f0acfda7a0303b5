"""Content files' keys by their size, times and inode, kept from one build to the next.

A build in a new process would otherwise read and hash every article to find the one
that changed (18 µs an article on one core: 0.18 s of CPU at 10,000 articles, 1.8 s at
100,000); the preview keeps the same memo in memory. A file is trusted by its state only
once it has settled: one changed within SETTLED_NS of the build that saw it may change
again within the file system's time step without its state changing, so it is read again
by the next build (git's "racily clean" files).
"""
from __future__ import annotations

import json
from pathlib import Path

from .store import write_tolerantly

FILE_NAME = "file-keys.json"
SETTLED_NS = 2_000_000_000  # FAT keeps times in 2 s steps; ext4 and NTFS in finer ones
# How many entries must differ from the saved memo before it is written again: a 64th of
# them, at most 256. One left stale costs the next build a read and a hash of its file
# (tens of microseconds); writing the memo of 100,000 files cost every one-article edit
# 0.5 s (bench/RESULTS.md).
REWRITE_AFTER = 256


def load(cache_dir: Path, salt: str) -> dict[str, tuple[tuple, str]]:
    """The saved memo (path -> ((state, salt), key)), empty when missing, damaged or made
    under another salt."""
    try:
        with open(cache_dir / FILE_NAME, "rb") as file:
            saved = json.loads(file.read())
        if saved.get("salt") != salt:
            return {}
        return {path: ((tuple(entry[:4]), salt), entry[4])
                for path, entry in saved["files"].items()
                if len(entry) == 5 and all(type(n) is int for n in entry[:4])
                and type(entry[4]) is str}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def worth_saving(saved: dict[str, tuple[tuple, str]],
                 known: dict[str, tuple[tuple, str]]) -> bool:
    """True when enough entries changed, came or went since `saved` to write the memo again.

    A stale entry is never trusted: its file's state differs from the one it holds (the
    change time moves with every write), so the file is read again."""
    enough = max(1, min(REWRITE_AFTER, len(known) // 64))
    changed = len(saved.keys() - known.keys())
    for path, entry in known.items():
        if changed >= enough:
            break
        if saved.get(path) != entry:
            changed += 1
    return changed >= enough


def save(cache_dir: Path, salt: str, memo: dict[str, tuple[tuple, str]],
         used: set[str], started_ns: int) -> None:
    """Keep the entries of the keys this build used (deleted files drop out), of files
    that had settled when the build began (`started_ns`: time.time_ns(), the clock of
    file times)."""
    settled = started_ns - SETTLED_NS
    files = {path: [*state, key] for path, ((state, entry_salt), key) in memo.items()
             if key in used and entry_salt == salt
             and state[1] < settled and state[2] < settled}
    data = json.dumps({"salt": salt, "files": files}, ensure_ascii=False, separators=(",", ":"))
    write_tolerantly(cache_dir / FILE_NAME, data.encode("utf-8", "surrogatepass"))
