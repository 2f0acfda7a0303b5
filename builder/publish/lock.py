"""One build per output folder at a time: the lock, behind one small interface.

Two implementations of `BuildLock`: the kernel's flock on POSIX, and the filelock package
(Windows' LockFileEx, or flock again underneath on POSIX) wherever fcntl is missing or
CAMPAIGN_NEWS_PORTABLE=1 asks for it. Both are dropped by the kernel when the holder dies.

The lock file is not kept beside the output (where it would be published by a sync or
committed by git) but in a folder of the user's own, named by the output's real path:
a symlinked output and its target share one lock. The pid of the holder is written in a
file of its own next to it, since Windows does not let another process read a locked
region.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import time
from pathlib import Path

from ..core.errors import LockError, OutputError, Problem, Text
from ..core.lock_folder import lock_folder
from ..core.portable import pid_alive, portable_forced

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

STALE_LOCK_WAIT = 5.0  # seconds the workers of a killed build get to exit


def lock_path(output_dir: Path) -> Path:
    """The lock file of one output folder, named by its real (symlink-free) path."""
    real = str(output_dir.resolve())
    readable = re.sub(r"[^A-Za-z0-9_-]+", "-", output_dir.resolve().name)[:40] or "site"
    digest = hashlib.sha256(os.path.normcase(real).encode("utf-8", "surrogateescape"))
    return lock_folder() / f"{readable}-{digest.hexdigest()[:16]}.lock"


def _private_folder(folder: Path) -> None:
    """Make the lock folder; refuse one another user could have planted or can write."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError as exc:
        raise OutputError(Problem(str(folder), None, None, None,
                                  Text.of("output", "lock_folder_unmade",
                                          reason=exc.strerror or str(exc)))) from None
    if os.name != "nt" and (not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid()
                            or info.st_mode & 0o022):
        raise OutputError(Problem(str(folder), None, None, None,
                                  Text.of("output", "lock_folder_not_private")))


class BuildLock:
    """Held while a build writes one output folder; a second build fails fast."""

    def __init__(self, output_dir: Path, shown: str | None = None):
        self.path = lock_path(output_dir)
        self.pid_path = self.path.with_suffix(".pid")
        self.shown = shown or str(output_dir)
        self._held = None

    def __enter__(self) -> "BuildLock":
        _private_folder(self.path.parent)
        lock = (PortableLock if portable_forced() or fcntl is None else FlockLock)(self.path)
        if not lock.take():
            holder = self.holder()
            # The kernel drops the lock of a killed build with its last process; if the
            # pid in the file is dead, only its worker processes are still exiting.
            stale = holder.isdigit() and not pid_alive(int(holder))
            if not (stale and lock.take(wait=STALE_LOCK_WAIT)):
                lock.release()
                raise LockError(Problem(self.shown, None, None, None,
                                        Text.of("output", "build_running",
                                                pid=holder or "?")))
        # A stale pid (from a killed build) is simply overwritten; on a full disk the pid
        # is only missing from the message of a second build.
        with contextlib.suppress(OSError):
            self.pid_path.write_text(f"{os.getpid()}\n", encoding="ascii")
        self._held = lock
        return self

    def holder(self) -> str:
        """The pid written by the build holding the lock ("" if unknown)."""
        try:
            return self.pid_path.read_text("ascii", "replace").strip()
        except OSError:
            return ""

    def __exit__(self, *exc) -> None:
        if self._held is not None:
            with contextlib.suppress(OSError):
                self.pid_path.write_text("", encoding="ascii")
            self._held.release()
            self._held = None


class FlockLock:
    """POSIX: flock on a file descriptor."""

    def __init__(self, path: Path):
        try:
            self.fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise OutputError(Problem(str(path), None, None, None,
                                      Text.of("output", "cannot_write",
                                              reason=exc.strerror or str(exc)))) from None

    def take(self, wait: float = 0.0) -> bool:
        """Take the exclusive lock, trying for up to `wait` seconds."""
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.05)

    def release(self) -> None:
        """Let go of the lock (closing the descriptor drops it)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class PortableLock:
    """Anywhere: the filelock package (LockFileEx on Windows)."""

    def __init__(self, path: Path):
        import filelock

        self._lock = filelock.FileLock(str(path), thread_local=False, is_singleton=False)
        self._timeout = filelock.Timeout

    def take(self, wait: float = 0.0) -> bool:
        """Take the exclusive lock, trying for up to `wait` seconds."""
        try:
            self._lock.acquire(timeout=wait, poll_interval=0.05)
            return True
        except self._timeout:
            return False
        except OSError as exc:
            raise OutputError(Problem(self._lock.lock_file, None, None, None,
                                      Text.of("output", "cannot_write",
                                              reason=exc.strerror or str(exc)))) from None

    def release(self) -> None:
        """Let go of the lock."""
        if self._lock.is_locked:
            self._lock.release()
