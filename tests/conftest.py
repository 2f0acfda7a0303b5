"""Shared fixtures: the CLI, the built sample site, and a real Chromium driven by Playwright."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis fails an example that takes over 200 ms: a timing assertion, which on a busy
# machine (2 cores shared by a whole team, or CI) fails at random (seen: a slug example
# took 474 ms). Speed is measured in bench/, never in tests.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def answer_ctrl_c() -> None:
    """In a child (`preexec_fn`): take Ctrl+C as a terminal does, even when the tests run in
    the background (a shell starts background jobs with SIGINT ignored, children inherit
    it, and a Python started so never turns SIGINT into KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_build_py(*args: str, cwd: Path | None = None, timeout: float = 300,
                 env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` as a user would; returns the finished process."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample content built once for the session; returns the output folder."""
    out = tmp_path_factory.mktemp("sample") / "output"
    result = run_build_py("build", "--content", str(ROOT / "content"), "--output", str(out),
                          "--config", str(ROOT / "site.toml"))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def search_site(tmp_path_factory) -> Path:
    """The search fixture site (tests/search/fixtures/site, full text on) built once."""
    site = ROOT / "tests" / "search" / "fixtures" / "site"
    out = tmp_path_factory.mktemp("search-site") / "output"
    result = run_build_py("build", "--content", str(site / "content"), "--output", str(out),
                          "--config", str(site / "site.toml"))
    assert result.returncode == 0, result.stderr
    return out


def ensure_debian_package(program: Path, package: str) -> Path:
    """A program from Debian's packages, installed on first use (CI machines start without
    it), so the tests that need it run instead of skipping."""
    if not program.exists():
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, env=env,
                       stdout=subprocess.DEVNULL)
    return program


DEBIAN_PYTHON = Path("/usr/lib/python3/dist-packages")


def debian_icu():
    """PyICU from Debian's python3-icu (installed on first use; PyPI has no wheel of it).

    Our venv does not see the system's packages, so Debian's folder is put on the path for
    this one import and taken off again; a Python that cannot load it fails the tests."""
    try:
        import icu
        return icu
    except ImportError:
        pass
    ensure_debian_package(DEBIAN_PYTHON / "icu" / "__init__.py", "python3-icu")
    sys.path.append(str(DEBIAN_PYTHON))
    try:
        import icu
    finally:
        sys.path.remove(str(DEBIAN_PYTHON))
    return icu


def venv_program(name: str) -> str | None:
    """A command installed with the test dependencies: on PATH, or beside this Python."""
    beside = Path(sys.executable).parent / name
    return shutil.which(name) or (str(beside) if beside.exists() else None)


def _ensure_chromium() -> Path:
    """Debian's Chromium."""
    return ensure_debian_package(CHROMIUM, "chromium")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (Debian's) under Playwright; never downloads a browser."""
    from playwright.sync_api import sync_playwright

    executable = _ensure_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), headless=True,
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class PageLog:
    """Console errors and failed requests seen by one page.

    A load cut short because the test moved on to the next page (net::ERR_ABORTED, e.g. the
    favicon of a page left at once) is not a fault of the site: it goes to `aborted`, and
    only real failures (a missing file is net::ERR_FILE_NOT_FOUND) to `failed`.
    """

    def __init__(self, page):
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.aborted: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", self._failed)

    def _failed(self, request) -> None:
        """Sort a failed request into aborted loads and real failures."""
        aborted = (request.failure or "").startswith("net::ERR_ABORTED")
        (self.aborted if aborted else self.failed).append(request.url)


@pytest.fixture
def page(browser):
    """A fresh browser page with `page.log` collecting console errors and failed requests."""
    context = browser.new_context()
    new_page = context.new_page()
    new_page.log = PageLog(new_page)
    yield new_page
    context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests put screenshots for people to look at (git-ignored)."""
    folder = ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


def copy_tree(source: Path, target: Path) -> Path:
    """Copy a fixture folder to a scratch place and return the copy."""
    shutil.copytree(source, target, symlinks=True)
    return target


# On CI, a skipped optional check (validator, fonts, ICU, browser) fails the run.
from tests.ci_guard import (pytest_runtest_logreport, pytest_sessionfinish,  # noqa: E402,F401
                            pytest_terminal_summary)
