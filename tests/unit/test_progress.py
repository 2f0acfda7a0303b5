"""Progress: a bar on a terminal for builds longer than a second, nothing in a pipe."""
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, run_build_py
from tests.incremental.test_cache import make_corpus


def on_terminal(content: Path, out: Path, quiet: str) -> str:
    """Build with stderr on a pseudo-terminal; returns what the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--content",
                                str(content), "--output", str(out), "--no-cache", "--jobs", "1"],
                               stdout=subprocess.PIPE, stderr=follower, cwd=ROOT,
                               env={**os.environ, "CAMPAIGN_NEWS_PROGRESS_AFTER": quiet})
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the build closed its end of the terminal
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=300)
    os.close(leader)
    assert process.returncode == 0
    return shown.decode("utf-8", "replace")


def test_a_build_on_a_terminal_shows_a_bar_once_it_lasts(tmp_path):
    make_corpus(tmp_path / "content", copies=2)
    # As if the build had already taken its quiet second: the bars show at once.
    text = on_terminal(tmp_path / "content", tmp_path / "out", quiet="0")
    assert "Đọc bài" in text and "Tạo trang" in text and "%|" in text  # tqdm bars


def test_a_quick_build_on_a_terminal_stays_quiet(tmp_path):
    make_corpus(tmp_path / "content", copies=1)
    assert on_terminal(tmp_path / "content", tmp_path / "out", quiet="60") == ""


def test_in_a_pipe_only_the_summary_line_is_printed(tmp_path):
    make_corpus(tmp_path / "content", copies=3)
    result = run_build_py("build", "--content", str(tmp_path / "content"), "--output",
                          str(tmp_path / "out"), "--no-cache")
    assert result.returncode == 0 and result.stderr == ""
    # The summary, and the count of drafts left out (the corpus copies the golden draft).
    lines = result.stdout.splitlines()
    assert len(lines) == 1 or (len(lines) == 2 and "không được đăng" in lines[1]), lines
