"""What a long-lived process (the preview) keeps in memory from one build to the next.

A one-shot `build` has no session: it reads its record from the cache folder and writes
through a staging folder swapped in at the end. The preview hands `pipeline.build` a
`Session`: the record of the last build stays in memory (so preview builds never replace
the record of `output/`), the compiled templates stay loaded while the theme is unchanged,
content files whose size and times did not change are not read again, and the output
goes through the session's own writer (the preview's folder).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..core.memo import BuildMemo
from .records import MemoryRecords


class Session:
    """State kept between builds of one process; `writer(folder)` makes the output writer."""

    def __init__(self, writer: Callable[[Path], object]):
        self.writer = writer
        self.records = MemoryRecords()
        self.memo = BuildMemo()  # what each build leaves for the next (core/memo.py)
        self.file_keys: dict[str, tuple[tuple, str]] = {}  # path -> (file state, content key)
        self._environment: tuple[str, object] | None = None
        # preview.quick_path.LastBuild of the last good full build; None after a failure.
        self.last = None
        # The search index the output folder holds (publish.search.SearchIndex), so that a
        # title save puts its card in instead of making the index again; None if unknown.
        # Kept across full builds that reuse the index's files (made from the same cards).
        self.search = None

    def environment(self, digest: str, make: Callable[[], object]):
        """The Jinja environment of the last build if the theme (by `digest`) is unchanged,
        else a new one from `make()`; its compiled templates stay loaded."""
        if self._environment is None or self._environment[0] != digest:
            self._environment = (digest, make())
        return self._environment[1]
