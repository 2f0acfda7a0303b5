"""Install like a tool: the wheel, in a fresh virtual environment, outside the checkout.

Builds the wheel with `pip wheel . --no-deps`, installs it with its dependencies from the
package index into a new venv, and from a folder outside the checkout runs
`campaign-news init site && cd site && campaign-news build` as a new user would.
"""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

from .site_checks import assert_built, build_new_site


def run(command: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a command to completion; fail the test with its output if it fails."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900,
                            env=env)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from this checkout."""
    folder = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", str(ROOT), "-w", str(folder), "--no-deps", "-q"],
        cwd=folder)
    (built,) = folder.glob("campaign_news-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The bin folder of a fresh venv with the wheel installed (dependencies from the index)."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=venv.parent)
    run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], cwd=venv.parent)
    return venv / "bin"


def test_wheel_carries_the_theme(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    theme = {name for name in names if name.startswith("builder/theme/")}
    source = {"builder/theme/" + p.relative_to(ROOT / "templates").as_posix()
              for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert theme == source
    assert "builder/__main__.py" in names and "builder/commands/init.py" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "campaign-news = builder.cli:entry" in zipfile.ZipFile(wheel).read(entry).decode()


def test_new_site_builds_with_the_installed_command(installed, tmp_path):
    env = {**os.environ, "PATH": f"{installed}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    work = tmp_path / "ngoai-checkout"
    work.mkdir()
    run(["campaign-news", "init", "site"], cwd=work, env=env)
    site = work / "site"
    page_kept = build_new_site(site, ["campaign-news"], env=env)
    assert_built(site, page_kept)
    # The theme came from the installed package, not from this checkout.
    where = run([str(installed / "python"), "-c",
                 "from builder.core.config import BUILTIN_TEMPLATES as t; print(t)"],
                cwd=work, env=env).stdout.strip()
    assert "site-packages" in where and not Path(where).is_relative_to(ROOT)
    if not page_kept:
        pytest.xfail("pages without a date (content/pages/) have not landed yet")


def test_installed_command_and_module_need_a_command(installed, tmp_path):
    english = {**os.environ, "CAMPAIGN_NEWS_LANG": "en"}
    for command in ([str(installed / "campaign-news")], [str(installed / "python"), "-m", "builder"]):
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True,
                                timeout=120, env=english)
        # outside a site the environment names the language; the catalogue is installed
        assert result.returncode == 2 and "usage:" in result.stderr
        unknown = subprocess.run([*command, "xay-dung"], cwd=tmp_path, capture_output=True,
                                 text=True, timeout=120)
        assert unknown.returncode == 2 and "xay-dung" in unknown.stderr
