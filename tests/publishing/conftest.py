"""Fixture sites of the publishing tests, built once per session through the CLI."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_build_py

SITES = Path(__file__).resolve().parent / "sites"
BASE_URL = "https://example.org/tin-tuc/"


def build_fixture(name: str, output: Path, *extra: str) -> Path:
    """Build the fixture site `name` into `output` as a user would; returns `output`."""
    site = SITES / name
    result = run_build_py("build", "--content", str(site / "content"), "--config",
                          str(site / "site.toml"), "--output", str(output), *extra)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="session")
def good_site(tmp_path_factory) -> Path:
    """The `good` fixture built without a base URL."""
    return build_fixture("good", tmp_path_factory.mktemp("good") / "output")


@pytest.fixture(scope="session")
def good_site_base(tmp_path_factory) -> Path:
    """The `good` fixture built for https://example.org/tin-tuc/ (a sub-path)."""
    return build_fixture("good", tmp_path_factory.mktemp("good-base") / "output",
                         "--base-url", BASE_URL)


def html_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as sorted posix paths."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
