"""On CI (`CI` set), a skipped test among the known optional checks fails the run.

These checks skip on a machine that lacks a tool (Java for the HTML validator, a font that
draws every Vietnamese letter, Chromium, ICU); the test set-up installs those tools, so on
CI a skip there means a check silently did not run, and the run must not pass.
"""
from __future__ import annotations

import os

# Tests whose skip on CI is a failure, by the start of their node id.
KNOWN_OPTIONAL = ("tests/browser/", "tests/unit/core/test_icu_reference.py")

_skipped: list[str] = []


def optional_skips(reports) -> list[str]:
    """`node id: reason` of every skipped report among the known optional checks."""
    found = []
    for report in reports:
        if report.skipped and report.nodeid.replace("\\", "/").startswith(KNOWN_OPTIONAL):
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
            found.append(f"{report.nodeid}: {reason}")
    return found


def pytest_runtest_logreport(report):
    """Remember skips of the known optional checks."""
    _skipped.extend(optional_skips([report]))


def pytest_sessionfinish(session, exitstatus):
    """Fail the run on CI when an optional check was skipped."""
    if os.environ.get("CI") and _skipped and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    """Say which optional checks were skipped and why that fails on CI."""
    if os.environ.get("CI") and _skipped:
        terminalreporter.section("optional checks skipped on CI (this fails the run)")
        for line in _skipped:
            terminalreporter.line(line)
