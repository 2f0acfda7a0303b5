"""Which implementation of a platform-specific piece to use, and the few portable helpers.

The build lock, the output swap and the preview's file watcher each have a Linux
implementation (flock, renameat2, inotify) and a portable one (filelock, os.replace,
watchdog) used wherever the Linux one is missing: Windows and macOS. Setting
CAMPAIGN_NEWS_PORTABLE=1 forces the portable ones, so the Linux test suite runs them too.
"""
from __future__ import annotations

import io
import os
import sys

PORTABLE_ENV = "CAMPAIGN_NEWS_PORTABLE"


def portable_forced() -> bool:
    """True when the environment asks for the portable implementations."""
    return os.environ.get(PORTABLE_ENV, "").strip().lower() in ("1", "yes", "true", "on")


def pid_alive(pid: int) -> bool:
    """True if a process with this pid exists."""
    if os.name == "nt":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    """Windows: os.kill(pid, 0) would terminate the process, so ask the kernel instead."""
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def utf8_console() -> None:
    """Make stdout and stderr write UTF-8 where their encoding cannot write Vietnamese
    (a Windows console in code page 437 or 1258 would print '?' or fail on "Đức Huệ")."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            "Đức Huệ".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(encoding="utf-8", errors="replace")
