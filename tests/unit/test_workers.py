"""builder/workers.py: results in order whoever ran them, and the parent does its share."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from builder.core.errors import WorkerError
from builder.workers import CAN_FORK, forked_now, parallel_map

pytestmark = pytest.mark.skipif(not CAN_FORK, reason="workers are forked processes")


def pid_and_square(number: int) -> tuple[int, int]:
    """The square of `number`, and which process worked it out (a little slowly, so that
    every process gets some of the work)."""
    time.sleep(0.002)
    return os.getpid(), number * number


@pytest.mark.parametrize("jobs", [2, 3])
def test_results_come_in_order_from_the_parent_and_its_workers(jobs):
    results = list(parallel_map(pid_and_square, list(range(600)), jobs, chunk=8))
    assert [square for _, square in results] == [n * n for n in range(600)]
    pids = {pid for pid, _ in results}
    assert os.getpid() in pids  # the parent works instead of waiting
    assert len(pids) == jobs  # and jobs - 1 forked workers beside it


RUN: list[int] = []  # the items this process ran
FINISH_LOG: list[Path] = []  # where every process notes its finishes (set before forking)


def record_pid(number: int) -> tuple[int, int]:
    """As pid_and_square, and counts the items this process ran."""
    RUN.append(number)
    return pid_and_square(number)


def note_finish() -> None:
    """Notes, in the shared file, how many items this process had run when one of its
    batches ended."""
    with open(FINISH_LOG[0], "a", encoding="ascii") as log:
        log.write(f"{os.getpid()} {len(RUN)}\n")


@pytest.mark.parametrize("jobs", [1, 2])
def test_finish_runs_after_every_batch_in_the_process_that_ran_it(jobs, tmp_path):
    """The content stage writes a batch's new cache entries at its end: every batch,
    the parent's and the workers', is followed by its finish, in its own process."""
    RUN.clear()
    FINISH_LOG[:] = [tmp_path / "finished.txt"]
    results = list(parallel_map(record_pid, list(range(400)), jobs, chunk=8,
                                finish=note_finish))
    assert [square for _, square in results] == [n * n for n in range(400)]
    ran: dict[int, int] = {}
    for pid, _ in results:
        ran[pid] = ran.get(pid, 0) + 1
    assert len(ran) == jobs
    finished: dict[int, list[int]] = {}
    for line in FINISH_LOG[0].read_text(encoding="ascii").splitlines():
        pid, count = map(int, line.split())
        finished.setdefault(pid, []).append(count)
    # Each process: one finish per batch it ran, each after that batch's 8 items.
    assert finished == {pid: list(range(8, count + 1, 8)) for pid, count in ran.items()}


STARTED: dict[int, list[int]] = {}  # per process: the batch its last `start` was given


def note_start(batch: list[int]) -> None:
    """Keeps the batch about to run in this process, as a batch's reads are made at once."""
    STARTED[os.getpid()] = list(batch)


def started_with(item: int) -> tuple[int, bool]:
    """The item, and whether this process's last `start` was given the batch holding it."""
    return item, item in STARTED.get(os.getpid(), [])


@pytest.mark.parametrize("jobs", [1, 2])
def test_start_runs_before_every_batch_in_the_process_that_runs_it(jobs):
    STARTED.clear()
    results = list(parallel_map(started_with, list(range(400)), jobs, chunk=8,
                                start=note_start))
    assert results == [(n, True) for n in range(400)]


def test_one_job_or_a_few_items_stay_in_this_process():
    for jobs, count in ((1, 600), (2, 10)):
        results = list(parallel_map(pid_and_square, list(range(count)), jobs))
        assert {pid for pid, _ in results} == {os.getpid()}
        assert [square for _, square in results] == [n * n for n in range(count)]


def exit_in_a_worker(number: int) -> int:
    """Dies when run in a forked worker, as if the out-of-memory killer took it."""
    if os.getpid() != PARENT:
        os._exit(137)
    time.sleep(0.002)
    return number


PARENT = os.getpid()


def test_a_dead_worker_fails_the_map_even_when_the_parent_could_finish_alone():
    with pytest.raises(WorkerError):
        list(parallel_map(exit_in_a_worker, list(range(600)), 2, chunk=8))


def failing_in_the_parent(number: int) -> int:
    """Raises in the parent (an error of the work itself, not a dead process)."""
    if os.getpid() == PARENT:
        raise ValueError(f"item {number}")
    time.sleep(0.002)
    return number


def test_an_error_of_the_parents_own_share_reaches_the_caller():
    with pytest.raises(ValueError, match="item"):
        list(parallel_map(failing_in_the_parent, list(range(600)), 2, chunk=8))


SEEN_AT_FORK: list[str] = ["before the fork"]  # changed by the test once workers exist


def state_and_pid(number: int) -> tuple[int, str, int]:
    """What this process holds in SEEN_AT_FORK, with its pid and the item."""
    time.sleep(0.002)
    return os.getpid(), SEEN_AT_FORK[0], number


def test_workers_forked_now_keep_the_parent_as_it_was_then_and_serve_later_maps():
    """forked_now forks at once: what the parent makes afterwards (the site's model) is
    not in the workers, and the pool serves several maps before it ends."""
    SEEN_AT_FORK[0] = "before the fork"
    try:
        with forked_now(2) as pool:
            SEEN_AT_FORK[0] = "after the fork"
            for _ in range(2):
                results = list(parallel_map(state_and_pid, list(range(300)), 2, chunk=8,
                                            pool=pool))
                assert [n for _, _, n in results] == list(range(300))
                seen = {pid: state for pid, state, _ in results}
                assert seen.pop(os.getpid()) == "after the fork"
                assert set(seen.values()) == {"before the fork"}  # the worker's share
    finally:
        SEEN_AT_FORK[0] = "before the fork"


def test_one_job_forks_no_pool():
    with forked_now(1) as pool:
        assert pool is None


def doubled(number: int) -> tuple[int, int]:
    """The preparing step: the item's double, with the process that made it."""
    return os.getpid(), 2 * number


def where_prepared(item: tuple[int, int]) -> tuple[int, int]:
    """Which process prepared the item, and its prepared value."""
    time.sleep(0.002)
    return item


@pytest.mark.parametrize("jobs", [1, 2])
def test_batches_are_prepared_in_the_parent_and_mapped_anywhere(jobs):
    results = list(parallel_map(where_prepared, list(range(300)), jobs, chunk=8,
                                prepare=doubled))
    assert [value for _, value in results] == [2 * n for n in range(300)]
    assert {pid for pid, _ in results} == {os.getpid()}


SLOW_LOG: list[Path] = []


def slow_note(number: int) -> int:
    """Note the item in the shared log after a while; item 0 fails."""
    time.sleep(0.02)
    if number == 0:
        raise ValueError("item 0")
    with open(SLOW_LOG[0], "a", encoding="ascii") as log:
        log.write(f"{number}\n")
    return number


def test_a_map_stopped_by_a_fault_leaves_no_batch_running_in_a_pool_that_lives_on(tmp_path):
    """The pages stage fails on one page: the build then removes its staging folder, so
    no worker of the pool (which outlives the map) may still be writing into it."""
    SLOW_LOG[:] = [tmp_path / "log.txt"]
    with forked_now(2) as pool:
        with pytest.raises(ValueError):
            list(parallel_map(slow_note, list(range(200)), 2, chunk=4, pool=pool))
        written = SLOW_LOG[0].read_text().count("\n") if SLOW_LOG[0].exists() else 0
        time.sleep(0.5)
        assert (SLOW_LOG[0].read_text().count("\n") if SLOW_LOG[0].exists() else 0) == written
