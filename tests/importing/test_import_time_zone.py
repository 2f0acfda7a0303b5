"""Imported dates are written on the clock of the site the import writes into (its site.toml
`timezone`), whatever zone the old site used; a date that states no zone is read the way the
old system read it. Runs `python build.py import` as a user would."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import run_build_py

ARCHIVES = Path(__file__).parent / "fixtures" / "archives"
_WXR_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Tin Tân Thạnh</title><link>https://tin.tanthanh.example</link>
"""
_WXR_ITEM = """<item><title><![CDATA[{title}]]></title>
<link>https://tin.tanthanh.example/{slug}/</link>
<dc:creator><![CDATA[bbt]]></dc:creator>
<content:encoded><![CDATA[Đoàn viên thanh niên xã Hậu Thạnh Đông ra quân làm đường giao thông nông thôn, \
sửa nhà cho hộ nghèo và dạy học miễn phí cho thiếu nhi trong dịp hè.]]></content:encoded>
<wp:post_date><![CDATA[{local}]]></wp:post_date><wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
<wp:status><![CDATA[{status}]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type></item>
"""


def site_in(folder: Path, zone: str) -> Path:
    """A site folder whose settings name this time zone."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.toml").write_text(f'title = "Tin phong trào"\ntimezone = "{zone}"\n', "utf-8")
    return folder


def dates_written(content: Path) -> dict[str, str]:
    """Each imported article (relative to content/) and its front-matter date as written;
    pages (no date) are left out."""
    found = {}
    for path in sorted(content.rglob("*.md")):
        meta = yaml.safe_load(path.read_text("utf-8").split("---\n")[1])
        if "date" in meta:
            found[path.relative_to(content).as_posix()] = meta["date"].isoformat()
    return found


def test_wordpress_gmt_dates_land_on_the_site_clock_with_summer_time(tmp_path):
    items = [  # (title, the old site's wall clock, the GMT one, status)
        ("Tân Thạnh ra quân Mùa hè xanh", "2024-07-01 21:30:00", "2024-07-01 14:30:00", "publish"),
        ("Tân Thạnh tổng kết Xuân tình nguyện", "2024-01-15 21:30:00", "2024-01-15 14:30:00", "publish"),
        ("Tân Thạnh đón năm mới", "2021-01-01 06:30:00", "2020-12-31 23:30:00", "publish"),
        # A draft has no GMT date: its wall-clock date is taken as the site's own.
        ("Tân Thạnh chuẩn bị hội thi", "2024-11-09 10:00:00", "0000-00-00 00:00:00", "draft"),
    ]
    export = tmp_path / "export.xml"
    export.write_text(_WXR_HEAD + "".join(
        _WXR_ITEM.format(title=t, slug=f"bai-{n}", local=local, gmt=gmt, status=status)
        for n, (t, local, gmt, status) in enumerate(items)) + "</channel></rss>", "utf-8")
    site = site_in(tmp_path / "site", "Europe/Paris")
    result = run_build_py("import", str(export), "--into", str(site / "content"), cwd=site)
    assert result.returncode == 0, result.stderr
    assert dates_written(site / "content") == {
        "2024/tan-thanh-ra-quan-mua-he-xanh.md": "2024-07-01T16:30:00+02:00",  # summer time
        "2024/tan-thanh-tong-ket-xuan-tinh-nguyen.md": "2024-01-15T15:30:00+01:00",
        # 23:30 GMT on New Year's Eve is already the next year in Paris: so is the folder.
        "2021/tan-thanh-don-nam-moi.md": "2021-01-01T00:30:00+01:00",
        "2024/tan-thanh-chuan-bi-hoi-thi.md": "2024-11-09T10:00:00+01:00",
    }


def test_the_wordpress_fixture_into_a_tokyo_site_from_another_folder(tmp_path):
    site = site_in(tmp_path / "site", "Asia/Tokyo")
    # Run from elsewhere: the settings beside the --into folder are the ones used.
    result = run_build_py("import", str(ARCHIVES / "wordpress" / "export.xml"),
                          "--into", str(site / "content"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = dates_written(site / "content")
    # post_date_gmt 08:44 (15:44 in Vietnam) is 17:44 in Tokyo; post_date is not used.
    assert written["2020/duc-hue-tong-ket-5-nam-phong-trao-dan-van-kheo.md"] == "2020-09-15T17:44:00+09:00"
    assert len(written) == 10 and all(value.endswith("+09:00") for value in written.values())


def test_a_text_copy_stating_gmt_plus_7_is_moved_to_the_site_clock(tmp_path):
    copy = tmp_path / "ban-sao.txt"
    copy.write_text(
        "Đức Huệ tổng kết phong trào “Dân vận khéo”\n"
        "Thứ 3, 15/09/2020 | 15:44:00 [GMT +7]  A  A\n\n"
        "Sáng ngày 15/9, Ban Thường vụ Huyện ủy Đức Huệ tổ chức hội nghị tổng kết 05 năm "
        "thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2016 – 2020.\n", "utf-8")
    plain = tmp_path / "khong-mui-gio.txt"
    plain.write_text(
        "Cần Giuộc ra quân ngày Chủ nhật xanh\n"
        "07/03/2021 07:30\n\n"
        "Sáng Chủ nhật 7/3, hơn 500 đoàn viên, hội viên huyện Cần Giuộc ra quân dọn vệ sinh "
        "các tuyến đường chính và trồng thêm cây xanh dọc kênh mương.\n", "utf-8")
    site = site_in(tmp_path / "site", "Asia/Tokyo")
    result = run_build_py("import", str(copy), str(plain), "--into", str(site / "content"), cwd=site)
    assert result.returncode == 0, result.stderr
    assert dates_written(site / "content") == {
        "2020/duc-hue-tong-ket-phong-trao-dan-van-kheo.md": "2020-09-15T17:44:00+09:00",
        # No zone stated: the time is the site's own.
        "2021/can-giuoc-ra-quan-ngay-chu-nhat-xanh.md": "2021-03-07T07:30:00+09:00",
    }


_BODY = ("Sáng nay, hơn 500 đoàn viên ra quân dọn vệ sinh các tuyến đường chính và trồng "
         "thêm cây xanh dọc kênh mương.\n")
# Each generator: its settings file naming Europe/Paris, and one post dated 07:30 with no zone.
_GENERATORS = {
    "hugo": ({"hugo.toml": 'title = "Tin"\ntimeZone = "Europe/Paris"\n'},
             "content/posts/ra-quan.md",
             '+++\ntitle = "Cần Giuộc ra quân"\ndate = "2023-07-08T07:30:00"\n+++\n\n'),
    "jekyll": ({"_config.yml": "title: Tin\ntimezone: Europe/Paris\n"},
               "_posts/2023-07-08-ra-quan.md",
               "---\ntitle: Cần Giuộc ra quân\ndate: 2023-07-08 07:30:00\n---\n\n"),
    "pelican": ({"pelicanconf.py": "SITENAME = 'Tin'\nPATH = 'content'\nTIMEZONE = 'Europe/Paris'\n"},
                "content/ra-quan.md",
                "Title: Cần Giuộc ra quân\nDate: 2023-07-08 07:30\n\n"),
}


@pytest.mark.parametrize("generator", sorted(_GENERATORS))
@pytest.mark.parametrize("declared", [True, False], ids=["zone-in-settings", "no-zone"])
def test_an_archive_date_without_zone_is_read_in_the_old_site_zone(tmp_path, generator, declared):
    settings, post, front = _GENERATORS[generator]
    old = tmp_path / "old"
    for name, text in settings.items():
        if not declared:
            text = "\n".join(line for line in text.splitlines() if "zone" not in line.lower()) + "\n"
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        (old / name).write_text(text, "utf-8")
    (old / post).parent.mkdir(parents=True, exist_ok=True)
    (old / post).write_text(front + _BODY, "utf-8")
    site = site_in(tmp_path / "site", "Asia/Ho_Chi_Minh")
    result = run_build_py("import", str(old), "--into", str(site / "content"), cwd=site)
    assert result.returncode == 0, result.stderr
    # 07:30 in Paris (summer time, +02:00) is 12:30 in Vietnam; with no zone named anywhere,
    # 07:30 is the importing site's own clock.
    expected = "2023-07-08T12:30:00+07:00" if declared else "2023-07-08T07:30:00+07:00"
    assert dates_written(site / "content") == {"2023/can-giuoc-ra-quan.md": expected}


def test_feed_and_saved_page_dates_are_moved_to_the_site_clock(tmp_path):
    pages = Path(__file__).parent / "fixtures" / "pages"
    site = site_in(tmp_path / "site", "Europe/Paris")
    result = run_build_py("import", str(pages / "thanh-hoa-tin-tuc.rss"),
                          str(pages / "can-giuoc-nong-thon-moi.html"),
                          "--into", str(site / "content"), cwd=site)
    assert result.returncode == 0, result.stderr
    written = dates_written(site / "content")
    # RSS "Mon, 10 Mar 2025 02:15:00 GMT" is 03:15 in Paris (winter time); the page's
    # article:published_time 05:32 +07:00 is 00:32 in Paris (summer time).
    assert "2025-03-10T03:15:00+01:00" in written.values()
    assert "2025-05-21T00:32:00+02:00" in written.values()
    assert all(value.endswith(("+01:00", "+02:00")) for value in written.values())
