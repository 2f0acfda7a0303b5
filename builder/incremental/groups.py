"""Reusing the outputs of the last build whose inputs did not change.

The writer (`Staging`, or the preview's folder) puts the old file in place; these only
decide, from the record of the last build, which outputs may be reused.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Collection

if TYPE_CHECKING:
    from ..site.plan import PageKind, PageSpec
    from .records import Record


def reuse_unchanged_pages(specs: list[PageSpec], content_kinds: Collection[PageKind],
                          staging, old: Record, articles: dict[str, str], stale: set[int],
                          progress) -> tuple[dict[str, str], list]:
    """With the site's structure unchanged: reuse every page but those of changed articles
    (pages of the `content_kinds`, by their content key in `articles`), those that read a
    value now `stale` (indexes into the old record's read table) and any whose old file is
    gone; returns (digests of the reused, specs to redo)."""
    reads = old.reads
    reusable = [spec.path in old.pages and spec.path in reads.pages
                and (spec.kind not in content_kinds
                     or old.articles.get(spec.path) == articles[spec.path])
                and (not stale or not reads.read_any(spec.path, stale))
                for spec in specs]
    # Put in place all at once (tens of thousands of files at a province's size): linked
    # on threads, or found in place in the spare site (publish/output.py).
    gone = staging.reuse_all([spec.path for spec, ok in zip(specs, reusable) if ok])
    kept, redo = {}, []
    for spec, ok in zip(specs, reusable):
        if ok and spec.path not in gone:
            kept[spec.path] = old.pages[spec.path]
            progress.advance()
        else:
            redo.append(spec)
    return kept, redo


def write_group(staging, name: str, digest: str, produce, old_groups: dict,
                 groups: dict) -> None:
    """Write files made together; if what they are made from is unchanged, the old files
    are reused as they are (made anew if any of them is missing)."""
    old_digest, old_paths = old_groups.get(name, ("", []))
    if old_digest == digest and all(staging.has_old(path) for path in old_paths):
        for path in old_paths:
            staging.reserve(path, name)
            staging.reuse(path)
        groups[name] = (digest, old_paths)
        return
    paths = []
    for path, data in produce():
        staging.write(path, data, origin=name)
        paths.append(path)
    groups[name] = (digest, paths)
