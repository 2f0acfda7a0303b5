"""A site's template folder laid over the built-in theme, file by file, with named blocks."""
import re
from pathlib import Path

import pytest

from builder.core.config import BuildOptions, load_config
from builder.preview.rebuild import SiteBuilder
from builder.publish.output import MARKER
from tests.conftest import run_build_py

ARTICLE = """---
title: Bến Lức đón bằng công nhận xã Lương Hòa đạt chuẩn nông thôn mới
date: 2018-11-20 09:00
tags: [Nông thôn mới, Bến Lức]
category: Nông nghiệp - Nông thôn
author: Hữu Lộc
---

Xã Lương Hòa, huyện Bến Lức, đón bằng công nhận đạt chuẩn nông thôn mới.
"""
OLDER = ARTICLE.replace("2018-11-20", "2018-10-01").replace("Bến Lức đón", "Bến Lức chuẩn bị đón")
ARTICLE_PATH = "2018/11/ben-luc-don-bang-cong-nhan-xa-luong-hoa-dat-chuan-nong-thon-moi.html"
# Every page template fills `main` itself, so `main` is replaced through article.html.
BASE_BLOCKS = ("masthead", "nav", "breadcrumbs", "sidebar", "footer")
ARTICLE_BLOCKS = ("headline", "byline", "body", "topics", "related")


def make_site(root: Path, templates: dict[str, str], toml: str = "") -> Path:
    """Two related articles and the given site templates (name -> text)."""
    (root / "content" / "2018").mkdir(parents=True)
    (root / "content" / "2018" / "ben-luc.md").write_text(ARTICLE, encoding="utf-8")
    (root / "content" / "2018" / "ben-luc-truoc.md").write_text(OLDER, encoding="utf-8")
    for name, text in templates.items():
        (root / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "templates" / name).write_text(text, encoding="utf-8")
    (root / "site.toml").write_text(toml, encoding="utf-8")
    return root


def build(site: Path, *extra: str):
    return run_build_py("build", "--no-cache", *extra, cwd=site)


def test_a_site_base_extends_the_built_in_one_and_fills_a_block(tmp_path):
    site = make_site(tmp_path, {
        "base.html": '{% extends "builtin/base.html" %}\n{% block footer %}'
                     '<footer class="bao">Đường dây nóng: {{ site.extra.hotline }}</footer>'
                     '{% endblock %}\n'},
        '[extra]\nhotline = "0272 3826 000"\n')
    result = build(site)
    assert result.returncode == 0, result.stderr
    for rel in ("index.html", ARTICLE_PATH, "tags/ben-luc.html", "404.html"):
        html = (site / "output" / rel).read_text(encoding="utf-8")
        assert '<footer class="bao">Đường dây nóng: 0272 3826 000</footer>' in html, rel
        assert '<footer class="site-footer">' not in html
        assert '<nav class="main-nav"' in html  # the rest of the built-in page is kept


@pytest.mark.parametrize("template,block", [("base.html", b) for b in BASE_BLOCKS]
                         + [("article.html", b) for b in ("main",) + ARTICLE_BLOCKS])
def test_every_named_block_can_be_replaced(tmp_path, template, block):
    marker = f"khối {block} của báo"
    site = make_site(tmp_path, {template: f'{{% extends "builtin/{template}" %}}\n'
                                          f'{{% block {block} %}}<p>{marker}</p>{{% endblock %}}\n'})
    result = build(site)
    assert result.returncode == 0, result.stderr
    html = (site / "output" / ARTICLE_PATH).read_text(encoding="utf-8")
    assert f"<p>{marker}</p>" in html
    unchanged = make_site(tmp_path / "plain", {})
    assert build(unchanged).returncode == 0
    plain = (unchanged / "output" / ARTICLE_PATH).read_text(encoding="utf-8")
    # The block had content of its own that is now gone (the sidebar is empty by default).
    assert block == "sidebar" or len(plain) > len(html) - len(marker) - 7


def test_super_keeps_the_built_in_block_around_additions(tmp_path):
    site = make_site(tmp_path, {
        "article.html": '{% extends "builtin/article.html" %}\n{% block byline %}'
                        '{{ super() }}<p class="chuc-danh">Phóng viên thường trú</p>{% endblock %}\n'})
    assert build(site).returncode == 0
    html = (site / "output" / ARTICLE_PATH).read_text(encoding="utf-8")
    assert re.search(r'authors/huu-loc\.html">Hữu Lộc</a></p>\s*<p class="chuc-danh">', html)


def test_assets_overlay_file_by_file_and_site_css_loads_last(tmp_path):
    site = make_site(tmp_path, {"assets/favicon.svg": "<svg id='bao'/>",
                                "assets/css/bao.css": "body { color: #111; }"},
                     'css = ["assets/css/bao.css"]\n')
    assert build(site).returncode == 0
    out = site / "output"
    assert (out / "assets" / "favicon.svg").read_text() == "<svg id='bao'/>"
    assert (out / "assets" / "reader.js").stat().st_size > 100  # the built-in one, kept
    html = (out / "tags" / "ben-luc.html").read_text(encoding="utf-8")
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    assert sheets == ["../assets/style.css", "../assets/search.css", "../assets/css/bao.css"]


def test_a_template_extending_itself_is_an_error_naming_file_and_line(tmp_path):
    site = make_site(tmp_path, {"base.html": '{# của báo #}\n{% extends "base.html" %}\n'})
    (site / "output").mkdir()
    (site / "output" / MARKER).write_text("")
    (site / "output" / "index.html").write_text("trang cũ")
    result = build(site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(
        'templates/base.html:2: vòng lặp extends: base.html → base.html; muốn mở rộng mẫu có '
        'sẵn cùng tên, hãy viết {% extends "builtin/base.html" %}')
    assert (site / "output" / "index.html").read_text() == "trang cũ"


def test_an_extends_loop_across_two_templates(tmp_path):
    site = make_site(tmp_path, {"base.html": '{% extends "khung.html" %}\n',
                                "khung.html": '\n\n{% extends "base.html" %}\n'})
    result = build(site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("templates/khung.html:3: vòng lặp extends: "
                                    "base.html → khung.html → base.html;")
    english = build(site, "--lang", "en")
    assert english.stderr.startswith(
        'templates/khung.html:3: extends loop: base.html → khung.html → base.html; to extend '
        'the built-in template of the same name write {% extends "builtin/base.html" %}')


def test_the_preview_shows_template_mistakes_as_problems(tmp_path, monkeypatch):
    site = make_site(tmp_path, {
        "article.html": '{% extends "builtin/article.html" %}\n{% block body %}\n'
                        '{{ article.noi_dung }}\n{% endblock %}\n'})
    monkeypatch.chdir(site)

    def settings():
        return load_config(Path("site.toml")), BuildOptions(Path("content"), Path("output"))

    outcome = SiteBuilder(settings).build()
    assert not outcome.ok
    assert outcome.problems == (
        "templates/article.html:3: UndefinedError: 'dict object' has no attribute 'noi_dung' "
        "(khi đang dựng content/2018/ben-luc.md)",)
