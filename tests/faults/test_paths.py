"""Rows 15-21 and 33: paths. Exact refusals are fixtures in tests/broken (12, 13, 14, 18,
19, 26-29, 32); here: collisions that are resolved (deterministically), the case-folding
invariant, NFC everywhere, containment proved by listing the parent folder before and
after, and the output targets the tool refuses to replace.
"""
from __future__ import annotations

import re
import unicodedata

import pytest

from builder.core.errors import BuildError
from builder.core.text import slugify
from tests.conftest import run_build_py
from tests.faults.helpers import build_site, listing, old_site, tree_hash

SECRET = "BÍ-MẬT-NGOÀI-THƯ-MỤC-7f3a"


def article(title: str, date: str = "2020-01-15 08:00", **fields: str) -> str:
    """A content file; `fields` are raw YAML values."""
    extra = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\nThân bài.\n"


def test_row16_titles_that_transliterate_alike_get_stable_suffixes(tmp_path):
    files = {f"{n}.md": article(title, f"2020-01-{10 + n:02d} 08:00") for n, title in
             enumerate(["Tin tức", "Tin tuc", "Đà Nẵng", "Da Nang", "Hà Nội", "Ha-Noi"])}
    out = build_site(tmp_path / "one", files)
    paths = sorted(p.name for p in out.glob("2020/01/*.html"))
    assert paths == ["da-nang-2.html", "da-nang.html", "ha-noi-2.html", "ha-noi.html",
                     "tin-tuc-2.html", "tin-tuc.html"]
    # The older article keeps the plain address, whatever order the files are read in.
    assert "Đà Nẵng" in (out / "2020/01/da-nang.html").read_text("utf-8")
    again = build_site(tmp_path / "two", dict(reversed(list(files.items()))))
    assert tree_hash(again) == tree_hash(out)
    assert slugify("Đường Đá Đỏ") == "duong-da-do"  # đ/Đ → d


def test_row17_case_variants_are_one_tag_and_no_two_paths_fold_together(tmp_path):
    files = {
        "a.md": article("Bầu cử ở Hà Nội", tags="[Bầu cử, Ha-Noi]"),
        "b.md": article("bầu cử ở hà nội", "2020-01-16 08:00", tags="[bầu cử, Hà Nội]"),
        "c.md": article("BẦU CỬ Ở HÀ NỘI", "2020-01-17 08:00", tags="[BẦU CỬ, HÀ NỘI]",
                        category="Thời sự"),
        "d.md": article("Tin", "2020-01-18 08:00", category="THỜI SỰ"),
    }
    out = build_site(tmp_path, files)
    assert sorted(p.name for p in (out / "tags").glob("bau-cu*.html")) == ["bau-cu.html"]
    assert len(list((out / "categories").glob("thoi-su*.html"))) == 1
    everything = [p.relative_to(out).as_posix() for p in out.rglob("*")]
    folded = [p.casefold() for p in everything]
    assert len(set(folded)) == len(folded)


def test_row18_nfd_and_nfc_give_the_same_addresses_and_paths_are_nfc(tmp_path):
    title = "Đức Huệ tổng kết phong trào"
    nfd = unicodedata.normalize("NFD", title)
    assert nfd != title and slugify(nfd) == slugify(title)
    out = build_site(tmp_path, {unicodedata.normalize("NFD", "tin-tức.md"): article(nfd)})
    (page,) = out.glob("2020/01/*.html")
    assert page.name == "duc-hue-tong-ket-phong-trao.html"
    text = page.read_text("utf-8")
    assert title in text and unicodedata.normalize("NFC", text) == text
    for path in out.rglob("*"):
        name = path.relative_to(out).as_posix()
        assert re.fullmatch(r"[a-z0-9._/-]+|\.campaign-news-site", name), name


HOSTILE_NAMES = ["../../etc/passwd", "/etc/passwd", "a/../../b", "..%2f..%2fx", "C:\\x",
                 "con", "nul", "x\x00y", "~", ".", "..", ".git", "-" * 10, "\u202egpj.exe",
                 "x" * 300, "Đ/../../Đ"]


def test_row19_containment_of_a_build_made_of_hostile_names(tmp_path):
    """Titles, tags and categories that look like paths end as plain names inside output/:
    the folder around the project gets nothing new, and nothing from outside is read."""
    (tmp_path / "secret.txt").write_text(SECRET)
    files = {f"bai-{n}.md": article('"' + name.replace("\\", "\\\\").replace("\x00", "\\0")
                                    + '"', f"2020-01-{n + 1:02d} 08:00",
                                    tags=f'["{name.replace(chr(92), "/").replace(chr(0), "")}"]',
                                    category=f'"{name.replace(chr(92), "/").replace(chr(0), "")}"')
             for n, name in enumerate(HOSTILE_NAMES)}
    project = tmp_path / "project"
    before = listing(tmp_path)
    out = build_site(project, files)
    after = listing(tmp_path)
    new = {p for p in after - before if not p.startswith("project/output/")}
    assert new == {"project", "project/content", "project/site.toml",
                   *(f"project/content/{name}" for name in files), "project/output",
                   "project/content/.addresses.toml"}  # the record of published addresses
    root = out.resolve()
    for path in out.rglob("*"):
        assert not path.is_symlink() and path.resolve().is_relative_to(root), path
        if path.is_file():
            assert SECRET not in path.read_text("utf-8", "replace")
    assert len(list(out.glob("2020/01/*.html"))) == len(HOSTILE_NAMES)


def test_row19_refused_references_leave_the_parent_folder_as_it_was(tmp_path):
    """Images, links and symlinks reaching outside: an error, and nothing read or written
    outside (the listing of the whole parent folder is unchanged but for the files)."""
    (tmp_path / "secret.txt").write_text(SECRET)
    (tmp_path / "secret.jpg").write_bytes(SECRET.encode())
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "content" / "leak.jpg").symlink_to(tmp_path / "secret.jpg")
    (project / "content" / "leak-dir").symlink_to(tmp_path)
    files = {
        "a.md": article("A", image="../../secret.jpg"),
        "b.md": article("B", image="/../secret.jpg"),
        "c.md": article("C", image="leak.jpg"),
        "d.md": "---\ntitle: D\ndate: 2020-01-15\n---\n![x](../../secret.jpg) [y](../secret.txt)"
                " ![z](leak-dir/secret.jpg) ![w](%2e%2e/%2e%2e/secret.jpg)\n",
    }
    old = old_site(project / "output")
    before = listing(tmp_path)
    with pytest.raises(BuildError) as caught:
        build_site(project, files)
    shown = "\n".join(str(p) for p in caught.value.problems)
    for name in ("a.md", "b.md", "c.md", "d.md", "leak.jpg", "leak-dir"):
        assert name in shown
    assert listing(tmp_path) - before == {"project/site.toml",
                                          *(f"project/content/{n}" for n in files)}
    assert tree_hash(project / "output") == old


@pytest.mark.parametrize("target", ["..", "content", ".", "content/output", "home", "docs",
                                    "repo", "a-file"])
def test_row33_dangerous_output_targets_are_refused(tmp_path, target):
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "content" / "tin.md").write_text(article("Tin"), "utf-8")
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    (home / "notes" / "quan-trong.txt").write_text("đừng xóa")
    (project / "docs").mkdir()
    (project / "docs" / "guide.md").write_text("mine")
    (project / "repo" / ".git").mkdir(parents=True)
    (project / "repo" / ".campaign-news-site").write_text("")
    (project / "a-file").write_text("not a folder")
    args = str(home) if target == "home" else target
    before = tree_hash(tmp_path)
    result = run_build_py("build", "--content", "content", "--output", args, "--no-cache",
                          cwd=project, env={"HOME": str(home)})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"--output: (không thể dùng thư mục này|thư mục xuất trang không được|"
                     r"đã có nhưng không phải|là thư mục không do công cụ này|"
                     r"có thư mục \.git)", result.stderr), \
        result.stderr
    assert tree_hash(tmp_path) == before  # refused before anything, even the lock
    for kept in (home / "notes" / "quan-trong.txt", project / "docs" / "guide.md",
                 project / "content" / "tin.md"):
        assert kept.exists()


def test_row33_a_refused_output_reads_in_english_with_lang_en(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "tin.md").write_text(article("Tin"), "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("mine")
    result = run_build_py("build", "--lang", "en", "--content", "content", "--output", "docs",
                          "--no-cache", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0] == (
        "docs: --output: is a folder this tool did not make (no .campaign-news-site in it); "
        "refusing to replace it: empty it or choose another folder")
    assert (tmp_path / "docs" / "guide.md").read_text() == "mine"
