"""Captions after photos; lists and sub-headings recovered from flattened pages."""

from __future__ import annotations

import pytest

from builder.importing.article import BulletList, Heading, Paragraph, Picture
from builder.importing.captions import attach_captions, looks_like_caption_line
from builder.importing.structure import even_heading_levels, make_headings, make_lists

BODY = Paragraph(
    "Các đoàn thể đã trao tặng 95 căn nhà Đại đoàn kết cho hộ nghèo và hộ có hoàn cảnh khó khăn trong huyện.",
    "Các đoàn thể đã trao tặng 95 căn nhà Đại đoàn kết cho hộ nghèo và hộ có hoàn cảnh khó khăn trong huyện.",
)


def para(text: str, *looks: str) -> Paragraph:
    return Paragraph(text, text, frozenset(looks))


@pytest.mark.parametrize(
    "line",
    [
        "Quang cảnh hội nghị",
        "Đồng chí Bí thư Huyện ủy trao Giấy khen cho các tập thể",
        "Hội viên nhận giỏ xách (Ảnh: Ngọc Mai)",
        "Ảnh: Minh Trí",
        "“Ngày Chủ nhật xanh” tại ấp 3",
    ],
)
def test_caption_lines(line):
    assert looks_like_caption_line(line)


@pytest.mark.parametrize(
    "line",
    [
        BODY.plain,
        "Kết quả nổi bật trong năm:",
        "- Thu gom rác thải",
        "15/09/2020 15:44",
        "quang cảnh",
        "Hội nghị",
    ],
)
def test_lines_that_are_not_captions(line):
    assert not looks_like_caption_line(line)


def test_the_short_line_after_a_photo_becomes_its_caption():
    blocks = (Picture("a.jpg"), para("Quang cảnh hội nghị"), BODY)
    assert attach_captions(blocks, "Tiêu đề") == (Picture("a.jpg", "Quang cảnh hội nghị"), BODY)


def test_an_italic_or_centred_line_after_a_photo_is_its_caption_even_with_a_full_stop():
    italic = para("Người dân trồng cây xanh dọc tuyến đường.", "italic")
    centred = para("Lãnh đạo huyện trao quà.", "centered")
    assert attach_captions((Picture("a.jpg"), italic), "T")[0].caption == italic.plain
    assert attach_captions((Picture("a.jpg"), centred), "T")[0].caption == centred.plain


def test_body_text_after_a_photo_is_not_a_caption():
    blocks = (Picture("a.jpg"), BODY)
    assert attach_captions(blocks, "Tiêu đề") == blocks


def test_alt_text_is_the_caption_only_when_it_says_something():
    assert attach_captions((Picture("a.jpg", alt="Trao thưởng cho tập thể"),), "T")[0].caption == (
        "Trao thưởng cho tập thể"
    )
    for alt in ("hoi-nghi", "DSC 0123", "IMG_2020.jpg", "Tiêu đề bài viết", "Ảnh"):
        assert attach_captions((Picture("a.jpg", alt=alt),), "Tiêu đề bài viết")[0].caption == ""


def test_dash_lines_become_a_list():
    blocks = (para("Trong đó:"), para("- Kinh tế: 74 mô hình;"), para("+ Văn hóa: 61 mô hình."), BODY)
    assert make_lists(blocks) == (
        blocks[0],
        BulletList(("Kinh tế: 74 mô hình;", "Văn hóa: 61 mô hình.")),
        BODY,
    )


def test_a_bold_dash_line_keeps_its_bold():
    line = Paragraph("**- Kinh tế**", "- Kinh tế", frozenset({"bold"}))
    assert make_lists((line,)) == (BulletList(("**Kinh tế**",)),)


def test_a_short_bold_line_before_text_becomes_a_sub_heading():
    lead = Paragraph(
        "**Sáng 15/9, huyện tổ chức hội nghị.**", "Sáng 15/9, huyện tổ chức hội nghị.", frozenset({"bold"})
    )
    bold = Paragraph("**Nhiều mô hình hay**", "Nhiều mô hình hay", frozenset({"bold"}))
    sentence = Paragraph("**Kết thúc hội nghị.**", "Kết thúc hội nghị.", frozenset({"bold"}))
    result = make_headings((lead, bold, BODY, sentence, BODY, bold))
    assert result == (lead, Heading("Nhiều mô hình hay", "Nhiều mô hình hay", 2), BODY, sentence, BODY, bold)


def test_heading_levels_start_at_two():
    blocks = (Heading("A", "A", 4), BODY, Heading("B", "B", 5))
    assert even_heading_levels(blocks) == (Heading("A", "A", 2), BODY, Heading("B", "B", 3))
    assert even_heading_levels((Heading("A", "A", 2),)) == (Heading("A", "A", 2),)
