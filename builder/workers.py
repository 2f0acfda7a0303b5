"""Spreading work over processes: ordered results, deterministic whatever the worker count.

Workers are forked after the parent has prepared what they need (settings, the site
model), so they inherit it instead of receiving it through pipes; each keeps its own
per-process state (one Markdown instance, one compiled Jinja environment).
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator, TypeVar

from .core.errors import Problem, Text, WorkerError

Item = TypeVar("Item")
Result = TypeVar("Result")

_PR_SET_PDEATHSIG = 1

# Workers inherit the prepared site by forking; where processes cannot fork (Windows)
# the work runs in the one process.
CAN_FORK = "fork" in multiprocessing.get_all_start_methods() and hasattr(signal,
                                                                         "pthread_sigmask")

# Below this many items a pool costs more than it saves.
MIN_ITEMS_FOR_POOL = 64


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def chunked(items: list, size: int) -> list[list]:
    """Consecutive slices of `items`, `size` long (the last may be shorter)."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def parallel_map(function: Callable[[Item], Result], items: list[Item], jobs: int,
                 chunk: int = 32) -> Iterator[Result]:
    """`map(function, items)` in order, on `jobs` forked processes when worth it.

    `function` must be a module-level function (it is sent to workers by name); whatever
    it needs besides its item must be in place before the call, so the fork copies it.
    A worker that dies (killed, out of memory) fails the map with a WorkerError instead
    of leaving it waiting forever for the lost results.
    """
    if jobs <= 1 or len(items) < MIN_ITEMS_FOR_POOL or not CAN_FORK:
        yield from map(function, items)
        return
    executor = ProcessPoolExecutor(min(jobs, max(1, len(items) // chunk)),
                                   mp_context=multiprocessing.get_context("fork"),
                                   initializer=_tie_to_parent, initargs=(os.getpid(),))
    try:
        # Ctrl+C is held back while the workers are forked (by the first submit), so none
        # is born with it pending, which would kill it with a traceback before it could
        # ignore it; the parent receives it right after.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            batches = executor.map(_run_batch, [(function, part)
                                                for part in chunked(items, chunk)])
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        for batch in batches:
            yield from batch
    except BrokenProcessPool:
        raise WorkerError(Problem("build", None, None, None,
                                  Text.of("build", "worker_died"))) from None
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _run_batch(job: tuple[Callable, list]) -> list:
    """Run one batch in a worker (batches keep the pipe traffic low)."""
    function, part = job
    return [function(item) for item in part]


def _tie_to_parent(parent: int) -> None:
    """Make a worker die with its build and leave Ctrl+C to the parent.

    A worker outliving a killed build could go on writing into the dead build's staging
    folder while the next build cleans it up; the kernel kills it instead (Linux). The
    parent turns Ctrl+C into a clean stop and ends the pool itself, so a worker ignores it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
