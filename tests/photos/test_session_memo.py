"""What a build leaves in memory for the next belongs to its session, not to the process.

The preview keeps one session across saves and must skip the work its last build did
(bench/RESULTS.md, "the preview's quick path"); two sites built in one process, or two
sessions on one project, must not see each other's memo.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from builder.core.config import BuildOptions, load_config
from builder.incremental.cache import STORE_NAME
from builder.incremental.session import Session
from builder.pipeline import build
from builder.publish.output import Staging

from .test_photos import make_site


def session_build(root: Path, session: Session) -> None:
    """A full build of the site at `root` in `session`, as the preview makes after a save
    the quick path does not cover (no changed paths named)."""
    config = load_config(root / "site.toml")
    options = BuildOptions(content_dir=root / "content", output_dir=root / "output", jobs=2,
                           cache_dir=root / ".cache", encode_photos=False)
    build(config, options, now=datetime(2025, 1, 1, tzinfo=config.tz), session=session)


def index_state(root: Path) -> tuple[int, int]:
    """Inode and time of the photo index: a rewrite (temporary file, then rename) changes both."""
    info = os.stat(root / ".cache" / "photos" / "index.json")
    return info.st_ino, info.st_mtime_ns


def cached_articles(root: Path) -> int:
    """How many converted articles the disk cache holds."""
    if not (root / ".cache" / STORE_NAME).exists():
        return 0
    with contextlib.closing(sqlite3.connect(root / ".cache" / STORE_NAME)) as store:
        return store.execute("SELECT count(*) FROM entries").fetchone()[0]


def forget_articles(root: Path) -> None:
    """Delete the disk cache's converted articles (the next build starts an empty store)."""
    for path in (root / ".cache").glob(f"{STORE_NAME}*"):
        path.unlink()


def test_the_next_build_of_a_session_reuses_its_memo(tmp_path):
    """The photo index is not written again, and converted articles come from memory."""
    root = make_site(tmp_path / "site")
    session = Session(Staging)
    session_build(root, session)
    written = index_state(root)
    assert cached_articles(root) == 2
    forget_articles(root)
    session_build(root, session)
    assert index_state(root) == written
    assert cached_articles(root) == 0  # nothing converted again, so nothing written


def test_two_sessions_do_not_share_their_memo(tmp_path):
    """Another session (another site, or the same project built afresh) starts empty: it
    converts and indexes for itself; the first session keeps its own memo meanwhile."""
    first_site = make_site(tmp_path / "mot")
    second_site = make_site(tmp_path / "hai")
    first = Session(Staging)
    session_build(first_site, first)
    session_build(second_site, Session(Staging))
    written = index_state(first_site)

    # A new session on the first project does not know what the first one indexed.
    forget_articles(first_site)
    session_build(first_site, Session(Staging))
    assert index_state(first_site) != written
    assert cached_articles(first_site) == 2

    # The first session still has its own memo: no article converted again; the index,
    # which the other session rewrote meanwhile, is written once more and then left alone.
    rewritten = index_state(first_site)
    forget_articles(first_site)
    session_build(first_site, first)
    assert cached_articles(first_site) == 0
    assert index_state(first_site) != rewritten
    again = index_state(first_site)
    session_build(first_site, first)
    assert index_state(first_site) == again
