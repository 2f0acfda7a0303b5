"""Loading every content file: reuse across builds in one process (the dev server)."""
import shutil
from pathlib import Path

import pytest

from builder.incremental.cache import ContentCache
from builder.core.config import SiteConfig
from builder.content.loading import load_all


def write_site(content: Path) -> None:
    """An article showing a photo from its images folder."""
    (content / "images").mkdir(parents=True)
    (content / "images" / "anh.jpg").write_bytes(b"\xff\xd8anh")
    (content / "bai.md").write_text("---\ntitle: Bài có ảnh\ndate: 2024-05-01\n---\n\n"
                                    "![Ảnh hội nghị](images/anh.jpg)\n", encoding="utf-8")


@pytest.mark.parametrize("cached", [False, True], ids=["fresh", "cached"])
def test_a_folder_swapped_for_an_outside_symlink_is_caught_by_the_next_build(tmp_path, cached):
    """A long-running server builds again and again: what it resolved before is not trusted,
    nor is a cached conversion whose photo has moved out of the content folder."""
    content = tmp_path / "content"
    write_site(content)
    cache = ContentCache(tmp_path / "cache", "salt") if cached else None
    first = load_all(SiteConfig(), content, "content", cache=cache)
    assert first.problems == () and first.bodies["bai.md"].refs == ("images/anh.jpg",)

    outside = tmp_path / "ngoai"
    (content / "images").rename(outside)
    (content / "images").symlink_to(outside, target_is_directory=True)
    if cached:
        assert len([p for p in (tmp_path / "cache").rglob("*") if p.is_file()]) == 1
        cache = ContentCache(tmp_path / "cache", "salt")
    second = load_all(SiteConfig(), content, "content", cache=cache)
    assert "'images/anh.jpg' trỏ ra ngoài thư mục nội dung" in [
        str(p.message) for p in second.problems]


def test_the_next_build_in_one_process_takes_unchanged_articles_from_memory(tmp_path):
    """The dev server's rebuilds: unchanged files are not read back from the disk cache,
    and an edited one is converted again."""
    content = tmp_path / "content"
    write_site(content)
    (content / "hai.md").write_text("---\ntitle: Bài hai\ndate: 2024-05-02\n---\n\nLúc đầu.\n",
                                    encoding="utf-8")
    cache_dir = tmp_path / "cache"
    load_all(SiteConfig(), content, "content", cache=ContentCache(cache_dir, "salt"))
    shutil.rmtree(cache_dir)
    (content / "hai.md").write_text("---\ntitle: Bài hai\ndate: 2024-05-02\n---\n\nĐã sửa.\n",
                                    encoding="utf-8")
    second = load_all(SiteConfig(), content, "content", cache=ContentCache(cache_dir, "salt"))
    assert "Đã sửa." in second.bodies["hai.md"].html
    assert second.bodies["bai.md"].refs == ("images/anh.jpg",)
    # Only the edited article was converted (and so written to the cache) again.
    assert len([p for p in cache_dir.rglob("*") if p.is_file()]) == 1
