"""Row 32: a deleted article leaves no trace after the next build.

Its page, its entries in listings, tag, category and date pages, feeds, sitemap and
search index, its now-unused tag, category, month and photo are gone; the rebuilt tree is
exactly what a fresh build of the remaining content gives (so no orphan file remains),
with the cache (pages reused from the old site) and without it.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import ROOT, run_build_py
from tests.faults.helpers import leftovers, tree_hash

DOOMED = """---
title: "Bài sẽ bị xóa: Hội thi Cán bộ dân vận Zêta"
date: 2023-07-19 09:00
tags: [Nhãn Zêta duy nhất, Dân vận khéo]
category: Chuyên mục Zêta
author: Phóng viên Zêta
image: anh-zeta.jpg
slug: bai-zeta
---

Nội dung riêng của bài Zêta, có
[liên kết](../2020/thu-thua-xa-binh-thanh-ve-dich-nong-thon-moi.md).
"""
TRACES = ("Zêta", "zeta", "Zeta")


@pytest.fixture
def project(tmp_path):
    """The sample site plus one article with its own tag, category, month and photo."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    toml = (ROOT / "site.toml").read_text("utf-8")
    # A base URL, so that sitemap.xml is made too (top-level keys go before the tables).
    toml = toml.replace("[slugs.tags]", 'base_url = "https://example.org/tin/"\n\n[slugs.tags]')
    (tmp_path / "site.toml").write_text(toml, "utf-8")
    folder = tmp_path / "content" / "2023"
    folder.mkdir(exist_ok=True)
    (folder / "bai-zeta.md").write_text(DOOMED, "utf-8")
    Image.new("RGB", (64, 48), (30, 120, 60)).save(folder / "anh-zeta.jpg", "JPEG")
    return tmp_path


def all_text(root: Path) -> str:
    """Every file under `root` as text (names included), to search for traces."""
    parts = []
    for path in sorted(root.rglob("*")):
        parts.append(path.relative_to(root).as_posix())
        if path.is_file():
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


@pytest.mark.parametrize("cache", [True, False], ids=["with-cache", "without-cache"])
def test_a_deleted_article_leaves_no_trace(project, cache):
    args = ["build", "--output", "output"] + ([] if cache else ["--no-cache"])
    first = run_build_py(*args, cwd=project)
    assert first.returncode == 0, first.stderr
    before = all_text(project / "output")
    assert all(trace in before for trace in ("Zêta", "bai-zeta.html", "sitemap.xml"))
    (project / "content" / "2023" / "bai-zeta.md").unlink()
    second = run_build_py(*args, cwd=project)
    assert second.returncode == 0, second.stderr
    after = all_text(project / "output")
    for trace in TRACES:
        assert trace not in after, f"'{trace}' is still in the output"
    assert list((project / "output" / "media").rglob("anh-zeta*")) == []  # every copy gone
    fresh = run_build_py("build", "--output", "fresh", "--no-cache", cwd=project)
    assert fresh.returncode == 0, fresh.stderr
    assert tree_hash(project / "output") == tree_hash(project / "fresh")
    assert leftovers(project) == []
