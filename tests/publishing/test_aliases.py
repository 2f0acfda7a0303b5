"""Old addresses (`aliases:`): a redirect page at each, relative, canonical to the new
address, listed nowhere; clashes are errors naming both files; `check` verifies them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.core.urls import alias_path
from tests.conftest import run_build_py
from tests.publishing.test_link_check import findings, home

ARTICLE = "2020/09/duc-hue-tong-ket-phong-trao-dan-van-kheo.html"
NEW_FROM_OLD_PORTAL = "../2020/09/duc-hue-tong-ket-phong-trao-dan-van-kheo.html"


def write(content: Path, name: str, aliases: str, title: str = "Đức Huệ tổng kết phong trào "
          "“Dân vận khéo”", date: str = "2020-09-15 15:44") -> None:
    """An article file with these aliases (YAML text)."""
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: \"{title}\"\ndate: {date}\ntags: [Đức Huệ]\n"
                    f"aliases: {aliases}\n---\n\nBan Thường vụ Huyện ủy Đức Huệ tổng kết "
                    "phong trào thi đua “Dân vận khéo” giai đoạn 2016 – 2020.\n", "utf-8")


def build(tmp_path: Path, *extra: str):
    """Build tmp_path/content into tmp_path/output through the CLI."""
    return run_build_py("build", "--content", str(tmp_path / "content"), "--output",
                        str(tmp_path / "output"), "--config", str(tmp_path / "site.toml"),
                        *extra, cwd=tmp_path)


@pytest.fixture
def aliased(tmp_path: Path) -> Path:
    """A built site whose one article has a portal address and a folder-style address."""
    (tmp_path / "site.toml").write_text('title = "Tin Đức Huệ"\n', "utf-8")
    write(tmp_path / "content", "2020/duc-hue.md",
          '["/tin-tuc/12345.html", "https://cu.duchue.longan.gov.vn/2019/05/bai-cu/", '
          '"2018/thang-3/bai-khac"]')
    result = build(tmp_path, "--base-url", "https://tin.example.vn/")
    assert result.returncode == 0, result.stderr
    return tmp_path / "output"


@pytest.mark.parametrize("alias, path", [
    ("/tin-tuc/12345.html", "tin-tuc/12345.html"),
    ("tin-tuc/12345.htm", "tin-tuc/12345.htm"),
    ("/2019/05/old-post/", "2019/05/old-post/index.html"),
    ("/2019/05/old-post", "2019/05/old-post/index.html"),
    ("https://old.example.vn/2019/05/old-post/", "2019/05/old-post/index.html"),
    ("//old.example.vn/a/b.html", "a/b.html"),
    ("/tin%2Dtuc/1.html", "tin-tuc/1.html"),
])
def test_old_addresses_become_output_paths(alias, path):
    assert alias_path(alias) == (path, "")


@pytest.mark.parametrize("alias, reason", [
    ("/?p=123", "has a query"),
    ("/", "home page"),
    ("/../../etc/passwd.html", "plain ASCII names"),
    ("/tin tức/1.html", "plain ASCII names"),
    ("/a/b.php", "does not end in .html"),
    ("/tags/duc-hue.html", "generator uses"),
    ("/index.html", "generator uses"),
    ("javascript:alert(1)", "not a web address"),
])
def test_unusable_old_addresses_are_refused_with_the_reason(alias, reason):
    path, why = alias_path(alias)
    assert path is None and reason in why.render("en")


def test_each_old_address_gets_a_relative_redirect_page(aliased):
    page = (aliased / "tin-tuc/12345.html").read_text("utf-8")
    assert f'<meta http-equiv="refresh" content="0; url={NEW_FROM_OLD_PORTAL}">' in page
    assert f'<a href="{NEW_FROM_OLD_PORTAL}">Đức Huệ tổng kết phong trào “Dân vận khéo”</a>' \
        in page
    assert f'<link rel="canonical" href="https://tin.example.vn/{ARTICLE}">' in page
    assert '<meta name="robots" content="noindex">' in page
    folder = (aliased / "2019/05/bai-cu/index.html").read_text("utf-8")
    assert f'url=../../../{ARTICLE}"' in folder
    assert (aliased / "2018/thang-3/bai-khac/index.html").is_file()
    assert "<script" not in page  # works without JavaScript and under a strict CSP


def test_old_addresses_are_listed_nowhere(aliased):
    listed = [p for p in aliased.rglob("*") if p.is_file() and p.suffix in (".xml", ".js", ".html")
              and "bai-cu" not in p.as_posix() and "tin-tuc" not in p.as_posix()]
    assert any(p.name == "sitemap.xml" for p in listed)
    for path in listed:
        text = path.read_text("utf-8")
        assert "tin-tuc/12345" not in text and "bai-cu" not in text, path


def test_the_article_page_itself_is_unchanged_by_its_aliases(aliased):
    page = (aliased / ARTICLE).read_text("utf-8")
    assert "http-equiv" not in page and "12345" not in page


def test_a_redirect_page_from_file_url_lands_on_the_article(aliased, browser):
    page = browser.new_page()
    try:
        page.goto((aliased / "2019/05/bai-cu/index.html").as_uri())
        page.wait_for_url(re.compile(re.escape(ARTICLE) + "$"), timeout=10_000)
        assert page.locator("h1").first.inner_text().startswith("Đức Huệ tổng kết")
    finally:
        page.close()


def test_check_accepts_a_site_with_old_addresses(tmp_path):
    (tmp_path / "site.toml").write_text('title = "Tin Đức Huệ"\n', "utf-8")
    write(tmp_path / "content", "2020/duc-hue.md", "[/tin-tuc/12345.html, /2019/05/bai-cu/]")
    result = run_build_py("check", "--content", str(tmp_path / "content"), "--config",
                          str(tmp_path / "site.toml"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_reports_an_old_address_that_leads_nowhere_or_to_another(tmp_path):
    refresh = '<meta http-equiv="refresh" content="0; url={}"><a href="{}">x</a>'
    assert findings(tmp_path, {
        "index.html": home("a.html"),
        "a.html": "<p>bài</p>",
        "cu/1.html": refresh.format("../a.html", "../a.html"),
        "cu/2.html": refresh.format("../mat.html", "../mat.html"),
        "cu/3.html": refresh.format("1.html", "1.html"),
    }) == ["cu/2.html:1: broken link to ../mat.html",
           "cu/2.html:1: old address leads nowhere: ../mat.html is not a page",
           "cu/3.html:1: old address leads to another old address 1.html"]


def test_an_alias_on_another_article_or_alias_is_an_error_naming_both_files(tmp_path):
    (tmp_path / "site.toml").write_text('title = "Tin Đức Huệ"\n', "utf-8")
    content = tmp_path / "content"
    write(content, "2020/a.md", "[/tin-tuc/1.html]")
    write(content, "2020/b.md", f"[/{ARTICLE.upper()}, /TIN-TUC/1.html]",
          title="Bài khác của huyện Đức Huệ", date="2020-09-16 08:00")
    result = build(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "aliases" in line]
    assert lines == [
        f"content/2020/b.md:5: aliases: địa chỉ cũ {ARTICLE.upper()} cũng là địa chỉ của "
        "content/2020/a.md: hãy bỏ một trong hai",
        "content/2020/b.md:5: aliases: địa chỉ cũ TIN-TUC/1.html cũng là một địa chỉ cũ "
        "(aliases) của content/2020/a.md: hãy bỏ một trong hai",
    ]
    assert not (tmp_path / "output").exists()


def test_an_unusable_alias_is_an_error_at_its_line_and_column(tmp_path):
    (tmp_path / "site.toml").write_text('title = "Tin Đức Huệ"\n', "utf-8")
    write(tmp_path / "content", "2020/a.md", '["/?p=12", "/../x.html"]')
    result = build(tmp_path)
    assert result.returncode == 1
    assert "content/2020/a.md:5:11: aliases: '/?p=12' có phần truy vấn ('?p=12'): trang tĩnh " \
        "không thể trả lời nó; hãy bỏ địa chỉ này đi" in result.stderr
    assert "content/2020/a.md:5:21: aliases: '/../x.html' phải là một đường dẫn gồm các tên " \
        "ASCII đơn giản" in result.stderr
