"""Row 29: a build killed at random points, over and over, never leaves a mixed site.

Two editions of a generated corpus (A, and B: a day of edits later) are built once into
reference trees. Then builds alternate A → B → A …, each killed after a seeded random
delay (SIGKILL to the build process alone, as the OOM killer or `kill -9` would; SIGINT to
its whole process group, as Ctrl+C in a terminal does). After every kill `output/` must be
exactly the old tree or exactly the new one, the build's worker processes must be gone, and
the next build must succeed, produce the new tree and leave nothing beside it. A third of
the runs signal at a random moment from the start; a third within 50 ms of the moment the
build starts its staging folder, a third within 5 ms after it swaps the new site in.

Every test runs on the Linux swap (renameat2 exchange) and on the portable one (two
renames, CAMPAIGN_NEWS_PORTABLE=1), whose one moment without an output folder must be
recovered by the next build.

Knobs for a longer campaign by hand: FAULTS_KILL_RUNS (per signal, default 20),
FAULTS_KILL_ARTICLES (default 400), FAULTS_KILL_SEED.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builder.core.portable import PORTABLE_ENV
from builder.publish.lock import lock_path
from tests.conftest import ROOT, answer_ctrl_c, run_build_py
from tests.faults.corpus import write_corpus
from tests.faults.helpers import (descendants, env_int, leftovers, listing, pid_file_of,
                                  tree_hash, wait_gone)

RUNS = env_int("FAULTS_KILL_RUNS", 20)
ARTICLES = env_int("FAULTS_KILL_ARTICLES", 400)
SEED = env_int("FAULTS_KILL_SEED", 29)
FIXED = ("output", ".cache", "a", "b", "ref-a", "ref-b")
AIMS = ("start", "staging", "swap")


def build_args(content: str) -> list[str]:
    """A normal build of one edition into output/, with the cache."""
    return ["build", "--content", content, "--output", "output", "--cache", ".cache"]


@pytest.fixture(scope="module", params=["linux", "portable"])
def implementation(request):
    """The swap and lock implementation the builds of a test use."""
    saved = os.environ.get(PORTABLE_ENV)
    if request.param == "portable":
        os.environ[PORTABLE_ENV] = "1"
    else:
        os.environ.pop(PORTABLE_ENV, None)
    yield request.param
    if saved is None:
        os.environ.pop(PORTABLE_ENV, None)
    else:
        os.environ[PORTABLE_ENV] = saved


@pytest.fixture(scope="module")
def project(tmp_path_factory, implementation):
    """Both editions, their reference trees, and how long a switching build takes."""
    site = tmp_path_factory.mktemp("kill")
    write_corpus(site / "a", ARTICLES)
    write_corpus(site / "b", ARTICLES, edition=1)
    hashes = {}
    for edition in ("a", "b"):
        result = run_build_py("build", "--content", edition, "--output", f"ref-{edition}",
                              "--no-cache", cwd=site)
        assert result.returncode == 0, result.stderr
        hashes[edition] = tree_hash(site / f"ref-{edition}")
    assert hashes["a"] != hashes["b"]
    assert run_build_py(*build_args("a"), cwd=site).returncode == 0
    started = time.monotonic()
    assert run_build_py(*build_args("b"), cwd=site).returncode == 0
    switch_seconds = time.monotonic() - started
    assert tree_hash(site / "output") == hashes["b"]
    return site, hashes, switch_seconds


def kill_once(site: Path, content: str, delay: float, sig: int,
              aim: str) -> tuple[int, set[int]]:
    """Start a build, signal it `delay` seconds after the start, or after the moment it
    begins writing its staging folder, or after it swaps in the new site (`aim`);
    its exit code and the worker processes it had."""
    old_inode = (site / "output").stat().st_ino
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), *build_args(content)],
                               cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True, preexec_fn=answer_ctrl_c)
    if aim == "staging":
        wait_for(lambda: leftovers(site), process)
    elif aim == "swap":
        wait_for(lambda: inode(site / "output") != old_inode, process)
    time.sleep(delay)
    if sig == signal.SIGINT:
        # Ctrl+C while the interpreter itself starts (site-packages' .pth files) ends in
        # Python's own traceback before any of our code runs: wait until ours does.
        pids = lock_path(site / "output").with_suffix(".pid")
        wait_for(lambda: pid_file_of(pids) == str(process.pid), process)
    workers = descendants(process.pid)
    try:
        if sig == signal.SIGKILL:
            os.kill(process.pid, sig)  # the build process alone: its workers must not linger
        else:
            os.killpg(process.pid, sig)  # Ctrl+C reaches the whole foreground group
    except ProcessLookupError:
        pass
    _, stderr = process.communicate(timeout=120)
    text = stderr.decode("utf-8", "replace")
    if sig == signal.SIGINT:
        # 130: stopped cleanly. -SIGINT: the signal came as Python was shutting down after
        # the build (handlers are reset then); the tree checks below still apply.
        assert process.returncode in (0, 130, -signal.SIGINT), \
            f"Ctrl+C gave exit code {process.returncode}:\n{text}"
    assert "Traceback" not in text, text
    return process.returncode, workers


def inode(path: Path) -> int | None:
    """The inode of a path, None while it is missing."""
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def wait_for(condition, process: subprocess.Popen) -> None:
    """Poll `condition` every millisecond until it holds or the build has ended."""
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline and not condition():
        time.sleep(0.001)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_killed_builds_leave_the_old_or_the_new_site_never_a_mix(project, sig,
                                                                 implementation):
    site, hashes, switch_seconds = project
    rng = random.Random(f"{SEED}-{sig.name}")
    current = "b"
    tally = {"old site": 0, "new site": 0, "finished first": 0, "had workers": 0,
             "parked": 0}
    before = listing(site, skip=FIXED)
    for run in range(RUNS):
        target = "a" if current == "b" else "b"
        # A third of the runs aim at a random moment of the whole build; a third at the
        # writing of the pages, and a third at the short stretch after the swap (keeping
        # the old site as the spare, saving the cache: a few milliseconds), which a
        # uniform delay rarely hits on a busy machine.
        aim = AIMS[run % 3]
        delay = rng.uniform(0.0, {"start": switch_seconds * 1.1, "staging": 0.05,
                                  "swap": 0.005}[aim])
        code, workers = kill_once(site, target, delay, sig, aim)
        tally["had workers"] += bool(workers)
        assert not wait_gone(workers), f"run {run}: workers outlived the killed build"
        found = tree_hash(site / "output") if (site / "output").exists() else None
        if found is None:
            # Only the portable swap has this moment: killed between its two renames,
            # the complete old site waits under its `.old-` name for the next build.
            assert implementation == "portable", f"run {run}: output/ is gone"
            parked = [p for p in site.iterdir() if p.name.startswith(".output.old-")]
            assert len(parked) == 1, parked
            found = tree_hash(parked[0])
            assert found == hashes[current]
            tally["parked"] += 1
        assert found in (hashes[current], hashes[target]), \
            f"run {run} ({sig.name} after {delay:.2f} s): output is a mix of two sites"
        if code == 0:
            tally["finished first"] += 1
            assert found == hashes[target]
        else:
            tally["new site" if found == hashes[target] else "old site"] += 1
        result = run_build_py(*build_args(target), cwd=site)
        assert result.returncode == 0, f"run {run}: the next build failed:\n{result.stderr}"
        assert tree_hash(site / "output") == hashes[target]
        assert leftovers(site) == []
        assert not list((site / ".cache").rglob(".*.tmp"))
        assert listing(site, skip=FIXED) == before
        current = target
    print(f"\n{sig.name}: {RUNS} builds signalled; {tally}")
    # The signals must really have cut builds short, before and after the swap.
    assert tally["old site"] >= 1 and tally["new site"] >= 1, tally


SLOW_POOL = """
import os, sys, time
from builder.workers import parallel_map

def slow(item):
    with open(sys.argv[1], "a") as pids:
        pids.write(f"{os.getpid()}\\n")
    time.sleep(60)
    return item

if __name__ == "__main__":
    list(parallel_map(slow, list(range(200)), jobs=3, chunk=1))  # the parent and two workers
"""


def test_workers_die_with_a_killed_parent(tmp_path):
    """A worker busy on a long item must not outlive its build (it would write on)."""
    script, pids = tmp_path / "slow_pool.py", tmp_path / "pids"
    script.write_text(SLOW_POOL)
    process = subprocess.Popen([sys.executable, str(script), str(pids)], cwd=ROOT,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(pid_file_of(pids).split()) < 3:
        time.sleep(0.05)
    workers = {int(p) for p in pid_file_of(pids).split()} - {process.pid}
    assert len(workers) == 2
    process.kill()
    process.wait()
    assert not wait_gone(workers, timeout=5)
