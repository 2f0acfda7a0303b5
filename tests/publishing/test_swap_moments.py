"""The swap, watched step by step: `output/` holds a complete site at every moment.

Deterministic, not a race: an audit hook (sys.addaudithook) is called before every step
that changes the file system (a rename, a removal, a call into the C library such as
renameat2) and looks at `output/` then; together with a look after the commit, that is
every state a reader could meet. The second test checks that on Linux the commit is the
one atomic exchange (renameat2 with RENAME_EXCHANGE), not renames.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from builder.publish import swap
from builder.publish.output import MARKER, Staging

STEPS = {"os.rename", "os.remove", "os.rmdir", "shutil.rmtree", "ctypes.dlsym",
         "ctypes.call_function", "shutil.move", "os.link", "os.symlink"}
OLD = {"index.html": b"trang cu", "2020/09/bai.html": b"bai cu"}
NEW = {"index.html": b"trang moi", "2021/01/tin.html": b"tin moi"}


class Watcher:
    """Looks at the output folder before every file-system step while switched on."""

    def __init__(self, output_dir: Path):
        self.output_dir = output_dir
        self.on = False
        self.busy = False
        self.seen: list[tuple[str, str]] = []  # (event, what output/ held)
        self.events: list[tuple[str, tuple]] = []

    def __call__(self, event: str, args: tuple) -> None:
        if not self.on or self.busy or event not in STEPS:
            return
        self.busy = True  # our own look must not call us again
        try:
            self.events.append((event, args))
            self.seen.append((event, state(self.output_dir)))
        finally:
            self.busy = False


def state(folder: Path) -> str:
    """'old', 'new', 'missing' or 'mixed': which complete site `folder` holds."""
    if not folder.is_dir():
        return "missing"
    files = {p.relative_to(folder).as_posix(): p.read_bytes()
             for p in folder.rglob("*") if p.is_file() and p.name != MARKER}
    return "old" if files == OLD else "new" if files == NEW else "mixed"


@pytest.fixture(scope="module")
def watch():
    """One audit hook for the module (hooks cannot be removed), pointed at each test's folder."""
    holder: dict[str, Watcher | None] = {"watcher": None}

    def hook(event, args):
        if holder["watcher"] is not None:
            holder["watcher"](event, args)

    sys.addaudithook(hook)

    def start(output_dir: Path) -> Watcher:
        holder["watcher"] = Watcher(output_dir)
        return holder["watcher"]

    yield start
    holder["watcher"] = None


def build(output_dir: Path, files: dict[str, bytes], watcher: Watcher | None = None) -> int:
    """Stage `files` and commit them, watched during the commit only; the staging's inode."""
    with Staging(output_dir) as staging:
        for rel, data in files.items():
            staging.write(rel, data)
        staged = staging.dir.stat().st_ino
        if watcher:
            watcher.on = True
        try:
            staging.commit()
        finally:
            if watcher:
                watcher.on = False
    return staged


@pytest.mark.parametrize("portable", [False, True], ids=["native", "portable"])
def test_output_holds_a_complete_site_at_every_step_of_the_swap(tmp_path, watch, monkeypatch,
                                                              portable):
    out = tmp_path / "output"
    build(out, OLD)
    assert state(out) == "old"
    if portable:
        monkeypatch.setenv("CAMPAIGN_NEWS_PORTABLE", "1")
    watcher = watch(out)
    build(out, NEW, watcher)
    assert watcher.seen, "the hook saw no step: the test would prove nothing"
    moments = [what for _, what in watcher.seen] + [state(out)]
    assert moments[-1] == "new"
    if portable:
        # Two renames: for the one step between them there is no output folder; never a mix.
        assert "mixed" not in moments
        assert set(moments) <= {"old", "missing", "new"}
    else:
        assert set(moments) <= {"old", "new"}, watcher.seen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_the_linux_commit_is_one_renameat2_exchange_and_no_rename(tmp_path, watch, monkeypatch):
    monkeypatch.delenv("CAMPAIGN_NEWS_PORTABLE", raising=False)
    out = tmp_path / "output"
    build(out, OLD)
    watcher = watch(out)
    staged = build(out, NEW, watcher)
    # The staged folder itself became the output (no copy), with no os.rename/os.replace
    # on the way: the C library's renameat2 was looked up and did the exchange.
    assert state(out) == "new" and out.stat().st_ino == staged
    assert [e for e, _ in watcher.events if e == "os.rename"] == []
    looked_up = [args[1] for e, args in watcher.events if e == "ctypes.dlsym"]
    assert looked_up == ["renameat2"], watcher.events
    assert not list(tmp_path.glob(".output.old-*"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_exchange_swaps_two_folders_in_place(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "f").write_text("A")
    (b / "f").write_text("B")
    inode_a, inode_b = a.stat().st_ino, b.stat().st_ino
    assert swap.exchange(a, b) is True
    assert (a / "f").read_text() == "B" and (b / "f").read_text() == "A"
    assert (a.stat().st_ino, b.stat().st_ino) == (inode_b, inode_a)
