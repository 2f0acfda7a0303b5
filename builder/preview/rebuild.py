"""Rebuilds for the dev server: one pipeline build per burst of saves, never fatal.

`SiteBuilder` runs `pipeline.build` with the settings read afresh (so an edit to site.toml
counts), with a `Session` that keeps the last build's state in memory, and turns every
failure into a `BuildOutcome`. `RebuildScheduler` waits for a quiet
moment after the last file event (editors and `git checkout` save many files at once), runs
one build at a time in a thread so the server keeps answering with the last good site, and
builds once more if files changed while it was building.
"""
from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass
from typing import Callable

from ..core.config import BuildOptions, SiteConfig
from ..core.errors import BuildError, render
from ..core.i18n import catalogue
from ..incremental.session import Session

QUIET_SECONDS = 0.15


@dataclass(frozen=True)
class BuildOutcome:
    """What one build gave: success with a report, or the problems to show."""

    ok: bool
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    articles: int = 0
    pages: int = 0
    seconds: float = 0.0
    language: str = "vi"


class SiteBuilder:
    """Runs the pipeline with settings from `settings()` and one session; never raises.
    Its problems and warnings read in `language` (the run's `--lang`), else in the site's."""

    def __init__(self, settings: Callable[[], tuple[SiteConfig, BuildOptions]],
                 session: Session | None = None, language: str | None = None):
        self.settings = settings
        self.session = session
        self.language = language
        self.config: SiteConfig | None = None

    def build(self, paths: tuple[str, ...] = ()) -> BuildOutcome:
        """Build the site once (`paths`: the files that changed, when known); problems
        (even a bug in the generator) become the outcome."""
        from ..pipeline import build

        started = time.perf_counter()
        language = self.language or (self.config.language if self.config else "vi")
        try:
            config, options = self.settings()
            self.config, language = config, self.language or config.language
            report = build(config, options, session=self.session, changed=paths)
        except BuildError as exc:
            return BuildOutcome(False, tuple(render(p, language) for p in exc.problems),
                                seconds=time.perf_counter() - started, language=language)
        except Exception as exc:  # noqa: BLE001 - the preview must outlive generator bugs
            where = traceback.extract_tb(exc.__traceback__)[-1]
            problem = f"{where.filename}:{where.lineno}: " + catalogue(language).text(
                "preview", "internal_error", error=f"{type(exc).__name__}: {exc}")
            return BuildOutcome(False, (problem,), seconds=time.perf_counter() - started,
                                language=language)
        return BuildOutcome(True, warnings=tuple(render(w, language) for w in report.warnings),
                            articles=report.articles, pages=report.pages,
                            seconds=report.seconds, language=language)


class RebuildScheduler:
    """Debounces file events on the IOLoop and runs builds one at a time in a thread."""

    def __init__(self, build: Callable[[], BuildOutcome],
                 done: Callable[[BuildOutcome, tuple[str, ...], float], None],
                 quiet: float = QUIET_SECONDS, language: str = "vi"):
        from tornado.ioloop import IOLoop

        self.build = build
        self.done = done
        self.quiet = quiet
        self.language = language  # of the line reporting a build that raised after all
        self.loop = IOLoop.current()
        self.builds_started = 0
        self._pending: set[str] = set()
        self._first_change = 0.0
        self._timer = None
        self._running = False
        self._thread: threading.Thread | None = None
        self._stopped = False

    def stop(self, wait: float) -> None:
        """Start no more builds and give the running one up to `wait` seconds to finish, so
        that the preview folder can be removed without a build writing it back."""
        self._stopped = True
        if self._thread is not None:
            self._thread.join(wait)

    def changed(self, paths=()) -> None:
        """Note changed files and (re)start the quiet-period timer."""
        if not self._pending:
            self._first_change = time.perf_counter()
        self._pending.update(paths or ("*",))
        if self._timer is not None:
            self.loop.remove_timeout(self._timer)
        self._timer = self.loop.call_later(self.quiet, self._quiet_reached)

    def _quiet_reached(self) -> None:
        """The burst is over: build now, or right after the build that is running."""
        self._timer = None
        if not self._running:
            self._start()

    def _start(self) -> None:
        """Run one build in a thread with the changes gathered so far."""
        if self._stopped:
            return
        paths, self._pending = tuple(sorted(self._pending)), set()
        first_change = self._first_change
        self._running = True
        self.builds_started += 1

        def work():
            try:
                outcome = self.build(paths)
            except BaseException as exc:  # noqa: BLE001 - always report back to the loop
                words = catalogue(self.language).text("preview", "internal_error",
                                                      error=repr(exc))
                outcome = BuildOutcome(False, (words,), language=self.language)
            self.loop.add_callback(self._finished, outcome, paths, first_change)

        # A daemon thread: Ctrl+C must not wait for a long build (the output swap is
        # atomic and the lock dies with the process, so stopping mid-build is safe).
        self._thread = threading.Thread(target=work, name="rebuild", daemon=True)
        self._thread.start()

    def _finished(self, outcome: BuildOutcome, paths: tuple[str, ...],
                  first_change: float) -> None:
        """Report the outcome; build again if files changed meanwhile and are settled."""
        self._running = False
        self.done(outcome, paths, first_change)
        if self._pending and self._timer is None:
            self._start()
