"""Spreading work over processes: ordered results, deterministic whatever the worker count.

Workers are forked after the parent has prepared what they need (settings, the site
model), so they inherit it instead of receiving it through pipes; each keeps its own
per-process state (one Markdown instance, one compiled Jinja environment).
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

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
    """
    if jobs <= 1 or len(items) < MIN_ITEMS_FOR_POOL:
        yield from map(function, items)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=min(jobs, max(1, len(items) // chunk))) as pool:
        for batch in pool.imap(_run_batch, [(function, part) for part in chunked(items, chunk)]):
            yield from batch


def _run_batch(job: tuple[Callable, list]) -> list:
    """Run one batch in a worker (batches keep the pipe traffic low)."""
    function, part = job
    return [function(item) for item in part]
