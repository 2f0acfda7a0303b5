"""Putting a finished staging folder in place of the output: the swap, behind one interface.

Linux exchanges the two names in one step (renameat2 with RENAME_EXCHANGE): there is no
moment without a complete site. Elsewhere (Windows, macOS, old kernels, or when
CAMPAIGN_NEWS_PORTABLE=1 asks for it) the swap is two renames with os.replace:
output → `.<name>.old-<pid>`, then staging → output. Between the two, for the time of one
rename (microseconds; on Windows a little longer if a file of the site is open and the
rename is retried), the output folder does not exist: a reader then gets "not found",
never a mix. A build killed exactly there leaves the complete old site under the
`.old-` name and the complete new one under the staging name; the next build puts the
old one back before anything else (`recover`), so the site is never lost.
"""
from __future__ import annotations

import ctypes
import errno
import os
import time
from pathlib import Path

from ..core.portable import portable_forced

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
RENAME_RETRIES = 20  # Windows refuses to rename a folder while a file in it is open


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False if the system cannot (then the caller renames)."""
    if portable_forced() or os.name == "nt":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def old_name(output_dir: Path) -> Path:
    """Where the two-rename swap parks the old site."""
    return output_dir.parent / f".{output_dir.name}.old-{os.getpid()}"


def replace_in_two_steps(staging: Path, output_dir: Path) -> Path | None:
    """Portable swap: old site aside, staging in; returns the old site's folder to remove."""
    if not output_dir.exists():
        _rename(staging, output_dir)
        return None
    old = old_name(output_dir)
    _rename(output_dir, old)
    try:
        _rename(staging, output_dir)
    except OSError:
        _rename(old, output_dir)  # put the old site back before reporting
        raise
    return old


def _rename(source: Path, target: Path) -> None:
    """os.replace, retried briefly where the system refuses while a file is in use."""
    for attempt in range(RENAME_RETRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == RENAME_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def recover(output_dir: Path, is_ours) -> None:
    """After a build killed between the two renames: the old site back in place."""
    if output_dir.exists() or not output_dir.parent.is_dir():
        return
    olds = sorted((p for p in output_dir.parent.glob(f".{output_dir.name}.old-*")
                   if p.is_dir() and is_ours(p)), key=lambda p: p.stat().st_mtime)
    if olds:
        os.replace(olds[-1], output_dir)
