"""Many small file operations spread over threads (builder/core/file_threads.py)."""
import threading
import time

import pytest

from builder.core import file_threads
from builder.core.file_threads import in_threads


@pytest.fixture(autouse=True)
def two_threads(monkeypatch):
    """Threads even on a one-core machine."""
    monkeypatch.setattr(file_threads, "THREADS", 2)


def test_the_parts_results_come_back_in_order_from_several_threads():
    seen = set()

    def square(part):
        seen.add(threading.get_ident())
        time.sleep(0.01)  # long enough for the second thread to take a part
        return [number * number for number in part]

    assert in_threads(square, list(range(50)), part=4) == [n * n for n in range(50)]
    assert len(seen) == 2


def test_one_part_runs_right_here():
    threads = []
    in_threads(lambda part: threads.append(threading.get_ident()) or part, [1, 2, 3], part=4)
    assert threads == [threading.get_ident()]


def test_the_first_failure_in_order_is_raised():
    def fail_on_odd_parts(part):
        if part[0] % 8 == 4:
            raise OSError(f"part {part[0]}")
        return part

    with pytest.raises(OSError, match="part 4"):
        in_threads(fail_on_odd_parts, list(range(40)), part=4)
