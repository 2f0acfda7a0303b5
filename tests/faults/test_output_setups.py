"""Issue 17, items 1, 9 and 10: how the output folder is set up and what a build leaves.

A symlinked output is built and swapped at its target (the link stays a link and the
site it points to is never emptied); the link and its target share one lock; a build
that fails on a completely full disk removes what it made.
"""
from __future__ import annotations

import os

import pytest

from builder.core.portable import PORTABLE_ENV
from builder.publish.lock import lock_path
from builder.publish.output import MARKER
from tests.conftest import run_build_py
from tests.faults.helpers import tmpfs

ARTICLE = "---\ntitle: Tin Đức Huệ\ndate: 2020-01-01\n---\nA\n"


@pytest.fixture(params=["linux", "portable"])
def env(request):
    """The environment of the builds: Linux swap and lock, or the portable ones."""
    return {PORTABLE_ENV: "1" if request.param == "portable" else "0"}


@pytest.fixture
def project(tmp_path):
    """A one-article project."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "tin.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def test_a_symlinked_output_is_swapped_at_its_target(project, env):
    assert run_build_py("build", "--output", "srv/tin-tuc", cwd=project,
                        env=env).returncode == 0
    (project / "public").symlink_to("srv/tin-tuc")
    (project / "content" / "tin-2.md").write_text(ARTICLE.replace("Tin", "Bài"), "utf-8")
    result = run_build_py("build", "--output", "public", cwd=project, env=env)
    assert result.returncode == 0, result.stderr
    assert (project / "public").is_symlink()
    target = project / "srv" / "tin-tuc"
    assert (target / MARKER).is_file()
    assert len(list(target.glob("2020/01/*.html"))) == 2
    assert sorted(p.name for p in project.iterdir()) == [".cache", "content", "public", "srv"]
    assert sorted(p.name for p in (project / "srv").iterdir()) == ["tin-tuc"]


def test_a_link_and_its_target_share_one_lock(project):
    (project / "srv").mkdir()
    (project / "public").symlink_to("srv")
    assert lock_path(project / "public") == lock_path(project / "srv")
    assert lock_path(project / "public") != lock_path(project / "other")


def test_a_build_on_a_full_disk_removes_its_staging_folder(project, env):
    with tmpfs(project / "out", 64) as mounted:
        if not mounted:
            pytest.skip("mounting a small file system needs root")
        filler = os.open(project / "out" / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:
            pass  # the disk is full to the last block
        finally:
            os.close(filler)
        result = run_build_py("build", "--output", "out/output", "--no-cache", cwd=project,
                              env=env)
        assert result.returncode == 1
        assert "ổ đĩa đã đầy" in result.stderr and "Traceback" not in result.stderr
        assert sorted(os.listdir(project / "out")) == ["filler"]
