"""Progress: a bar on a terminal for builds longer than a second, nothing in a pipe."""
import os
import pty
import subprocess
import sys

from tests.conftest import ROOT, run_build_py
from tests.test_cache import make_corpus


def test_a_long_build_on_a_terminal_shows_a_bar(tmp_path):
    make_corpus(tmp_path / "content", copies=10)
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--content",
                                str(tmp_path / "content"), "--output", str(tmp_path / "out"),
                                "--no-cache", "--jobs", "1"],
                               stdout=subprocess.PIPE, stderr=follower, cwd=ROOT)
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
    text = shown.decode("utf-8", "replace")
    assert "Tạo trang" in text and "%|" in text  # the pages stage, as a tqdm bar


def test_in_a_pipe_only_the_summary_line_is_printed(tmp_path):
    make_corpus(tmp_path / "content", copies=3)
    result = run_build_py("build", "--content", str(tmp_path / "content"), "--output",
                          str(tmp_path / "out"), "--no-cache")
    assert result.returncode == 0 and result.stderr == ""
    assert len(result.stdout.splitlines()) == 1
