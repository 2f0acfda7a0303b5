"""Dates as Vietnamese news pages state them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.importing.dates import date_line, find_dates, parse_date

PLUS7 = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ 3, 15/09/2020 | 15:44:00 [GMT +7]", datetime(2020, 9, 15, 15, 44, tzinfo=PLUS7)),
        ("Thứ Tư, 21/05/2025 05:32 (GMT +7)", datetime(2025, 5, 21, 5, 32, tzinfo=PLUS7)),
        ("15/09/2020 15:44", datetime(2020, 9, 15, 15, 44, tzinfo=PLUS7)),
        ("Cập nhật: 15/09/2020 15:44", datetime(2020, 9, 15, 15, 44, tzinfo=PLUS7)),
        ("15:44 | 15/09/2020", datetime(2020, 9, 15, 15, 44, tzinfo=PLUS7)),
        ("Đăng lúc 08h30, 12/3/2021", datetime(2021, 3, 12, 8, 30, tzinfo=PLUS7)),
        ("Chủ nhật, 7-6-2020 - 07:05:09", datetime(2020, 6, 7, 7, 5, 9, tzinfo=PLUS7)),
        ("ngày 15 tháng 9 năm 2020", datetime(2020, 9, 15, tzinfo=PLUS7)),
        ("2025-05-21T05:32:00+07:00", datetime(2025, 5, 21, 5, 32, tzinfo=PLUS7)),
        ("2025-05-20T22:32:00Z", datetime(2025, 5, 21, 5, 32, tzinfo=PLUS7)),
        ("2025-05-21T05:32:00.123+0700", datetime(2025, 5, 21, 5, 32, tzinfo=PLUS7)),
        ("2025-05-21", datetime(2025, 5, 21, tzinfo=PLUS7)),
        ("Tue, 15 Sep 2020 08:44:00 GMT", datetime(2020, 9, 15, 15, 44, tzinfo=PLUS7)),
        ("Thu, 05 Dec 2024 16:40:00 +0700", datetime(2024, 12, 5, 16, 40, tzinfo=PLUS7)),
        ("15/09/2020 15:44 GMT+9", datetime(2020, 9, 15, 13, 44, tzinfo=PLUS7)),
        ("29/02/2020", datetime(2020, 2, 29, tzinfo=PLUS7)),
    ],
)
def test_the_forms_pages_use(text, expected):
    found = parse_date(text)
    assert found == expected
    assert found.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2020",
        "29/02/2021",
        "15/13/2020",
        "00/01/2020",
        "15/09/2020 24:00",
        "15/09/2020 15:60",
        "2020-02-30T10:00:00+07:00",
        "32/01/2020 | 10:00:00 [GMT +7]",
        "15/09/20",
        "phiên bản 1.2.2020.3",
        "",
    ],
)
def test_impossible_or_partial_dates_are_not_dates(text):
    assert parse_date(text) is None


def test_day_comes_before_month():
    assert parse_date("03/04/2021") == datetime(2021, 4, 3, tzinfo=PLUS7)


def test_find_dates_lists_each_statement_once_in_reading_order():
    found = find_dates("Hôm nay 26/11/2025; bài đăng 15/09/2020 15:44 [GMT +7], sửa 2020-09-16.")
    assert [(d.when.date().isoformat(), d.has_time) for d in found] == [
        ("2025-11-26", False),
        ("2020-09-15", True),
        ("2020-09-16", False),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Thứ 3, 15/09/2020 | 15:44:00 [GMT +7]",
        "Thứ Tư, 21/05/2025 05:32 (GMT +7)",
        "Thứ Tư, ngày 26/11/2025",
        "Ngày đăng: 12/03/2021",
        "Cập nhật lúc 08:15 ngày 12/03/2021",
        "15/09/2020 15:44 | Lượt xem: 1.234",
    ],
)
def test_date_lines(line):
    assert date_line(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Hội nghị diễn ra ngày 15/09/2020 tại hội trường huyện",
        "Đức Hòa: Sơ kết phong trào thi đua 9 tháng năm 2020 (05/10/2020)",
        "Từ 01/01/2020 đến 31/12/2020",
        "Không có ngày tháng",
    ],
)
def test_sentences_that_mention_dates_are_not_date_lines(line):
    assert date_line(line) is None


@settings(deadline=None)
@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31)))
def test_any_written_day_and_time_reads_back(moment):
    moment = moment.replace(second=0, microsecond=0)
    written = f"Thứ 2, {moment:%d/%m/%Y} | {moment:%H:%M}:00 [GMT +7]"
    assert parse_date(written) == moment.replace(tzinfo=PLUS7)
    assert date_line(written) is not None
