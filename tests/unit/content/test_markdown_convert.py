"""Markdown bodies: figures, heading ids, footnotes, links and images, sanitizing."""
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from builder.content.markdown_convert import Converter, resolve_refs


@pytest.fixture
def content(tmp_path: Path) -> Path:
    (tmp_path / "2020" / "images").mkdir(parents=True)
    (tmp_path / "2020" / "images" / "a.jpg").write_bytes(b"jpg")
    (tmp_path / "2020" / "b.md").write_text("---\n")
    return tmp_path


def convert(body: str, content: Path, raw_html="sanitize"):
    return Converter(raw_html).convert(body, "2020/a.md", "content/2020/a.md", 5, content)


def test_image_alone_becomes_a_captioned_figure(content):
    result = convert("![Lãnh đạo trao giấy khen](images/a.jpg)\n", content)
    assert result.html == ('<figure><img alt="Lãnh đạo trao giấy khen" loading="lazy" '
                           'src="cnref:0"><figcaption>Lãnh đạo trao giấy khen</figcaption></figure>')
    assert result.refs == ("2020/images/a.jpg",)


def test_inline_image_stays_inline(content):
    result = convert("Chữ ![x](images/a.jpg) chữ\n", content)
    assert "<figure>" not in result.html and "<p>Chữ <img" in result.html


def test_heading_ids_keep_dj_as_d(content):
    assert '<h2 id="duc-hue-dan-dau">Đức Huệ dẫn đầu</h2>' in convert("## Đức Huệ dẫn đầu\n",
                                                                     content).html


def test_links_to_articles_and_files_become_placeholders_resolved_later(content):
    result = convert("[bài](b.md#ket-qua) và [ảnh](/2020/images/a.jpg)\n", content)
    assert result.refs == ("2020/b.md", "2020/images/a.jpg")
    html = resolve_refs(result.html, ("b.html", "../../media/2020/images/a.jpg"))
    assert '<a href="b.html#ket-qua">bài</a>' in html
    assert '<a href="../../media/2020/images/a.jpg">ảnh</a>' in html


def test_missing_targets_are_errors_with_file_lines(content):
    result = convert("Dòng một\n\nXem [bài](khong-co.md) nhé.\n\n![a](images/z.jpg)\n", content)
    assert [str(p) for p in result.problems] == [
        "content/2020/a.md:7:11: link: không tìm thấy tệp: 'khong-co.md'",
        "content/2020/a.md:9:6: image: không tìm thấy tệp: 'images/z.jpg'"]


def test_remote_images_become_links_with_a_warning(content):
    result = convert("![Ảnh](https://example.com/a.jpg)\n", content)
    assert "<img" not in result.html and 'href="https://example.com/a.jpg"' in result.html
    assert len(result.warnings) == 1 and result.warnings[0].line == 5


def test_footnotes_do_not_leak_into_the_next_article(content):
    converter = Converter()
    first = converter.convert("Câu[^1].\n\n[^1]: Ghi chú.\n", "a.md", "a.md", 1, content)
    second = converter.convert("Bài khác.\n", "b.md", "b.md", 1, content)
    assert "Ghi chú" in first.html and 'class="footnote"' in first.html
    assert second.html == "<p>Bài khác.</p>"


def test_tables_use_classes_not_obsolete_align(content):
    html = convert("| A | B |\n|:-:|--:|\n| 1 | 2 |\n", content).html
    assert '<th class="align-center">A</th>' in html and "align=" not in html


def test_raw_html_is_sanitized_by_default(content):
    body = ('<script>alert(1)</script>\n\n<svg onload="x()"></svg>\n\n<iframe src="x"></iframe>\n\n'
            '<style>p{}</style>\n\n[x](javascript:alert(1)) <a href="vbscript:x" onclick="y">v</a>'
            ' <img src="data:image/svg+xml;base64,AAA" onerror="z">\n')
    html = convert(body, content).html.lower()
    for bad in ("<script", "onload", "onclick", "onerror", "<iframe", "<style", "javascript:",
                "vbscript:", "data:"):
        assert bad not in html


def test_raw_html_allowed_when_the_site_says_so(content):
    assert '<span style="color:red">đỏ</span>' in convert(
        'Chữ <span style="color:red">đỏ</span>\n', content, raw_html="allow").html


def test_lead_text_is_the_first_paragraph_without_footnote_marks(content):
    result = convert("![a](images/a.jpg)\n\nMở **đầu**[^1] bài.\n\n[^1]: x\n", content)
    assert result.lead_text == "Mở đầu bài."


@pytest.mark.parametrize("body", ["[x](javascript:alert(1))\n", "![x](javascript:alert(1))\n",
                                  "[x](JAVASCRIPT:alert(1))\n", "[x](vbscript:msgbox)\n",
                                  "[x](data:text/html;base64,PHNjcmlwdD4=)\n",
                                  "Chữ đậm\n{: onclick=\"alert(1)\" }\n"])
def test_unsafe_urls_and_attributes_are_dropped_without_raw_html(content, body):
    html = convert(body, content).html.lower()
    for bad in ("javascript:", "vbscript:", "data:", "onclick"):
        assert bad not in html


MARKDOWNISH = st.text(alphabet="ab đứ\n*_`[]()!<>&#-:{}.1\\ |~>", max_size=80)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_plain_text_fast_path_changes_nothing(body):
    import markdown
    from builder.content.markdown_convert import PlainFastPath
    extensions = ["tables", "footnotes", "attr_list", "fenced_code", "sane_lists"]
    plain = markdown.Markdown(extensions=extensions)
    fast = markdown.Markdown(extensions=extensions + [PlainFastPath()])
    assert fast.convert(body) == plain.convert(body)


@pytest.mark.parametrize("raw_html", ["sanitize", "allow"])
def test_raw_html_images_are_checked_and_copied_like_markdown_ones(content, raw_html):
    """Issue 17: `<img src="x">` in raw HTML to a missing file was not reported."""
    body = ("Đoạn mở đầu.\n\n<p><img src=\"khong-co.jpg\" alt=\"Ảnh\"></p>\n\n"
            "Chữ <img src='images/a.jpg'> trong dòng, "
            "<img src=\"https://example.org/x.jpg\">.\n")
    result = convert(body, content, raw_html)
    assert [(p.line, p.field) for p in result.problems] == [(7, "image")]
    assert "khong-co.jpg" in str(result.problems[0].message)
    assert result.refs == ("2020/images/a.jpg",)
    assert resolve_refs(result.html, ("../../media/images/anh-1.jpg",)).count(
        'src="../../media/images/anh-1.jpg"') == 1
