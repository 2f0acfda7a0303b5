"""The output folder: staging, atomic swap, marker, refusals, lock, unchanged files kept."""
import os

import pytest

from builder.core.errors import LockError, OutputError
from builder.publish.output import MARKER, BuildLock, Staging, check_output_target, clean_leftovers


def stage(out, files):
    with Staging(out) as staging:
        for path, data in files.items():
            staging.write(path, data)
        staging.commit()


def test_commit_replaces_the_whole_site_and_leaves_nothing_beside_it(tmp_path):
    out = tmp_path / "output"
    stage(out, {"index.html": b"one", "old.html": b"gone soon"})
    stage(out, {"index.html": b"two"})
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "index.html"]
    assert (out / "index.html").read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_failure_before_commit_leaves_the_old_site(tmp_path):
    out = tmp_path / "output"
    stage(out, {"index.html": b"old"})
    with pytest.raises(RuntimeError):
        with Staging(out) as staging:
            staging.write("index.html", b"new")
            raise RuntimeError("fault")
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_unchanged_files_keep_their_inode_and_mtime(tmp_path):
    out = tmp_path / "output"
    stage(out, {"a.html": b"same", "b.html": b"v1"})
    before = os.stat(out / "a.html")
    os.utime(out / "a.html", (1_000_000, 1_000_000))
    stage(out, {"a.html": b"same", "b.html": b"v2"})
    assert os.stat(out / "a.html").st_mtime == 1_000_000
    assert os.stat(out / "a.html").st_ino == before.st_ino


def test_case_folded_clash_and_escape_are_refused(tmp_path):
    with Staging(tmp_path / "output") as staging:
        staging.write("tags/Ha-Noi.html", b"x", origin="content/a.md")
        with pytest.raises(OutputError, match="content/a.md already writes"):
            staging.write("tags/ha-noi.html", b"y", origin="content/b.md")
        with pytest.raises(OutputError, match="would leave the output folder"):
            staging.write("../evil.html", b"z")
    assert not (tmp_path / "evil.html").exists()


@pytest.mark.parametrize("make", ["root", "content", "project", "foreign", "git"])
def test_dangerous_output_targets_are_refused(tmp_path, make):
    content, project = tmp_path / "site" / "content", tmp_path / "site"
    content.mkdir(parents=True)
    target = {"root": project, "content": content, "project": project,
              "foreign": tmp_path / "docs", "git": tmp_path / "out"}[make]
    if make == "foreign":
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    if make == "git":
        (target / ".git").mkdir(parents=True)
        (target / MARKER).write_text("")
    with pytest.raises(OutputError):
        check_output_target(target, content, project)


def test_second_build_fails_fast_naming_the_pid(tmp_path):
    out = tmp_path / "output"
    with BuildLock(out):
        with pytest.raises(LockError, match=f"a build is already running \\(pid {os.getpid()}\\)"):
            with BuildLock(out):
                pass
    with BuildLock(out):  # released: can be taken again
        pass


def test_leftovers_of_a_killed_build_are_removed(tmp_path):
    out = tmp_path / "output"
    stage(out, {"index.html": b"x"})
    left = tmp_path / ".output.staging-99999"
    left.mkdir()
    (left / MARKER).write_text("")
    clean_leftovers(out)
    assert not left.exists() and (out / "index.html").exists()

