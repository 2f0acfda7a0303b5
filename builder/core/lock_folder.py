"""The user's private folder for build locks and the cache-signing key.

Used by the build lock (publish/lock.py), the preview's folder and the template code
cache's signing key (site/signing.py): one place decides where it is on every system.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

LOCK_DIR_ENV = "CAMPAIGN_NEWS_LOCK_DIR"


def lock_folder() -> Path:
    """The user's own folder for build locks (made private on first use)."""
    chosen = os.environ.get(LOCK_DIR_ENV)
    if chosen:
        return Path(chosen)
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or tempfile.gettempdir())
        return base / "campaign-news" / "locks"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / "campaign-news-locks"
    return Path(tempfile.gettempdir()) / f"campaign-news-locks-{os.getuid()}"
