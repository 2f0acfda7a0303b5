"""Issue 15: ordinary writing never breaks the build, vanishes, or leaks stand-ins."""
import re
from pathlib import Path

import pytest

from builder.content.articles import find_content, is_article_name
from builder.content.markdown_convert import HOME_REF, Converter, resolve_refs
from builder.core.errors import render

STAND_INS = re.compile("[\x02\x03]|wzxhzdk|klzzwxh")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    (tmp_path / "2024" / "files").mkdir(parents=True)
    (tmp_path / "2024" / "files" / "bao-cao(1).pdf").write_bytes(b"%PDF")
    (tmp_path / "2024" / "anh").mkdir()
    (tmp_path / "2024" / "anh" / "le.jpg").write_bytes(b"jpg")
    (tmp_path / "2024" / "clip.mp4").write_bytes(b"mp4")
    (tmp_path / "2024" / "khac.md").write_text("---\n")
    return tmp_path


def convert(body: str, content: Path, raw_html="sanitize", language="vi"):
    """Convert as `content/2024/lien-he.md` whose body starts on file line 5."""
    return Converter(raw_html, language).convert(body, "2024/lien-he.md",
                                                 "content/2024/lien-he.md", 5, content)


def test_email_autolinks_become_mailto_links(content):
    result = convert("Liên hệ <toasoan@baolongan.vn> hoặc <mailto:ban.bien.tap@baolongan.vn>.\n",
                     content)
    assert result.problems == ()
    assert '<a href="mailto:toasoan@baolongan.vn">toasoan@baolongan.vn</a>' in result.html
    assert '<a href="mailto:ban.bien.tap@baolongan.vn">ban.bien.tap@baolongan.vn</a>' in result.html
    assert result.lead_text == "Liên hệ toasoan@baolongan.vn hoặc ban.bien.tap@baolongan.vn."


def test_escaped_characters_in_a_target_resolve(content):
    result = convert("Tải [báo cáo](files/bao-cao\\(1\\).pdf) về máy.\n", content)
    assert result.problems == ()
    assert result.refs == ("2024/files/bao-cao(1).pdf",)


def test_inline_html_leaves_no_stand_ins_in_summary_or_heading_ids(content):
    body = ("Sáng 1/5, <strong>Ủy ban MTTQ</strong> tổ chức lễ phát động…<br>tổng kết "
            "H<sub>2</sub>O sạch.\n\n## Kết quả <em>nổi bật</em>\n")
    result = convert(body, content)
    assert result.lead_text == ("Sáng 1/5, Ủy ban MTTQ tổ chức lễ phát động… tổng kết "
                                "H2O sạch.")
    assert '<h2 id="ket-qua-noi-bat">Kết quả <em>nổi bật</em></h2>' in result.html
    assert not STAND_INS.search(result.html + result.lead_text)


def test_a_linked_remote_image_never_nests_anchors(content):
    result = convert("[![Build](https://ci.example.org/b.svg)](https://ci.example.org/p)\n",
                     content)
    assert result.html == '<p><a href="https://ci.example.org/p"><span>Build</span></a></p>'
    assert [(w.line, w.col) for w in result.warnings] == [(5, 11)]


def test_a_linked_remote_image_in_raw_html_never_nests_anchors(content):
    result = convert('<a href="https://ci.example.org/p"><img src="https://ci.example.org/b.svg"'
                     ' alt="Build"></a>\n', content)
    assert result.html.count("<a ") == 1 and "<span>Build</span>" in result.html


def test_slash_is_the_home_page_not_outside_the_content_folder(content):
    result = convert("Dòng một có / dấu gạch.\n\n[Trang chủ](/) và [mục](/#tin-moi)\n", content)
    assert result.problems == ()
    assert result.refs == (HOME_REF,)
    html = resolve_refs(result.html, ("../../index.html",))
    assert '<a href="../../index.html">Trang chủ</a>' in html
    assert '<a href="../../index.html#tin-moi">mục</a>' in html


def test_a_missing_image_is_reported_where_it_stands_not_where_its_name_is_mentioned(content):
    body = "Dòng một.\n\nẢnh thieu.jpg sẽ có sau.\n\n\n![Thiếu](thieu.jpg)\n"
    assert [str(p) for p in convert(body, content).problems] == [
        "content/2024/lien-he.md:10:10: image: không tìm thấy tệp: 'thieu.jpg'"]


def test_positions_per_construct_inline_reference_raw_html(content):
    body = ("Mở đầu.\n"                                   # line 5
            "\n"
            "Xem [một](thieu-1.md) và [hai][ref].\n"     # line 7: inline at col 11
            "\n"
            '<p>Tệp <a href="thieu-3.pdf">ba</a></p>\n'   # line 9: raw html at col 17
            "\n"
            "[ref]: <thieu-2.md>\n")                      # line 11: reference at col 9
    assert [(p.line, p.col, p.message.render("en"))
            for p in convert(body, content).problems] == [
        (7, 11, "file not found: 'thieu-1.md'"),
        (11, 9, "file not found: 'thieu-2.md'"),
        (9, 17, "file not found: 'thieu-3.pdf'")]


def test_the_same_missing_target_twice_gets_each_line(content):
    body = "[a](x.md)\n\n`[a](x.md)` là ví dụ.\n\n[b](x.md)\n"
    assert [p.line for p in convert(body, content).problems] == [5, 9]


def test_raw_html_links_follow_the_markdown_rule(content):
    result = convert('Chữ <a href="khac.md#ket-qua">bài khác</a> và <a href="khong-co.md">x</a>'
                     ' và <a href="javascript:alert(1)">y</a>.\n', content, raw_html="allow")
    assert result.refs == ("2024/khac.md",)
    assert [(p.field, str(p.message)) for p in result.problems] == [
        ("link", "không tìm thấy tệp: 'khong-co.md'")]
    html = resolve_refs(result.html, ("khac.html",))
    assert '<a href="khac.html#ket-qua">bài khác</a>' in html
    assert "javascript" not in html


@pytest.mark.parametrize("raw_html", ["sanitize", "allow"])
def test_a_text_cnref_is_never_rewritten(content, raw_html):
    body = ('Ví dụ: href="cnref:0" là chữ. <a href="cnref:0">giả</a> '
            '![ảnh](anh/le.jpg)\n')
    result = convert(body, content, raw_html)
    html = resolve_refs(result.html, ("../../media/2024/anh/le.jpg",))
    assert 'href="cnref:0" là chữ' in html
    assert html.count("media/2024/anh/le.jpg") == 1  # only the image itself
    assert "<a>giả</a>" in html


def test_attr_list_leaves_liquid_tags_alone_and_they_are_warned_about(content):
    body = ("{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n"
            "{% raw %}{{ page.title }}{% endraw %}\n")
    result = convert(body, content)
    assert "{% endhighlight %}" in result.html and "{% endraw %}" in result.html
    assert [(w.line, w.col) for w in result.warnings] == [(5, 1), (7, 1), (9, 1), (9, 26)]
    assert all("Liquid" in render(w.message, "en") for w in result.warnings)


def test_attr_list_still_reads_real_attribute_lists(content):
    assert '<p class="lead">Đoạn mở.</p>' in convert("Đoạn mở.\n{: .lead }\n", content).html


@pytest.mark.parametrize("body, kind, line", [
    ("Đoạn.\n\n{{< youtube abc123 >}}\n", "Hugo shortcode", 7),
    ("Đoạn.\n\n{{% notice info %}}\nChú ý\n{{% /notice %}}\n", "Hugo shortcode", 7),
    ("Đoạn.\n\n{: .canh-bao}\n", "kramdown attribute line", 7),
    ("Đoạn.\n\n.. note:: Ghi chú của tòa soạn\n", "reStructuredText directive", 7),
    ("Đoạn.\n\n<marquee>Chạy chữ</marquee>\n", "<marquee> is not an element", 7),
])
def test_foreign_syntax_is_warned_about_with_its_line(content, body, kind, line):
    result = convert(body, content)
    assert result.warnings and result.warnings[0].line == line
    assert kind in render(result.warnings[0].message, "en")


def test_foreign_syntax_inside_code_is_an_example_and_not_warned(content):
    body = "```\n{{< youtube abc >}}\n{% raw %}\n```\n\nDùng `{: .lead}` như vậy.\n"
    assert convert(body, content).warnings == ()


def test_youtube_and_facebook_iframes_become_offline_cards(content):
    body = ('<iframe width="560" src="https://www.youtube.com/embed/dQw4w9WgXcQ" '
            'title="Lễ phát động thi đua"></iframe>\n\n'
            'Xem <iframe src="https://www.facebook.com/plugins/video.php?href='
            'https%3A%2F%2Fwww.facebook.com%2Fbaolongan%2Fvideos%2F123%2F"></iframe> nhé.\n')
    result = convert(body, content)
    assert "<iframe" not in result.html and result.warnings == ()
    assert 'data-embed="youtube" data-embed-id="dQw4w9WgXcQ"' in result.html
    assert '<span class="embed-title">Lễ phát động thi đua</span>' in result.html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Xem trên YouTube</a>' in result.html
    assert 'data-embed="facebook"' in result.html
    assert 'href="https://www.facebook.com/baolongan/videos/123/">Xem trên Facebook' in result.html


def test_english_site_cards_speak_english(content):
    html = convert('<iframe src="https://youtu.be/dQw4w9WgXcQ"></iframe>\n', content,
                   language="en").html
    assert "Watch on YouTube" in html


def test_other_iframes_are_removed_with_a_warning_naming_the_line(content):
    result = convert('Đoạn.\n\n<iframe src="https://maps.example.com/x"></iframe>\n', content)
    assert "<iframe" not in result.html and "maps.example" not in result.html
    assert [(w.line, w.field) for w in result.warnings] == [(7, "html")]
    assert "iframe" in render(result.warnings[0].message, "en")


def test_a_local_video_is_checked_and_copied_like_a_photo(content):
    result = convert('<video src="clip.mp4" controls></video>\n\n'
                     '<video src="thieu.mp4" controls></video>\n\n'
                     '<video src="https://cdn.example.com/a.mp4"></video>\n', content)
    assert result.refs == ("2024/clip.mp4",)
    assert [(p.line, str(p.message)) for p in result.problems] == [
        (7, "không tìm thấy tệp: 'thieu.mp4'")]
    assert [w.line for w in result.warnings] == [9]
    html = resolve_refs(result.html, ("../../media/2024/clip.mp4",))
    assert '<video src="../../media/2024/clip.mp4" controls' in html
    assert "cdn.example.com" not in html


def test_article_file_names(tmp_path):
    for name in ("a.md", "b.markdown", "c.MD", "d.Markdown", "README.md", "_index.md",
                 ".an.md", "_nhap/e.md", ".git/f.md", "2024/readme.MD", "2024/g.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("---\n")
    assert find_content(tmp_path, "content").articles == ("a.md", "b.markdown", "c.MD",
                                                          "d.Markdown")
    assert is_article_name("2024/x.MARKDOWN") and not is_article_name("2024/README.markdown")


def test_a_video_written_as_an_image_is_played_not_drawn(content):
    result = convert("![Lễ phát động](clip.mp4)\n\nChữ ![thiếu](thieu.webm) nữa.\n", content)
    assert result.refs == ("2024/clip.mp4",)
    assert [(p.line, p.col) for p in result.problems] == [(7, 14)]
    html = resolve_refs(result.html, ("../../media/2024/clip.mp4",))
    assert ('<video controls="" preload="metadata" src="../../media/2024/clip.mp4" '
            'title="Lễ phát động"></video>') in html
    assert "<figure" not in html  # (the missing file stays as written: the build stops)
