"""Spreading work over processes: ordered results, deterministic whatever the worker count.

Workers are forked after the parent has prepared what they need, so they inherit it
instead of receiving it through pipes (the content stage's settings and converter); each
keeps its own per-process state (one Markdown instance, one compiled Jinja environment).
The page workers are forked early instead, while the parent is small, and are sent what
they render (forked_now, `prepare`): inheriting a large parent costs a copy of it.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
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


@contextmanager
def forked_now(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """`jobs - 1` workers forked at once, for a later `parallel_map(..., pool=)`; None
    where there would be none.

    A worker forked late, from a parent that holds a whole site, makes its own copy of
    much of it even when it reads none: every object it allocates or frees lands in a
    page of the parent's heap, which the system then copies. Forked early, from a small
    parent, it has a heap of its own.
    """
    if jobs < 2 or not CAN_FORK:
        yield None
        return
    executor = ProcessPoolExecutor(jobs - 1, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_tie_to_parent, initargs=(os.getpid(),))
    try:
        _submit(executor, (id, [], None, None)).result()  # the first job forks every worker
        yield executor
    except BrokenProcessPool:
        raise WorkerError(Problem("build", None, None, None,
                                  Text.of("build", "worker_died"))) from None
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def parallel_map(function: Callable[[Item], Result], items: list, jobs: int,
                 chunk: int = 32, finish: Callable[[], None] | None = None,
                 prepare: Callable[[object], Item] | None = None,
                 start: Callable[[list], None] | None = None,
                 pool: ProcessPoolExecutor | None = None) -> Iterator[Result]:
    """`map(function, items)` in order, on `jobs` processes when worth it: this one and
    `jobs - 1` forked workers.

    `function` must be a module-level function (it is sent to workers by name); whatever
    it needs besides its item must be in place before the call, so the fork copies it.
    The parent works too instead of waiting: each forked worker ends up with its own copy
    of much of the parent's memory (touching an object writes its reference count), so one
    worker fewer keeps a whole copy of the site out of the build's memory, on the same cores.
    A worker that dies (killed, out of memory) fails the map with a WorkerError instead
    of leaving it waiting forever for the lost results. `finish` (module-level too) runs
    after each batch in the process that ran it, before its results are sent: a batch's
    writes can be made at once there. `start` (module-level too) runs there on each
    batch before its items: a batch's reads can be made at once.

    `prepare`, when given, runs in this process on each item of a batch just before the
    batch is handed out or run here, and `function` maps what it returns: what a worker
    needs of data made after it forked. `pool` (from `forked_now(jobs)`) is used instead
    of forking workers now; it stays open.
    """
    batches = chunked(items, chunk)

    def job(batch: list) -> tuple:
        """What runs one batch (`_run_batch`), its items as `function` takes them."""
        return (function, batch if prepare is None else [prepare(item) for item in batch],
                start, finish)

    workers = min(jobs - 1, len(batches) - 1)
    if workers < 1 or len(items) < MIN_ITEMS_FOR_POOL or not CAN_FORK:
        for batch in batches:
            yield from _run_batch(job(batch))
        return
    executor = pool or ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                           initializer=_tie_to_parent, initargs=(os.getpid(),))
    try:
        yield from _share_batches(executor, workers, batches, job)
    except BrokenProcessPool:
        raise WorkerError(Problem("build", None, None, None,
                                  Text.of("build", "worker_died"))) from None
    finally:
        if pool is None:
            executor.shutdown(wait=True, cancel_futures=True)


def _share_batches(executor: ProcessPoolExecutor, workers: int, batches: list[list],
                   job: Callable[[list], tuple]) -> Iterator:
    """Results of every batch in order: the workers take batches from the front, and
    while the next result is not in yet the parent runs the next untaken batch itself."""
    # Batches queued for the workers and not done yet: enough that none of them waits for
    # work while the parent runs a batch of its own (and prepares theirs). A done batch
    # waiting for its turn to be yielded no longer counts: it kept a worker idle.
    window = 3 * workers
    futures: dict[int, Future] = {}
    done_here: dict[int, list] = {}
    taken = 0  # batches handed out so far, to the workers or to the parent
    try:
        for index in range(len(batches)):
            while True:
                while taken < len(batches) and _unfinished(futures) < window:
                    futures[taken] = _submit(executor, job(batches[taken]))
                    taken += 1
                if index in done_here or futures[index].done() or taken == len(batches):
                    break
                done_here[taken] = _run_batch(job(batches[taken]))
                taken += 1
            yield from (done_here.pop(index) if index in done_here
                        else futures.pop(index).result())
    finally:
        # Stopped early (a fault, Ctrl+C): no batch is still being worked on once this
        # returns, whether the pool ends now or lives on (its caller cleans up after it).
        for future in futures.values():
            future.cancel()
        wait(futures.values())


def _unfinished(futures: dict[int, Future]) -> int:
    """How many of the queued batches are not done yet."""
    return sum(1 for future in futures.values() if not future.done())


def _submit(executor: ProcessPoolExecutor, job: tuple) -> Future:
    """Queue one batch for the workers.

    Ctrl+C is held back while the workers are forked (by the first submit), so none is
    born with it pending, which would kill it with a traceback before it could ignore
    it; the parent receives it right after.
    """
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return executor.submit(_run_batch, job)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _run_batch(job: tuple[Callable, list, Callable | None, Callable | None]) -> list:
    """Run one batch in a worker (batches keep the pipe traffic low) between its `start`
    and its `finish`."""
    function, part, start, finish = job
    if start is not None:
        start(part)
    results = [function(item) for item in part]
    if finish is not None:
        finish()
    return results


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
