"""Markdown output: page text must read back as the same text."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.importing.article import (
    BulletList,
    Heading,
    Paragraph,
    Picture,
    Quote,
    Table,
)
from builder.importing.markdown_out import escape_line_start, escape_text, render_body

NEWS_TEXT = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêoôơuưyÁÀẢÃẠĐứựừ 0123456789.,:;!?-+*_#>[]()<&\"'`/\\|~=")),
    min_size=1,
)


def shown_text(source: str) -> str:
    """What a reader sees when Markdown renders this source."""
    rendered = markdown.markdown(source)
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    return html.unescape(re.sub(r"<[^>]+>", "", rendered[3:-4]))


@settings(deadline=None)
@given(NEWS_TEXT)
def test_escaped_text_renders_as_itself(text):
    text = " ".join(text.split())
    if not text:
        return
    assert shown_text(escape_line_start(escape_text(text))) == text


@pytest.mark.parametrize("text", ["&#0", "Mục &#12 và &#x1F", "&amp; &copy; a&#12b"])
def test_character_references_with_or_without_semicolon_show_as_typed(text):
    assert shown_text(escape_line_start(escape_text(text))) == text


@pytest.mark.parametrize(
    "start", ["1. Kết quả", "2020. Năm", "- mục", "+ mục", "# Số 1", "> trích", "---", "12) điều"]
)
def test_line_starts_that_would_become_markup(start):
    assert shown_text(escape_line_start(escape_text(start))) == start


def test_blocks_render_as_markdown():
    body = (
        Heading("Kết quả", "Kết quả", 2),
        Paragraph("Đoạn **đậm**.", "Đoạn đậm."),
        Paragraph("1. Không phải danh sách", "1. Không phải danh sách"),
        Paragraph("", "Chú thích * còn lại", frozenset({"caption"})),
        BulletList(("Một", "Hai")),
        BulletList(("Ba",), ordered=True),
        Picture("images/a b.jpg", "Quang cảnh [hội nghị]"),
        Quote(("Trích dẫn một", "Trích dẫn hai")),
        Table((("Xã", "Số"), ("Mỹ Quý", "1|2"))),
    )
    assert render_body(body) == (
        "## Kết quả\n\nĐoạn **đậm**.\n\n1\\. Không phải danh sách\n\n*Chú thích \\* còn lại*\n\n"
        "- Một\n- Hai\n\n1. Ba\n\n![Quang cảnh \\[hội nghị\\]](images/a%20b.jpg)\n\n"
        "> Trích dẫn một\n>\n> Trích dẫn hai\n\n| Xã | Số |\n| --- | --- |\n| Mỹ Quý | 1\\|2 |\n"
    )
    assert render_body(()) == ""
