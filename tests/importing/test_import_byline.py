"""Bylines: the short last line of names."""

from __future__ import annotations

import pytest

from builder.importing.article import Paragraph, Picture
from builder.importing.byline import byline_of, split_byline


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Kim Tiến - Hoàng Anh", "Kim Tiến - Hoàng Anh"),
        ("Thanh Nhàn, Hữu Đức", "Thanh Nhàn, Hữu Đức"),
        ("Minh Trí", "Minh Trí"),
        ("Bài, ảnh: Ngọc Mai", "Ngọc Mai"),
        ("Tin và ảnh: Nguyễn Thị Thu Hà", "Nguyễn Thị Thu Hà"),
        ("(Phương Linh)", "Phương Linh"),
        ("Hữu Phước - Ngọc Hân.", "Hữu Phước - Ngọc Hân"),
        ("Ngọc Mai (TTVH-TT huyện Đức Hòa)", "Ngọc Mai (TTVH-TT huyện Đức Hòa)"),
        ("Lê Văn Tám và Trần Thị Bé", "Lê Văn Tám và Trần Thị Bé"),
        ("PV", "PV"),
    ],
)
def test_bylines(line, names):
    assert byline_of(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "Quang cảnh hội nghị",
        "Theo Báo Long An",
        "Nguồn: Sở Nội vụ",
        "Đồng chí Nguyễn Văn Hải phát biểu",
        "Năm 2020 Đạt 15 Mô Hình",
        "Trân trọng cảm ơn!",
        "Tin Liên Quan Khác Của Huyện Đức Huệ Trong Năm Hai Nghìn Hai Mươi Mốt Với Nhiều Tên",
        "",
    ],
)
def test_lines_that_are_not_bylines(line):
    assert byline_of(line) is None


def test_only_the_last_paragraph_is_taken_as_byline():
    body = (Paragraph("Minh Trí", "Minh Trí"), Paragraph("Nội dung bài viết.", "Nội dung bài viết."))
    assert split_byline(body) == ("", body)
    with_byline = body + (Paragraph("**Kim Tiến - Hoàng Anh**", "Kim Tiến - Hoàng Anh", frozenset({"bold"})),)
    assert split_byline(with_byline) == ("Kim Tiến - Hoàng Anh", body)
    ending_with_photo = body + (Picture("a.jpg"),)
    assert split_byline(ending_with_photo) == ("", ending_with_photo)
