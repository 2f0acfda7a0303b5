"""Front-matter fields of Hugo, Jekyll and Pelican articles as the import takes them: the
forms the issue lists that the fixture archives do not all hold (Hugo `slug`, Jekyll
categories as text and a one-word-or-more `category`), and imported tags in the core's
Vietnamese order, one of each."""
from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import run_build_py

_BODY = ("\nSáng nay, hơn 500 đoàn viên ra quân dọn vệ sinh các tuyến đường chính và trồng "
         "thêm cây xanh dọc kênh mương.\n")


def imported(tmp_path: Path, files: dict[str, str]) -> dict[str, dict]:
    """Write an old site's files, import it; each article's front matter by file name."""
    old = tmp_path / "old"
    for name, text in files.items():
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        (old / name).write_text(text, "utf-8")
    content = tmp_path / "site" / "content"
    result = run_build_py("import", str(old), "--into", str(content), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return {p.name: yaml.safe_load(p.read_text("utf-8").split("---\n")[1])
            for p in content.rglob("*.md")}


def test_hugo_slug_aliases_text_category_description_and_tag_order(tmp_path):
    written = imported(tmp_path, {
        "hugo.toml": 'title = "Tin"\n',
        "content/tin-tuc/bai-mot.md": (
            "---\ntitle: Cần Giuộc ra quân ngày Chủ nhật xanh\ndate: 2021-03-07T07:30:00+07:00\n"
            "slug: chu-nhat-xanh\naliases: [/cu/bai-1.html]\ncategories: Môi trường\n"
            "tags: [Đức Huệ, Dân vận khéo, Ấp Bắc, Cần Giuộc, đức  huệ, Anh hùng]\n"
            "description: Hơn 500 đoàn viên ra quân.\n---\n" + _BODY),
    })
    head = written["can-giuoc-ra-quan-ngay-chu-nhat-xanh.md"]
    # Hugo's own address comes from `slug` (not from the file name) under the section.
    assert head["aliases"] == ["/cu/bai-1.html", "/tin-tuc/chu-nhat-xanh/"]
    assert (head["category"], head["summary"]) == ("Môi trường", "Hơn 500 đoàn viên ra quân.")
    # Vietnamese order (A, Â, C, D, Đ), the second spelling of Đức Huệ dropped.
    assert head["tags"] == ["Anh hùng", "Ấp Bắc", "Cần Giuộc", "Dân vận khéo", "Đức Huệ"]


def test_jekyll_categories_as_text_and_a_single_category(tmp_path):
    written = imported(tmp_path, {
        "_config.yml": "title: Tin\npermalink: /:categories/:title.html\n",
        "_posts/2023-07-08-mua-he-xanh.markdown": (
            "---\nlayout: post\ntitle: Tân Thạnh ra quân Mùa hè xanh\n"
            "categories: thanh-nien tinh-nguyen\ntags: Tân-Thạnh\n---\n" + _BODY),
        "_posts/2024-03-15-khong-rac-nhua.md": (
            "---\ntitle: Thủ Thừa ra mắt khu dân cư không rác thải nhựa\n"
            "category: Môi trường\n---\n" + _BODY),
    })
    spaced = written["tan-thanh-ra-quan-mua-he-xanh.md"]
    assert (spaced["category"], spaced["tags"]) == ("thanh-nien", ["Tân-Thạnh", "tinh-nguyen"])
    assert spaced["aliases"] == ["/thanh-nien/tinh-nguyen/mua-he-xanh.html"]
    assert spaced["date"].isoformat() == "2023-07-08T00:00:00+07:00"  # from the file name
    single = written["thu-thua-ra-mat-khu-dan-cu-khong-rac-thai-nhua.md"]
    assert single["category"] == "Môi trường"  # one category, never split at its space
    assert single["aliases"] == ["/moi-truong/khong-rac-nhua.html"]


def test_pelican_tags_in_vietnamese_order(tmp_path):
    written = imported(tmp_path, {
        "pelicanconf.py": "SITENAME = 'Tin'\n",
        "content/bai.md": ("Title: Đức Huệ tổng kết phong trào\nDate: 2020-09-15 15:44\n"
                           "Tags: Đức Huệ, Ấp Bắc, Dân vận khéo, Ấp bắc\nStatus: draft\n" + _BODY),
    })
    head = written["duc-hue-tong-ket-phong-trao.md"]
    assert head["tags"] == ["Ấp Bắc", "Dân vận khéo", "Đức Huệ"]
    assert head["draft"] is True


def test_a_hugo_site_with_a_settings_folder_is_recognised_and_its_settings_read(tmp_path):
    written = imported(tmp_path, {
        "config/_default/hugo.toml": 'title = "Tin"\ntimeZone = "Asia/Tokyo"\n',
        "config/_default/permalinks.toml": 'posts = "/:year/:slug/"\n',
        "content/posts/bai.md": ("---\ntitle: Cần Giuộc ra quân ngày Chủ nhật xanh\n"
                                 "date: 2021-03-07T09:00:00\naliases: [/cu/1.html]\n---\n" + _BODY),
    })
    head = written["can-giuoc-ra-quan-ngay-chu-nhat-xanh.md"]
    assert head["date"].isoformat() == "2021-03-07T07:00:00+07:00"  # 09:00 in Tokyo
    # The settings choose their own addresses: Hugo's default one is not guessed.
    assert head["aliases"] == ["/cu/1.html"]


def test_old_addresses_the_build_would_refuse_are_reported_not_written(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "site.toml").write_text('title = "Tin"\n', "utf-8")
    files = {
        # Jekyll's address for this post is the new one too: no redirect is needed there.
        "_config.yml": "title: Tin\npermalink: /:year/:month/:title.html\n",
        "_posts/2023-05-02-cau-moi.md": "---\ntitle: Cầu mới\n---\n" + _BODY,
        # One a static site cannot answer (a query), one in the generator's own tags/ folder.
        "_posts/2023-05-03-duong-moi.md": ("---\ntitle: Đường mới\nredirect_from: "
                                          "[/?p=12, /tags/duong/, /tin/duong-moi.html]\n---\n" + _BODY),
    }
    written = imported(tmp_path, files)
    assert "aliases" not in written["cau-moi.md"]
    assert written["duong-moi.md"]["aliases"] == ["/tin/duong-moi.html"]
    built = run_build_py("build", cwd=tmp_path / "site")
    assert built.returncode == 0, built.stderr


def test_a_refused_old_address_is_named_in_the_report(tmp_path):
    old = tmp_path / "old"
    (old / "_posts").mkdir(parents=True)
    (old / "_config.yml").write_text("title: Tin\n", "utf-8")
    post = old / "_posts" / "2023-05-03-duong-moi.md"
    post.write_text("---\ntitle: Đường mới\nredirect_from: [/?p=12, /tags/duong/]\n---\n" + _BODY,
                    "utf-8")
    result = run_build_py("import", str(old), "--into", str(tmp_path / "content"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{post}: không giữ địa chỉ cũ /?p=12: '/?p=12' có phần truy vấn ('?p=12'): trang " \
        "tĩnh không thể trả lời nó; hãy bỏ địa chỉ này đi" in result.stderr
    assert f"{post}: không giữ địa chỉ cũ /tags/duong/: '/tags/duong/' là địa chỉ trình tạo " \
        "trang dùng cho các trang của chính nó" in result.stderr
