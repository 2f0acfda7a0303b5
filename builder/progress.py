"""Build progress on a terminal: a bar that appears only for builds longer than a second."""
from __future__ import annotations

import os
import shutil
import sys
import time

from .core.i18n import catalogue
from .pipeline import NoProgress

# Builds shorter than this show no bar at all (the variable lets a test see the bar at once).
QUIET_SECONDS = float(os.environ.get("CAMPAIGN_NEWS_PROGRESS_AFTER", "1.0"))


class TerminalProgress(NoProgress):
    """A tqdm bar per stage on stderr; silent for the first second (quick builds stay quiet)."""

    def __init__(self, language: str, stream=None):
        self.language = language
        self.stream = stream or sys.stderr
        self.bar = None
        self.started = time.monotonic()

    def start(self, stage: str, total: int, done: int = 0) -> None:
        """Close the previous bar and open one for this stage."""
        from tqdm import tqdm

        self.finish()
        quiet = max(0.0, QUIET_SECONDS - (time.monotonic() - self.started))
        size = shutil.get_terminal_size((80, 24))
        self.bar = tqdm(total=total, initial=done, desc=catalogue(self.language).group("progress").get(stage, stage),
                        unit="", delay=quiet, leave=False, file=self.stream,
                        # A terminal that reports no size (0 x 0) would get no bar at all.
                        ncols=size.columns or 80, nrows=size.lines or 24)

    def advance(self, count: int = 1) -> None:
        """Move the bar."""
        if self.bar is not None:
            self.bar.update(count)

    def finish(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def make_progress(language: str):
    """A bar on a terminal; nothing when the output goes to a file or pipe."""
    if sys.stderr.isatty():
        return TerminalProgress(language)
    return NoProgress()
