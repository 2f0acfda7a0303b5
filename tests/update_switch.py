"""The switches that rewrite expected files (`UPDATE_GOLDEN=1`, `UPDATE_BROKEN=1`).

Only the value `1` turns one on, never under CI, and a test that rewrote a file fails, so a
rewrite can never pass unnoticed: someone has to review the diff and run the tests again.
"""
from __future__ import annotations

import os

import pytest

REWRITTEN = "expected files rewritten; review the diff"


def update_requested(name: str) -> bool:
    """Whether the switch `name` is on; any value but `1` (or on CI, any value) fails."""
    value = os.environ.get(name)
    if value is None or value == "":
        return False
    if value != "1":
        pytest.fail(f"{name}={value!r}: only {name}=1 rewrites the expected files")
    if os.environ.get("CI"):
        pytest.fail(f"{name}=1 under CI: expected files are never rewritten on CI")
    return True


def fail_if_rewritten(changed: list[str]) -> None:
    """Fail the test that has just rewritten `changed` expected files."""
    if changed:
        pytest.fail(f"{REWRITTEN}: {', '.join(changed)}")
