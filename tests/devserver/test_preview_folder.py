"""The preview builds into its own folder in the cache: output/ is never created or changed
(drafts included), and after any series of saves it holds exactly what a clean build makes."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.devserver.serve_process import ROOT, project, serve  # noqa: F401 (fixtures)
from tests.devserver.test_serve_live import ARTICLE, edit

DRAFT_TITLE = "Bài nháp chưa đăng"
PLACES = ["Đức Huệ", "Cần Giuộc", "Thạnh Hóa", "Bến Lức", "Tân Trụ", "Đức Hòa"]


def write_archive(folder: Path, count: int) -> None:
    """`count` short articles over two years, tagged by district."""
    folder.mkdir(parents=True)
    for n in range(count):
        place = PLACES[n % len(PLACES)]
        (folder / f"bai-{n:03d}.md").write_text(
            f'---\ntitle: "{place}: sơ kết phong trào thi đua đợt {n}"\n'
            f"date: {2023 + n % 2}-{1 + n % 12:02d}-{1 + n % 28:02d} 08:00\n"
            f"tags: [{place}, Thi đua yêu nước]\ncategory: Thi đua\n---\n\n"
            f"Huyện {place} tổng kết đợt thi đua thứ {n}, khen thưởng {n % 9 + 1} tập thể.\n",
            "utf-8")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by relative path (symlinks and folders left out)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def states(root: Path) -> dict[str, tuple[int, int, int]]:
    """Size, mtime and inode of everything under `root`, the folder itself included."""
    found = {}
    for path in [root, *root.rglob("*")]:
        info = path.lstat()
        found[path.relative_to(root).as_posix()] = (info.st_size, info.st_mtime_ns,
                                                    info.st_ino)
    return found


def clean_build(project: Path, out: Path, *extra: str) -> dict[str, bytes]:
    """What `build --no-cache` makes of the project now, in a folder of its own."""
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-cache",
                             "--jobs", "1", "--output", str(out), *extra], cwd=project,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return tree(out)


def wait_until_equal(server, expected: dict[str, bytes], timeout: float = 30) -> None:
    """Wait for the preview folder to hold exactly `expected`; on timeout show the
    difference."""
    deadline = time.monotonic() + timeout
    shown: dict[str, bytes] = {}
    while time.monotonic() < deadline:
        shown = tree(server.site) if server.site.is_dir() else {}
        if shown == expected:
            return
        time.sleep(0.1)
    missing = sorted(set(expected) - set(shown))
    extra = sorted(set(shown) - set(expected))
    differing = sorted(p for p in set(shown) & set(expected) if shown[p] != expected[p])
    raise AssertionError(f"preview differs from a clean build: missing {missing}, "
                         f"extra {extra}, differing {differing}\n{server.output}")


def test_preview_with_drafts_never_creates_output(serve, project):
    server = serve("--drafts", "--future")
    assert DRAFT_TITLE in server.text("/index.html")
    edit(project, ARTICLE, "Có 333 mô hình", "Có 555 mô hình")
    server.wait_for_line(r"^Đã cập nhật")
    assert server.site.is_dir()
    assert server.site.is_relative_to(project / ".cache")
    assert not (project / "output").exists()
    server.stop()
    # The preview's folder goes with it; nothing of it is left to publish.
    assert not server.site.exists(), (sorted(server.site.rglob("*")), server.output)
    assert not (project / "output").exists()


def test_preview_with_drafts_leaves_a_built_output_untouched(serve, project):
    built = clean_build(project, project / "output")
    before = states(project / "output")
    assert not any(DRAFT_TITLE.encode() in data for data in built.values())
    server = serve("--drafts")
    assert DRAFT_TITLE in server.text("/index.html")
    edit(project, "content/2025/ban-nhap.md", DRAFT_TITLE, DRAFT_TITLE + " (sửa)")
    server.wait_for_page("/index.html", lambda t: DRAFT_TITLE + " (sửa)" in t)
    server.stop()
    assert states(project / "output") == before
    assert tree(project / "output") == built


def test_preview_after_saves_equals_a_clean_build(serve, project, tmp_path):
    # Enough articles that pages are rendered by worker processes.
    write_archive(project / "content" / "kho", 120)
    server = serve("--drafts", "--jobs", "2")
    clean = tmp_path / "clean"
    wait_until_equal(server, clean_build(project, clean, "--drafts"))
    # An article of the archive.
    archived = sorted((project / "content" / "kho").glob("*.md"))[7]
    archived.write_text(archived.read_text("utf-8") + "\nMột đoạn mới về thi đua.\n", "utf-8")
    wait_until_equal(server, clean_build(project, clean, "--drafts"))
    # An article's text and title.
    edit(project, ARTICLE, "Có 333 mô hình", "Có 777 mô hình")
    edit(project, ARTICLE, 'title: "', 'title: "Sửa lại ')
    wait_until_equal(server, clean_build(project, clean, "--drafts"))
    # A template.
    edit(project, "templates/base.html", "</footer>", "<p>Chân trang mới</p>\n</footer>")
    wait_until_equal(server, clean_build(project, clean, "--drafts"))
    # A setting: fewer posts per page gives new listing pages.
    edit(project, "site.toml", "per_page = 10", "per_page = 1")
    wait_until_equal(server, clean_build(project, clean, "--drafts"))
    # A deleted article: its page, its month and its tags' pages go.
    os.unlink(project / "content/2025/khen-thuong-guong-dien-hinh.md")
    wait_until_equal(server, clean_build(project, clean, "--drafts"))
    # A mistake and its fix: the folder keeps the last good site, then catches up.
    edit(project, ARTICLE, 'title: "', 'title: ["')
    server.wait_for_line(r"không phải YAML hợp lệ")  # the site is Vietnamese
    edit(project, ARTICLE, 'title: ["', 'title: "')
    wait_until_equal(server, clean_build(project, clean, "--drafts"))
    assert not (project / "output").exists()
