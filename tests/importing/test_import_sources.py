"""Finding pages in the command's arguments and telling their kind."""

from __future__ import annotations

import unicodedata

from builder.core.errors import render
from builder.importing.sources import decode, find_sources


def test_a_folder_is_walked_in_name_order_skipping_saved_page_assets(tmp_path):
    (tmp_path / "b.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    (tmp_path / "b_files").mkdir()
    (tmp_path / "b_files" / "frame.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "b_files" / "anh.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Tiêu đề\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.xml").write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', encoding="utf-8"
    )
    (tmp_path / "ghi-chu.pdf").write_bytes(b"%PDF")

    sources, skipped = find_sources([str(tmp_path)])

    assert [(s.path.relative_to(tmp_path).as_posix(), s.kind) for s in sources] == [
        ("a.txt", "text"),
        ("b.html", "html"),
        ("sub/c.xml", "feed"),
    ]
    assert skipped == []


def test_kind_comes_from_the_content_before_the_name(tmp_path):
    feed = tmp_path / "tin.html"
    feed.write_text(
        '<?xml version="1.0"?>\n<!-- x -->\n<rss version="2.0"><channel><item>'
        "<description><![CDATA[<p>đoạn</p><div>x</div>]]></description></item></channel></rss>",
        encoding="utf-8",
    )
    page = tmp_path / "bai"
    page.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>", encoding="utf-8")
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<?xml version="1.0"?><urlset></urlset>', encoding="utf-8")
    empty = tmp_path / "rong.txt"
    empty.write_text("  \n", encoding="utf-8")

    sources, skipped = find_sources(
        [str(feed), str(page), str(sitemap), str(empty), str(tmp_path / "khong-co")]
    )

    assert [(s.path.name, s.kind) for s in sources] == [("tin.html", "feed"), ("bai", "html")]
    assert [(s.label, render(s.reason, "vi")) for s in skipped] == [
        (str(sitemap), "tệp XML nhưng không phải nguồn tin RSS hay Atom"),
        (str(empty), "tệp trống"),
        (str(tmp_path / "khong-co"), "không có tệp hay thư mục này"),
    ]
    # The reasons are put into words when shown, in the run's language.
    assert render(skipped[1].reason, "en") == "the file is empty"


def test_an_empty_folder_is_reported(tmp_path):
    sources, skipped = find_sources([str(tmp_path)])
    assert sources == [] and render(skipped[0].reason, "en") == \
        "the folder holds no saved pages, feeds or text files"


def test_decoding_gives_composed_text_from_any_common_encoding():
    word = "Đức Huệ"
    assert decode(unicodedata.normalize("NFD", word).encode("utf-8")) == word
    assert decode(word.encode("utf-16")) == word
    assert decode(b"\xef\xbb\xbf" + word.encode("utf-8")) == word
    # Windows-1258 has "ư" and "ê" whole but writes tones as combining marks after them.
    windows_1258 = "Đư\u0301c Huê\u0323".encode("cp1258")
    assert decode(windows_1258) == word
    assert (
        decode(b'<meta charset="windows-1258"><p>' + windows_1258)
        == '<meta charset="windows-1258"><p>' + word
    )
