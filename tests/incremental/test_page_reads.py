"""Dependency records of pages: after a change, exactly the pages that read a changed card
or photo (and the pages of changed files) are made again, and the result equals a clean
build byte for byte; a change of the site's structure works out every page again."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.incremental.site_builds import assert_equals_clean, edit, run, tree


def article(title: str, date: str, tags: str, body: str, extra: str = "") -> str:
    """One article file."""
    return (f"---\ntitle: \"{title}\"\ndate: {date}\ntags: [{tags}]\ncategory: Dân vận khéo\n"
            f"{extra}---\n\n{body}\n")


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A site of 40 articles in four tags over two years, one with an old address."""
    content = tmp_path / "content"
    for n in range(40):
        tags = ["Đức Huệ", "Bến Lức", "Cần Giuộc", "Tân Trụ"][n % 4]
        extra = "aliases: [/tin-cu/bai-7.html]\n" if n == 7 else ""
        folder = content / str(2024 + n // 20)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"bai-{n:02}.md").write_text(article(
            f"Bài số {n}: phong trào thi đua ở {tags}", f"20{24 + n // 20}-{1 + n % 12:02}-"
            f"{1 + n % 27:02} 08:{n:02}", f"{tags}, Thi đua", f"Đoạn mở đầu của bài {n}.\n\n"
            f"Đoạn thứ hai của bài {n}.", extra), encoding="utf-8")
    photos = sorted((ROOT / "content" / "2019" / "images").glob("*.jpg"))
    shutil.copy(photos[0], content / "anh.jpg")
    shutil.copy(photos[1], content / "anh-2.jpg")
    lead = content / "2024" / "bai-03.md"
    lead.write_text(lead.read_text("utf-8").replace("category:", "image: ../anh.jpg\ncategory:"),
                    "utf-8")
    (tmp_path / "site.toml").write_text('title = "Tin thi đua"\nper_page = 5\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def changed_pages(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {path for path in after if path.endswith(".html") and before.get(path) != after[path]}


def test_a_title_change_redoes_the_pages_that_show_the_article_and_no_other(site):
    run(site)
    before = tree(site / "output")
    edit(site, "2024/bai-07.md", "Bài số 7:", "Bài số bảy:")
    report = run(site)
    after = tree(site / "output")
    changed = changed_pages(before, after)
    # Its page, its listings, the articles that list it as related or neighbour, and the
    # page at its old address (which carries its title) all show the new title...
    assert {"tin-cu/bai-7.html", "archive/2024/08.html", "tags/tan-tru/2.html"} <= changed
    assert all("Bài số bảy" in after[path].decode() for path in changed)
    # ...and only those were worked out again (a page examined is rendered when changed).
    assert report.examined == report.rendered == len(changed)
    assert report.examined < report.pages / 4
    assert_equals_clean(site)


def test_a_summary_and_a_photo_redo_their_readers_only(site):
    run(site)
    before = tree(site / "output")
    edit(site, "2024/bai-11.md", "Đoạn mở đầu của bài 11.", "Đoạn mở đầu đã sửa của bài 11.")
    report = run(site)
    # Related lists read the card but do not show the summary: examined, same bytes.
    assert 1 < len(changed_pages(before, tree(site / "output"))) <= report.examined
    assert report.examined < report.pages / 4
    assert_equals_clean(site)
    # The lead photo of one article replaced under the same name: its new copies are
    # shown by every page that shows the article's card.
    before = tree(site / "output")
    shutil.copy(site / "content" / "anh-2.jpg", site / "content" / "anh.jpg")
    report = run(site)
    changed = changed_pages(before, tree(site / "output"))
    assert 1 < len(changed) <= report.examined < report.pages / 4
    assert_equals_clean(site)


def test_a_change_of_order_or_grouping_works_out_every_page(site):
    run(site)
    # Two articles of June 2024 in the same tags swap places: every grouping holds the same
    # positions, but which article stands at each has changed.
    edit(site, "2024/bai-05.md", "2024-06-06", "2024-06-20")
    report = run(site)
    assert report.examined == report.pages
    assert_equals_clean(site)
    edit(site, "2024/bai-08.md", "tags: [Đức Huệ, Thi đua]", "tags: [Bến Lức, Thi đua]")
    report = run(site)
    assert report.examined == report.pages
    assert_equals_clean(site)
    # With nothing else changed, the next edit of a title is a small one again.
    edit(site, "2025/bai-30.md", "Bài số 30:", "Bài số ba mươi:")
    report = run(site)
    assert 1 < report.examined < report.pages / 4
    assert_equals_clean(site)
