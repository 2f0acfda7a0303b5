"""Rows 13-14: dates. Impossible and out-of-range dates are fixtures (tests/broken/11, 25);
here the edge cases that must build: the day and month of an article are those of the
site's time zone, naive times are read in it, every machine-readable date (HTML
`datetime`, Atom, sitemap) is RFC 3339 with an offset, and years before 1000 work.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from builder.core.text import DateFormatError, iso_datetime, parse_date
from tests.faults.helpers import build_site

RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)")
VN = ZoneInfo("Asia/Ho_Chi_Minh")
FILES = {
    "a.md": "---\ntitle: Muộn tối một tháng ba\ndate: 2024-03-01T23:30:00+07:00\n---\nA\n",
    "b.md": "---\ntitle: Giờ không có múi\ndate: 2024-03-01 23:30\n---\nB\n",
    "c.md": "---\ntitle: Giờ New York\ndate: 2024-02-29T20:00:00-05:00\n---\nC\n",
    "d.md": "---\ntitle: Ngày nhuận\ndate: 2024-02-29\n---\nD\n",
    "e.md": "---\ntitle: Năm chín trăm chín mươi chín\ndate: 0999-05-04 08:00\n---\nE\n",
    "f.md": "---\ntitle: Kiểu Việt Nam\ndate: 01/03/2024 07:15\n---\nF\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The date cases built with a base URL (so that the sitemap is made too)."""
    return build_site(tmp_path_factory.mktemp("dates"), FILES,
                      'base_url = "https://example.org/"\n')


def month_of(out, title: str) -> str:
    """`YYYY/MM` of the article page with this title."""
    for page in out.glob("*/*/*.html"):
        if BeautifulSoup(page.read_text("utf-8"), "html.parser").h1.get_text() == title:
            return "/".join(page.relative_to(out).parts[:2])
    raise AssertionError(title)


def test_articles_are_filed_under_the_day_of_the_site_time_zone(site):
    assert month_of(site, "Muộn tối một tháng ba") == "2024/03"  # 23:30+07 stays 1 March
    assert month_of(site, "Giờ không có múi") == "2024/03"
    assert month_of(site, "Giờ New York") == "2024/03"  # 29 Feb 20:00-05 is 1 March in VN
    assert month_of(site, "Ngày nhuận") == "2024/02"
    assert month_of(site, "Năm chín trăm chín mươi chín") == "0999/05"
    assert month_of(site, "Kiểu Việt Nam") == "2024/03"
    march = (site / "archive" / "2024" / "03.html").read_text("utf-8")
    assert "Giờ New York" in march and "Ngày nhuận" not in march
    assert (site / "archive" / "0999.html").exists()


def test_naive_times_are_read_in_the_site_time_zone(site):
    page = next(p for p in site.glob("2024/03/*.html") if "Giờ không có múi" in p.read_text())
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    assert soup.find("time")["datetime"] == "2024-03-01T23:30:00+07:00"
    assert "01/03/2024 | 23:30 (GMT+7)" in soup.get_text(" ")


def test_every_machine_readable_date_is_rfc3339_with_an_offset(site):
    stamps = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        stamps += [t["datetime"] for t in soup.find_all("time") if t.has_attr("datetime")]
    atom = "{http://www.w3.org/2005/Atom}"
    for feed in site.rglob("*.xml"):
        root = ET.parse(feed).getroot()
        stamps += [e.text for e in root.iter() if e.tag in (f"{atom}published", f"{atom}updated",
                                                          "{http://www.sitemaps.org/schemas/"
                                                          "sitemap/0.9}lastmod")]
    assert len(stamps) > 20
    bad = [s for s in stamps if not RFC3339.fullmatch(s)]
    assert bad == []  # 0999's local mean time (+07:06:30) is not written as such
    assert "0999-05-04T08:00:30+07:07" in stamps  # the same instant, whole minutes


@pytest.mark.parametrize("text", ["0999-05-04", "1800-01-01 12:00", "1906-12-31 23:59",
                                  "2024-03-01T23:30:00+07:00", "0002-01-01"])
def test_iso_datetime_keeps_the_instant(text):
    when = parse_date(text, VN)
    written = iso_datetime(when)
    assert RFC3339.fullmatch(written)
    again = datetime.fromisoformat(written)
    assert 0 <= (again - when).total_seconds() < 60


@pytest.mark.parametrize("text", ["9999-12-31T23:00:00-05:00", "0001-01-01",
                                  "0001-01-01T00:00:00+14:00", "2024-01-01T00:00+99:00"])
def test_dates_that_cannot_be_placed_in_time_are_errors(text):
    with pytest.raises(DateFormatError):
        parse_date(text, VN)
    assert parse_date("9999-12-31 23:59", VN).astimezone(timezone.utc).year == 9999
