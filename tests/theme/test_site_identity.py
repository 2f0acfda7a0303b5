"""The site's identity from site.toml, pages without a date and author pages, built for real."""
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from builder.core.config import load_config
from builder.core.errors import ConfigError
from tests.conftest import run_build_py

ARTICLE = """---
title: "Đức Huệ: Tổng kết 05 năm “Dân vận khéo”"
date: 2020-09-15 15:44
tags: [Dân vận khéo, Đức Huệ]
category: Dân vận
author: Kim Tiến - Hoàng Anh
---

Sáng 15/9, huyện Đức Huệ tổng kết phong trào thi đua “Dân vận khéo”.
"""
SECOND = """---
title: Thạnh Hóa nâng chất phong trào toàn dân đoàn kết
date: 2021-03-02
tags: [Thạnh Hóa]
category: Văn hóa - Xã hội
authors: [Kim Tiến]
---

Xã Tân Đông làm đường giao thông nông thôn.
"""
# An NFD copy of the title and text: pages are normalized like articles.
PAGE = """---
title: Giới thiệu
---

Trang tin về các phong trào thi đua ở tỉnh Long An, Đức Hòa và Bến Lức.
"""
SITE_TOML = """title = "Tin thi đua Long An"
logo = "hinh/logo.png"
favicon = "hinh/bieu-tuong.svg"
feedback_email = "toasoan@baolongan.example"
footer = ["Giấy phép số 12/GP-STTTT ngày 05/3/2020.", "Chịu trách nhiệm nội dung: Trưởng ban biên tập."]
css = ["assets/bao.css"]

[contact]
address = "61 Nguyễn Huệ, Tân An"
phone = "0272 3826 123"
email = "toasoan@baolongan.example"

[social]
Facebook = "https://www.facebook.com/baolongan.example"

[extra]
hotline = "0272 3826 000"
[extra.zalo]
ten = "Báo Long An"

[[menu]]
name = "Dân vận"
category = "Dân vận"

[[menu]]
name = "Đức Huệ"
tag = "đức huệ"

[[menu]]
name = "Lưu trữ"
archive = true

[[menu]]
name = "Giới thiệu"
page = "gioi-thieu"

[[menu]]
name = "Cổng tỉnh"
url = "https://longan.example.vn/"
"""
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def make_site(root: Path) -> Path:
    """A small site with every identity setting, one page, two articles."""
    (root / "content" / "2020").mkdir(parents=True)
    (root / "content" / "2021").mkdir()
    (root / "content" / "pages").mkdir()
    (root / "content" / "2020" / "duc-hue.md").write_text(ARTICLE, encoding="utf-8")
    (root / "content" / "2021" / "thanh-hoa.md").write_text(SECOND, encoding="utf-8")
    import unicodedata
    (root / "content" / "pages" / "gioi-thieu.md").write_text(
        unicodedata.normalize("NFD", PAGE), encoding="utf-8")
    (root / "hinh").mkdir()
    (root / "hinh" / "logo.png").write_bytes(PNG)
    (root / "hinh" / "bieu-tuong.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (root / "templates" / "assets").mkdir(parents=True)
    (root / "templates" / "assets" / "bao.css").write_text(".site-name { color: navy; }")
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = make_site(tmp_path_factory.mktemp("identity"))
    result = run_build_py("build", "--no-cache", cwd=site)
    assert result.returncode == 0, result.stderr
    return site / "output"


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_settings_are_read_in_order_and_frozen(tmp_path):
    config = load_config(make_site(tmp_path) / "site.toml")
    assert config.logo == "hinh/logo.png" and config.favicon == "hinh/bieu-tuong.svg"
    assert [(m.name, m.target, m.value) for m in config.menu] == [
        ("Dân vận", "category", "Dân vận"), ("Đức Huệ", "tag", "đức huệ"),
        ("Lưu trữ", "archive", ""), ("Giới thiệu", "page", "gioi-thieu"),
        ("Cổng tỉnh", "url", "https://longan.example.vn/")]
    assert config.menu[1].line == 25  # its [[menu]] line
    assert config.footer[1] == "Chịu trách nhiệm nội dung: Trưởng ban biên tập."
    assert config.extra["zalo"]["ten"] == "Báo Long An"
    with pytest.raises(TypeError):
        config.extra["hotline"] = "khác"


def test_a_typo_in_an_identity_table_gets_did_you_mean(tmp_path):
    (tmp_path / "site.toml").write_text('logo_ = "x.png"\n[contact]\nphone = "1"\nemial = "a@b.vn"\n',
                                        encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "site.toml")
    assert [p.render("en").replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [
        "site.toml:4: contact.emial: unknown setting; did you mean 'email'?",
        "site.toml:1: logo_: unknown setting; did you mean 'logo'?"]


def test_logo_favicon_and_stylesheets_are_in_every_page(built):
    html = read(built, "2020/09/duc-hue-tong-ket-05-nam-dan-van-kheo.html")
    assert '<img class="site-logo" src="../../assets/site/logo.png" alt="">' in html
    assert '<link rel="icon" href="../../assets/site/favicon.svg" type="image/svg+xml">' in html
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    assert sheets[0] == "../../assets/style.css" and sheets[-1] == "../../assets/bao.css"
    assert (built / "assets" / "site" / "logo.png").read_bytes() == PNG
    assert (built / "assets" / "bao.css").read_text() == ".site-name { color: navy; }"


def test_menu_links_in_order_relative_from_any_depth(built):
    nav = read(built, "tags/duc-hue.html").split('<nav class="main-nav"')[1].split("</nav>")[0]
    assert hrefs(nav) == ["../categories/dan-van.html", "../tags/duc-hue.html",
                          "../archive/index.html", "../gioi-thieu.html",
                          "https://longan.example.vn/", "../search.html"]
    assert 'href="../tags/duc-hue.html" class="current" aria-current="page">Đức Huệ<' in nav


def test_footer_lines_contact_and_social_links(built):
    footer = read(built, "index.html").split('<footer class="site-footer">')[1]
    assert "<p>Giấy phép số 12/GP-STTTT ngày 05/3/2020.</p>" in footer
    assert 'href="tel:02723826123"' in footer and "61 Nguyễn Huệ, Tân An" in footer
    assert 'href="https://www.facebook.com/baolongan.example"' in footer
    # The site's own lines take the place of the generic note.
    assert "trình tạo trang tĩnh" not in footer


def test_feedback_link_under_articles_carries_the_title(built):
    html = read(built, "2020/09/duc-hue-tong-ket-05-nam-dan-van-kheo.html")
    link = re.search(r'<p class="feedback"><a href="([^"]+)"[^>]*>Gửi ý kiến</a>', html)
    address, subject = link[1].replace("&amp;", "&").split("?subject=")
    assert address == "mailto:toasoan@baolongan.example"
    assert unquote(subject) == "Đức Huệ: Tổng kết 05 năm “Dân vận khéo”"


def test_page_without_date_has_its_address_chrome_and_search_entry(built):
    html = read(built, "gioi-thieu.html")
    assert "<h1 class=\"article-title\" id=\"_headline\">Giới thiệu</h1>" in html
    assert "Đức Hòa và Bến Lức" in html  # NFD input published as NFC
    assert '<nav class="main-nav"' in html and '<footer class="site-footer">' in html
    assert "<time" not in html.split("<main")[1].split("</main>")[0]
    index = "".join(p.read_text(encoding="utf-8") for p in (built / "search").glob("p-*.js"))
    assert '"gioi-thieu.html"' in index and '"Giới thiệu"' in index


def test_page_without_date_is_in_no_listing_archive_or_feed(built):
    listings = [p for p in built.rglob("*.html")
                if p.name != "gioi-thieu.html" and "main-nav" in p.read_text(encoding="utf-8")]
    assert len(listings) > 10
    for path in listings:
        main = path.read_text(encoding="utf-8").split("<main")[1].split("</main>")[0]
        assert "gioi-thieu.html" not in main, path
    for feed in built.rglob("*.xml"):
        assert "gioi-thieu" not in feed.read_text(encoding="utf-8"), feed
    # Two years of one article each, each with one month: the page counts nowhere.
    assert re.findall(r"(\d+) bài viết", read(built, "archive/index.html")) == ["1"] * 4


def test_each_byline_author_gets_a_page_and_a_feed(built):
    html = read(built, "2020/09/duc-hue-tong-ket-05-nam-dan-van-kheo.html")
    byline = re.search(r'<p class="byline">.*?</p>', html, re.S)[0]
    assert hrefs(byline) == ["../../authors/kim-tien.html", "../../authors/hoang-anh.html"]
    kim = read(built, "authors/kim-tien.html")
    assert "2 bài viết" in kim and "thanh-hoa" in kim and "duc-hue" in kim
    assert 'href="../feeds/authors/kim-tien.xml"' in kim
    feed = read(built, "feeds/authors/hoang-anh.xml")
    assert feed.count("<entry>") == 1 and "Tác giả: Hoàng Anh" in feed
    assert "Kim Tiến" in read(built, "authors/index.html")


def test_a_missing_logo_is_reported_with_every_other_problem(tmp_path):
    site = make_site(tmp_path)
    (site / "hinh" / "logo.png").unlink()
    shutil.rmtree(site / "templates")
    result = run_build_py("build", cwd=site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        "site.toml:2: logo: không thấy tệp ảnh 'hinh/logo.png' cạnh site.toml",
        "site.toml:6: css: không thấy 'assets/bao.css'; hãy đặt nó trong thư mục giao diện "
        "của trang (templates/assets/bao.css)"]
    english = run_build_py("build", "--lang", "en", cwd=site)
    assert english.returncode == 1
    assert english.stderr.splitlines()[:2] == [
        "site.toml:2: logo: image file 'hinh/logo.png' not found beside site.toml",
        "site.toml:6: css: 'assets/bao.css' not found; put it in the site's template folder "
        "(templates/assets/bao.css)"]


def test_menu_entries_naming_nothing_published_are_left_out_with_a_warning(tmp_path):
    site = make_site(tmp_path)
    (site / "site.toml").write_text(
        '[[menu]]\nname = "Giới thiệu"\npage = "gioi-thieu"\n\n'
        '[[menu]]\nname = "Liên hệ"\npage = "lien-he"\n\n'
        '[[menu]]\nname = "Nông thôn mới"\ncategory = "Nông thôn mới"\n\n'
        '[[menu]]\nname = "Đức Hòa"\ntag = "Đức Hòa"\n', encoding="utf-8")
    result = run_build_py("build", "--no-cache", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "cảnh báo: site.toml:5: menu.page: không có trang 'lien-he' (các trang: gioi-thieu); "
        "mục này bị bỏ khỏi menu",
        "cảnh báo: site.toml:9: menu.category: không có chuyên mục 'Nông thôn mới' trong các "
        "bài đã đăng; mục này bị bỏ khỏi menu",
        "cảnh báo: site.toml:13: menu.tag: không có thẻ 'Đức Hòa' trong các bài đã đăng; "
        "mục này bị bỏ khỏi menu"]
    nav = (site / "output" / "index.html").read_text(encoding="utf-8").split(
        '<nav class="main-nav"')[1].split("</nav>")[0]
    assert hrefs(nav) == ["gioi-thieu.html", "search.html"]


def test_cached_builds_follow_edits_of_pages_and_of_what_the_menu_names(tmp_path):
    site = make_site(tmp_path)
    def build_both():
        for out, extra in (("output", ()), ("clean", ("--no-cache",))):
            result = run_build_py("build", "--output", out, *extra, cwd=site)
            assert result.returncode == 0, result.stderr
        tree = lambda root: {p.relative_to(root).as_posix(): p.read_bytes()
                             for p in sorted(root.rglob("*")) if p.is_file()}
        cached, clean = tree(site / "output"), tree(site / "clean")
        assert sorted(cached) == sorted(clean)
        assert [p for p in clean if cached[p] != clean[p]] == []
        return cached
    build_both()
    page = site / "content" / "pages" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nBến Lức có thêm xã đạt chuẩn.\n",
                    encoding="utf-8")
    assert "Bến Lức có thêm xã đạt chuẩn." in build_both()["gioi-thieu.html"].decode()
    page.unlink()  # the menu loses its entry on every page, cached or not
    assert b"gioi-thieu.html" not in build_both()["tags/duc-hue.html"]


def test_a_new_logo_under_the_same_name_is_published_by_the_next_cached_build(tmp_path):
    site = make_site(tmp_path)
    assert run_build_py("build", cwd=site).returncode == 0
    logo = site / "hinh" / "logo.png"
    logo.write_bytes(PNG + b"\0")  # a different picture, same file name
    result = run_build_py("build", cwd=site)
    assert result.returncode == 0 and "không có gì thay đổi" not in result.stdout
    assert (site / "output" / "assets" / "site" / "logo.png").read_bytes() == PNG + b"\0"
