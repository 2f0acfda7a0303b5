"""File events for the preview, behind one interface: livereload's Watcher shape.

Two implementations: `InotifyWatcher` (Linux inotify, read on the IOLoop) and
`WatchdogWatcher` (the watchdog package: ReadDirectoryChangesW on Windows, FSEvents on
macOS), used wherever inotify is missing or CAMPAIGN_NEWS_PORTABLE=1 asks for it. Both
queue changed paths and hand them, per watched root, to livereload's tasks in `examine`.
"""
from __future__ import annotations

from pathlib import Path

from livereload.watcher import Watcher

from ..core.portable import portable_forced

# Names editors write while saving (swap files, backups, lock files, Vim's probe file):
# they change on every keystroke and never hold content of the site.
_JUNK_SUFFIXES = ("~", ".swp", ".swx", ".swpx", ".tmp", ".part", ".crdownload")
_JUNK_NAMES = {"4913"}


def is_editor_junk(name: str) -> bool:
    """True for hidden files and the temporary files editors leave while saving."""
    return (name.startswith((".", "#")) or name.endswith(_JUNK_SUFFIXES)
            or name in _JUNK_NAMES)


class QueuedWatcher(Watcher):
    """What both watchers share: roots, a queue of changed paths, and `examine`."""

    def __init__(self):
        super().__init__()
        self._roots: list[tuple[Path, bool, str]] = []  # (path, is a folder, task key)
        self._queue: list[Path] = []
        self._callback = None

    def _owner(self, path: Path) -> str | None:
        """The task key of the watched root that a changed path belongs to."""
        for root, is_dir, key in self._roots:
            if (is_dir and path.is_relative_to(root)) or path == root:
                return key
        return None

    def read_events(self) -> None:
        """Move pending events into the queue (the inotify watcher reads its descriptor)."""

    def examine(self):
        """Hand every queued change to its task; returns (a changed path, its delay)."""
        if self._changes:
            return self._changes.pop()
        self.read_events()
        queued, self._queue = self._queue, []
        per_task: dict[str, list[str]] = {}
        for path in queued:
            key = self._owner(path)
            if key is not None:
                per_task.setdefault(key, []).append(str(path))
        self.filepath = None
        delay = None
        for key, paths in per_task.items():
            task = self._tasks[key]
            paths = [p for p in dict.fromkeys(paths)
                     if not (task["ignore"] and task["ignore"](p))]
            if not paths:
                continue
            self.filepath = paths[-1]
            delay = task["delay"]
            if task["func"]:
                task["func"](paths)
        return self.filepath, delay


class WatchdogWatcher(QueuedWatcher):
    """Portable file events from the watchdog package, handed over to the IOLoop."""

    def __init__(self):
        super().__init__()
        from watchdog.observers import Observer

        self._observer = Observer()
        self._loop = None
        self._scheduled: set[Path] = set()
        self._aliases: dict[Path, Path] = {}  # real folder -> the symlinked name watched

    def watch(self, path, func=None, delay=None, ignore=None):
        """Watch a folder (recursively) or one file (through its folder, to see renames)."""
        key = str(path)
        super().watch(key, func, delay, ignore)
        target = Path(path).absolute()
        is_dir = target.is_dir()
        self._roots.append((target, is_dir, key))
        folder = target if is_dir else target.parent
        if folder not in self._scheduled and folder.is_dir():
            self._scheduled.add(folder)
            # watchdog does not follow a symlinked folder: watch its target, and report
            # events under the name the folder was given.
            real = folder.resolve()
            if real != folder:
                self._aliases[real] = folder
            self._observer.schedule(_Forward(self), str(real), recursive=is_dir)

    def start(self, callback) -> bool:
        """Start the observer thread; True tells livereload not to poll."""
        from tornado.ioloop import IOLoop

        self._callback = callback
        self._loop = IOLoop.current()
        self._observer.start()
        callback()  # consume livereload's start-up message now (see InotifyWatcher)
        return True

    def queue(self, paths: list[str]) -> None:
        """From the observer thread: queue changed paths and wake the IOLoop."""
        wanted = [path for path in map(self._given_name, filter(None, paths))
                  if not self._junk(path)]
        if not wanted:
            return
        self._queue.extend(wanted)  # list.extend is atomic under the GIL
        if self._loop is not None and self._callback is not None:
            self._loop.add_callback(self._callback)

    def _given_name(self, raw: str) -> Path:
        """An event's path under the name its watched folder was given."""
        path = Path(raw)
        for real, given in self._aliases.items():
            if path.is_relative_to(real):
                return given / path.relative_to(real)
        return path

    def _junk(self, path: Path) -> bool:
        """Editor junk, or anything in a hidden folder below a watched root (.git)."""
        if is_editor_junk(path.name):
            return True
        for root, is_dir, _key in self._roots:
            if is_dir and path.is_relative_to(root):
                return any(part.startswith(".") for part in path.relative_to(root).parts)
        return False

    def close(self) -> None:
        """Stop the observer thread."""
        self._observer.stop()
        if self._observer.is_alive():
            self._observer.join(timeout=5)


class _Forward:
    """A watchdog event handler passing every event's paths to the watcher."""

    def __init__(self, watcher: WatchdogWatcher):
        self.watcher = watcher

    def dispatch(self, event) -> None:
        """Called by watchdog for every event (created, modified, moved, deleted)."""
        kind = getattr(event, "event_type", "")
        # Opening a file changes nothing; a folder's own "modified" only repeats the
        # event of the file created or deleted in it.
        if kind in ("opened", "closed_no_write") or (event.is_directory and kind == "modified"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        self.watcher.queue([p if isinstance(p, str) else p.decode() for p in paths])


def make_watcher() -> Watcher:
    """inotify where the system has it; watchdog elsewhere or when forced portable."""
    if not portable_forced():
        from .inotify_watcher import InotifyWatcher

        try:
            return InotifyWatcher()
        except (OSError, AttributeError):
            pass
    return WatchdogWatcher()
