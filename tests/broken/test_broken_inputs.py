"""One folder per broken input: the build fails with exactly the expected messages,
exits 1, and leaves the previous output byte for byte as it was.

Each case folder holds `content/` (and maybe `site.toml`, `templates/`) and `expected.txt`,
the exact stderr; an `args.txt` adds options to the build (`--lang en`: that case's messages
are checked in English, the others in the sites' Vietnamese). Regenerate after a deliberate wording change with:
    UPDATE_BROKEN=1 python -m pytest tests/broken
"""
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from builder.publish.output import MARKER
from tests.conftest import run_build_py
from tests.update_switch import fail_if_rewritten, update_requested

HERE = Path(__file__).parent
CASES = sorted(p.name for p in HERE.iterdir() if (p / "content").is_dir())


def tree_hash(root: Path) -> str:
    """One hash over every path and file content under `root`."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("case", CASES)
def test_broken_input_fails_clearly_and_keeps_the_old_site(case, tmp_path):
    site = tmp_path / case
    shutil.copytree(HERE / case, site, symlinks=True)
    old = site / "output"
    old.mkdir()
    (old / MARKER).write_text("")
    (old / "index.html").write_text("trang cũ")
    before = tree_hash(old)
    listing_before = sorted(p.name for p in site.iterdir())
    args = ["build", "--content", "content", "--output", "output"]
    if (site / "args.txt").is_file():
        args += (site / "args.txt").read_text(encoding="utf-8").split()
    result = run_build_py(*args, "--config", "site.toml", cwd=site, timeout=60)
    expected_file = HERE / case / "expected.txt"
    if update_requested("UPDATE_BROKEN"):
        was = expected_file.read_text(encoding="utf-8") if expected_file.exists() else None
        expected_file.write_text(result.stderr, encoding="utf-8")
        fail_if_rewritten([str(expected_file)] if was != result.stderr else [])
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == expected_file.read_text(encoding="utf-8")
    assert tree_hash(old) == before
    # Nothing left beside the site but the cache a build keeps (case 07's planted command
    # would write its marker here, in the build's working folder).
    left = sorted(p.name for p in site.iterdir() if p.name != ".cache")
    assert left == listing_before
