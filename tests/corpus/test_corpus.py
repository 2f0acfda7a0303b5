"""Issue 15: 160 Vietnamese Markdown articles using every construct, built and inspected.

Every page parses with html5lib without a single error, no Markdown stand-in (\\x02,
\\x03, `wzxhzdk:`, `klzzwxh:`) reaches any output file, every internal link and image
leads to a file of the site, and what the generator does not render is warned about.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from tests.conftest import run_build_py

from .generate import CONSTRUCTS, FAILURE_WARNINGS, write_corpus

STAND_INS = re.compile(rb"[\x02\x03]|wzxhzdk|klzzwxh")
URL_ATTRIBUTE = re.compile(r'\s(?:href|src|poster)="([^"]*)"')


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[str], str]:
    """The corpus written and built; (output folder, article file names, build stderr)."""
    root = tmp_path_factory.mktemp("corpus")
    names = write_corpus(root / "content")
    result = run_build_py("build", "--content", "content", "--output", "output", cwd=root,
                          timeout=600)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / "output", names, result.stderr + result.stdout


def test_the_corpus_is_large_and_uses_every_construct(corpus):
    _, names, _ = corpus
    assert len(names) >= 150 and len(CONSTRUCTS) >= 40
    assert {Path(n).suffix for n in names} >= {".md", ".markdown", ".MD", ".Markdown"}


def test_every_article_was_built_but_drafts_and_scheduled_ones(corpus):
    output, names, printed = corpus
    pages = list((output / "2024").rglob("*.html"))
    drafts = sum(1 for n in range(len(names)) if n % 40 == 17)
    scheduled = sum(1 for n in range(len(names)) if n % 50 == 33 and n % 40 != 17)
    assert len(pages) == len(names) - drafts - scheduled
    assert (f"{drafts} bản nháp và {scheduled} bài hẹn giờ không được đăng; "
            "dùng --drafts/--future để xem") in printed
    assert not list(output.rglob("readme*")) and "content/README.md" not in printed
    assert "_ghi-chu" not in printed and "_nhap" not in printed


def test_every_page_parses_without_a_single_html5lib_error(corpus):
    output, _, _ = corpus
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 150
    for page in pages:
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(page.read_bytes())
        assert parser.errors == [], f"{page.relative_to(output)}: {parser.errors[:3]}"


def test_no_stand_in_reaches_any_output_file(corpus):
    output, _, _ = corpus
    # Text files the site is made of (photos are binary and may hold any byte).
    files = [path for path in output.rglob("*") if path.is_file()
             and path.suffix in (".html", ".xml", ".js", ".json", ".css", ".txt", ".svg")]
    assert len(files) > 200
    leaks = [str(path.relative_to(output)) for path in files if STAND_INS.search(path.read_bytes())]
    assert leaks == []


def test_every_internal_link_and_image_leads_to_a_file(corpus):
    output, _, _ = corpus
    broken = []
    for page in output.rglob("*.html"):
        page_path = page.relative_to(output).as_posix()
        for url in URL_ATTRIBUTE.findall(page.read_text("utf-8")):
            parts = urlsplit(url.replace("&amp;", "&"))
            if parts.scheme or url.startswith(("#", "//")) or not parts.path:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path),
                                                       unquote(parts.path)))
            if not (output / target).is_file():
                broken.append(f"{page_path} -> {url}")
    assert broken == []


def test_the_real_world_cases_come_out_right(corpus):
    output, _, _ = corpus
    html = "\n".join(p.read_text("utf-8") for p in (output / "2024").rglob("*.html"))
    assert 'href="mailto:toasoan@baolongan.vn"' in html
    assert re.search(r'href="(\.\./)+media/tai-lieu/bao-cao-1\.pdf"', html)
    assert 'id="ket-qua-noi-bat"' in html
    assert re.search(r'<a href="(\.\./)+index\.html">Trang chủ</a>', html)
    assert 'href="cnref:0" chỉ là chữ' in html
    assert "{% endhighlight %}" in html and "{% endraw %}" in html
    assert 'data-embed="youtube"' in html and 'data-embed="facebook"' in html
    assert "<iframe" not in html and "maps.example.com" not in html
    assert re.search(r'<video src="(\.\./)+media/video/le-phat-dong\.mp4" controls', html)
    assert (output / "media" / "video" / "le-phat-dong.mp4").is_file()
    assert not re.search(r"<a [^>]*>(?:(?!</a>).)*<a ", html, re.DOTALL)  # no nested anchors


def test_what_is_not_rendered_is_warned_about_with_file_and_line(corpus):
    _, _, printed = corpus
    warnings = [line for line in printed.splitlines() if line.startswith("cảnh báo: ")]
    for kind in FAILURE_WARNINGS:
        located = [w for w in warnings if kind in w]
        assert located, kind
        assert all(re.match(r"cảnh báo: content/bai-\d{3}\.\w+:\d+(:\d+)?: ", w)
                   for w in located), located[:2]
