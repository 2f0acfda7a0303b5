"""Reading plain-text copies ("select all, copy") of news pages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from builder.importing.article import NotUnderstood
from builder.importing.plain_text import read_plain_text

PLUS7 = timezone(timedelta(hours=7))
BODY = "Sáng 15/9, Ban Thường vụ Huyện ủy tổ chức hội nghị tổng kết phong trào thi đua trong toàn huyện."


def read(text: str):
    return read_plain_text(text, Path("/copies/ban-sao.txt"))


def test_title_and_date_follow_the_menu_and_the_header_date():
    facts = read(
        "Trang chủ\nGiới thiệu\nCỔNG THÔNG TIN ĐIỆN TỬ HUYỆN ĐỨC HUỆ\nThứ Tư, 26/11/2025 - 10:12\n"
        "Trang chủ > Tin tức > Dân vận\n"
        "Đức Huệ: Tổng kết phong trào “Dân vận khéo”\nThứ 3, 15/09/2020 | 15:44:00 [GMT +7]\nA A\n"
        f"{BODY}\nKim Tiến - Hoàng Anh\nÝ kiến ()\n0 / 500 ký tự\nGuest\nĐang tải dữ liệu\n"
        "Tin liên quan\nBài viết cũ hơn của huyện nhà\n20/09/2020 08:00\n" + BODY + "\n"
    )
    assert facts.title == "Đức Huệ: Tổng kết phong trào “Dân vận khéo”"
    assert facts.published == datetime(2020, 9, 15, 15, 44, tzinfo=PLUS7)
    assert facts.category == "Dân vận"
    assert facts.source == "ban-sao.txt"
    assert [b.plain for b in facts.blocks][:2] == [BODY, "Kim Tiến - Hoàng Anh"]


def test_a_date_line_without_time_still_works():
    facts = read(f"Tân Thạnh ra quân Mùa hè xanh năm 2023\n08/07/2023\n\n{BODY}\n")
    assert facts.published == datetime(2023, 7, 8, tzinfo=PLUS7)
    assert facts.title == "Tân Thạnh ra quân Mùa hè xanh năm 2023"


def test_short_title_like_lines_after_the_lead_are_marked_as_captions():
    facts = read(
        "Tân Thạnh ra quân Mùa hè xanh năm 2023\n08/07/2023 07:30\n"
        f"Ngắn gọn mở đầu\n{BODY}\nQuang cảnh lễ ra quân\n{BODY}\n"
    )
    assert [sorted(b.looks) for b in facts.blocks] == [[], [], ["caption"], []]


def test_a_copy_without_a_date_line_is_not_understood():
    with pytest.raises(NotUnderstood, match="không có tiêu đề nào có dòng ngày đăng ngay sau"):
        read(f"Trang chủ\nTân Thạnh ra quân Mùa hè xanh năm 2023\n{BODY}\n")
