"""A time limit on one piece of work (converting one article), by a timer signal.

Python-Markdown has inputs that take time quadratic in their length (thousands of '[' or
footnote marks in a row); a limit turns such a file into an error naming it instead of a
build that never ends. Signals reach only the main thread, so elsewhere (the preview's
rebuild thread) and on Windows (no SIGALRM) the work simply runs without a limit.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


class TimeLimitExceeded(Exception):
    """The work took longer than its limit."""


def _expired(signum, frame):
    """The timer went off."""
    raise TimeLimitExceeded


_handler_set = False


@contextmanager
def time_limit(seconds: float):
    """Raise TimeLimitExceeded inside the block once `seconds` have passed."""
    global _handler_set
    if (threading.current_thread() is not threading.main_thread()
            or not hasattr(signal, "setitimer")):  # Windows has no timer signal
        yield
        return
    if not _handler_set:  # once per process (forked workers inherit it)
        signal.signal(signal.SIGALRM, _expired)
        _handler_set = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
