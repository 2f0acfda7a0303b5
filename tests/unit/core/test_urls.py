"""The address scheme: file-naming relative links, containment of content references."""
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, strategies as st

from builder.core import urls
from builder.core.text import slugify


def test_listing_paths_name_files():
    assert urls.listing_path("index", 1) == "index.html"
    assert urls.listing_path("index", 3) == "page/3.html"
    assert urls.listing_path("tags/duc-hue", 1) == "tags/duc-hue.html"
    assert urls.listing_path("tags/duc-hue", 2) == "tags/duc-hue/2.html"
    assert urls.article_path(2020, 9, "a") == "2020/09/a.html"
    assert urls.year_path(999) == "archive/0999.html"


def test_relative_links_between_pages():
    assert urls.relative("2020/09/a.html", "tags/duc-hue.html") == "../../tags/duc-hue.html"
    assert urls.relative("index.html", "2020/09/a.html") == "2020/09/a.html"
    assert urls.relative("2020/09/a.html", "2020/09/b.html") == "b.html"
    assert urls.root_prefix("tags/duc-hue/2.html") == "../../"


def test_media_paths_are_ascii():
    assert urls.media_path("2020/ảnh/Lễ tổng kết.JPG") == "media/2020/anh/le-tong-ket.jpg"


def test_content_target_resolves_and_contains(tmp_path):
    (tmp_path / "2020").mkdir()
    (tmp_path / "2020" / "b.md").write_text("x")
    assert urls.content_target("b.md", "2020/a.md", tmp_path) == ("2020/b.md", "")
    assert urls.content_target("/2020/b.md", "2020/a.md", tmp_path) == ("2020/b.md", "")
    assert urls.content_target("%62.md", "2020/a.md", tmp_path) == ("2020/b.md", "")
    for bad in ("../../etc/passwd", "/../x", "..\\x", "a\x00b"):
        target, reason = urls.content_target(bad, "2020/a.md", tmp_path)
        assert target is None and reason


def test_content_target_refuses_symlink_escape(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (tmp_path / "secret.jpg").write_text("x")
    (content / "leak.jpg").symlink_to(tmp_path / "secret.jpg")
    target, reason = urls.content_target("leak.jpg", "a.md", content)
    assert target is None and "outside" in reason.render("en")


@given(st.text(min_size=0, max_size=80), st.integers(1, 9999), st.integers(1, 12))
def test_any_title_gives_a_path_inside_the_output(title, year, month):
    out = Path("/srv/site/output")
    path = urls.article_path(year, month, slugify(title))
    resolved = (out / path).resolve()
    assert resolved.is_relative_to(out)
    assert ".." not in PurePosixPath(path).parts and path.isascii()


def test_still_in_content_rechecks_a_cached_reference(tmp_path):
    content = tmp_path / "content"
    (content / "anh").mkdir(parents=True)
    (content / "anh" / "a.jpg").write_bytes(b"x")
    (tmp_path / "ngoai.jpg").write_bytes(b"x")
    (content / "anh" / "trong.jpg").symlink_to(content / "anh" / "a.jpg")
    (content / "anh" / "ra.jpg").symlink_to(tmp_path / "ngoai.jpg")
    assert urls.still_in_content("anh/a.jpg", content)
    assert urls.still_in_content("anh/trong.jpg", content)
    assert not urls.still_in_content("anh/ra.jpg", content)
    assert not urls.still_in_content("anh/mat.jpg", content)
    assert not urls.still_in_content("anh", content)


# The tests below close holes the mutation run found (docs/testing.md).

def test_media_paths_keep_the_last_extension_and_add_none():
    assert urls.media_path("2020/ảnh.đẹp.JPG") == "media/2020/anh-dep.jpg"
    assert urls.media_path("tai-lieu/README") == "media/tai-lieu/readme"
    assert urls.media_path("2020/hình.JPG~") == "media/2020/hinh.jpg"


def test_media_names_that_are_slugs_stay_as_they_are():
    # Even a name Windows reserves: the staging then refuses it naming the content file
    # (tests/faults/test_windows_names.py), rather than publishing it under another name.
    assert urls.media_path("files/aux.pdf") == "media/files/aux.pdf"
    assert urls.media_path("con/anh-1.jpg") == "media/con/anh-1.jpg"


def test_external_urls_and_fragments():
    for url in ("https://vi.wikipedia.org/wiki/Đức_Huệ", "mailto:toasoan@example.org",
                "//cdn.example.org/a.js"):
        assert urls.is_external(url), url
    for url in ("anh/a.jpg", "/2020/bai.md", "bai.md#muc-1", "./x:y.md"):
        assert not urls.is_external(url), url
    assert urls.split_fragment("bai.md#muc-1") == ("bai.md", "#muc-1")
    assert urls.split_fragment("bai.md?a=1#muc-2") == ("bai.md", "#muc-2")
    assert urls.split_fragment("bai.md") == ("bai.md", "")


def test_a_symlink_loop_is_not_inside(tmp_path):
    (tmp_path / "vong").symlink_to(tmp_path / "vong")
    assert urls.is_inside(tmp_path, tmp_path / "vong") is False


def test_content_target_says_why_a_reference_is_refused(tmp_path):
    (tmp_path / "2020").mkdir()
    # A real file name on Linux; folders on Windows: refused everywhere alike.
    (tmp_path / "2020" / "anh\\x.jpg").write_text("x")
    (tmp_path / "Xuan").mkdir()
    (tmp_path / "Xuan" / "anh.jpg").write_text("x")
    assert urls.content_target("/Xuan/anh.jpg", "2020/a.md", tmp_path) == ("Xuan/anh.jpg", "")
    unusable = ["", "  ", "anh\\x.jpg", "a\x00b.jpg"]
    outside = ["..", "../..", "../../khong-co.jpg", "/../khong-co.jpg"]
    for reference in unusable:
        target, reason = urls.content_target(reference, "2020/a.md", tmp_path)
        assert (target, reason.render("en")) == (
            None, f"'{reference}' is not a usable path"), repr(reference)
    for reference in outside:
        target, reason = urls.content_target(reference, "2020/a.md", tmp_path)
        assert (target, str(reason)) == (
            None, f"'{reference}' trỏ ra ngoài thư mục nội dung"), reference
    target, reason = urls.content_target("khong-co.jpg", "2020/a.md", tmp_path)
    assert (target, str(reason), reason.render("en")) == (
        None, "không tìm thấy tệp: 'khong-co.jpg'", "file not found: 'khong-co.jpg'")


def test_absolute_urls_and_what_a_browser_reads():
    base = "https://tin.example.org/phong-trao/"
    assert urls.absolute_url(base, "index.html") == base
    assert urls.absolute_url(base, "tags/duc-hue.html") == base + "tags/duc-hue.html"
    assert urls.as_browser_reads(" \x00java\tscr\nipt\r:alert(1)\x1f ") == "javascript:alert(1)"
    assert urls.as_browser_reads("Xuan/anh dep.jpg") == "Xuan/anh dep.jpg"


def test_slug_shape():
    assert urls.is_valid_slug("duc-hue-2020")
    for bad in ("Duc-Hue", "duc--hue", "-duc", "đức", ""):
        assert not urls.is_valid_slug(bad), bad


@pytest.mark.parametrize("alias, target", [
    ("/Xuan-2019/bai.html", "Xuan-2019/bai.html"),
    ("HTTPS://old.example.vn/X/", "X/index.html"),
])
def test_old_addresses_keep_their_names(alias, target):
    assert urls.alias_path(alias) == (target, "")


@pytest.mark.parametrize("alias, reason", [
    ("/tin/?p=1", "'{a}' has a query ('?p=1'): a static site cannot answer it; leave it out"),
    ("/tin/./1.html", "'{a}' must be a path of plain ASCII names (letters, digits, '-', '_', "
                      "'.')"),
    ("/tin/1.php", "'{a}' does not end in .html or .htm: a static host would not serve it "
                   "as a page"),
])
def test_unusable_old_addresses_with_the_whole_reason(alias, reason):
    path, why = urls.alias_path(alias)
    assert path is None and why.render("en") == reason.format(a=alias)


def test_the_reason_for_an_unusable_old_address_in_vietnamese():
    path, why = urls.alias_path("/tin/1.php")
    assert path is None and why.render("vi") == (
        "'/tin/1.php' không kết thúc bằng .html hoặc .htm: máy chủ tĩnh sẽ không phục vụ nó "
        "như một trang")
