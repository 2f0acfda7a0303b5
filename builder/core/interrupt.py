"""Ctrl+C that Python could only print: kept, and raised at the build's next stage.

Ctrl+C that comes while Python runs a callback it cannot raise from (a module lock's weak
reference, as an import in the middle of a build finishes) goes to `sys.unraisablehook`,
whose default prints it as "Exception ignored" with a traceback, and the build goes on as
if no key had been pressed. Kept here instead, it stops the build at the start or end of
its next stage, the way any Ctrl+C does: message, exit code 130, the old site in place.
"""
from __future__ import annotations

import sys
import threading

_pending = threading.Event()


def keep_interrupt(unraisable) -> None:
    """`sys.unraisablehook` while a command runs: keep Ctrl+C, print anything else."""
    if issubclass(unraisable.exc_type, KeyboardInterrupt):
        _pending.set()
        return
    sys.__unraisablehook__(unraisable)


def raise_kept_interrupt() -> None:
    """Raise KeyboardInterrupt for a Ctrl+C the hook kept (once), in the main thread only,
    as Python does: the preview's rebuilds on their own thread go on."""
    if _pending.is_set() and threading.current_thread() is threading.main_thread():
        _pending.clear()
        raise KeyboardInterrupt


def forget_kept_interrupt() -> None:
    """Drop a kept Ctrl+C (a command that ended before a stage raised it)."""
    _pending.clear()
