"""quick_build: a build whose changes are all inside article bodies renders their pages
again from what the last build kept, without the model, and the site it swaps in equals
a clean build byte for byte; any other change, or anything kept that does not check out,
makes the full incremental build, which equals a clean build too."""
from __future__ import annotations

import json
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from builder.core.errors import ContentError
from builder.quick_build import VIEWS_STORE
from tests.conftest import ROOT
from tests.incremental.site_builds import assert_equals_clean, edit, run, tree

AUTHOR = "Nguyễn Thị Hồng"


def article(n: int, tags: str, extra: str = "", body: str = "") -> str:
    """One article file: a first paragraph, a second, and a closing byline in bold."""
    body = body or (f"Đoạn mở đầu của bài {n} về phong trào “Dân vận khéo”.\n\n"
                    f"Đoạn thứ hai của bài {n}: các tổ dân vận đến từng hộ.\n\n"
                    f"**{AUTHOR.upper()}**")
    return (f"---\ntitle: \"Bài số {n}: thi đua ở {tags}\"\n"
            f"date: 2024-{1 + n % 12:02}-{1 + n % 27:02} 08:{n:02}\ntags: [{tags}, Thi đua]\n"
            f"category: Dân vận khéo\nauthor: {AUTHOR}\n{extra}---\n\n{body}\n")


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """30 articles in three tags; feeds carry the newest two of each (of the site, of each
    tag, the category and the author: articles 10, 11, 21, 22, 23), so most bodies are in
    no feed. Articles 3 and 22 have a lead photo (22 is in article 10's tag feed), article
    5 a photo and a link in its body."""
    content = tmp_path / "content"
    content.mkdir()
    photos = sorted((ROOT / "content" / "2019" / "images").glob("*.jpg"))
    shutil.copy(photos[0], content / "anh.jpg")
    shutil.copy(photos[1], content / "anh-2.jpg")
    for n in range(30):
        tags = ["Đức Huệ", "Bến Lức", "Cần Giuộc"][n % 3]
        extra = "image: anh.jpg\n" if n in (3, 22) else ""
        body = ""
        if n == 5:
            body = (f"Đoạn mở đầu của bài 5.\n\n![Tổ dân vận ấp 3](anh-2.jpg)\n\n"
                    f"Xem thêm [bài số 7](bai-07.md).\n\n**{AUTHOR.upper()}**")
        (content / f"bai-{n:02}.md").write_text(article(n, tags, extra, body), "utf-8")
    (tmp_path / "site.toml").write_text(
        'title = "Tin thi đua"\nper_page = 5\nbase_url = "https://tin.example.vn"\n'
        "[feeds]\nitems = 2\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def quick(report) -> bool:
    """True if the build took the quick path (it never worked the content out)."""
    return "quick" in report.stages and "content" not in report.stages


def page_of(site: Path, n: int) -> str:
    """The output path of article n's page (its address comes from its title)."""
    found = [path for path in tree(site / "output") if f"/bai-so-{n}-thi-dua-o-" in path]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("n, what", [
    (16, "a sentence in the middle"),
    (3, "an article with a lead photo"),
    (5, "an article with a photo and a link in its body"),
])
def test_a_sentence_added_inside_a_body_makes_its_page_alone_and_equals_a_clean_build(
        site, n, what):
    run(site)
    before = tree(site / "output")
    page = page_of(site, n)
    edit(site, f"bai-{n:02}.md", "\n\n**",
         "\n\nCâu mới: Tổ dân vận ấp Rừng Sến đã đến 42 hộ.\n\n**")
    report = run(site)
    assert quick(report), what
    assert report.rendered == 1
    after = tree(site / "output")
    assert {path for path in after if before.get(path) != after[path]} == {page}
    assert "Tổ dân vận ấp Rừng Sến đã đến 42 hộ".encode() in after[page]
    assert_equals_clean(site)


@pytest.mark.parametrize("n, feeds", [
    (23, {"feeds/atom.xml", "feeds/tags/can-giuoc.xml", "feeds/tags/thi-dua.xml",
          "feeds/categories/dan-van-kheo.xml", "feeds/authors/nguyen-thi-hong.xml"}),
    (10, {"feeds/tags/ben-luc.xml"}),
])
def test_the_feeds_that_carry_an_edited_body_are_made_again_too(site, n, feeds):
    """The newest article is in every feed of its terms and the site's; article 10 only
    in its tag's (the feed of the site and the others hold newer ones)."""
    run(site)
    before = tree(site / "output")
    edit(site, f"bai-{n:02}.md", "các tổ dân vận", "các tổ dân vận, tổ tự quản")
    report = run(site)
    assert quick(report)
    after = tree(site / "output")
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed == {page_of(site, n)} | feeds
    assert all("tổ tự quản".encode() in after[path] for path in feeds)
    assert_equals_clean(site)


def test_a_sentence_after_the_byline_changes_the_byline_too(site):
    """The body no longer ends with the authors in bold: the page shows its byline line
    below it, as a full render does."""
    run(site)
    page = page_of(site, 12)
    before = (site / "output" / page).read_bytes()
    edit(site, "bai-12.md", f"**{AUTHOR.upper()}**",
         f"**{AUTHOR.upper()}**\n\nCập nhật: thêm một câu.")
    report = run(site)
    assert quick(report)
    after = (site / "output" / page).read_bytes()
    assert b"article-authors" in before and b"article-authors" not in after
    assert_equals_clean(site)


def test_several_saves_in_a_row_then_a_full_build_all_equal_clean_builds(site):
    run(site)
    for round_ in range(3):
        for n in (8, 14):
            edit(site, f"bai-{n:02}.md", "các tổ dân vận", f"các tổ dân vận (lần {round_})")
        report = run(site)
        assert quick(report) and report.rendered == 2
        assert_equals_clean(site)
    # A title change needs the model: the full build takes over from the quick ones' record.
    edit(site, "bai-08.md", "title: \"Bài số 8", "title: \"Bài thứ 8")
    report = run(site)
    assert not quick(report)
    assert_equals_clean(site)
    edit(site, "bai-14.md", "các tổ dân vận", "mọi tổ dân vận")
    assert quick(run(site))
    assert_equals_clean(site)


def test_a_file_saved_again_unchanged_rewrites_nothing(site):
    run(site)
    before = tree(site / "output")
    path = site / "content" / "bai-09.md"
    path.write_bytes(path.read_bytes())
    report = run(site)
    assert quick(report) and report.rendered == 0
    assert tree(site / "output") == before


@pytest.mark.parametrize("change", [
    "title", "first paragraph", "a new link", "a new file",
    "a photo replaced", "a theme file",
])
def test_any_other_change_makes_the_full_build(site, change):
    theme = site / "theme" / "article.html"
    if change == "a theme file":
        toml = site / "site.toml"
        toml.write_text('templates = "theme"\n' + toml.read_text("utf-8"), "utf-8")
        theme.parent.mkdir()
        theme.write_text('{% extends "base.html" %}{% block content %}<h1>{{ article.title }}'
                         "</h1>{{ article.body }}{% endblock %}", "utf-8")
    run(site)
    content = site / "content"
    if change == "title":
        edit(site, "bai-16.md", "title: \"Bài số 16", "title: \"Bài mười sáu")
    elif change == "first paragraph":
        edit(site, "bai-16.md", "Đoạn mở đầu", "Đoạn đầu tiên")
    elif change == "a new link":
        edit(site, "bai-16.md", "các tổ dân vận", "[các tổ dân vận](bai-17.md)")
    elif change == "a new file":
        (content / "bai-30.md").write_text(article(30, "Đức Huệ"), "utf-8")
    elif change == "a photo replaced":
        shutil.copy(sorted((ROOT / "content" / "2019" / "images").glob("*.jpg"))[2],
                    content / "anh-2.jpg")
    elif change == "a theme file":
        theme.write_text(theme.read_text("utf-8").replace("h1>", "h2>"), "utf-8")
    report = run(site)
    assert not quick(report)
    assert_equals_clean(site)


@pytest.mark.parametrize("damage", ["its card", "the masthead", "the whole store"])
def test_kept_views_that_do_not_check_out_make_the_full_build(site, damage):
    """A card or masthead kept wrong (here: changed in the store) gives the page another
    digest than the last build recorded: the full build runs and the site stays right."""
    run(site)
    store = site / ".cache" / VIEWS_STORE
    if damage == "the whole store":
        store.write_bytes(b"not a database")
    else:
        key, old, new = ((page_of(site, 16), "Bài số 16", "Bài số I6") if damage == "its card"
                         else ("", "Dân vận khéo", "Dân vận giỏi"))
        with sqlite3.connect(store) as connection:
            data, = connection.execute("SELECT data FROM entries WHERE key = ?", (key,)).fetchone()
            assert old.encode() in data
            connection.execute("UPDATE entries SET data = ? WHERE key = ?",
                               (data.replace(old.encode(), new.encode()), key))
    edit(site, "bai-16.md", "các tổ dân vận", "mọi tổ dân vận")
    report = run(site)
    assert not quick(report)
    assert_equals_clean(site)


def test_a_body_with_a_problem_fails_as_a_full_build_does_and_keeps_the_site(site):
    run(site)
    before = tree(site / "output")
    edit(site, "bai-16.md", "các tổ dân vận", "[các tổ dân vận](khong-co.md)")
    with pytest.raises(ContentError) as error:
        run(site)
    assert [problem.path for problem in error.value.problems] == ["content/bai-16.md"]
    assert tree(site / "output") == before


def test_files_the_site_does_not_publish_never_stop_the_quick_path(site):
    """A README, a file kept aside and a draft saved unchanged leave the quick path open;
    the draft's own edit needs the full build (its key is the record's `others`)."""
    content = site / "content"
    (content / "README.md").write_text("Ghi chú cho biên tập viên.\n", "utf-8")
    (content / "_nhap").mkdir()
    (content / "_nhap" / "bai.md").write_text("Bản thảo.\n", "utf-8")
    (content / "bai-nhap.md").write_text(article(40, "Đức Huệ", "draft: true\n"), "utf-8")
    run(site)
    (content / "README.md").write_text("Ghi chú mới cho biên tập viên.\n", "utf-8")
    (content / "_nhap" / "bai.md").write_text("Bản thảo, sửa lần hai.\n", "utf-8")
    draft = content / "bai-nhap.md"
    data = draft.read_bytes()
    draft.unlink()
    draft.write_bytes(data)  # saved again as it was: a new file number and times
    edit(site, "bai-16.md", "các tổ dân vận", "mọi tổ dân vận")
    report = run(site)
    assert quick(report) and report.rendered == 1
    assert_equals_clean(site)
    edit(site, "bai-nhap.md", "các tổ dân vận", "mọi tổ dân vận")
    assert not quick(run(site))
    assert_equals_clean(site)


def test_a_feed_kept_wrong_makes_the_full_build(site):
    """What the record keeps of a feed (here its title, changed by hand) must give the
    inputs digest the last build recorded for that feed, or the full build runs."""
    run(site)
    record = site / ".cache" / "record.json"
    stored = json.loads(record.read_bytes())
    stored["feeds"]["feeds/tags/ben-luc.xml"][0] += " (cũ)"
    record.write_text(json.dumps(stored), "ascii")
    edit(site, "bai-10.md", "các tổ dân vận", "các tổ dân vận, tổ tự quản")
    assert not quick(run(site))
    assert_equals_clean(site)


def test_an_article_whose_file_name_is_decomposed_takes_the_quick_path_too(site):
    """A file name in NFD (as macOS writes it): its page and record use the same name the
    quick build finds on disk."""
    name = unicodedata.normalize("NFD", "bài-thứ-mười-sáu.md")
    (site / "content" / "bai-16.md").rename(site / "content" / name)
    run(site)
    edit(site, name, "các tổ dân vận", "mọi tổ dân vận")
    report = run(site)
    assert quick(report) and report.rendered == 1
    assert_equals_clean(site)
