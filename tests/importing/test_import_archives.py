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
    "hugo": (["hugo"], [], 10),
    "jekyll": (["jekyll"], [], 10),
    "pelican": (["pelican"], [], 10),
    # Saved pages, feeds and text copies: their canonical addresses and item links.
    "pages": ([f"../pages/{name}" for name in (
        "duc-hue-dan-van-kheo.html", "can-giuoc-nong-thon-moi.html", "moc-hoa-trang-cu.htm",
        "thanh-hoa-tin-tuc.rss", "ben-luc-thong-bao.atom", "duc-hoa-sao-chep.txt",
        "tan-tru-sao-chep.txt")], [], 10),
    # The dozen plain-text copies of portal pages (a copy carries no web address: no alias).
    "text": (["../text"], [], 12),
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
    menu = '[[menu]]\nname = "Giới thiệu"\npage = "gioi-thieu-trang-tin-phong-trao-thi-dua"\n'
    (site / "site.toml").write_text('title = "Tin phong trào"\n' + (menu if kind == "wordpress" else ""),
                                    "utf-8")
    args = [str(ARCHIVES / s) for s in sources] + [
        str(ARCHIVES / a) if "/" in a else a for a in extra]
    result = run_build_py("import", *args, "--into", str(site / "content"), cwd=site)
    return kind, site, result


def test_every_article_is_imported(imported):
    kind, site, result = imported
    assert result.returncode == 0, result.stderr
    written = sorted((site / "content").rglob("*.md"))
    assert len(written) == CASES[kind][2] >= 10
    assert f"đã nhập {len(written)} bài" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_imported_site_builds_with_no_error_or_warning_and_old_addresses_answer(imported):
    kind, site, imported_run = imported
    built = run_build_py("build", "--drafts", "--lang", "en", cwd=site)  # warnings in English
    assert built.returncode == 0, built.stderr
    # Photos the old pages took from the internet stay links (listed by import, and here).
    # Markup the import reported as not converted is shown as text, and the build says so too.
    warnings = [line for line in built.stderr.splitlines() if line.startswith("warning")
                and "it would need the internet" not in line]
    foreign = [line for line in warnings if "shown as plain text" in line]
    assert len(foreign) == imported_run.stderr.count("không được chuyển đổi, giữ nguyên dạng chữ")
    assert [line for line in warnings if line not in foreign] == []
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
    assert old_addresses >= {"pages": 7, "text": 0}.get(kind, 10)
    checked = run_build_py("check", cwd=site)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_wordpress_details(tmp_path):
    export = ARCHIVES / "wordpress" / "export.xml"
    result = run_build_py("import", str(export), "--uploads", str(ARCHIVES / "wordpress" / "uploads"),
                          "--into", str(tmp_path / "content"), "--lang", "en", cwd=tmp_path)
    content = tmp_path / "content"
    duc_hue = front(content / "2020" / "duc-hue-tong-ket-5-nam-phong-trao-dan-van-kheo.md")
    assert duc_hue["date"].isoformat() == "2020-09-15T15:44:00+07:00"  # GMT 08:44 in Vietnam
    assert (duc_hue["category"], duc_hue["author"]) == ("Dân vận", "Kim Tiến")
    # The export lists Đức Huệ first: tags come in the core's Vietnamese order.
    assert duc_hue["tags"] == ["Dân vận khéo", "Đức Huệ"]
    assert duc_hue["image_caption"] == "Quang cảnh hội nghị tổng kết"
    assert (content / "2020" / duc_hue["image"]).read_bytes().startswith(b"\x89PNG")
    assert duc_hue["aliases"] == ["https://tin.duchue.example/2020/09/15/duc-hue-tong-ket-dan-van-kheo/"]
    draft = front(content / "2022" / "kien-tuong-nhan-rong-dan-van-kheo-trong-cai-cach-hanh-chinh.md")
    assert draft["draft"] is True
    # The report in English (--lang en): the item's label and the note both.
    assert f"{export} item 5 “Tân Trụ tuyên dương 30 gương người tốt, việc tốt”: shortcode " \
        "[gallery] on line 3 of its text kept as text" in result.stderr
    assert ": a WordPress page: written to pages/; add it to [[menu]] in site.toml" in result.stderr
    page = front(content / "pages" / "gioi-thieu-trang-tin-phong-trao-thi-dua.md")  # no date
    assert "date" not in page
    assert page["summary"] == "Bài giới thiệu ngắn về trang tin."
    listed = (content / "2021" / "thanh-hoa-phat-dong-thang-cao-diem-vi-nguoi-ngheo.md").read_text("utf-8")
    assert "- Xã Thủy Tây đăng ký 5 căn nhà.\n- Xã Thạnh Phước đăng ký 4 căn nhà." in listed


def test_without_the_uploads_folder_photos_stay_links_and_are_listed(tmp_path):
    export = ARCHIVES / "wordpress" / "export.xml"
    result = run_build_py("import", str(export), "--into", str(tmp_path / "content"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "https://tin.duchue.example/wp-content/uploads/2020/09/hoi-nghi.png" in result.stdout
    assert "chép 0 ảnh, 2 ảnh trên mạng" in result.stdout


def test_trashed_posts_are_left_out_and_said_so(tmp_path):
    text = (ARCHIVES / "wordpress" / "export.xml").read_text("utf-8").replace(
        "<![CDATA[draft]]>", "<![CDATA[trash]]>")
    export = tmp_path / "export.xml"
    export.write_text(text, "utf-8")
    result = run_build_py("import", str(export), "--into", str(tmp_path / "content"), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{export} mục 11 “Kiến Tường nhân rộng “Dân vận khéo” trong cải cách hành chính”: bỏ " \
        "qua: bỏ ra: trạng thái WordPress của bài là trash" in result.stderr
    assert len(list((tmp_path / "content").rglob("*.md"))) == 10


def test_an_old_address_with_a_query_is_reported_not_kept(tmp_path):
    text = (ARCHIVES / "wordpress" / "export.xml").read_text("utf-8")
    text = re.sub(r"<link>https://tin\.duchue\.example/2021/03/07/can-giuoc-chu-nhat-xanh/</link>",
                  "<link>https://tin.duchue.example/?p=102</link>", text)
    export = tmp_path / "export.xml"
    export.write_text(text, "utf-8")
    result = run_build_py("import", str(export), "--into", str(tmp_path / "content"), cwd=tmp_path)
    assert "không giữ địa chỉ cũ https://tin.duchue.example/?p=102: " \
        "'https://tin.duchue.example/?p=102' có phần truy vấn" in result.stderr
    assert "aliases" not in (tmp_path / "content" / "2021" / "can-giuoc-ra-quan-ngay-chu-nhat-xanh.md").read_text("utf-8")
    assert urlsplit("https://tin.duchue.example/?p=102").query


def import_site(kind: str, tmp_path: Path):
    """Import one fixture site folder; returns the finished process and the content folder."""
    result = run_build_py("import", str(ARCHIVES / kind), "--into", str(tmp_path / "content"),
                          cwd=tmp_path)
    return result, tmp_path / "content"


def test_hugo_front_matter_shortcodes_and_addresses(tmp_path):
    result, content = import_site("hugo", tmp_path)
    assert result.returncode == 0, result.stderr
    duc_hue = content / "2020" / "duc-hue-tong-ket-phong-trao-dan-van-kheo.md"
    head = front(duc_hue)  # YAML front matter; its figure is the lead photo
    assert head["image_caption"] == "Quang cảnh hội nghị tổng kết"
    assert head["summary"] == "Huyện ủy Đức Huệ tổng kết 5 năm phong trào thi đua “Dân vận khéo”."
    assert "(../2023/chau-thanh-to-chuc-hoi-thi-dan-van-kheo-cap-huyen.md)" in duc_hue.read_text("utf-8")
    toml = front(content / "2023" / "ben-luc-so-ket-phong-trao-xay-dung-do-thi-van-minh.md")
    assert toml["aliases"] == ["/2023/04/ben-luc-do-thi-van-minh.html", "/posts/ben-luc-do-thi-van-minh/"]
    assert toml["date"].isoformat() == "2023-04-20T16:20:00+07:00"  # publishDate
    assert "Bài trước: [Cần Giuộc ra quân](../2021/can-giuoc-ra-quan-ngay-chu-nhat-xanh.md)." in (
        content / "2021" / "thanh-hoa-phat-dong-thang-cao-diem-vi-nguoi-ngheo.md").read_text("utf-8")
    json_head = front(content / "2021" / "thanh-hoa-phat-dong-thang-cao-diem-vi-nguoi-ngheo.md")
    assert (json_head["category"], json_head["tags"]) == ("Mặt trận", ["Thạnh Hóa", "Vì người nghèo"])
    video = (content / "2021" / "can-giuoc-ra-quan-ngay-chu-nhat-xanh.md").read_text("utf-8")
    assert "[Xem video trên YouTube](https://www.youtube.com/watch?v=w7Ft2ymGmfc)" in video
    tan_tru = ARCHIVES / "hugo" / "content" / "posts" / "tan-tru-nguoi-tot-viec-tot.md"
    assert f"{tan_tru}: dòng 14: shortcode {{{{< tweet >}}}} không được chuyển đổi, giữ nguyên dạng " \
        "chữ" in result.stderr
    assert front(content / "2022" / "tan-tru-tuyen-duong-30-guong-nguoi-tot-viec-tot.md")["aliases"] == [
        "/tin-tuc/tan-tru-nguoi-tot-viec-tot.html", "/posts/tan-tru-nguoi-tot-viec-tot/"]
    bundle = front(content / "2023" / "chau-thanh-to-chuc-hoi-thi-dan-van-kheo-cap-huyen.md")
    assert bundle["aliases"] == ["/posts/chau-thanh-hoi-thi-dan-van/"]
    assert (content / "2023" / "images").is_dir()
    assert front(content / "2023" / "tan-thanh-ra-quan-mua-he-xanh.md")["draft"] is True
    assert not list(content.rglob("*index*"))  # the section list (_index.md) is not an article


def test_jekyll_posts_liquid_and_permalinks(tmp_path):
    result, content = import_site("jekyll", tmp_path)
    assert result.returncode == 0, result.stderr
    duc_hue = (content / "2020" / "duc-hue-tong-ket-phong-trao-dan-van-kheo.md").read_text("utf-8")
    assert "```python\ntong = sum(mo_hinh.values())\n```" in duc_hue
    assert "[Cần Giuộc ra quân](../2021/can-giuoc-ra-quan-ngay-chu-nhat-xanh.md)" in duc_hue
    assert "layout" not in duc_hue
    assert front(content / "2020" / "duc-hue-tong-ket-phong-trao-dan-van-kheo.md")["summary"] == \
        "Huyện ủy Đức Huệ tổng kết 5 năm phong trào thi đua “Dân vận khéo”."  # its excerpt
    assert front(content / "2020" / "duc-hue-tong-ket-phong-trao-dan-van-kheo.md")["aliases"] == [
        "/dan-van/2020/09/15/duc-hue-dan-van-kheo.html"]  # Jekyll's default, "date"
    dated_by_name = front(content / "2022" / "tan-tru-tuyen-duong-30-guong-nguoi-tot-viec-tot.md")
    assert dated_by_name["date"].isoformat() == "2022-12-27T00:00:00+07:00"  # a .markdown file
    raw = (content / "2021" / "thanh-hoa-phat-dong-thang-cao-diem-vi-nguoi-ngheo.md").read_text("utf-8")
    assert raw.endswith("Mẫu đăng ký ghi rõ `{{ ho_ten }}` và `{{ dia_chi }}`.\n")  # {% raw %}, {: #id}
    assert "(../2022/tan-tru-tuyen-duong-30-guong-nguoi-tot-viec-tot.md)" in (
        content / "2023" / "ben-luc-so-ket-phong-trao-xay-dung-do-thi-van-minh.md").read_text("utf-8")
    photo = front(content / "2024" / "thu-thua-ra-mat-khu-dan-cu-khong-rac-thai-nhua.md")
    assert photo["image_caption"] == "Mỗi hộ được tặng một giỏ đi chợ"
    assert front(content / "2021" / "can-giuoc-ra-quan-ngay-chu-nhat-xanh.md")["aliases"] == [
        "/tin-tuc/can-giuoc-chu-nhat-xanh.html"]
    assert front(content / "2024" / "vinh-hung-phat-dong-thi-dua-cao-diem-chao-mung-dai-hoi.md")[
        "aliases"][-1] == "/bai-cu/vinh-hung-thi-dua-cao-diem/"
    assert front(content / "2022" / "kien-tuong-nhan-rong-dan-van-kheo-trong-cai-cach-hanh-chinh.md")[
        "draft"] is True
    post = ARCHIVES / "jekyll" / "_posts" / "2023-05-20-chau-thanh-hoi-thi-dan-van.markdown"
    assert f"{post}: dòng 14: lệnh Liquid {{% include chia-se.html %}} không được chuyển đổi, " \
        "giữ nguyên dạng chữ" in result.stderr


def test_pelican_metadata_links_and_static_files(tmp_path):
    result, content = import_site("pelican", tmp_path)
    assert result.returncode == 0, result.stderr
    head = front(content / "2022" / "tan-tru-tuyen-duong-30-guong-nguoi-tot-viec-tot.md")
    assert (head["category"], head["author"], head["summary"]) == (
        "Thi đua", "Kim Tiến", "Tân Trụ tuyên dương các gương điển hình năm 2022.")
    assert head["aliases"] == ["/posts/2022/12/tan-tru-nguoi-tot-viec-tot.html"]  # ARTICLE_URL
    assert "[Thạnh Hóa phát động](../2021/thanh-hoa-phat-dong-thang-cao-diem-vi-nguoi-ngheo.md)" in (
        content / "2022" / "tan-tru-tuyen-duong-30-guong-nguoi-tot-viec-tot.md").read_text("utf-8")
    photo = front(content / "2021" / "thanh-hoa-phat-dong-thang-cao-diem-vi-nguoi-ngheo.md")
    assert photo["image_caption"] == "Lễ phát động tháng cao điểm"
    assert front(content / "2024" / "vinh-hung-phat-dong-thi-dua-cao-diem-chao-mung-dai-hoi.md")[
        "draft"] is True


def test_restructuredtext_and_broken_metadata_are_listed_never_dropped(tmp_path):
    import shutil
    site = tmp_path / "pelican"
    shutil.copytree(ARCHIVES / "pelican", site)
    (site / "content" / "2024" / "bai-rst.rst").write_text("Bài viết\n########\n", "utf-8")
    (site / "content" / "2024" / "khong-tieu-de.md").write_text("Date: 2024-01-01\n\nThân bài.\n", "utf-8")
    result = run_build_py("import", str(site), "--into", str(tmp_path / "content"), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{site / 'content' / '2024' / 'bai-rst.rst'}: bỏ qua: tệp .rst không được chuyển đổi" \
        in result.stderr
    assert f"{site / 'content' / '2024' / 'khong-tieu-de.md'}: bỏ qua: phần thông tin đầu tệp " \
        "không có tiêu đề" in result.stderr
    assert "đã nhập 10 bài" in result.stdout
