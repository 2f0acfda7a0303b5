"""Whole archives of other systems (WordPress, Hugo, Jekyll, Pelican): imported, then
built with zero errors and zero warnings, and every old address answering with a redirect
to its article. Runs `python build.py import` and `build` as a user would."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from builder.core.urls import alias_path
from tests.conftest import run_build_py

ARCHIVES = Path(__file__).parent / "fixtures" / "archives"
# Each archive: what to import, extra arguments, and how many articles it holds.
CASES = {
    "wordpress": (["wordpress/export.xml"], ["--uploads", "wordpress/uploads"], 11),
}


def front(path: Path) -> dict:
    """The front matter of an imported file."""
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


@pytest.fixture(scope="module", params=sorted(CASES))
def imported(request, tmp_path_factory) -> tuple[str, Path, object]:
    """An archive imported with build.py into a fresh site folder."""
    kind = request.param
    sources, extra, _ = CASES[kind]
    site = tmp_path_factory.mktemp(kind)
    (site / "site.toml").write_text('title = "Tin phong trào"\n', "utf-8")
    args = [str(ARCHIVES / s) for s in sources] + [
        str(ARCHIVES / a) if "/" in a else a for a in extra]
    result = run_build_py("import", *args, "--into", str(site / "content"), cwd=site)
    return kind, site, result


def test_every_article_is_imported(imported):
    kind, site, result = imported
    assert result.returncode == 0, result.stderr
    written = sorted((site / "content").rglob("*.md"))
    assert len(written) == CASES[kind][2] >= 10
    assert f"imported {len(written)} articles" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_imported_site_builds_with_no_error_or_warning_and_old_addresses_answer(imported):
    kind, site, _ = imported
    built = run_build_py("build", "--drafts", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr
    output = site / "output"
    old_addresses = 0
    for path in sorted((site / "content").rglob("*.md")):
        for alias in front(path).get("aliases") or []:
            target, reason = alias_path(alias)
            assert target is not None, reason
            page = (output / target).read_text("utf-8")
            refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
            assert refresh, target
            landed = (output / target).parent / refresh[1]
            assert landed.resolve().is_file()
            assert front(path)["title"].replace("“", "") in landed.read_text("utf-8").replace(
                "“", "").replace("&#34;", "\"")
            old_addresses += 1
    assert old_addresses >= 10
    checked = run_build_py("check", cwd=site)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_wordpress_details(tmp_path):
    export = ARCHIVES / "wordpress" / "export.xml"
    result = run_build_py("import", str(export), "--uploads", str(ARCHIVES / "wordpress" / "uploads"),
                          "--into", str(tmp_path / "content"), cwd=tmp_path)
    content = tmp_path / "content"
    duc_hue = front(content / "2020" / "duc-hue-tong-ket-5-nam-phong-trao-dan-van-kheo.md")
    assert duc_hue["date"].isoformat() == "2020-09-15T15:44:00+07:00"  # GMT 08:44 in Vietnam
    assert (duc_hue["category"], duc_hue["author"]) == ("Dân vận", "Kim Tiến")
    assert duc_hue["image_caption"] == "Quang cảnh hội nghị tổng kết"
    assert (content / "2020" / duc_hue["image"]).read_bytes().startswith(b"\x89PNG")
    assert duc_hue["aliases"] == ["https://tin.duchue.example/2020/09/15/duc-hue-tong-ket-dan-van-kheo/"]
    draft = front(content / "2022" / "kien-tuong-nhan-rong-dan-van-kheo-trong-cai-cach-hanh-chinh.md")
    assert draft["draft"] is True
    assert f"{export} item 5 “Tân Trụ tuyên dương 30 gương người tốt, việc tốt”: shortcode " \
        "[gallery] on line 3 of its text kept as text" in result.stderr
    page = front(content / "2019" / "gioi-thieu-trang-tin-phong-trao-thi-dua.md")
    assert page["summary"] == "Bài giới thiệu ngắn về trang tin."
    listed = (content / "2021" / "thanh-hoa-phat-dong-thang-cao-diem-vi-nguoi-ngheo.md").read_text("utf-8")
    assert "- Xã Thủy Tây đăng ký 5 căn nhà.\n- Xã Thạnh Phước đăng ký 4 căn nhà." in listed


def test_without_the_uploads_folder_photos_stay_links_and_are_listed(tmp_path):
    export = ARCHIVES / "wordpress" / "export.xml"
    result = run_build_py("import", str(export), "--into", str(tmp_path / "content"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "https://tin.duchue.example/wp-content/uploads/2020/09/hoi-nghi.png" in result.stdout
    assert "0 images copied, 2 remote images" in result.stdout


def test_trashed_posts_are_left_out_and_said_so(tmp_path):
    text = (ARCHIVES / "wordpress" / "export.xml").read_text("utf-8").replace(
        "<![CDATA[draft]]>", "<![CDATA[trash]]>")
    export = tmp_path / "export.xml"
    export.write_text(text, "utf-8")
    result = run_build_py("import", str(export), "--into", str(tmp_path / "content"), cwd=tmp_path)
    assert result.returncode == 1
    assert "skipped: left out: its WordPress status is trash" in result.stderr
    assert len(list((tmp_path / "content").rglob("*.md"))) == 10


def test_an_old_address_with_a_query_is_reported_not_kept(tmp_path):
    text = (ARCHIVES / "wordpress" / "export.xml").read_text("utf-8")
    text = re.sub(r"<link>https://tin\.duchue\.example/2021/03/07/can-giuoc-chu-nhat-xanh/</link>",
                  "<link>https://tin.duchue.example/?p=102</link>", text)
    export = tmp_path / "export.xml"
    export.write_text(text, "utf-8")
    result = run_build_py("import", str(export), "--into", str(tmp_path / "content"), cwd=tmp_path)
    assert "old address https://tin.duchue.example/?p=102 not kept: " \
        "'https://tin.duchue.example/?p=102' has a query" in result.stderr
    assert "aliases" not in (tmp_path / "content" / "2021" / "can-giuoc-ra-quan-ngay-chu-nhat-xanh.md").read_text("utf-8")
    assert urlsplit("https://tin.duchue.example/?p=102").query
