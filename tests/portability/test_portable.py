"""Windows and macOS: nothing POSIX-only imported unconditionally, Vietnamese printed in
UTF-8 where the console cannot write it, and the portable pieces chosen when forced."""
from __future__ import annotations

import os
import subprocess
import sys

from builder.core.portable import PORTABLE_ENV, pid_alive, portable_forced
from tests.conftest import ROOT, run_build_py

# Modules that exist on Linux and macOS but not on Windows (and renameat2/inotify, which
# are reached through ctypes and only on Linux).
POSIX_ONLY = ("fcntl", "resource", "termios", "pwd", "grp", "tty", "pty")

IMPORT_ALL = """
import importlib, pkgutil, sys
for name in {blocked!r}:
    sys.modules[name] = None  # makes `import name` fail as it does on Windows
import builder
failed = []
for info in pkgutil.walk_packages(builder.__path__, "builder."):
    if info.name.endswith("__main__"):
        continue  # running it is the command line itself
    try:
        importlib.import_module(info.name)
    except ImportError as exc:
        failed.append(f"{{info.name}}: {{exc}}")
print("\\n".join(failed))
"""


def test_every_module_imports_without_posix_only_modules():
    script = IMPORT_ALL.format(blocked=POSIX_ONLY)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_lock_works_without_fcntl(tmp_path):
    """As on Windows: fcntl missing, the portable lock is taken and a build succeeds."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "tin.md").write_text(
        "---\ntitle: Đức Huệ\ndate: 2020-01-01\n---\nA\n", encoding="utf-8")
    script = ("import sys; sys.modules['fcntl'] = None; sys.argv = ['build.py', 'build']; "
              "from builder.cli import main; raise SystemExit(main())")
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "index.html").is_file()


def test_vietnamese_prints_in_utf8_where_the_console_cannot_write_it(tmp_path):
    """A console in a code page without Vietnamese letters (cp1252 as on many Windows
    PCs) would print '?' or fail: the tool writes UTF-8 instead."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "tin.md").write_text("---\ntitle: Tin\ndate: 2020-01-01\n---\nA\n")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build"], cwd=tmp_path,
                            capture_output=True, env={**os.environ, "PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 0, result.stderr
    assert "1 bài, " in result.stdout.decode("utf-8")


def test_portable_implementations_are_forced_by_the_environment(monkeypatch):
    monkeypatch.setenv(PORTABLE_ENV, "1")
    assert portable_forced()
    monkeypatch.setenv(PORTABLE_ENV, "0")
    assert not portable_forced()


def test_pid_alive():
    assert pid_alive(os.getpid())
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    assert not pid_alive(finished.pid)


def test_a_portable_build_swaps_with_two_renames_and_leaves_nothing(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "tin.md").write_text("---\ntitle: Tin\ndate: 2020-01-01\n---\nA\n")
    for _ in range(2):
        result = run_build_py("build", cwd=tmp_path, env={PORTABLE_ENV: "1"})
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "content", "output"]
