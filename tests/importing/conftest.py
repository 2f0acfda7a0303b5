"""Shared fixture for the importer's tests: run the command and capture its report."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.importing.__main__ import main


@dataclass(frozen=True)
class ImportRun:
    """What one run of the import command did."""

    status: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def vietnamese_messages(monkeypatch):
    """Reports in Vietnamese, whatever the machine's LANG, for an import run outside any site
    (a test that wants English passes `--lang en`)."""
    monkeypatch.setenv("CAMPAIGN_NEWS_LANG", "vi")


@pytest.fixture
def run_import():
    """Run `import` with the given arguments, capturing stdout and stderr."""

    def run(*args: str | Path) -> ImportRun:
        out, err = io.StringIO(), io.StringIO()
        status = main([str(a) for a in args], out=out, err=err)
        return ImportRun(status, out.getvalue(), err.getvalue())

    return run
