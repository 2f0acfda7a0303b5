"""What the end-to-end tests of cached builds share: a build in-process, a tree of files,
the comparison with a clean build, an edit of one content file."""
from __future__ import annotations

import shutil
from pathlib import Path

from builder.core.config import BuildOptions, load_config
from builder.pipeline import build


def run(site: Path, out: str = "output", cache: bool = True):
    """Build in-process; the report."""
    config = load_config(site / "site.toml")
    return build(config, BuildOptions(content_dir=site / "content", output_dir=site / out,
                                      cache_dir=site / ".cache" if cache else None, jobs=1))


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def assert_equals_clean(site: Path) -> None:
    """The cached build's output equals a clean build's, byte for byte."""
    shutil.rmtree(site / "clean", ignore_errors=True)
    run(site, "clean", cache=False)
    cached, clean = tree(site / "output"), tree(site / "clean")
    assert sorted(cached) == sorted(clean)
    assert [path for path in clean if cached[path] != clean[path]] == []


def edit(site: Path, name: str, old: str, new: str) -> None:
    """Replace the first `old` in a content file by `new` (which must be there)."""
    path = site / "content" / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
