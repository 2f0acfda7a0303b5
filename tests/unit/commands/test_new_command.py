"""`build.py new`: a new article file with front matter that the build reads back exactly."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from builder.core.config import SiteConfig
from builder.content.articles import load_article
from builder.commands.new import front_matter_text, split_tags
from tests.conftest import run_build_py

TITLE = "Đức Huệ: Tổng kết 05 năm “Dân vận khéo”, giai đoạn 2016 – 2020"
SLUG = "duc-hue-tong-ket-05-nam-dan-van-kheo-giai-doan-2016-2020"


@pytest.fixture
def project(tmp_path) -> Path:
    """An empty project whose site time zone is not UTC (and not the machine's)."""
    (tmp_path / "site.toml").write_text('timezone = "Asia/Ho_Chi_Minh"\n', "utf-8")
    return tmp_path


def read_back(project: Path, rel: str, timezone: str = "Asia/Ho_Chi_Minh"):
    """The article as the build reads it."""
    content = project / "content"
    source = Path(rel).relative_to("content").as_posix()
    parsed = load_article(content, source, SiteConfig(timezone=timezone), "content")
    assert parsed.problems == () and parsed.warnings == ()
    return parsed.article


def test_writes_the_file_and_prints_its_path(project):
    before = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).replace(second=0, microsecond=0)
    result = run_build_py("new", TITLE, "--tags", "Dân vận khéo, Đức Huệ,, Dân vận khéo",
                          "--category", "Dân vận", cwd=project)
    after = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert result.returncode == 0, result.stderr
    rel = result.stdout.strip()
    assert rel == f"content/{before.year}/{SLUG}.md"
    article = read_back(project, rel)
    assert article.title == TITLE
    assert article.tags == ("Dân vận khéo", "Đức Huệ")
    assert article.category == "Dân vận"
    assert not article.draft
    assert before <= article.date <= after
    assert article.date.utcoffset() == timedelta(hours=7)
    assert article.body.strip() == ""
    text = (project / rel).read_text("utf-8")  # readable, in the README's shape
    assert text.startswith('---\ntitle: "' + TITLE + '"\ndate: ')
    assert ('\ntags: ["Dân vận khéo", "Đức Huệ"]\ncategory: "Dân vận"\nauthor:\nsummary:\nimage:\n'
            'image_caption:\n---\n') in text


def test_skeleton_has_every_field_ready_to_fill_in(project):
    result = run_build_py("new", "Bài có đủ trường", cwd=project)
    path = project / result.stdout.strip()
    text = path.read_text("utf-8")
    for field in ("tags:", "category:", "author:", "summary:", "image:", "image_caption:"):
        assert f"\n{field}\n" in text
    assert read_back(project, result.stdout.strip()).authors == ()
    (path.parent / "anh.jpg").write_bytes(b"")
    filled = (text.replace("tags:\n", "tags: [Dân vận khéo]\n")
              .replace("category:\n", "category: Dân vận\n")
              .replace("author:\n", "author: Kim Tiến\n")
              .replace("summary:\n", "summary: Tóm tắt bài.\n")
              .replace("image:\n", "image: anh.jpg\n")
              .replace("image_caption:\n", "image_caption: Ảnh hội nghị\n"))
    path.write_text(filled, "utf-8")
    article = read_back(project, result.stdout.strip())
    assert article.tags == ("Dân vận khéo",) and article.category == "Dân vận"
    assert article.authors == ("Kim Tiến",)
    assert article.summary == "Tóm tắt bài." and article.image_caption == "Ảnh hội nghị"


def test_date_is_now_in_the_site_time_zone(project):
    (project / "site.toml").write_text('timezone = "America/New_York"\n', "utf-8")
    result = run_build_py("new", "Bài ở múi giờ khác", cwd=project, env={"TZ": "UTC"})
    text = (project / result.stdout.strip()).read_text("utf-8")
    written = datetime.fromisoformat(text.split("\ndate: ")[1].split("\n")[0])
    now = datetime.now(ZoneInfo("America/New_York"))
    assert written.utcoffset() == now.utcoffset()
    assert abs(now - written) < timedelta(minutes=2)
    assert read_back(project, result.stdout.strip(), "America/New_York").date.tzinfo


def test_never_overwrites(project):
    first = run_build_py("new", TITLE, cwd=project)
    path = project / first.stdout.strip()
    path.write_text(path.read_text("utf-8") + "Nội dung biên tập viên đã viết.\n", "utf-8")
    kept = path.read_bytes()
    second = run_build_py("new", TITLE, "--draft", cwd=project)
    assert second.returncode == 1
    assert "không ghi đè" in second.stderr and SLUG in second.stderr
    assert path.read_bytes() == kept


def test_draft_and_content_folder(project):
    result = run_build_py("new", "Bài nháp", "--draft", "--content", "bai-viet", cwd=project)
    rel = result.stdout.strip()
    assert rel.startswith("bai-viet/") and rel.endswith("/bai-nhap.md")
    parsed = load_article(project / "bai-viet", rel.split("/", 1)[1], SiteConfig(), "bai-viet")
    assert parsed.article.draft


def test_the_new_article_builds(project):
    run_build_py("new", TITLE, "--tags", "Đức Huệ", cwd=project)
    result = run_build_py("build", cwd=project)
    assert result.returncode == 0, result.stderr
    pages = list((project / "output").glob(f"*/*/{SLUG}.html"))
    assert len(pages) == 1
    assert "Dân vận khéo" in pages[0].read_text("utf-8")


def test_empty_title_is_refused(project):
    result = run_build_py("new", "  ", cwd=project)
    assert result.returncode == 1
    assert not (project / "content").exists()


@pytest.mark.parametrize("title", ["no", "1.10", "0123", "null", "- a", "a: b", "#x", "'q'",
                                   '"dq"', "[a, b]", "{a: 1}", "&a *a", "!!python/object x",
                                   "Dòng\\ncuối", "  khoảng trắng  "])
def test_yaml_special_titles_round_trip(tmp_path, title):
    when = datetime(2024, 5, 1, 10, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    text = front_matter_text(title.strip(), when, ["yes", "NO", "on"], "off", False)
    (tmp_path / "a.md").write_text(text, "utf-8")
    parsed = load_article(tmp_path, "a.md", SiteConfig(), "content")
    assert parsed.problems == ()
    article = parsed.article
    assert article.title == title.strip()
    assert article.tags == ("yes", "NO", "on")
    assert article.category == "off"
    assert article.date == when


def test_split_tags():
    assert split_tags(" a, b ,,a, ") == ["a", "b"]
    assert split_tags("Đức Hòa") == ["Đức Hòa"]
    assert split_tags("") == []
