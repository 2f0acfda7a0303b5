"""The CI guard: a skipped optional check fails a run with CI set, and only then."""
import os
import subprocess
import sys

from tests.conftest import ROOT

FAKE = '''
import pytest

def test_validator_missing():
    pytest.skip("no Java: the Nu validator cannot run here")

def test_runs():
    assert True
'''


def run_pytest(folder, ci: bool) -> subprocess.CompletedProcess:
    """Run pytest on a scratch tree whose conftest loads the guard; CI set or not."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(ROOT)
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly",
                           "-p", "no:cacheprovider", "tests"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)


def make_tree(tmp_path, where: str):
    """A scratch project with one skipping test at `where` and the guard loaded."""
    (tmp_path / "conftest.py").write_text("from tests.ci_guard import *  # noqa\n")
    test = tmp_path / where
    test.parent.mkdir(parents=True)
    test.write_text(FAKE)
    return tmp_path


def test_a_skipped_browser_check_fails_on_ci(tmp_path):
    tree = make_tree(tmp_path, "tests/browser/test_fake.py")
    on_ci = run_pytest(tree, ci=True)
    assert on_ci.returncode == 1, on_ci.stdout
    assert "optional checks skipped on CI" in on_ci.stdout
    assert "tests/browser/test_fake.py::test_validator_missing: Skipped: no Java" in on_ci.stdout
    assert run_pytest(tree, ci=False).returncode == 0


def test_other_skips_do_not_fail_on_ci(tmp_path):
    tree = make_tree(tmp_path, "tests/faults/test_fake.py")
    assert run_pytest(tree, ci=True).returncode == 0
