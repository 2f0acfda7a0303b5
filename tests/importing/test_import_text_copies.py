"""Plain-text copies of real portal pages ("select all, copy" from several browsers, a
mobile share, Word's "save as .txt"): each imports to its expected Markdown exactly, and
widget words or blank lines around the date line never lose the article."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.importing.assemble import assemble
from builder.importing.markdown_out import render_body
from builder.importing.plain_text import read_plain_text

FIXTURES = Path(__file__).parent / "fixtures" / "text"
EXPECTED = Path(__file__).parent / "fixtures" / "text-expected"
COPIES = sorted(p.name for p in FIXTURES.glob("*.txt"))


def test_there_are_a_dozen_layouts():
    assert len(COPIES) >= 12
    assert sorted(p.stem for p in EXPECTED.glob("*.md")) == [Path(c).stem for c in COPIES]


@pytest.mark.parametrize("copy", COPIES)
def test_each_copy_imports_to_its_expected_markdown(copy, run_import, tmp_path):
    run = run_import(FIXTURES / copy, "--into", tmp_path)

    assert run.status == 0, run.err
    written = sorted(tmp_path.rglob("*.md"))
    assert len(written) == 1
    expected = (EXPECTED / copy).with_suffix(".md")
    assert written[0].read_text("utf-8") == expected.read_text("utf-8")
    assert written[0].parent.name == expected.read_text("utf-8").split("date: ")[1][:4]


# The article the property test starts from: the portal header with its "today" date
# above the title, the date line, the body with a caption, the byline and the comments.
HEADER = ["Cổng thông tin điện tử tỉnh Long An", "Thứ Sáu, 04/12/2026 - 09:20", "",
          "Trang chủ > Tin tức > Dân vận", ""]
TITLE = "Đức Huệ: Tổng kết 05 năm thực hiện phong trào thi đua “Dân vận khéo”"
DATE_LINE = "Thứ 3, 15/09/2020 | 15:44:00 [GMT +7]"
BODY = ["Sáng ngày 15/9, Ban Thường vụ Huyện ủy Đức Huệ tổ chức hội nghị tổng kết 05 năm "
        "thực hiện phong trào thi đua “Dân vận khéo”.",
        "Quang cảnh hội nghị",
        "Qua 05 năm, toàn huyện đã xây dựng được 312 mô hình “Dân vận khéo” trên các lĩnh vực "
        "kinh tế, văn hóa – xã hội, quốc phòng – an ninh.",
        "Kim Tiến-Hoàng Anh"]
TAIL = ["Ý kiến ()", "0 / 500 ký tự", "Guest", "Đang tải dữ liệu"]
WIDGETS = ["A A", "A  A", "A- A A+", "Lượt xem: 1.234", "Lượt xem 56", "Chia sẻ", "In bài",
           "Gửi email", "In bài | Gửi email", "Facebook", "Zalo", "Cỡ chữ", "|", "•",
           "Nghe đọc bài", "Bản in"]
BLANKS = ["", " ", "\t", "\u00a0", "\u00a0 \u00a0", "  \t  "]


def article_of(text: str):
    """The article the importer makes of a copy."""
    return assemble(read_plain_text(text, Path("/copies/ban-sao.txt")))


BASE = article_of("\n".join(HEADER + [TITLE, DATE_LINE, ""] + BODY + TAIL))


def test_the_base_copy_reads_right():
    assert BASE.title == TITLE
    assert BASE.published.isoformat() == "2020-09-15T15:44:00+07:00"
    assert BASE.author == "Kim Tiến-Hoàng Anh" and BASE.category == "Dân vận"
    assert BASE.summary == BODY[0]


@settings(deadline=None, max_examples=200)
@given(before=st.lists(st.sampled_from(WIDGETS), max_size=3),
       after=st.lists(st.sampled_from(WIDGETS), max_size=3),
       joiner=st.sampled_from([" ", "  ", " | ", "\u00a0", "\t"]),
       inserts=st.lists(st.tuples(st.integers(min_value=0, max_value=30),
                                  st.sampled_from(BLANKS)), max_size=8))
def test_widget_words_and_blank_lines_never_lose_the_article(before, after, joiner, inserts):
    date_line = joiner.join([*before, DATE_LINE, *after])
    lines = HEADER + [TITLE, date_line, ""] + BODY + TAIL
    for position, blank in sorted(inserts, reverse=True):
        lines.insert(min(position, len(lines)), blank)
    article = article_of("\n".join(lines))
    assert (article.title, article.published, article.summary, article.author) == (
        BASE.title, BASE.published, BASE.summary, BASE.author)
    assert render_body(article.body) == render_body(BASE.body)
