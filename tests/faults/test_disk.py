"""Row 31: a full disk, a file size limit, a read-only output parent, an unwritable cache.

Each failing build must exit 1 with one message naming the path it could not write, in
plain words, leave the old site byte for byte and give back the space it took. RAM file
systems need root (as in this project's CI container); without it, the read-only case
falls back to `chmod 555`, which binds every user but root.
"""
from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build_py
from tests.faults.helpers import free_bytes, leftovers, remount, tmpfs, tree_hash

FAILED_LINE = "Không tạo được trang: 1 lỗi; thư mục out/output vẫn giữ nguyên như trước."


@pytest.fixture
def site(tmp_path):
    """The sample site in a scratch project (its output goes to out/output)."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "site.toml", tmp_path / "site.toml")
    return tmp_path


def build(site: Path, **kwargs):
    """`build.py build --output out/output --no-cache` in the project."""
    return run_build_py("build", "--output", "out/output", "--no-cache", cwd=site, **kwargs)


def retitle(site: Path) -> None:
    """Change the site's title: every page changes, so none can be reused from the old site."""
    toml = site / "site.toml"
    toml.write_text(toml.read_text("utf-8").replace('title = "', 'title = "Mới: '), "utf-8")


def assert_failed_on(result, reason: str, old_hash: str, site: Path) -> None:
    """Exit 1, one message naming the unwritable path, the old site kept, nothing left."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    # The unwritable path: in the staging folder, or the scratch folder photos are encoded in.
    assert re.fullmatch(rf"(out/\.output\.(staging-\d+|lock)|\S*campaign-news-photos-\w+)(/\S+)?: "
                        rf"không ghi được: {reason}", lines[0]), result.stderr
    assert lines[1:] == [FAILED_LINE]
    assert tree_hash(site / "out" / "output") == old_hash
    assert leftovers(site / "out") == []


def test_disk_full(site):
    # The sample site takes about 5 MB (its photos in several sizes): room for one, not two.
    with tmpfs(site / "out", 6656) as mounted:
        if not mounted:
            pytest.skip("mounting a small file system needs root (the size-limit test below "
                        "covers a full disk without it)")
        assert build(site).returncode == 0
        old = tree_hash(site / "out" / "output")
        free = free_bytes(site / "out")
        assert free < 2_500_000 < (6656 * 1024 - free)  # no room for a second full site
        retitle(site)
        assert_failed_on(build(site), "ổ đĩa đã đầy", old, site)
        assert free_bytes(site / "out") == free  # the staging folder's space was given back
        remount(site / "out", "size=14m")
        assert build(site).returncode == 0
        assert leftovers(site / "out") == []


def test_file_size_limit(site):
    """RLIMIT_FSIZE: a write beyond the limit fails (EFBIG) as on a nearly full disk."""
    assert build(site).returncode == 0
    old = tree_hash(site / "out" / "output")
    retitle(site)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--output",
                             "out/output", "--no-cache"], cwd=site, capture_output=True,
                            text=True, timeout=300,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE,
                                                                  (20_000, 20_000)))
    assert_failed_on(result, "File too large", old, site)


def test_read_only_output_parent(site):
    with tmpfs(site / "out", 8192) as mounted:
        assert build(site).returncode == 0
        old = tree_hash(site / "out" / "output")
        retitle(site)
        if mounted:
            remount(site / "out", "ro")
            reason = "ổ đĩa chỉ cho phép đọc"
        elif os.geteuid() != 0:
            (site / "out").chmod(0o555)
            reason = "không có quyền ghi"
        else:
            pytest.skip("root without mount: permissions do not bind root")
        try:
            assert_failed_on(build(site), reason, old, site)
        finally:
            if mounted:
                remount(site / "out", "rw")
            (site / "out").chmod(0o755)


def test_an_unwritable_cache_only_costs_speed(site):
    """The cache is disposable: a build that cannot save it still succeeds."""
    with tmpfs(site / "cache", 1024) as mounted:
        assert run_build_py("build", "--output", "out/output", "--cache", "cache",
                            cwd=site).returncode == 0
        if mounted:
            remount(site / "cache", "ro")
        else:
            (site / "cache").chmod(0o555)
        retitle(site)
        try:
            result = run_build_py("build", "--output", "out/output", "--cache", "cache",
                                  cwd=site)
        finally:
            if mounted:
                remount(site / "cache", "rw")
            (site / "cache").chmod(0o755)
        assert result.returncode == 0, result.stderr
        assert "Mới: " in (site / "out" / "output" / "index.html").read_text("utf-8")
