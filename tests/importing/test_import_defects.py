"""The defects an attack on `import` found (issue 14), each shown fixed on a real import."""
from __future__ import annotations

import base64
import os
import unicodedata
from pathlib import Path

import yaml

from builder.content.articles import load_article
from builder.core.config import SiteConfig
from tests.conftest import run_build_py

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
TITLE = "Tân Hưng ra quân làm đường giao thông nông thôn"
SLUG = "tan-hung-ra-quan-lam-duong-giao-thong-nong-thon"
LEAD = "Sáng 12/3, huyện Tân Hưng ra quân làm đường giao thông nông thôn tại các xã biên giới."
MORE = "Kết quả đã hoàn thành 5 km đường bê tông, phục vụ nhu cầu đi lại của người dân."


def page_html(*photos: str, title: str = TITLE, extra: str = "", head: str = "") -> str:
    """A saved news page with these photo references between its two paragraphs."""
    images = "".join(f"<p><img src='{src}' width='500'></p><p><em>Ảnh số {n}</em></p>"
                     for n, src in enumerate(photos, start=1))
    return (f"<html><head>{head}<title>x</title></head><body><h1>{title}</h1>"
            "<div class='date'>12/03/2021 08:00</div><div class='news-content'>"
            f"<p>{LEAD}</p>{images}<p>{MORE}</p>{extra}</div></body></html>")


def front(path: Path) -> dict:
    """The front matter of a written article."""
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def test_photos_are_read_only_from_the_saved_pages_own_folder(run_import, tmp_path):
    secret = tmp_path / "private" / "x.jpg"
    secret.parent.mkdir()
    secret.write_bytes(b"\xff\xd8\xff\xe0 secret photo")
    folder = tmp_path / "saved"
    (folder / "bai_files").mkdir(parents=True)
    (folder / "bai_files" / "ok.png").write_bytes(PNG)
    (folder / "bai_files" / "link.jpg").symlink_to(secret)
    page = folder / "bai.html"
    page.write_text(page_html("bai_files/ok.png", "../private/x.jpg", str(secret),
                              secret.as_uri(), "bai_files/../../private/x.jpg",
                              "bai_files/link.jpg"), "utf-8")

    run = run_import(page, "--into", tmp_path / "content")

    images = sorted(p.name for p in (tmp_path / "content" / "2021" / "images").iterdir())
    assert images == [f"{SLUG}-1.png"]
    for reference in ("../private/x.jpg", str(secret), secret.as_uri(),
                      "bai_files/../../private/x.jpg", "bai_files/link.jpg"):
        assert f"{page}: ảnh {reference}: nằm ngoài thư mục của trang đã lưu, không đọc" in run.err
    written = (tmp_path / "content" / "2021" / f"{SLUG}.md").read_text("utf-8")
    assert "secret" not in written and "private" not in written
    assert "*Ảnh số 2*" in written  # the caption of a photo left out still tells what was there


def test_svg_from_a_page_is_refused_never_written(run_import, tmp_path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
    inline = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    plain = "data:image/svg+xml;utf8,%3Csvg%20onload%3D%22alert(1)%22%3E%3C/svg%3E"
    (tmp_path / "bai_files").mkdir()
    (tmp_path / "bai_files" / "ve.svg").write_bytes(svg)
    (tmp_path / "bai_files" / "gia.png").write_bytes(svg)  # an SVG named as a PNG
    page = tmp_path / "bai.html"
    page.write_text(page_html(inline, plain, "bai_files/ve.svg", "bai_files/gia.png"), "utf-8")

    run = run_import(page, "--into", tmp_path / "content")

    assert run.status == 0, run.err
    assert not (tmp_path / "content" / "2021" / "images").exists()
    # The short inline one is taken for a spacer and dropped before it is even a photo.
    assert run.err.count("ảnh SVG có thể chứa mã chạy được; không nhập") == 3
    assert "ảnh data:image/svg+xml;base64,…: ảnh SVG" in run.err
    written = (tmp_path / "content" / "2021" / f"{SLUG}.md").read_text("utf-8")
    assert "svg" not in written and "alert" not in written


def rss(*items: tuple[str, str, str]) -> str:
    """An RSS feed of (title, date, link) items."""
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
        f"<description>&lt;p&gt;{LEAD} {n}&lt;/p&gt;&lt;p&gt;{MORE}&lt;/p&gt;</description></item>"
        for n, (title, date, link) in enumerate(items))
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'


def test_two_articles_with_one_title_in_a_year_are_both_imported(run_import, tmp_path):
    feed = tmp_path / "tin.rss"
    feed.write_text(rss((TITLE, "Fri, 12 Mar 2021 08:00:00 +0700", "https://tanhung.example/1"),
                        (TITLE, "Mon, 15 Nov 2021 08:00:00 +0700", "https://tanhung.example/2")),
                    "utf-8")
    content = tmp_path / "content"

    first = run_import(feed, "--into", content)
    again = run_import(feed, "--into", content)

    assert first.status == 0, first.err
    assert sorted(p.name for p in (content / "2021").glob("*.md")) == [f"{SLUG}-2.md", f"{SLUG}.md"]
    assert front(content / "2021" / f"{SLUG}.md")["source"] == "https://tanhung.example/1"
    assert front(content / "2021" / f"{SLUG}-2.md")["source"] == "https://tanhung.example/2"
    assert again.status == 0 and "đã ghi" not in again.out
    assert again.err.count("đã có, để nguyên") == 2


def test_a_windows_1258_page_declaring_utf8_is_read_right_with_a_warning(run_import, tmp_path):
    page = tmp_path / "bai.html"
    text = page_html(head='<meta charset="utf-8">', title="Hội nghị tổng kết phong trào Dân vận khéo")
    page.write_bytes(_cp1258(text))

    run = run_import(page, "--into", tmp_path / "content")

    assert run.status == 0, run.err
    assert (f"{page}: trang khai báo bảng mã utf-8 nhưng không đúng bảng mã đó: đã đọc theo "
            "windows-1258; hãy soát lại chữ tiếng Việt") in run.err
    written = tmp_path / "content" / "2021" / "hoi-nghi-tong-ket-phong-trao-dan-van-kheo.md"
    assert front(written)["title"] == "Hội nghị tổng kết phong trào Dân vận khéo"
    assert "\ufffd" not in written.read_text("utf-8")


def test_a_viscii_page_is_told_from_windows_1258(run_import, tmp_path):
    import viscii  # noqa: F401 - the codec the importer uses too
    page = tmp_path / "bai.html"
    page.write_bytes(page_html(title="Hội nghị tổng kết phong trào Dân vận khéo").encode("viscii"))

    run = run_import(page, "--into", tmp_path / "content")

    assert "trang không khai báo bảng mã và không phải UTF-8: đã đọc theo VISCII" in run.err
    written = tmp_path / "content" / "2021" / "hoi-nghi-tong-ket-phong-trao-dan-van-kheo.md"
    assert front(written)["summary"] == LEAD


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: letters it has whole, tones as combining marks."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            whole = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in "\u0302\u0306\u031b"))
            out += whole.encode("cp1258")
            out += "".join(m for m in marks if m not in "\u0302\u0306\u031b").encode("cp1258")
    return bytes(out)


def test_an_article_over_the_builds_size_limit_is_reported_and_skipped(run_import, tmp_path):
    (tmp_path / "site.toml").write_text("max_article_kb = 64\n", "utf-8")
    paragraphs = "".join(f"<p>{MORE} Đoạn {n}.</p>" for n in range(1200))  # about 110 KB
    page = tmp_path / "bai.html"
    page.write_text(page_html(extra=paragraphs), "utf-8")
    small = tmp_path / "nho.html"
    small.write_text(page_html(title="Tân Hưng hoàn thành đường giao thông nông thôn"), "utf-8")

    run = run_import(page, small, "--into", tmp_path / "content", "--config", tmp_path / "site.toml")

    assert run.status == 1
    assert (f"{page}: bỏ qua: bài sẽ nặng 0,1 MB, quá giới hạn 64 KB của lệnh tạo trang "
            "(max_article_kb trong site.toml)") in run.err
    assert [p.name for p in (tmp_path / "content" / "2021").glob("*.md")] == [
        "tan-hung-hoan-thanh-duong-giao-thong-nong-thon.md"]


def test_the_default_limit_is_the_builds_own(run_import, tmp_path):
    paragraphs = "".join(f"<p>{MORE} {MORE} Đoạn {n}.</p>" for n in range(26_000))  # > 4 MB
    page = tmp_path / "bai.html"
    page.write_text(page_html(extra=paragraphs), "utf-8")

    run = run_import(page, "--into", tmp_path / "content", "--config", tmp_path / "none.toml")

    assert run.status == 1
    assert f"quá giới hạn {SiteConfig().max_article_kb} KB của lệnh tạo trang" in run.err
    assert not (tmp_path / "content").exists()


def test_the_sites_own_feed_imports_with_category_and_tags_in_place(run_import, tmp_path):
    content = tmp_path / "content"
    (content / "2021").mkdir(parents=True)
    (content / "2021" / "bai.md").write_text(
        f'---\ntitle: "{TITLE}"\ndate: 2021-03-12 08:00\ntags: [Tân Hưng, Giao thông nông thôn]\n'
        f'category: Nông thôn mới\n---\n\n{LEAD}\n\n{MORE}\n', "utf-8")
    (tmp_path / "site.toml").write_text('title = "Tin Tân Hưng"\n', "utf-8")
    built = run_build_py("build", "--content", str(content), "--output", str(tmp_path / "out"),
                         "--config", str(tmp_path / "site.toml"), cwd=tmp_path)
    assert built.returncode == 0, built.stderr

    run = run_import(tmp_path / "out" / "feeds" / "atom.xml", "--into", tmp_path / "again")

    assert run.status == 0, run.err
    written = tmp_path / "again" / "2021" / f"{SLUG}.md"
    head = front(written)
    assert head["category"] == "Nông thôn mới"
    assert {"Tân Hưng", "Giao thông nông thôn"} <= set(head["tags"])
    assert "Nông thôn mới" not in head["tags"]
    parsed = load_article(tmp_path / "again", "2021/" + written.name, SiteConfig(), "again")
    assert parsed.problems == () and parsed.article.category == "Nông thôn mới"


def test_a_page_cannot_reach_outside_through_a_symlinked_files_folder(run_import, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a.png").write_bytes(PNG)
    folder = tmp_path / "saved"
    folder.mkdir()
    os.symlink(outside, folder / "bai_files")
    page = folder / "bai.html"
    page.write_text(page_html("bai_files/a.png"), "utf-8")

    run = run_import(page, "--into", tmp_path / "content")

    assert "ảnh bai_files/a.png: nằm ngoài thư mục của trang đã lưu, không đọc" in run.err
    assert not (tmp_path / "content" / "2021" / "images").exists()
