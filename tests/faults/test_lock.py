"""Row 30: one build at a time per output folder; `serve` builds in a folder of its own;
stale locks recover.

A second build fails fast naming the pid of the one running (it does not wait for it);
the running one finishes with exactly the site it would have made alone. The lock is the
kernel's (flock, or the filelock package in the portable implementation), so a killed
build leaves no lock behind; its pid in the pid file is overwritten, and workers of a
killed build still exiting are waited for, briefly. Every test runs on both
implementations (CAMPAIGN_NEWS_PORTABLE=1 forces the portable one). Lock files live in
the user's lock folder, never beside the output.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builder.core.config import BuildOptions, SiteConfig
from builder.core.portable import PORTABLE_ENV
from builder.publish.lock import BuildLock, lock_path
from builder.preview.rebuild import SiteBuilder
from tests.conftest import ROOT, run_build_py
from tests.devserver.serve_process import ServeProcess
from tests.faults.corpus import write_corpus
from tests.faults.helpers import leftovers, pid_file_of, tree_hash

ARTICLES = 400
LOCK_LINE = "output: một lần tạo trang khác đang chạy (pid {pid})"


@pytest.fixture(autouse=True, params=["linux", "portable"])
def implementation(request, monkeypatch):
    """Run each test on the Linux lock (flock) and on the portable one (filelock)."""
    if request.param == "portable":
        monkeypatch.setenv(PORTABLE_ENV, "1")
    else:
        monkeypatch.delenv(PORTABLE_ENV, raising=False)
    return request.param


def pid_file(folder: Path) -> Path:
    """The file naming the pid of the build that holds the lock of folder/output."""
    return lock_path(folder / "output").with_suffix(".pid")
FAILED_LINE = "Không tạo được trang: 1 lỗi; thư mục output vẫn giữ nguyên như trước."


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project big enough for a build to take a while, and its reference site."""
    folder = tmp_path_factory.mktemp("lock")
    write_corpus(folder / "content", ARTICLES)
    result = run_build_py("build", "--output", "reference", "--no-cache", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


def start_build(folder: Path, *args: str) -> subprocess.Popen:
    """A `build` running in the background."""
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--no-cache",
                             *args], cwd=folder, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_until_locked_by(folder: Path, pid: int, process=None) -> None:
    """Poll the lock file until process `pid` holds the lock."""
    deadline = time.monotonic() + 120
    while pid_file_of(pid_file(folder)) != str(pid):
        assert time.monotonic() < deadline, "the build never took the lock"
        assert process is None or process.poll() is None, "the build ended first"
        time.sleep(0.002)


def test_a_second_build_fails_fast_and_the_first_is_not_disturbed(project):
    first = start_build(project)
    wait_until_locked_by(project, first.pid, first)
    second = run_build_py("build", "--no-cache", cwd=project)
    assert first.poll() is None  # the second gave up while the first was still running
    assert second.returncode == 1
    assert second.stderr.splitlines() == [LOCK_LINE.format(pid=first.pid), FAILED_LINE]
    first.communicate(timeout=300)
    assert first.returncode == 0
    assert tree_hash(project / "output") == tree_hash(project / "reference")
    assert leftovers(project) == []


def test_a_lock_file_left_by_a_killed_build_is_taken_over(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "tin.md").write_text("---\ntitle: Tin\ndate: 2020-01-01\n---\nA\n")
    for stale in ("999999999\n", "not a pid", ""):
        pid_file(tmp_path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        pid_file(tmp_path).write_text(stale)
        lock_path(tmp_path / "output").write_text(stale)
        result = run_build_py("build", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert pid_file_of(pid_file(tmp_path)) == ""  # released at the end


def test_no_lock_file_is_left_beside_the_output(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "tin.md").write_text("---\ntitle: Tin\ndate: 2020-01-01\n---\nA\n")
    result = run_build_py("build", "--output", "public", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "content", "public"]
    assert not list((tmp_path / ".cache").rglob("*.lock"))


HOLDER = """
import fcntl, os, sys, time
os.makedirs(os.path.dirname(sys.argv[1]), mode=0o700, exist_ok=True)
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
with open(sys.argv[1][:-len(".lock")] + ".pid", "w") as pid:
    pid.write(sys.argv[2])
print("held", flush=True)
time.sleep(float(sys.argv[3]))
"""


def hold_lock(folder: Path, pid_text: str, seconds: float) -> subprocess.Popen:
    """Another process holding the lock of folder/output with `pid_text` as its pid,
    for `seconds` (a plain flock: what filelock also takes on Linux)."""
    lock = lock_path(folder / "output")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock), pid_text, str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def a_dead_pid() -> int:
    """The pid of a process that has ended."""
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


def test_workers_of_a_killed_build_are_waited_for(tmp_path):
    """The pid in the file is dead but the lock is still held: the build's orphaned
    workers are still exiting. The next build waits for them instead of failing."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "tin.md").write_text("---\ntitle: Tin\ndate: 2020-01-01\n---\nA\n")
    holder = hold_lock(tmp_path, str(a_dead_pid()), 1.0)
    result = run_build_py("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert holder.poll() is not None  # it waited for the holder to go


def test_a_live_holder_is_not_waited_for(tmp_path):
    (tmp_path / "content").mkdir()
    holder = hold_lock(tmp_path, str(os.getpid()), 30)
    try:
        result = run_build_py("build", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.splitlines() == [LOCK_LINE.format(pid=os.getpid()), FAILED_LINE]
    finally:
        holder.kill()
        holder.wait()


def test_serve_rebuilds_take_the_same_lock(tmp_path):
    """What the preview's rebuilds run (SiteBuilder) meets the lock like `build` does."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "tin.md").write_text("---\ntitle: Tin\ndate: 2020-01-01\n---\nA\n")
    options = BuildOptions(content_dir=tmp_path / "content", output_dir=tmp_path / "output")
    builder = SiteBuilder(lambda: (SiteConfig(), options))
    with BuildLock(tmp_path / "output"):
        outcome = builder.build()
    assert not outcome.ok
    assert outcome.problems == (f"{tmp_path}/output: một lần tạo trang khác đang chạy "
                                f"(pid {os.getpid()})",)
    assert builder.build().ok


def test_build_and_serve_at_once(project, tmp_path):
    """A real `serve` and a real `build` at once: the preview builds in its own folder, so
    neither waits for or disturbs the other, and output/ gets exactly the built site."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "content").symlink_to(project / "content")
    server = ServeProcess(folder)
    try:
        assert server.text("/index.html")
        article = project / "content" / "bai-00005.md"
        build = start_build(folder)
        wait_until_locked_by(folder, build.pid, build)
        mark = len(server.lines)
        os.utime(article)  # the preview rebuilds while the build runs
        server.wait_for_line(r"^Đã cập nhật", timeout=120, start=mark)
        status, _, _ = server.request("/index.html")
        assert status == 200 and server.alive()
        build.communicate(timeout=300)
        assert build.returncode == 0
        assert tree_hash(folder / "output") == tree_hash(project / "reference")
        assert leftovers(folder) == []
    finally:
        server.stop()
