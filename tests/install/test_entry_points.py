"""The command names: `build.py`, `python -m builder` and `python -m builder.cli`."""
from __future__ import annotations

import subprocess
import sys

import pytest

from builder.cli import COMMANDS
from tests.conftest import ROOT, run_build_py


def run_module(module: str, *args: str, cwd=None) -> subprocess.CompletedProcess:
    """`python -m MODULE ARGS` from the checkout."""
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("module", ["builder", "builder.cli"])
def test_no_command_prints_usage_and_exits_2(module):
    result = run_module(module)
    assert result.returncode == 2
    # the checkout's site.toml is Vietnamese: so is the usage
    assert "cách dùng:" in result.stderr and "python -m builder" in result.stderr
    assert "deploy" in result.stderr and "init" in result.stderr


@pytest.mark.parametrize("module", ["builder", "builder.cli"])
def test_unknown_command_prints_usage_and_exits_2(module):
    result = run_module(module, "buld")
    assert result.returncode == 2
    assert "cách dùng:" in result.stderr and "buld" in result.stderr


def test_help_lists_every_command():
    result = run_module("builder", "--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout
    for name in ("build", "check", "bundle", "import", "serve", "new", "init", "deploy"):
        assert name in COMMANDS


def test_python_m_builder_builds(tmp_path):
    result = run_module("builder", "build", "--content", str(ROOT / "content"), "--config",
                        str(ROOT / "site.toml"), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "index.html").is_file()


def test_build_py_without_a_command_still_builds(tmp_path):
    """As before: double-clicking build.py (Windows) builds the site beside it."""
    run_build_py("init", "s", cwd=tmp_path)
    site = tmp_path / "s"
    (site / "content" / "pages" / "gioi-thieu.md").unlink()
    result = subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=site,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (site / "output" / "index.html").is_file()
