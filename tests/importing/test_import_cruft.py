"""Page furniture: buttons, comment widgets, share bars, related news, ads."""

from __future__ import annotations

import pytest

from builder.importing.article import BulletList, Heading, Paragraph, Picture
from builder.importing.cruft import (
    is_furniture_attr,
    is_furniture_line,
    is_tail_marker,
    strip_furniture,
)


@pytest.mark.parametrize(
    "line",
    [
        "A A",
        "A  A  A",
        "A- A+",
        "-A +A",
        "0 / 500 ký tự",
        "0/500 ký tự",
        "Guest",
        "Đang tải dữ liệu",
        "Đang tải dữ liệu...",
        "Chia sẻ",
        "Chia sẻ bài viết:",
        "Facebook",
        "Zalo",
        "In bài",
        "Gửi",
        "Lượt xem: 1.234",
        "Cỡ chữ: A A",
        "Quảng cáo",
        "Quay lại",
        "|",
        "Họ tên",
    ],
)
def test_widget_lines_are_furniture(line):
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Khách sạn Mỹ Hạnh được khen thưởng",
        "Ý kiến của người dân được lắng nghe.",
        "Chia sẻ kinh nghiệm xây dựng mô hình “Dân vận khéo”",
        "Gửi | Ấp Bình Hòa",
        "A",
        "Ấp Bình Hòa",
        "Gửi thư cảm ơn",
    ],
)
def test_article_lines_are_not_furniture(line):
    assert not is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Ý kiến ()",
        "Ý kiến (0)",
        "Ý KIẾN BẠN ĐỌC",
        "Ý kiến",
        "Tin liên quan",
        "Tin cùng chuyên mục",
        "Các tin khác",
        "Tin khác:",
        "Bình luận (0)",
        "Gửi bình luận",
        "Xem thêm:",
        "Bài viết liên quan",
    ],
)
def test_comment_and_related_headers_start_the_tail(line):
    assert is_tail_marker(line)


@pytest.mark.parametrize(
    "line", ["Ý kiến của cử tri được tổng hợp gửi kỳ họp", "Tin liên quan đến dịch bệnh được cập nhật"]
)
def test_sentences_do_not_start_the_tail(line):
    assert not is_tail_marker(line)


@pytest.mark.parametrize(
    "attrs",
    [
        "box-share",
        "tin_lienquan",
        "comment-box",
        "banner-qc",
        "font-size",
        "main-menu",
        "sidebar col-right",
        "related-news",
        "social",
        "tags",
        "article__author",
    ],
)
def test_furniture_class_names(attrs):
    assert is_furniture_attr(attrs)


@pytest.mark.parametrize(
    "attrs", ["canvas", "journal-content-article", "news-detail", "shareholder", "advice", "header-title", ""]
)
def test_content_class_names(attrs):
    assert not is_furniture_attr(attrs)


def test_strip_furniture_drops_widgets_and_cuts_at_the_tail():
    blocks = (
        Paragraph("A A", "A A"),
        Paragraph("Đoạn mở đầu của bài viết.", "Đoạn mở đầu của bài viết."),
        Picture("a.jpg"),
        Paragraph("Chia sẻ", "Chia sẻ"),
        Paragraph("Kim Tiến", "Kim Tiến"),
        Heading("Tin liên quan", "Tin liên quan", 3),
        BulletList(("Bài khác",)),
        Paragraph("Sau phần bình luận", "Sau phần bình luận"),
    )
    assert strip_furniture(blocks) == (blocks[1], blocks[2], blocks[4])
