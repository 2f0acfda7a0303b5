"""Both file watchers (inotify, and the portable watchdog one) hand livereload's tasks the
files that changed, and only those."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from builder.core.portable import PORTABLE_ENV
from builder.preview.inotify_watcher import InotifyWatcher
from builder.preview.watching import WatchdogWatcher, is_editor_junk, make_watcher

# How long the kernel (inotify) or watchdog's thread get to queue an event.
SETTLE = {"inotify": 0.05, "watchdog": 0.4}


@pytest.fixture(params=["inotify", "watchdog"])
def kind(request):
    """Which watcher implementation the test runs on."""
    return request.param


@pytest.fixture
def watched(tmp_path, kind):
    """A watcher on content/ (recursive) and site.toml (a single file)."""
    (tmp_path / "content" / "2024").mkdir(parents=True)
    (tmp_path / "content" / "2024" / "a.md").write_text("a")
    (tmp_path / "site.toml").write_text("")
    (tmp_path / "other.txt").write_text("")
    seen: list[list[str]] = []
    watcher = InotifyWatcher() if kind == "inotify" else WatchdogWatcher()
    watcher.watch(str(tmp_path / "content"), seen.append, delay="forever")
    watcher.watch(str(tmp_path / "site.toml"), seen.append, delay="forever")
    if kind == "watchdog":
        watcher._observer.start()  # start() would also hook it to a running IOLoop
    watcher.settle = SETTLE[kind]
    yield tmp_path, watcher, seen
    watcher.close()


def changed(watcher, seen) -> set[str]:
    """Examine once (after the events have been queued); the paths handed over."""
    time.sleep(watcher.settle)
    seen.clear()
    watcher.examine()
    return {p for batch in seen for p in batch}


def test_a_save_is_seen(watched):
    root, watcher, seen = watched
    (root / "content" / "2024" / "a.md").write_text("changed")
    assert changed(watcher, seen) == {str(root / "content" / "2024" / "a.md")}
    assert changed(watcher, seen) == set()


def test_new_folders_are_followed(watched):
    root, watcher, seen = watched
    (root / "content" / "2025").mkdir()
    changed(watcher, seen)
    (root / "content" / "2025" / "b.md").write_text("b")
    assert str(root / "content" / "2025" / "b.md") in changed(watcher, seen)


def test_a_save_by_rename_is_seen_for_a_single_file(watched):
    root, watcher, seen = watched
    (root / ".site.toml.tmp").write_text("title = 'x'")
    os.replace(root / ".site.toml.tmp", root / "site.toml")
    assert changed(watcher, seen) == {str(root / "site.toml")}
    (root / "other.txt").write_text("not ours")  # same folder, not watched
    assert changed(watcher, seen) == set()


def test_deletes_and_moves_are_seen(watched):
    root, watcher, seen = watched
    os.rename(root / "content" / "2024" / "a.md", root / "content" / "2024" / "b.md")
    paths = changed(watcher, seen)
    assert {str(root / "content" / "2024" / "a.md"), str(root / "content" / "2024" / "b.md")} \
        <= paths
    (root / "content" / "2024" / "b.md").unlink()
    assert changed(watcher, seen) == {str(root / "content" / "2024" / "b.md")}


def test_editor_junk_is_ignored(watched):
    root, watcher, seen = watched
    for name in (".a.md.swp", "a.md~", "4913", "#a.md#", ".#a.md"):
        (root / "content" / "2024" / name).write_text("x")
    assert changed(watcher, seen) == set()


def test_junk_names():
    assert is_editor_junk(".a.md.swp") and is_editor_junk("a.md~") and is_editor_junk("4913")
    assert not is_editor_junk("a.md") and not is_editor_junk("anh-1.jpg")


def test_make_watcher_prefers_inotify(monkeypatch):
    monkeypatch.delenv(PORTABLE_ENV, raising=False)
    watcher = make_watcher()
    assert isinstance(watcher, InotifyWatcher)
    watcher.close()


def test_the_portable_watcher_can_be_forced(monkeypatch):
    monkeypatch.setenv(PORTABLE_ENV, "1")
    watcher = make_watcher()
    assert isinstance(watcher, WatchdogWatcher)
    watcher.close()


def test_a_folder_moved_out_and_back_is_followed(watched, kind):
    root, watcher, seen = watched
    os.rename(root / "content" / "2024", root / "away")
    changed(watcher, seen)
    (root / "away" / "a.md").write_text("outside now")
    outside = changed(watcher, seen)
    # watchdog keeps reporting a moved-away folder under its old name for a while: one
    # rebuild too many, which costs time, not correctness.
    assert outside == set() or kind == "watchdog"
    os.rename(root / "away", root / "content" / "2024")
    changed(watcher, seen)
    (root / "content" / "2024" / "a.md").write_text("back")
    assert changed(watcher, seen) == {str(root / "content" / "2024" / "a.md")}
