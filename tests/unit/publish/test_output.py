"""The output folder: staging, atomic swap, marker, refusals, lock, unchanged files kept."""
import errno
import os
import shutil
from pathlib import Path

import pytest

from builder.core import file_threads
from builder.core.errors import LockError, OutputError, write_error
from builder.core.portable import PORTABLE_ENV
from builder.publish import output
from builder.publish.lock import BuildLock
from builder.publish.output import (MARKER, Staging, check_cache_place, check_output_target,
                                    clean_leftovers)


def stage(out, files):
    with Staging(out) as staging:
        for path, data in files.items():
            staging.write(path, data)
        staging.commit()


def test_commit_replaces_the_whole_site_and_leaves_nothing_beside_it(tmp_path):
    out = tmp_path / "output"
    stage(out, {"index.html": b"one", "old.html": b"gone soon"})
    stage(out, {"index.html": b"two"})
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "index.html"]
    assert (out / "index.html").read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_failure_before_commit_leaves_the_old_site(tmp_path):
    out = tmp_path / "output"
    stage(out, {"index.html": b"old"})
    with pytest.raises(RuntimeError):
        with Staging(out) as staging:
            staging.write("index.html", b"new")
            raise RuntimeError("fault")
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_unchanged_files_keep_their_inode_and_mtime(tmp_path):
    out = tmp_path / "output"
    stage(out, {"a.html": b"same", "b.html": b"v1"})
    before = os.stat(out / "a.html")
    os.utime(out / "a.html", (1_000_000, 1_000_000))
    stage(out, {"a.html": b"same", "b.html": b"v2"})
    assert os.stat(out / "a.html").st_mtime == 1_000_000
    assert os.stat(out / "a.html").st_ino == before.st_ino


def test_case_folded_clash_and_escape_are_refused(tmp_path):
    with Staging(tmp_path / "output") as staging:
        staging.write("tags/Ha-Noi.html", b"x", origin="content/a.md")
        with pytest.raises(OutputError, match="nhưng content/a.md đã ghi tệp này rồi"):
            staging.write("tags/ha-noi.html", b"y", origin="content/b.md")
        with pytest.raises(OutputError, match="sẽ ra ngoài thư mục xuất trang"):
            staging.write("../evil.html", b"z")
    assert not (tmp_path / "evil.html").exists()


@pytest.mark.parametrize("make", ["root", "content", "project", "foreign", "git"])
def test_dangerous_output_targets_are_refused(tmp_path, make):
    content, project = tmp_path / "site" / "content", tmp_path / "site"
    content.mkdir(parents=True)
    target = {"root": project, "content": content, "project": project,
              "foreign": tmp_path / "docs", "git": tmp_path / "out"}[make]
    if make == "foreign":
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    if make == "git":
        (target / ".git").mkdir(parents=True)
        (target / MARKER).write_text("")
    with pytest.raises(OutputError):
        check_output_target(target, content, project)


def test_second_build_fails_fast_naming_the_pid(tmp_path):
    out = tmp_path / "output"
    with BuildLock(out):
        with pytest.raises(LockError, match=f"một lần tạo trang khác đang chạy \\(pid {os.getpid()}\\)"):
            with BuildLock(out):
                pass
    with BuildLock(out):  # released: can be taken again
        pass


def test_leftovers_of_a_killed_build_are_removed(tmp_path):
    out = tmp_path / "output"
    stage(out, {"index.html": b"x"})
    left = tmp_path / ".output.staging-99999"
    left.mkdir()
    (left / MARKER).write_text("")
    clean_leftovers(out)
    assert not left.exists() and (out / "index.html").exists()



# The tests below close holes the mutation run found (docs/testing.md).

def test_a_leftover_name_on_a_folder_that_is_not_ours_is_kept(tmp_path):
    out = tmp_path / "output"
    stage(out, {"index.html": b"x"})
    foreign = tmp_path / ".output.staging-99999"
    foreign.mkdir()
    (foreign / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    cut_short = tmp_path / ".output.old-99998"  # empty: a build was killed making it
    cut_short.mkdir()
    clean_leftovers(out)
    assert (foreign / "ghi-chu.txt").read_text(encoding="utf-8") == "của tôi"
    assert not cut_short.exists() and (out / "index.html").exists()


def test_a_folder_that_cannot_be_examined_is_never_taken_for_ours(tmp_path):
    # A name too long for the file system fails every look at it with an OSError.
    assert output._is_ours(tmp_path / ("x" * 300)) is False


@pytest.mark.parametrize("number, vietnamese, english", [
    (errno.ENOSPC, "ổ đĩa đã đầy", "the disk is full"),
    (errno.EACCES, "không có quyền ghi", "permission denied"),
    (errno.EROFS, "ổ đĩa chỉ cho phép đọc", "the file system is read-only"),
    (errno.EDQUOT, "đã vượt hạn mức dung lượng", "the disk quota is exceeded"),
    (errno.EIO, "Input/output error", "Input/output error")])  # the system's own words
def test_write_errors_in_plain_words_in_both_languages(number, vietnamese, english):
    error = write_error(OSError(number, os.strerror(number)), Path("output/tin.html"))
    assert [str(p) for p in error.problems] == [
        f"output/tin.html: không ghi được: {vietnamese}"]
    assert [p.render("en") for p in error.problems] == [
        f"output/tin.html: cannot write: {english}"]


def test_a_write_error_without_a_number_keeps_its_text():
    error = write_error(OSError("ổ đĩa ngắt kết nối"), Path("output/tin.html"))
    assert [str(p) for p in error.problems] == [
        "output/tin.html: không ghi được: ổ đĩa ngắt kết nối"]


def test_a_cache_in_the_home_folder_itself_is_refused_naming_it(tmp_path, monkeypatch):
    home = tmp_path / "nha"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(OutputError) as caught:
        check_cache_place(home, tmp_path / "content", tmp_path / "output", ())
    assert [str(p) for p in caught.value.problems] == [
        f"{home}: --cache: không để bộ nhớ đệm ngay trong thư mục hệ thống hay thư mục nhà "
        "của bạn; hãy chọn thư mục khác, ví dụ .cache"]
    assert [p.render("en") for p in caught.value.problems] == [
        f"{home}: --cache: refusing to keep the cache in a system folder or your home "
        "folder itself; choose e.g. .cache"]


# Each refusal in Vietnamese (the default) and in English.
NOT_OURS = (f"là thư mục không do công cụ này tạo ra (không có {MARKER} bên trong); sẽ không "
            "thay thế nó: hãy làm trống thư mục hoặc chọn thư mục khác",
            f"is a folder this tool did not make (no {MARKER} in it); refusing to replace it: "
            "empty it or choose another folder")
REPLACED = ("không thể dùng thư mục này làm thư mục xuất trang: nó sẽ bị thay bằng trang vừa "
            "tạo (hãy chọn thư mục khác, ví dụ output/)",
            "refusing to use this folder as output: it would be replaced by the generated "
            "site (choose e.g. output/)")
CONTENT = ("thư mục xuất trang không được chứa hoặc nằm trong thư mục nội dung",
           "the output folder must not contain or be inside the content folder")
NOT_FOLDER = ("đã có nhưng không phải là thư mục", "exists and is not a folder")
GIT = ("có thư mục .git bên trong; sẽ không thay thế nó",
       "holds a .git folder; refusing to replace it")


@pytest.fixture
def places(tmp_path, monkeypatch):
    """A project (content, a foreign folder, a repository, a file) and a home folder."""
    project, home = tmp_path / "project", tmp_path / "home"
    (project / "content").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "docs" / "guide.md").write_text("của tôi", encoding="utf-8")
    (project / "repo" / ".git").mkdir(parents=True)
    (project / "repo" / MARKER).write_text("")
    (project / "a-file").write_text("không phải thư mục", encoding="utf-8")
    (project / "link").symlink_to(project / "content")
    (home / "notes").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    return project


@pytest.mark.parametrize("target, message", [
    ("/", REPLACED), ("{home}", REPLACED), (".", REPLACED), ("content", REPLACED),
    ("link", REPLACED), ("content/output", CONTENT), ("..", CONTENT),
    ("a-file", NOT_FOLDER), ("docs", NOT_OURS), ("repo", GIT),
])
def test_each_dangerous_output_target_is_refused_with_its_reason(places, target, message):
    given = target.format(home=places.parent / "home")
    output_dir = places / given if not given.startswith("/") else Path(given)
    with pytest.raises(OutputError) as caught:
        check_output_target(output_dir, places / "content", places)
    vietnamese, english = message
    assert [str(p) for p in caught.value.problems] == [f"{output_dir}: --output: {vietnamese}"]
    assert [p.render("en") for p in caught.value.problems] == [
        f"{output_dir}: --output: {english}"]


@pytest.mark.parametrize("make", ["missing", "empty", "ours"])
def test_an_output_target_that_is_new_empty_or_ours_is_accepted(places, make):
    target = places / "output"
    if make != "missing":
        target.mkdir()
    if make == "ours":
        (target / MARKER).write_text("")
        (target / "index.html").write_text("cũ", encoding="utf-8")
    check_output_target(target, places / "content", places)  # raises nothing


SYSTEM_NAMES = ("bin", "boot", "dev", "etc", "lib", "lib64", "opt", "proc", "root", "run",
                "sbin", "srv", "sys", "tmp", "usr", "var", "Windows", "Program Files",
                "Program Files (x86)", "ProgramData", "Users", "System", "Library",
                "Applications")


@pytest.mark.parametrize("name", SYSTEM_NAMES)
def test_a_cache_right_in_a_system_folder_is_refused(tmp_path, monkeypatch, name):
    monkeypatch.setenv("HOME", str(tmp_path))  # /root is refused as a system folder too
    with pytest.raises(OutputError, match="không để bộ nhớ đệm ngay trong thư mục hệ thống"):
        check_cache_place(Path("/") / name, tmp_path / "content", tmp_path / "output", ())
    # A folder of its own inside one is fine (the tool's own per-user folder is such).
    check_cache_place(Path("/") / name / "campaign-news", tmp_path / "content",
                      tmp_path / "output", ())


@pytest.mark.parametrize("variable", ["SYSTEMROOT", "PROGRAMFILES", "TEMP", "TMP"])
def test_a_cache_right_in_a_windows_system_folder_is_refused(tmp_path, monkeypatch, variable):
    monkeypatch.setenv(variable, str(tmp_path / "he-thong"))
    with pytest.raises(OutputError, match="không để bộ nhớ đệm ngay trong thư mục hệ thống"):
        check_cache_place(tmp_path / "he-thong", tmp_path / "content", tmp_path / "output", ())


@pytest.mark.parametrize("cache, message", [
    ("content/c", "thư mục bộ nhớ đệm không được nằm trong thư mục nội dung ({content})"),
    (".", "thư mục bộ nhớ đệm không được chứa thư mục nội dung ({content})"),
    ("output/c", "thư mục bộ nhớ đệm không được nằm trong thư mục xuất trang ({output})"),
    ("giao-dien/c",
     "thư mục bộ nhớ đệm không được nằm trong một thư mục mẫu giao diện ({templates})"),
])
def test_a_cache_inside_or_around_what_the_build_reads_or_writes_is_refused(tmp_path, cache,
                                                                             message):
    folders = {"content": tmp_path / "content", "output": tmp_path / "output",
               "templates": tmp_path / "giao-dien"}
    with pytest.raises(OutputError) as caught:
        check_cache_place(tmp_path / cache, folders["content"], folders["output"],
                          (folders["templates"],))
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / cache}: --cache: {message.format(**folders)}; "
        "hãy chọn thư mục khác, ví dụ .cache"]


@pytest.mark.parametrize("cache, folders, message", [
    ("content/c", ("content", "output", "giao-dien"),
     "the cache folder must not be inside the content folder ({content})"),
    ("bao", ("bao/content", "output", "giao-dien"),
     "the cache folder must not be around the content folder ({content})"),
    ("output/c", ("content", "output", "giao-dien"),
     "the cache folder must not be inside the output folder ({output})"),
    ("bao", ("content", "bao/output", "giao-dien"),
     "the cache folder must not be around the output folder ({output})"),
    ("giao-dien/c", ("content", "output", "giao-dien"),
     "the cache folder must not be inside a template folder ({templates})"),
    ("bao", ("content", "output", "bao/giao-dien"),
     "the cache folder must not be around a template folder ({templates})"),
])
def test_a_refused_cache_place_reads_in_english_too(tmp_path, cache, folders, message):
    folders = dict(zip(("content", "output", "templates"), (tmp_path / f for f in folders)))
    with pytest.raises(OutputError) as caught:
        check_cache_place(tmp_path / cache, folders["content"], folders["output"],
                          (folders["templates"],))
    assert [p.render("en") for p in caught.value.problems] == [
        f"{tmp_path / cache}: --cache: {message.format(**folders)}; choose e.g. .cache"]


def test_the_preview_cache_may_hold_its_output(tmp_path):
    # The preview passes no output folder: its site lives inside the cache by design.
    check_cache_place(tmp_path / ".cache", tmp_path / "content", None, ())


def test_staging_knows_which_files_the_current_site_holds(tmp_path):
    out = tmp_path / "output"
    stage(out, {"tags/duc-hue.html": b"x"})
    with Staging(out) as staging:
        assert staging.has_old("tags/duc-hue.html")
        assert not staging.has_old("tags/ha-noi.html") and not staging.has_old("tags")



@pytest.mark.parametrize("rel, segment", [
    ("tags/con.html", "con.html"), ("CON/a.html", "CON"), ("media/Nul.tar.gz", "Nul.tar.gz"),
    ("a./b.html", "a."), ("media/b ", "b "), ("feeds/lpt9.xml", "lpt9.xml")])
def test_names_windows_cannot_use(rel, segment):
    assert output.windows_unusable(rel) == segment


@pytest.mark.parametrize("rel", ["tags/con-0.html", "console/a.html", "a/b.html", "x.con",
                                 "media/.htaccess"])
def test_names_windows_can_use(rel):
    assert output.windows_unusable(rel) is None


def test_each_refused_output_path_names_its_origin_and_says_why(tmp_path):
    refused = [
        ("tags/Ha-Noi.html", "content/b.md",
         "content/b.md: sẽ ghi tags/Ha-Noi.html, nhưng content/a.md đã ghi tệp này rồi",
         "content/b.md: would write tags/Ha-Noi.html, which content/a.md already writes"),
        ("../evil.html", "content/c.md",
         "content/c.md: đường dẫn xuất ../evil.html sẽ ra ngoài thư mục xuất trang",
         "content/c.md: output path ../evil.html would leave the output folder"),
        ("tags/../x.html", "content/c.md",
         "content/c.md: đường dẫn xuất tags/../x.html sẽ ra ngoài thư mục xuất trang",
         "content/c.md: output path tags/../x.html would leave the output folder"),
        ("tin tuc.html", "content/c.md",
         "content/c.md: đường dẫn xuất tin tuc.html sẽ ra ngoài thư mục xuất trang",
         "content/c.md: output path tin tuc.html would leave the output folder"),
        ("media/con/anh.jpg", "content/d.md",
         "content/d.md: đường dẫn xuất media/con/anh.jpg: 'con' là tên Windows không dùng "
         "được (tên dành riêng, hoặc kết thúc bằng dấu chấm hay dấu cách); hãy đổi tên tệp",
         "content/d.md: output path media/con/anh.jpg: 'con' is a name Windows cannot use "
         "(reserved, or ending in a dot or space); rename the file"),
    ]
    with Staging(tmp_path / "output") as staging:
        staging.write("tags/ha-noi.html", b"x", origin="content/a.md")
        for rel, origin, vietnamese, english in refused:
            with pytest.raises(OutputError) as caught:
                staging.write(rel, b"y", origin=origin)
            assert [str(p) for p in caught.value.problems] == [vietnamese]
            assert [p.render("en") for p in caught.value.problems] == [english]
        with pytest.raises(OutputError) as caught:
            staging.write("../x.html", b"y")
        assert [str(p) for p in caught.value.problems] == [
            "the site: đường dẫn xuất ../x.html sẽ ra ngoài thư mục xuất trang"]
    assert sorted(p.name for p in tmp_path.iterdir()) == []


_PATHS_TO_CLAIM = [
    "tags/ha-noi.html", "tags/con.html", "tags/a./b.html", "tags/../x.html", "tags/..",
    "tags/tin tuc.html", "tags//x.html", "/tags/x.html", "CON/a.html", "CON/b.html",
    "con-0/a.html", "x.html", "nul", ".", "a/./b.html", "media/2024/anh.jpg",
    "media/2024/Prn.jpg", "media/2024./anh.jpg", "", "tags/"]


def _refusal(staging, rel):
    """What reserving `rel` says: None, or the first problem's English text."""
    try:
        staging.reserve(rel, "content/a.md")
    except OutputError as refused:
        return refused.problems[0].render("en")
    return None


def test_a_folder_checked_once_still_has_each_name_checked(tmp_path):
    # Each path alone in a new staging folder, then all in one, in both orders: a folder's
    # verdict is kept, but every name in it is still judged on its own.
    def alone(rel):
        with Staging(tmp_path / "output") as staging:
            return _refusal(staging, rel)
    expected = {rel: alone(rel) for rel in _PATHS_TO_CLAIM}
    assert expected["tags/ha-noi.html"] is None and expected["media/2024/anh.jpg"] is None
    assert "'con.html' is a name Windows cannot use" in expected["tags/con.html"]
    assert "'CON' is a name" in expected["CON/b.html"]
    assert "'2024.' is a name" in expected["media/2024./anh.jpg"]
    assert "would leave" in expected["tags/.."] and "would leave" in expected["/tags/x.html"]
    assert "would leave" in expected[""] and "would leave" in expected["tags/"]
    for order in (_PATHS_TO_CLAIM, _PATHS_TO_CLAIM[::-1]):
        with Staging(tmp_path / "output") as staging:
            assert {rel: _refusal(staging, rel) for rel in order} == expected


def test_a_link_inside_staging_is_never_followed_out(tmp_path):
    outside = tmp_path / "ngoai"
    outside.mkdir()
    with Staging(tmp_path / "output") as staging:
        staging.write("tin/a.html", b"x")
        (staging.dir / "tin" / "ra").symlink_to(outside)
        with pytest.raises(OutputError, match="sẽ ra ngoài thư mục xuất trang"):
            staging.write("tin/ra/x.html", b"y")
    assert list(outside.iterdir()) == []


def test_a_folder_made_as_a_parent_takes_files_later(tmp_path):
    out = tmp_path / "output"
    stage(out, {"a/b/x.html": b"1", "a/y.html": b"2"})
    assert (out / "a" / "y.html").read_bytes() == b"2"


def test_write_failures_are_plain_errors_naming_the_file(tmp_path):
    source = tmp_path / "style.css"
    source.write_text("p{}")
    with Staging(tmp_path / "output") as staging:
        staging.write("a", b"a file where a folder is wanted")
        with pytest.raises(OutputError) as written:
            staging.write("a/b.html", b"x")
        with pytest.raises(OutputError) as copied:
            staging.copy("a/c.css", source, "the theme")
    assert [str(p) for p in written.value.problems + copied.value.problems] == [
        f"{staging.dir}/a/b.html: không ghi được: File exists",
        f"{staging.dir}/a/c.css: không ghi được: File exists"]


@pytest.mark.parametrize("before", [False, True])
def test_a_commit_that_fails_says_so_naming_the_output(tmp_path, before):
    out = tmp_path / "output"
    if before:
        stage(out, {"index.html": b"old"})
    with Staging(out) as staging:
        staging.write("index.html", b"new")
        shutil.rmtree(staging.dir)  # gone: neither the exchange nor a rename can happen
        with pytest.raises(OutputError) as caught:
            staging.commit()
    assert [str(p) for p in caught.value.problems] == [
        f"{out}: không ghi được: No such file or directory"]


def test_staging_in_a_place_that_cannot_hold_it_is_a_plain_error(tmp_path):
    (tmp_path / "tep").write_text("a file")
    staging = Staging(tmp_path / "tep" / "output")
    with pytest.raises(OutputError) as caught:
        staging.__enter__()
    assert [str(p) for p in caught.value.problems] == [
        f"{staging.dir}: không ghi được: Not a directory"]


def test_staging_replaces_a_stale_one(tmp_path):
    out = tmp_path / "output"
    stale = tmp_path / f".output.staging-{os.getpid()}"
    stale.mkdir()
    (stale / "rac.html").write_text("x")
    stage(out, {"index.html": b"x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_staging_makes_missing_parents(tmp_path):
    out = tmp_path / "a" / "b" / "output"
    stage(out, {"index.html": b"x"})
    assert sorted(p.name for p in out.parent.iterdir()) == ["output"]


def test_an_old_site_that_cannot_be_put_back_is_a_plain_error(tmp_path):
    out = tmp_path / "output"
    out.symlink_to(tmp_path / "mat")  # a dangling link: no output, and no folder fits there
    old = tmp_path / ".output.old-1"
    old.mkdir()
    (old / MARKER).write_text("")
    with pytest.raises(OutputError) as caught:
        clean_leftovers(out)
    assert [str(p) for p in caught.value.problems] == [f"{out}: không ghi được: Not a directory"]


@pytest.mark.parametrize("portable", ["0", "1"])
def test_both_swaps_leave_nothing_beside_the_output(tmp_path, monkeypatch, portable):
    monkeypatch.setenv(PORTABLE_ENV, portable)
    out = tmp_path / "output"
    stage(out, {"index.html": b"one", "tags/a.html": b"a"})
    stage(out, {"index.html": b"two"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "index.html"]


def test_leftovers_with_folders_links_and_many_files_are_removed_whole(tmp_path):
    out = tmp_path / "output"
    stage(out, {"index.html": b"x"})
    outside = tmp_path / "ngoai"
    (outside / "giu").mkdir(parents=True)
    left = tmp_path / ".output.staging-99999"
    (left / "tags" / "sau").mkdir(parents=True)
    (left / MARKER).write_text("")
    for number in range(20):
        (left / f"{number}.html").write_text("x")
    (left / "tags" / "sau" / "a.html").write_text("x")
    (left / "lien-ket").symlink_to(outside)
    clean_leftovers(out)
    assert not left.exists()
    assert (outside / "giu").is_dir()


def test_a_file_that_changed_size_or_bytes_is_written_anew(tmp_path):
    out = tmp_path / "output"
    stage(out, {"a.html": b"ngan", "b.html": b"mot"})
    stage(out, {"a.html": "dài hơn nhiều".encode(), "b.html": b"hai"})
    assert (out / "a.html").read_bytes() == "dài hơn nhiều".encode()
    assert (out / "b.html").read_bytes() == b"hai"


def test_copies_are_reused_only_while_their_source_is_unchanged(tmp_path):
    out, source = tmp_path / "output", tmp_path / "style.css"
    source.write_text("p{color:red}")

    def build():
        with Staging(out) as staging:
            staging.copy("assets/style.css", source, "the theme")
            staging.commit()
        return out / "assets" / "style.css"

    first = build().stat().st_ino
    assert build().stat().st_ino == first  # unchanged: the same file, not a new copy
    mtime = source.stat().st_mtime_ns
    source.write_text("p{color:#0a0}")  # another size
    assert build().read_text() == "p{color:#0a0}"
    source.write_text("p{color:#0b0}")  # same size, new time
    os.utime(source, ns=(mtime + 10**9, mtime + 10**9))
    assert build().read_text() == "p{color:#0b0}"


def test_a_copy_that_clashes_names_its_origin(tmp_path):
    source = tmp_path / "a.css"
    source.write_text("x")
    with Staging(tmp_path / "output") as staging:
        staging.write("assets/a.css", b"y", origin="content/a.md")
        with pytest.raises(OutputError) as caught:
            staging.copy("assets/A.css", source, "the theme")
    assert [str(p) for p in caught.value.problems] == [
        "the theme: sẽ ghi assets/A.css, nhưng content/a.md đã ghi tệp này rồi"]


def test_an_old_site_left_between_the_two_renames_is_put_back(tmp_path):
    # A portable swap killed after moving the old site aside and before moving the new one
    # in: the next build finds no output/ and puts the newest old site of ours back.
    out = tmp_path / "output"
    older, newer, foreign = (tmp_path / f".output.old-{n}" for n in (1, 2, 3))
    for folder, text in ((older, "cũ hơn"), (newer, "cũ")):
        folder.mkdir()
        (folder / MARKER).write_text("")
        (folder / "index.html").write_text(text, encoding="utf-8")
        os.utime(folder, (1_000_000 + len(text), 1_000_000 + len(text)))
    os.utime(newer, (2_000_000, 2_000_000))
    foreign.mkdir()
    (foreign / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    os.utime(foreign, (3_000_000, 3_000_000))
    clean_leftovers(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.old-3", "output"]


@pytest.fixture
def small_parts(monkeypatch):
    """File operations in parts of 4 on two threads: a few files take every path."""
    monkeypatch.setattr(file_threads, "PART", 4)
    monkeypatch.setattr(file_threads, "THREADS", 2)


def test_many_unchanged_files_are_linked_and_the_gone_ones_named(tmp_path, small_parts):
    out = tmp_path / "output"
    names = [f"{year}/bai-{number}.html" for year in (2024, 2025) for number in range(15)]
    stage(out, {name: name.encode() for name in names})
    gone = {"2024/bai-3.html", "2025/bai-14.html"}
    for name in gone:
        (out / name).unlink()
    with Staging(out) as staging:
        for name in names:
            staging.reserve(name, "content")
        assert staging.reuse_all(names) == gone
        for name in set(names) - gone:
            assert os.stat(staging.dir / name).st_ino == os.stat(out / name).st_ino
        assert not any((staging.dir / name).exists() for name in gone)


def test_many_copies_link_the_unchanged_and_copy_the_rest(tmp_path, small_parts):
    photos = tmp_path / "anh"
    photos.mkdir()
    names = [f"anh-{number}.jpg" for number in range(20)]
    for name in names:
        (photos / name).write_bytes(name.encode())
    out = tmp_path / "output"
    with Staging(out) as staging:
        staging.copy_all([(f"media/{name}", photos / name, name) for name in names])
        staging.commit()
    (photos / "anh-7.jpg").write_bytes(b"a new photo under the same name")
    with Staging(out) as staging:
        staging.copy_all([(f"media/{name}", str(photos / name), name) for name in names])
        for name in names:
            same = os.stat(staging.dir / "media" / name).st_ino == os.stat(
                out / "media" / name).st_ino
            assert same == (name != "anh-7.jpg"), name
        assert (staging.dir / "media/anh-7.jpg").read_bytes() == b"a new photo under the same name"
        with pytest.raises(OutputError, match="anh-3.jpg"):
            staging.copy_all([("media/anh-3.jpg", photos / "anh-3.jpg", "content/anh-3.jpg")])


def _cache_photos(tmp_path, count: int) -> tuple[Path, list[str]]:
    """A photo cache folder with `count` small files."""
    cache = tmp_path / ".cache" / "photos"
    cache.mkdir(parents=True)
    names = [f"anh-{number}-480.webp" for number in range(count)]
    for name in names:
        (cache / name).write_bytes(name.encode())
    return cache, names


def test_shared_cache_files_are_links_not_new_files(tmp_path, small_parts):
    cache, names = _cache_photos(tmp_path, 12)
    out = tmp_path / "output"
    with Staging(out) as staging:
        staging.share_all([(f"media/{name}", cache / name, name) for name in names])
        staging.commit()
    for name in names:
        assert os.stat(out / "media" / name).st_ino == os.stat(cache / name).st_ino
        assert (out / "media" / name).read_bytes() == name.encode()
    # The cache puts a new copy in place by a rename: the published file stays as it was.
    (tmp_path / "anh-0.new").write_bytes(b"newer")
    os.replace(tmp_path / "anh-0.new", cache / names[0])
    assert (out / "media" / names[0]).read_bytes() == names[0].encode()
    with Staging(out) as staging:
        staging.share_all([(f"media/{name}", cache / name, name) for name in names])
        assert (staging.dir / "media" / names[0]).read_bytes() == b"newer"
        assert os.stat(staging.dir / "media" / names[5]).st_ino == os.stat(cache / names[5]).st_ino


def test_a_cache_file_with_no_room_for_more_links_is_copied(tmp_path, monkeypatch):
    cache, names = _cache_photos(tmp_path, 1)
    monkeypatch.setattr(output, "link_room", lambda path: 3)
    out = tmp_path / "output"
    with Staging(out) as staging:
        # One file under many names (a site whose photos are all one picture): two links
        # are made, with the cache's own that is three; the rest are copies. (One part,
        # on one thread: threads may each make one link past the room.)
        staging.share_all([(f"media/{n}.webp", cache / names[0], "x") for n in range(6)])
        staging.commit()
    inodes = [os.stat(out / "media" / f"{n}.webp").st_ino for n in range(6)]
    assert inodes.count(os.stat(cache / names[0]).st_ino) == 2
    assert len(set(inodes)) == 5
    assert all((out / "media" / f"{n}.webp").read_bytes() == names[0].encode() for n in range(6))
    # The next build finds no more room either: the old site's files, links and copies
    # alike, are linked again rather than copied anew.
    with Staging(out) as staging:
        staging.share_all([(f"media/{n}.webp", cache / names[0], "x") for n in range(6)])
        assert [os.stat(staging.dir / "media" / f"{n}.webp").st_ino for n in range(6)] == inodes


def test_link_room_is_half_of_what_the_file_system_allows(tmp_path, monkeypatch):
    (tmp_path / "f").write_bytes(b"x")
    assert output.link_room(tmp_path / "f") == os.pathconf(tmp_path / "f", "PC_LINK_MAX") // 2
    monkeypatch.delattr(os, "pathconf")  # as on Windows
    assert output.link_room(tmp_path / "f") == 511


def test_a_copy_that_fails_on_a_thread_is_a_plain_error_naming_it(tmp_path, small_parts):
    photos = tmp_path / "anh"
    photos.mkdir()
    names = [f"anh-{number}.jpg" for number in range(12)]
    for name in names:
        (photos / name).write_bytes(b"x")
    (photos / "anh-9.jpg").unlink()  # gone between planning and copying
    with Staging(tmp_path / "output") as staging:
        with pytest.raises(OutputError) as caught:
            staging.copy_all([(f"media/{name}", photos / name, name) for name in names])
    assert [str(p) for p in caught.value.problems] == [
        f"{staging.dir}/media/anh-9.jpg: không ghi được: No such file or directory"]


def test_removing_a_site_takes_every_file_and_folder_but_follows_no_link(tmp_path,
                                                                         small_parts):
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "giu.txt").write_text("kept")
    site = tmp_path / "site"
    for number in range(30):
        path = site / f"{number % 3}" / f"{number % 2}" / f"{number}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    (site / MARKER).write_bytes(b"ours")
    (site / "0" / "ra").symlink_to(outside)
    (site / "1" / "tep-ra").symlink_to(outside / "giu.txt")
    output.remove_tree(site)
    assert not site.exists()
    assert [p.name for p in outside.iterdir()] == ["giu.txt"]
