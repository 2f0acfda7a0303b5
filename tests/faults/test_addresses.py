"""Issue 17, item 11: published addresses never move.

Adding an article dated earlier with the same title as a published one used to give the
new article the plain address and move the published one to `-2`, breaking every shared
link. The record `content/.addresses.toml` (committed with the content) keeps each
article's address; the build says when it adds to it; a fresh clone keeps them too.
"""
from __future__ import annotations

import shutil

from tests.conftest import run_build_py
from tests.faults.helpers import article

TITLE = "Đức Huệ: Tổng kết phong trào thi đua “Dân vận khéo”"


def test_a_published_address_stays_when_an_older_clash_arrives(tmp_path):
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "content" / "moi.md").write_text(article(f'"{TITLE}"', "2020-09-15 15:44",
                                                        body="Bài đã đăng."), "utf-8")
    first = run_build_py("build", cwd=project)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""  # the first build starts the record quietly
    assert (project / "content" / ".addresses.toml").is_file()
    published = project / "output" / "2020" / "09" / "duc-hue-tong-ket-phong-trao-thi-dua-dan-van-kheo.html"
    assert "Bài đã đăng." in published.read_text("utf-8")

    # A fresh clone: only what is committed (content and its record), no cache, no output.
    clone = tmp_path / "clone"
    (clone / "content").mkdir(parents=True)
    shutil.copytree(project / "content", clone / "content", dirs_exist_ok=True)
    for folder in (project, clone):
        (folder / "content" / "cu.md").write_text(
            article(f'"{TITLE}"', "2020-09-01 08:00", body="Bài cũ thêm sau."), "utf-8")
        result = run_build_py("build", cwd=folder)
        assert result.returncode == 0, result.stderr
        assert ("cảnh báo: content/.addresses.toml: đã ghi lại địa chỉ của 1 bài mới đăng; "
                "hãy commit tệp này để các địa chỉ không bao giờ bị đổi"
                ) in result.stderr.splitlines()
        pages = folder / "output" / "2020" / "09"
        assert "Bài đã đăng." in (pages / published.name).read_text("utf-8")
        assert "Bài cũ thêm sau." in (pages / published.name.replace(".html", "-2.html")
                                      ).read_text("utf-8")
        record = (folder / "content" / ".addresses.toml").read_text("utf-8")
        assert '"cu.md" = "duc-hue-tong-ket-phong-trao-thi-dua-dan-van-kheo-2"' in record
        assert '"moi.md" = "duc-hue-tong-ket-phong-trao-thi-dua-dan-van-kheo"' in record


def test_a_broken_record_is_an_error_naming_it(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text(article("A"), "utf-8")
    (tmp_path / "content" / ".addresses.toml").write_text('"a.md" = "../../x"\n', "utf-8")
    result = run_build_py("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "content/.addresses.toml: a.md: phải là một slug gồm a-z, 0-9 và '-', đặt trong "
        "ngoặc kép")
    english = run_build_py("build", "--lang", "en", cwd=tmp_path)
    assert english.returncode == 1
    assert english.stderr.splitlines()[0] == (
        "content/.addresses.toml: a.md: must be a slug of a-z, 0-9 and '-' in quotes")
