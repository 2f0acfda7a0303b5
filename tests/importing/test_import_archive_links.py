"""Links between an archive's posts written as old web addresses lead to the new files; a
root-relative link to anything else leads to the old site when its address is known, or
is left as its text, and is reported with file and line: the site then builds."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import run_build_py

_BODY = ("Sáng nay, hơn 500 đoàn viên ra quân dọn vệ sinh các tuyến đường chính và trồng "
         "thêm cây xanh dọc kênh mương.\n")


def import_and_build(tmp_path: Path, files: dict[str, str]):
    """Import an old site's files into a new site and build it; returns both runs."""
    old = tmp_path / "old"
    for name, text in files.items():
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        (old / name).write_text(text, "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text('title = "Tin phong trào"\n', "utf-8")
    imported = run_build_py("import", str(old), "--into", str(site / "content"), cwd=site)
    built = run_build_py("build", cwd=site)
    return old, site, imported, built


def test_hugo_links_by_old_address_lead_to_the_new_files(tmp_path):
    old, site, imported, built = import_and_build(tmp_path, {
        "hugo.toml": 'baseURL = "https://tin.canduoc.example/"\ntitle = "Tin"\n',
        "content/posts/duong-moi.md": ("---\ntitle: Cần Đước làm đường mới\ndate: 2023-05-03\n"
                                       "---\n\n" + _BODY),
        "content/posts/cau-moi.md": (
            "---\ntitle: Cần Đước khánh thành cầu mới\ndate: 2023-05-02\n---\n\n" + _BODY + "\n"
            "Xem [bài đường mới](/posts/duong-moi/), [đoạn hai](/posts/duong-moi#doan-hai) "
            "và [bài trên trang cũ][cu].\n\n"
            "Tải [báo cáo](/files/bao-cao.pdf) của xã.\n\n"
            "[cu]: /posts/duong-moi/ \"Bài cũ\"\n"),
    })
    assert imported.returncode == 0, imported.stderr
    text = (site / "content" / "2023" / "can-duoc-khanh-thanh-cau-moi.md").read_text("utf-8")
    assert "[bài đường mới](../2023/can-duoc-lam-duong-moi.md)" in text
    assert "[đoạn hai](../2023/can-duoc-lam-duong-moi.md#doan-hai)" in text
    assert '[cu]: ../2023/can-duoc-lam-duong-moi.md "Bài cũ"' in text
    # A file of the old site, not an article: it stays on the old site, and the report says so.
    assert "[báo cáo](https://tin.canduoc.example/files/bao-cao.pdf)" in text
    post = old / "content" / "posts" / "cau-moi.md"
    assert (f"{post}: dòng 10: liên kết /files/bao-cao.pdf không dẫn tới bài nào của kho lưu "
            "trữ: nay dẫn tới https://tin.canduoc.example/files/bao-cao.pdf") in imported.stderr
    assert built.returncode == 0, built.stderr


def test_a_jekyll_link_to_an_unknown_old_page_keeps_its_text_and_is_reported(tmp_path):
    old, site, imported, built = import_and_build(tmp_path, {
        "_config.yml": "title: Tin\n",  # no `url`: the old site's address is unknown
        "_posts/2023-05-03-duong-moi.md": "---\ntitle: Đường mới\ncategories: [tin]\n---\n\n" + _BODY,
        "_posts/2023-05-02-cau-moi.md": (
            "---\ntitle: Cầu mới\n---\n\n" + _BODY + "\n"
            "Xem [bài đường mới](/tin/2023/05/03/duong-moi.html) và [trang liên hệ](/lien-he/).\n"),
    })
    assert imported.returncode == 0, imported.stderr
    text = (site / "content" / "2023" / "cau-moi.md").read_text("utf-8")
    # Jekyll's default address of the other post (its `date` permalink) is known: relinked.
    assert "Xem [bài đường mới](../2023/duong-moi.md) và trang liên hệ." in text
    post = old / "_posts" / "2023-05-02-cau-moi.md"
    assert (f"{post}: dòng 7: liên kết /lien-he/ không dẫn tới bài nào của kho lưu trữ: đã bỏ "
            "liên kết, giữ lại chữ") in imported.stderr
    assert built.returncode == 0, built.stderr
