"""The output folder: staging, atomic swap, marker, refusals, lock, unchanged files kept."""
import errno
import os
from pathlib import Path

import pytest

from builder.core.errors import LockError, OutputError
from builder.publish import output
from builder.publish.output import (MARKER, BuildLock, Staging, check_cache_place,
                                    check_output_target, clean_leftovers, write_error)


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



# The tests below close holes the mutation run found (docs/testing.md).

def test_a_leftover_name_on_a_folder_that_is_not_ours_is_kept(tmp_path):
    out = tmp_path / "output"
    stage(out, {"index.html": b"x"})
    foreign = tmp_path / ".output.staging-99999"
    foreign.mkdir()
    (foreign / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    cut_short = tmp_path / ".output.old-99998"  # empty: a build was killed making it
    cut_short.mkdir()
    clean_leftovers(out)
    assert (foreign / "ghi-chu.txt").read_text(encoding="utf-8") == "của tôi"
    assert not cut_short.exists() and (out / "index.html").exists()


def test_a_folder_that_cannot_be_examined_is_never_taken_for_ours(tmp_path):
    # A name too long for the file system fails every look at it with an OSError.
    assert output._is_ours(tmp_path / ("x" * 300)) is False


@pytest.mark.parametrize("number, words", [
    (errno.ENOSPC, "the disk is full"), (errno.EACCES, "permission denied"),
    (errno.EROFS, "the file system is read-only"), (errno.EDQUOT, "the disk quota is exceeded"),
    (errno.EIO, "Input/output error")])
def test_write_errors_in_plain_words(number, words):
    error = write_error(OSError(number, os.strerror(number)), Path("output/tin.html"))
    assert [str(p) for p in error.problems] == [f"output/tin.html: cannot write: {words}"]


def test_a_write_error_without_a_number_keeps_its_text():
    error = write_error(OSError("ổ đĩa ngắt kết nối"), Path("output/tin.html"))
    assert [str(p) for p in error.problems] == [
        "output/tin.html: cannot write: ổ đĩa ngắt kết nối"]


def test_a_cache_in_the_home_folder_itself_is_refused_naming_it(tmp_path, monkeypatch):
    home = tmp_path / "nha"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(OutputError) as caught:
        check_cache_place(home, tmp_path / "content", tmp_path / "output", ())
    assert [str(p) for p in caught.value.problems] == [
        f"{home}: --cache: refusing to keep the cache in a system folder or your home "
        "folder itself; choose e.g. .cache"]
