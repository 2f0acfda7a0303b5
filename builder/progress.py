"""Build progress on a terminal: a bar that appears only for builds longer than a second."""
from __future__ import annotations

import sys

from .pipeline import NoProgress

STAGES = {"vi": {"articles": "Đọc bài", "pages": "Tạo trang"},
          "en": {"articles": "Articles", "pages": "Pages"}}


class TerminalProgress(NoProgress):
    """A tqdm bar per stage on stderr; silent for the first second (quick builds stay quiet)."""

    def __init__(self, language: str):
        self.language = language
        self.bar = None

    def start(self, stage: str, total: int, done: int = 0) -> None:
        """Close the previous bar and open one for this stage."""
        from tqdm import tqdm

        self.finish()
        self.bar = tqdm(total=total, initial=done, desc=STAGES[self.language].get(stage, stage),
                        unit="", delay=1.0, leave=False, file=sys.stderr, dynamic_ncols=True)

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
