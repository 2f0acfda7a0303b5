"""Articles: decoding, fields, types, coercions and the problems they raise."""
from pathlib import Path

import pytest

from builder.core.config import SiteConfig
from builder.content.articles import (decode, find_content, is_content_article, load_article,
                                      parse_article)
from builder.core.errors import ContentError

CONFIG = SiteConfig()


def article(text: str, tmp_path: Path = Path("/nonexistent"), source="2020/a.md"):
    parsed = parse_article(source, text, CONFIG, tmp_path, f"content/{source}")
    assert parsed.problems == (), parsed.problems
    return parsed.article, list(parsed.warnings)


def problems(text: str, tmp_path: Path = Path("/nonexistent"), language="vi") -> list[str]:
    parsed = parse_article("2020/a.md", text, CONFIG, tmp_path, "content/2020/a.md")
    assert parsed.article is None
    return [p.render(language) for p in parsed.problems]


def test_bom_and_crlf_are_read():
    data = "\ufeff---\r\ntitle: Có BOM\r\ndate: 2020-01-01\r\n---\r\nThân bài\r\n".encode()
    text = decode(data, "x.md")
    assert text.startswith("---\n") and "\r" not in text and "\ufeff" not in text
    assert article(text)[0].title == "Có BOM"


def test_utf16_and_invalid_utf8_name_line_and_column():
    with pytest.raises(ContentError, match="UTF-16"):
        decode("---".encode("utf-16"), "x.md")
    with pytest.raises(ContentError) as caught:
        decode(b"---\ntitle: caf\xfa\n", "x.md")
    assert str(caught.value.problems[0]) == (
        "x.md:2:11: không phải văn bản UTF-8 hợp lệ (byte 0xFA); hãy lưu lại tệp ở dạng UTF-8")
    assert caught.value.problems[0].render("en") == (
        "x.md:2:11: not valid UTF-8 (byte 0xFA); save the file as UTF-8")


def test_all_fields_are_read_and_nfc_normalized():
    nfd_title = "Đức Huệ".encode().decode()  # NFC literal
    import unicodedata
    text = ("---\n"
            f"title: \"{unicodedata.normalize('NFD', nfd_title)}: tổng kết\"\n"
            "date: 15/09/2020 15:44\nupdated: 2020-09-16\n"
            "tags: [Dân vận khéo, Đức Huệ, dân vận khéo]\ncategory: Dân vận\n"
            "authors: [Kim Tiến, Hoàng Anh]\nsummary: Tóm tắt\nimage_caption: Ảnh\n"
            "slug: Tổng kết 2020\ndraft: false\nmuc_rieng: giá trị\n---\nThân bài\n")
    a, warnings = article(text)
    assert a.title == "Đức Huệ: tổng kết" and unicodedata.is_normalized("NFC", a.title)
    assert a.date.isoformat() == "2020-09-15T15:44:00+07:00"
    assert a.updated.isoformat() == "2020-09-16T00:00:00+07:00"
    assert a.tags == ("Dân vận khéo", "Đức Huệ")  # the repeated tag is dropped
    assert a.authors == ("Kim Tiến", "Hoàng Anh")
    assert (a.category, a.summary, a.image_caption, a.slug, a.draft) == (
        "Dân vận", "Tóm tắt", "Ảnh", "tong-ket-2020", False)
    assert a.extra == {"muc_rieng": "giá trị"}
    assert a.body == "Thân bài\n" and a.body_line == 14
    assert warnings == []


def test_yaml_11_words_stay_text_and_null_author_is_absent():
    a, _ = article("---\ntitle: no\ndate: 2020-01-01\nslug: 0123\ntags: [yes, NO, on]\n"
                   "author: null\n---\n")
    assert a.title == "no" and a.slug == "0123" and a.tags == ("yes", "NO", "on")
    assert a.authors == ()


def test_tags_given_as_one_text_are_split_at_commas():
    a, _ = article("---\ntitle: t\ndate: 2020-01-01\ntags: \"Dân vận khéo, Đức Huệ\"\n---\n")
    assert a.tags == ("Dân vận khéo", "Đức Huệ")


def test_wrong_types_and_missing_fields_are_all_reported():
    assert problems("---\ndate: [2024]\ndraft: \"maybe\"\ntags: {a: 1}\n---\n",
                    language="en") == [
        "content/2020/a.md:1: title: required field is missing",
        "content/2020/a.md:2:7: date: must be a date like 2020-09-15 15:44, not a list",
        "content/2020/a.md:4:7: tags: must be a list like [a, b], not a mapping",
        "content/2020/a.md:3:8: draft: must be true or false",
    ]


def test_empty_front_matter_needs_title_and_date():
    assert problems("---\n---\nbody\n") == [
        "content/2020/a.md:1: title: thiếu trường bắt buộc",
        "content/2020/a.md:1: date: thiếu trường bắt buộc"]


@pytest.mark.parametrize("slug", ["'../../x'", "/etc/passwd", "a/../../b", "..%2f..%2fx",
                                  "'C:\\x'", '"a\\x00b"', "con", "NUL", "x" * 300])
def test_dangerous_slugs_are_refused(slug):
    message = problems(f"---\ntitle: t\ndate: 2020-01-01\nslug: {slug}\n---\n")
    assert len(message) == 1 and message[0].startswith("content/2020/a.md:4:7: slug: ")


@pytest.mark.parametrize("layout", ["../../secret", "post", "/etc/passwd", "[a, b]"])
def test_a_layout_is_ignored_with_a_warning_and_never_used(layout):
    a, warnings = article(f"---\ntitle: t\ndate: 2020-01-01\nlayout: {layout}\n---\n")
    assert [str(w) for w in warnings] == [
        "content/2020/a.md:4: layout: bỏ qua: mọi bài đều dùng trang bài viết của giao diện"]
    assert "layout" not in a.extra


def test_the_article_layout_needs_no_warning():
    assert article("---\ntitle: t\ndate: 2020-01-01\nlayout: article\n---\n")[1] == []


def test_description_is_the_summary_when_there_is_none():
    head = "---\ntitle: Đức Huệ\ndate: 2020-01-01\ndescription: Mô tả của Hugo\n"
    assert article(head + "---\n")[0].summary == "Mô tả của Hugo"
    assert article(head + "summary: Tóm tắt\n---\n")[0].summary == "Tóm tắt"


@pytest.mark.parametrize("value", ["[Dân vận]", "Dân vận", "\n  - Dân vận"])
def test_categories_with_one_item_is_the_category(value):
    a, warnings = article(f"---\ntitle: t\ndate: 2020-01-01\ncategories: {value}\n---\n")
    assert a.category == "Dân vận" and warnings == []


def test_of_several_categories_the_first_is_used_with_a_warning():
    a, warnings = article("---\ntitle: t\ndate: 2020-01-01\ncategories: [Dân vận, Thi đua]\n---\n")
    assert a.category == "Dân vận"
    assert [str(w) for w in warnings] == [
        "content/2020/a.md:4: categories: mỗi bài chỉ có một chuyên mục: dùng 'Dân vận', "
        "bỏ 'Thi đua' (hãy chuyển chúng thành chủ đề)"]


def test_category_and_categories_together_are_an_error():
    assert problems("---\ntitle: t\ndate: 2020-01-01\ncategory: A\ncategories: [B]\n---\n") == [
        "content/2020/a.md:5:13: categories: chỉ ghi 'category' hoặc 'categories', không ghi cả hai"]


def test_aliases_are_read_as_output_paths_without_repeats():
    a, _ = article("---\ntitle: t\ndate: 2020-01-01\naliases:\n  - /tin-tuc/1.html\n"
                   "  - https://cu.vn/2019/05/bai/\n  - tin-tuc/1.html\n---\n")
    assert a.aliases == ("tin-tuc/1.html", "2019/05/bai/index.html")
    assert "aliases" not in a.extra


def test_typo_of_a_known_field_is_a_warning():
    _, warnings = article("---\ntitle: t\ndate: 2020-01-01\ntittle: x\n---\n")
    assert [str(w) for w in warnings] == [
        "content/2020/a.md:4: tittle: trường không có trong danh sách; có phải ý bạn là "
        "'title'? (vẫn giữ nguyên và chuyển cho giao diện)"]
    assert warnings[0].render("en") == (
        "content/2020/a.md:4: tittle: unknown field; did you mean 'title'? "
        "(kept and passed to templates as it is)")


def test_lead_image_is_resolved_relative_to_the_file_or_content_root(tmp_path):
    (tmp_path / "2020" / "images").mkdir(parents=True)
    (tmp_path / "2020" / "images" / "a.jpg").write_bytes(b"x")
    a, _ = article("---\ntitle: t\ndate: 2020-01-01\nimage: images/a.jpg\n---\n", tmp_path)
    assert a.image == "2020/images/a.jpg"
    a, _ = article("---\ntitle: t\ndate: 2020-01-01\nimage: /2020/images/a.jpg\n---\n", tmp_path)
    assert a.image == "2020/images/a.jpg"
    assert problems("---\ntitle: t\ndate: 2020-01-01\nimage: ../../../etc/passwd\n---\n",
                    tmp_path) == [
        "content/2020/a.md:4:8: image: '../../../etc/passwd' trỏ ra ngoài thư mục nội dung"]
    assert problems("---\ntitle: t\ndate: 2020-01-01\nimage: images/b.jpg\n---\n",
                    tmp_path) == ["content/2020/a.md:4:8: image: không tìm thấy tệp: 'images/b.jpg'"]


def test_oversized_files_are_refused_with_their_size(tmp_path):
    (tmp_path / "big.md").write_bytes(b"---\ntitle: t\ndate: 2020-01-01\n---\n" + b"a" * 5000)
    small = SiteConfig(max_article_kb=4)
    with pytest.raises(ContentError, match="vượt giới hạn 4 KB"):
        load_article(tmp_path, "big.md", small, "content")


def test_find_content_refuses_symlinks_leading_outside(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("x")
    (tmp_path / "secret.md").write_text("x")
    (content / "leak.md").symlink_to(tmp_path / "secret.md")
    (content / "home").symlink_to(tmp_path)
    (content / "loop").symlink_to(content / "loop")
    found = find_content(content, "content")
    assert found.articles == ("a.md",)
    assert sorted(str(p) for p in found.problems) == [
        "content/home: liên kết tượng trưng trỏ ra ngoài thư mục nội dung; không đăng",
        "content/leak.md: liên kết tượng trưng trỏ ra ngoài thư mục nội dung; không đăng",
        "content/loop: liên kết tượng trưng bị hỏng hoặc vòng lặp; hãy xóa nó"]


def test_find_content_lists_the_plain_files_beside_the_articles(tmp_path):
    """Photos and attachments reached without a symlink are listed as plain files; links,
    folders, articles and what hides in `_` or `.` folders are not."""
    content = tmp_path / "content"
    (content / "anh" / "2024").mkdir(parents=True)
    (content / "_nhap").mkdir()
    (content / "bai.md").write_text("x")
    (content / "anh" / "2024" / "hội-nghị.jpg").write_bytes(b"x")
    (content / "tai-lieu.pdf").write_bytes(b"x")
    (content / "_nhap" / "an.jpg").write_bytes(b"x")
    (content / "lien-ket.jpg").symlink_to(content / "tai-lieu.pdf")
    (content / "thu-muc-lien-ket").symlink_to(content / "anh", target_is_directory=True)
    found = find_content(content, "content")
    assert found.articles == ("bai.md",)
    assert found.plain_files == {"anh/2024/hội-nghị.jpg", "tai-lieu.pdf"}


def test_a_file_over_the_limit_gives_its_size_the_way_each_language_writes_it(tmp_path):
    (tmp_path / "lon.md").write_bytes(b"---\ntitle: t\ndate: 2020-01-01\n---\n" + b"a" * 160_000)
    with pytest.raises(ContentError) as caught:
        load_article(tmp_path, "lon.md", SiteConfig(max_article_kb=100), "content")
    problem = caught.value.problems[0]
    assert problem.render("vi") == (
        "content/lon.md: tệp nặng 0,2 MB, vượt giới hạn 100 KB (max_article_kb trong site.toml)")
    assert problem.render("en") == (
        "content/lon.md: file is 0.2 MB, over the limit of 100 KB (max_article_kb in site.toml)")


def test_a_path_is_a_content_article_exactly_when_find_content_lists_it(tmp_path):
    """is_content_article (the quick build's test of a changed file) and find_content agree."""
    names = ["bài-một.md", "2024/bai-hai.markdown", "README.md", "2024/readme.md",
             "_nhap/bai.md", "2024/_bai.md", ".an/bai.md", "2024/.bai.md", "anh.jpg",
             "2024/05/bai-ba.MD", "ghi-chu.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("---\ntitle: x\n---\n", "utf-8")
    listed = set(find_content(tmp_path, "content").articles)
    assert listed == {"bài-một.md", "2024/bai-hai.markdown", "2024/05/bai-ba.MD"}
    assert {name for name in names if is_content_article(name)} == listed
