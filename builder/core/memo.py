"""What one build leaves in memory for the next build of the same session.

The preview is a long-lived process that builds on every save; these results let a save
skip work the last build already did. They belong to one explicit owner: the preview's
`Session` keeps one `BuildMemo` across saves, a one-shot `build` makes a fresh one, so two
sites built in one process never see each other's. Every entry is keyed by what it was
made from (a content key, a body digest, a photo's content key), so a stale entry is never
used, only a missing one costs time.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class BuildMemo:
    """Mutable results of the last build, passed explicitly to the stages that use them."""

    # cache folder of converted articles -> content key -> converted result (incremental/cache.py)
    content: dict[str, dict[str, object]] = field(default_factory=dict)
    # photo cache folder -> photo -> its plan, reused while its content key and its use (a
    # lead photo has the sharing crop) are the same (photos/stage.py)
    photo_plans: dict[str, dict[str, object]] = field(default_factory=dict)
    # photo index file -> (what was last written into it, the file's state after writing)
    photo_index: dict[str, tuple[list, tuple | None]] = field(default_factory=dict)
