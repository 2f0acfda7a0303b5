"""A pytest plugin for the mutation run only (docs/testing.md; `-p tests.mutation_bridge`).

mutmut learns which tests reach a function by recording calls in the pytest process. The
end-to-end tests run `build.py` in a child process, whose calls it would never see, so the
mutants they kill would count as "no tests". Here each child started during the run
imports tests/mutation_child/sitecustomize.py, which writes the functions it reached to a
hits folder; after each test they are added to mutmut's record for that test.

Every test also runs with a fresh empty working folder: a mutant that turns
`os.scandir(folder)` into `os.scandir()` lists the working folder instead, and must empty
a scratch folder, not mutmut's own `mutants/` (that ended the first run at 618 mutants).

And every test starts with the generator's memo caches empty: mutmut forks each mutant's
run from a process that already ran the tests unmutated, so `slugify` and `term_key`
(lru_cache) would answer from that run and hide a mutant of the helpers they call.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

CHILD_SITE = Path(__file__).resolve().parent / "mutation_child"
HITS_ENV = "MUTATION_CHILD_HITS"
ROOT_ENV = "MUTATION_ROOT"


def pytest_configure(config):
    """Make every child Python import the child hook, and give it a hits folder."""
    paths = [str(CHILD_SITE)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    os.environ[ROOT_ENV] = os.getcwd()
    if not os.environ.get(HITS_ENV):
        os.environ[HITS_ENV] = tempfile.mkdtemp(prefix="mutation-hits-")


def clear_generator_caches() -> None:
    """Empty every functools cache in the generator's loaded modules."""
    for name, module in list(sys.modules.items()):
        if name == "builder" or name.startswith("builder."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


@pytest.fixture(autouse=True)
def _scratch_working_folder():
    """Run the test in a fresh empty working folder with empty caches, then come back."""
    clear_generator_caches()
    here = os.getcwd()
    scratch = tempfile.mkdtemp(prefix="mutation-cwd-")
    os.chdir(scratch)
    try:
        yield
    finally:
        os.chdir(here)
        shutil.rmtree(scratch, ignore_errors=True)


def child_hits(folder: Path) -> set[str]:
    """The functions the children recorded since the last call; their files are removed."""
    names: set[str] = set()
    for file in folder.glob("*.hits"):
        names.update(line for line in file.read_text("utf-8").splitlines() if line)
        file.unlink()
    return names


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item):
    """Before mutmut files this test's calls, add those made in its child processes."""
    if os.environ.get("MUTANT_UNDER_TEST") != "stats":
        return
    from mutmut.state import state

    state()._stats.update(child_hits(Path(os.environ[HITS_ENV])))
