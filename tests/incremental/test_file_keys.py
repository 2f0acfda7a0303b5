"""The content files' keys kept between builds (incremental/file_keys.py): trusted by a
settled file's state only."""
import json
import os
import shutil
import time

from builder.incremental import file_keys
from tests.conftest import ROOT, run_build_py
from tests.incremental.test_cache import full_tree

SALT = "muối-1"
SECOND = 1_000_000_000


def _entry(mtime_ns: int, ctime_ns: int, key: str, salt: str = SALT) -> tuple:
    """A memo entry as ContentCache.file_key makes it: ((state, salt), key)."""
    return ((120, mtime_ns, ctime_ns, 77), salt), key


def test_settled_entries_of_used_keys_survive_a_round_trip(tmp_path):
    started = time.time_ns()
    old = started - 60 * SECOND
    memo = {"content/Đồng Tháp/bài-1.md": _entry(old, old, "k1"),
            "content/bai-2.md": _entry(old, old, "k2")}
    file_keys.save(tmp_path, SALT, memo, {"k1", "k2"}, started)
    assert file_keys.load(tmp_path, SALT) == memo
    assert file_keys.load(tmp_path, "muối-2") == {}  # other settings or code: nothing


def test_files_changed_near_the_build_and_deleted_files_are_not_kept(tmp_path):
    started = time.time_ns()
    old = started - 60 * SECOND
    memo = {"a.md": _entry(old, old, "k1"),
            # written a second before the build began: it may change again unseen
            "b.md": _entry(started - SECOND, started - SECOND, "k2"),
            # its contents (ctime) changed just now even though its mtime was set back
            "c.md": _entry(old, started, "k3"),
            # not looked up by this build: deleted or moved away
            "d.md": _entry(old, old, "k4"),
            # made under other settings
            "e.md": _entry(old, old, "k5", salt="muối-cũ")}
    file_keys.save(tmp_path, SALT, memo, {"k1", "k2", "k3", "k5"}, started)
    assert file_keys.load(tmp_path, SALT) == {"a.md": memo["a.md"]}


def test_a_damaged_or_foreign_memo_reads_as_empty(tmp_path):
    path = tmp_path / file_keys.FILE_NAME
    for text in ("{", "[]", '{"salt": "muối-1"}', '{"salt": "muối-1", "files": {"a": [1, 2]}}',
                 '{"salt": "muối-1", "files": {"a": ["1", 2, 3, 4, "k"]}}'):
        path.write_text(text, encoding="utf-8")
        assert file_keys.load(tmp_path, SALT) == {}


def test_builds_keep_the_keys_and_still_see_an_edit_that_keeps_size_and_time(tmp_path):
    """Neither the saved keys nor the check that nothing changed take such an edit for
    none (the check once did, by size and modification time alone)."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copy(ROOT / "site.toml", site / "site.toml")
    shutil.copytree(ROOT / "templates", site / "templates")
    time.sleep(file_keys.SETTLED_NS / SECOND + 0.1)  # the copies settle
    for _ in range(2):
        result = run_build_py("build", cwd=site)
        assert result.returncode == 0, result.stderr
    saved = json.loads((site / ".cache" / file_keys.FILE_NAME).read_text(encoding="utf-8"))
    articles = sorted((site / "content").rglob("*.md"))
    assert {os.path.normpath(p) for p in saved["files"]} == {
        os.path.normpath(a.relative_to(site)) for a in articles}
    # The same number of bytes and the old modification time: only the inode's change
    # time tells (a harness or a sync tool that restores times does this).
    before = full_tree(site / "output")
    article = articles[0]
    data, info = article.read_bytes(), article.stat()
    body = data.rstrip(b"\n")
    edited = body[:-1] + (b"!" if body[-1:] != b"!" else b"?") + data[len(body):]
    article.write_bytes(edited)
    os.utime(article, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert article.stat().st_size == info.st_size and edited != data
    result = run_build_py("build", cwd=site)
    assert result.returncode == 0, result.stderr
    cached = full_tree(site / "output")
    assert cached != before
    result = run_build_py("build", "--no-cache", "--output", "clean", cwd=site)
    assert result.returncode == 0, result.stderr
    clean = full_tree(site / "clean")
    assert sorted(cached) == sorted(clean)
    assert [p for p in clean if cached[p] != clean[p]] == []


def test_the_memo_is_written_again_only_once_enough_entries_changed():
    old = 1_700_000_000 * SECOND
    known = {f"content/bài-{n}.md": _entry(old, old, f"k{n}") for n in range(1000)}
    saved = dict(known)
    assert not file_keys.worth_saving(saved, known)
    assert file_keys.worth_saving({}, known)  # nothing saved yet
    edited = dict(known)
    for n in range(14):  # a 64th of 1,000 is 15
        edited[f"content/bài-{n}.md"] = _entry(old + SECOND, old + SECOND, f"k{n}-mới")
    assert not file_keys.worth_saving(saved, edited)
    edited["content/bài-14.md"] = _entry(old + SECOND, old + SECOND, "k14-mới")
    assert file_keys.worth_saving(saved, edited)
    gone = {path: entry for path, entry in known.items() if not path.endswith(("-1.md", "-2.md"))}
    assert not file_keys.worth_saving(saved, gone)
    assert file_keys.worth_saving(saved, {"content/bài-1.md": known["content/bài-1.md"]})
    # A small site writes it on every change: one entry in 21 is more than a 64th.
    few = dict(list(known.items())[:21])
    assert file_keys.worth_saving(few, {**few, "content/bài-0.md": edited["content/bài-0.md"]})


def test_an_edit_that_leaves_the_memo_unwritten_is_still_seen_by_the_next_builds(tmp_path):
    """Editing one article of 200 does not write the memo again (its old entry stays, and
    is never trusted for the edited file): each later edit of it still reaches the site."""
    site = tmp_path / "site"
    content = site / "content"
    content.mkdir(parents=True)
    for n in range(200):
        (content / f"bai-{n:03}.md").write_text(
            f"---\ntitle: Mô hình Dân vận khéo số {n}\ndate: 2024-03-{n % 28 + 1:02}\n"
            f"tags: [Dân vận khéo]\n---\n\nXã đăng ký mô hình thứ {n} trong năm.\n",
            encoding="utf-8")
    time.sleep(file_keys.SETTLED_NS / SECOND + 0.1)  # the files settle
    for _ in range(2):
        result = run_build_py("build", cwd=site)
        assert result.returncode == 0, result.stderr
    memo = site / ".cache" / file_keys.FILE_NAME
    written = memo.read_bytes()
    assert len(json.loads(written)["files"]) == 200
    article = content / "bai-007.md"
    for sentence in ("Cập nhật: xã đã nhân rộng mô hình.", "Cập nhật lần hai: huyện khen thưởng."):
        article.write_text(article.read_text(encoding="utf-8") + f"\n{sentence}\n",
                           encoding="utf-8")
        result = run_build_py("build", cwd=site)
        assert result.returncode == 0, result.stderr
        assert memo.read_bytes() == written
        pages = [p for p in (site / "output").rglob("*.html")
                 if sentence in p.read_text(encoding="utf-8")]
        assert pages, sentence
