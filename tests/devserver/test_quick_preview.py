"""The preview's quick path (preview.quick_path): a save of article bodies redoes only what
reads them, in place; after every kind of save the preview folder is byte for byte what a
clean build makes, with no stray file, and the quick path is taken exactly when it may be."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.cli import make_parser
from builder.commands.serve import _preview_settings
from builder.core.errors import BuildError
from builder.incremental.session import Session
from builder.pipeline import build
from builder.preview.folder import PreviewFolder, discard, preview_folder
from tests.devserver.serve_process import project  # noqa: F401 (fixture)
from tests.devserver.test_preview_folder import clean_build, tree, write_archive
from tests.devserver.test_serve_live import ARTICLE, edit


class Preview:
    """A preview session driven in this process: the watcher's paths handed in by hand."""

    def __init__(self, project: Path):
        self.project = project
        self.args = make_parser("serve").parse_args(["serve", "--port", "0", "--jobs", "1"])
        self.folder = preview_folder(project / ".cache")
        present: set[str] = set()
        self.session = Session(lambda out: PreviewFolder(out, present))

    def save(self, *rels: str):
        """Build after saves of these project files; the report."""
        config, options = _preview_settings(self.args, self.folder)
        return build(config, options, session=self.session,
                     changed=tuple(str(self.project / rel) for rel in rels))


@pytest.fixture
def preview(project, monkeypatch):
    """A preview of the small site plus an archive of 30 articles."""
    write_archive(project / "content" / "kho", 30)
    monkeypatch.chdir(project)
    started = Preview(project)
    started.save()
    yield started
    discard(started.folder)


def assert_equals_clean_build(preview, tmp_path: Path) -> None:
    """The preview folder holds exactly what `build --no-cache` makes now."""
    clean = tmp_path / "clean"
    expected = clean_build(preview.project, clean)
    shown = tree(preview.folder)
    shown.pop(".campaign-news-output", None)
    expected.pop(".campaign-news-output", None)
    assert sorted(shown) == sorted(expected), "stray or missing files"
    differing = [path for path in expected if shown[path] != expected[path]]
    assert not differing


def report_page(preview) -> str:
    """The output path of ARTICLE's page, from the last build's model."""
    source = ARTICLE.removeprefix("content/")
    return next(post.path for post in preview.session.last.site.posts
                if post.article.source == source)


def write_article(path: Path, title: str, date: str, tag: str, text: str) -> None:
    """A new short article file."""
    path.write_text(f'---\ntitle: "{title}"\ndate: {date}\ntags: [{tag}]\n---\n\n{text}\n',
                    "utf-8")


def quick(report) -> bool:
    """True if the build took the quick path (no content stage ran)."""
    return "quick" in report.stages and "content" not in report.stages


def test_every_kind_of_save_leaves_what_a_clean_build_makes(preview, project, tmp_path):
    assert_equals_clean_build(preview, tmp_path)
    # A body edit below the first paragraph: its page only, on the quick path.
    edit(project, ARTICLE, "Có 333 mô hình", "Có 777 mô hình")
    report = preview.save(ARTICLE)
    assert quick(report) and report.rendered == 1
    pages = tree(preview.folder).items()
    assert [path for path, data in pages
            if path.endswith(".html") and "777 mô hình".encode() in data] == [report_page(preview)]
    assert_equals_clean_build(preview, tmp_path)
    # Two bodies of the archive saved in one burst.
    archive = sorted((project / "content" / "kho").glob("*.md"))
    for path in archive[3:5]:
        path.write_text(path.read_text("utf-8") + "\nMột đoạn mới về thi đua.\n", "utf-8")
    report = preview.save(*(p.relative_to(project).as_posix() for p in archive[3:5]))
    assert quick(report) and report.rendered == 2
    assert_equals_clean_build(preview, tmp_path)
    # The first paragraph is the card's summary: the pages that read the card (the
    # record's reads: listings, related lists, neighbours) are made again, still quick.
    edit(project, ARTICLE, "Huyện Đức Huệ tổng kết", "Huyện Đức Huệ sơ kết")
    report = preview.save(ARTICLE)
    assert quick(report) and 1 < report.rendered < report.pages / 4
    assert_equals_clean_build(preview, tmp_path)
    # A title: the article's address is recorded (.addresses.toml), so it cannot move.
    edit(project, ARTICLE, 'title: "', 'title: "Sửa lại ')
    report = preview.save(ARTICLE)
    assert quick(report) and 1 < report.rendered < report.pages / 4
    assert_equals_clean_build(preview, tmp_path)
    # An old address (a full build), then a new title reaches the page there too.
    edit(project, ARTICLE, 'title: "', 'aliases: [/tin/duc-hue.html]\ntitle: "')
    assert not quick(preview.save(ARTICLE))
    edit(project, ARTICLE, 'title: "Sửa lại ', 'title: "Đã sửa: ')
    report = preview.save(ARTICLE)
    assert quick(report) and 1 < report.rendered < report.pages / 4
    assert "Đã sửa: ".encode() in tree(preview.folder)["tin/duc-hue.html"]
    assert_equals_clean_build(preview, tmp_path)
    # A date of update and a written summary: still what the card and page show.
    edit(project, ARTICLE, "author: Kim Tiến", "author: Kim Tiến\nupdated: 2024-09-20 08:00\n"
         "summary: Tóm tắt mới của bài.")
    assert quick(preview.save(ARTICLE))
    assert_equals_clean_build(preview, tmp_path)
    # An article whose address is not recorded yet (the preview never records one)
    # follows its title: a new title is a full build.
    fresh = "content/2025/bai-chua-co-dia-chi.md"
    write_article(project / fresh, "Cần Đước: bài chưa có địa chỉ", "2025-02-02 09:00",
                  "Cần Đước", "Xã Long Hựu Đông ra quân.")
    assert not quick(preview.save(fresh))
    edit(project, fresh, "bài chưa có địa chỉ", "bài đổi tên")
    assert not quick(preview.save(fresh))
    assert_equals_clean_build(preview, tmp_path)
    edit(project, ARTICLE, "tags: [Dân vận khéo, Đức Huệ]", "tags: [Dân vận khéo, Bến Lức]")
    assert not quick(preview.save(ARTICLE))
    assert_equals_clean_build(preview, tmp_path)
    # A new article, then a deleted one.
    new = "content/2025/bai-moi-ve-thi-dua.md"
    write_article(project / new, "Tân Trụ: bài mới về thi đua", "2025-03-02 09:00", "Tân Trụ",
                  "Xã Tân Thành khen thưởng 12 hộ.")
    assert not quick(preview.save(new))
    assert_equals_clean_build(preview, tmp_path)
    gone = "content/2025/khen-thuong-guong-dien-hinh.md"
    os.unlink(project / gone)
    assert not quick(preview.save(gone))
    assert_equals_clean_build(preview, tmp_path)
    # A template, then a setting.
    edit(project, "templates/base.html", "</footer>", "<p>Chân trang mới</p>\n</footer>")
    assert not quick(preview.save("templates/base.html"))
    assert_equals_clean_build(preview, tmp_path)
    edit(project, "site.toml", "per_page = 10", "per_page = 2")
    assert not quick(preview.save("site.toml"))
    assert_equals_clean_build(preview, tmp_path)
    # After all that, body edits are quick again and still exact.
    edit(project, ARTICLE, "Có 777 mô hình", "Có 888 mô hình")
    assert quick(preview.save(ARTICLE))
    assert_equals_clean_build(preview, tmp_path)
    assert not (project / "output").exists()


def test_a_broken_file_is_not_hidden_by_a_quick_save_of_another(preview, project, tmp_path):
    good = tree(preview.folder)
    edit(project, ARTICLE, 'title: "', 'title: ["')
    with pytest.raises(BuildError) as failed:
        preview.save(ARTICLE)
    assert "dan-van-kheo-duc-hue.md" in str(failed.value.problems[0])
    assert tree(preview.folder) == good  # the last good preview stays
    # A body-only save of another article: the broken file is still reported.
    other = sorted((project / "content" / "kho").glob("*.md"))[0]
    other.write_text(other.read_text("utf-8") + "\nThêm một dòng.\n", "utf-8")
    with pytest.raises(BuildError):
        preview.save(other.relative_to(project).as_posix())
    edit(project, ARTICLE, 'title: ["', 'title: "')
    assert not quick(preview.save(ARTICLE))
    assert_equals_clean_build(preview, tmp_path)


def test_a_save_the_watcher_did_not_name_is_never_missed(preview, project, tmp_path):
    # Unknown paths ("*": a burst the watcher could not itemize) mean a full build.
    edit(project, ARTICLE, "Có 333 mô hình", "Có 555 mô hình")
    config, options = _preview_settings(preview.args, preview.folder)
    report = build(config, options, session=preview.session, changed=("*",))
    assert not quick(report)
    assert_equals_clean_build(preview, tmp_path)


def test_a_title_save_puts_its_card_into_the_kept_search_index(preview, project, tmp_path,
                                                              monkeypatch):
    """The index a full build makes (or reuses) is kept: no title save makes it again."""
    from builder.publish import search

    made = []
    original = search.SearchIndex.__init__

    def counting(self, *args, **options):
        made.append(self)
        original(self, *args, **options)

    monkeypatch.setattr(search.SearchIndex, "__init__", counting)
    assert preview.session.search is not None  # made by the first build
    edit(project, ARTICLE, 'title: "', 'title: "Sửa lại ')
    assert quick(preview.save(ARTICLE)) and made == []
    assert_equals_clean_build(preview, tmp_path)
    # A new link in a body is a full build; the cards are unchanged, so it reuses the
    # index's files and keeps the index.
    edit(project, ARTICLE, "Có 333 mô hình", "Có 333 mô hình ([xem thêm](../2025/khen-thuong-guong-dien-hinh.md))")
    assert not quick(preview.save(ARTICLE)) and made == []
    edit(project, ARTICLE, 'title: "Sửa lại ', 'title: "Đã sửa: ')
    assert quick(preview.save(ARTICLE)) and made == []
    assert_equals_clean_build(preview, tmp_path)
    # A new article changes the cards: a full build makes the index anew, and keeps it.
    new = "content/2025/bai-moi-ve-thi-dua.md"
    write_article(project / new, "Tân Trụ: bài mới về thi đua", "2025-03-02 09:00", "Tân Trụ",
                  "Xã Tân Thành khen thưởng 12 hộ.")
    assert not quick(preview.save(new)) and len(made) == 1
    assert preview.session.search is made[0]
    edit(project, ARTICLE, 'title: "Đã sửa: ', 'title: "Sửa lần ba: ')
    assert quick(preview.save(ARTICLE)) and len(made) == 1
    assert_equals_clean_build(preview, tmp_path)
