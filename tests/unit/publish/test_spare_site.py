"""The site a swap replaces is kept as a spare, and the next staging folder starts from it
(publish/output.py): files checked as they are claimed, the rest deleted, nothing ever
written into a file the live site may share."""
import errno
import json
import os
from pathlib import Path

import pytest

from builder.publish import output
from builder.publish.output import MARKER, Staging


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (the marker left out) by its relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARKER}


def build(out: Path, spare: Path, pages: dict[str, bytes], reused=(), copies=(),
          before_commit=None) -> Staging:
    """One build: `pages` written, `reused` taken from the live site, `copies` (path,
    source) copied; `before_commit(staging)` runs just before the swap."""
    with Staging(out, spare) as staging:
        for path in reused:
            staging.reserve(path, path)
            assert staging.reuse(path)
        for path, data in pages.items():
            staging.write(path, data)
        staging.copy_all([(path, source, path) for path, source in copies])
        if before_commit:
            before_commit(staging)
        staging.commit()
    return staging


def test_the_next_build_starts_from_the_replaced_site_and_keeps_only_what_it_claims(tmp_path):
    out, spare = tmp_path / "output", tmp_path / ".cache" / "spare-site"
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(b"\xff\xd8 anh Dan van kheo")
    one = {"index.html": "Trang chủ 1".encode(),
           "bai/dan-van-kheo.html": "Dân vận khéo".encode(), "the/cu.html": b"the cu"}
    assert not build(out, spare, one, copies=[("media/anh.jpg", photo)]).from_spare
    assert tree(out) == {**one, "media/anh.jpg": photo.read_bytes()}
    # Nothing was replaced yet: the spare is the first site, each file a link of the live
    # one's, so that the next build starts from it as from any spare.
    assert tree(spare) == tree(out)
    assert (spare / "index.html").stat().st_ino == (out / "index.html").stat().st_ino
    two = {"index.html": "Trang chủ 2".encode(), "bai/moi.html": "Bài mới".encode()}
    assert build(out, spare, two, reused=["bai/dan-van-kheo.html"],
                 copies=[("media/anh.jpg", photo)]).from_spare
    assert tree(out) == {**two, "bai/dan-van-kheo.html": "Dân vận khéo".encode(),
                         "media/anh.jpg": photo.read_bytes()}
    assert tree(spare) == {**one, "media/anh.jpg": photo.read_bytes()}  # the first site
    three = {"index.html": "Trang chủ 3".encode()}
    staging = build(out, spare, three, reused=["bai/moi.html"])
    assert staging.from_spare
    # Exactly the third site: the first one's page, tag page and photo, which the spare
    # held and this build did not claim, are gone, and so is the folder left empty.
    assert tree(out) == {**three, "bai/moi.html": "Bài mới".encode()}
    assert not (out / "the").exists() and not (out / "media").exists()
    assert (out / MARKER).is_file()
    assert tree(spare) == {**two, "bai/dan-van-kheo.html": "Dân vận khéo".encode(),
                           "media/anh.jpg": photo.read_bytes()}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "anh.jpg", "output"]


def test_a_spare_file_shared_with_the_live_site_is_replaced_never_written_into(tmp_path):
    out, spare = tmp_path / "output", tmp_path / "spare"
    build(out, spare, {"bai.html": b"ban 1", "index.html": b"1"})
    # The second site links its unchanged page: the live site and the spare (the first
    # site) then share that very file.
    build(out, spare, {"index.html": b"2"}, reused=["bai.html"])
    assert os.path.samestat(os.stat(out / "bai.html"), os.stat(spare / "bai.html"))
    seen = {}

    def look(staging):
        seen["live"] = tree(out)
        seen["staged"] = (staging.dir / "bai.html").read_bytes()

    build(out, spare, {"index.html": b"3", "bai.html": "bản 3".encode()}, before_commit=look)
    assert seen == {"live": {"bai.html": b"ban 1", "index.html": b"2"},
                    "staged": "bản 3".encode()}
    assert tree(out) == {"bai.html": "bản 3".encode(), "index.html": b"3"}
    assert tree(spare) == {"bai.html": b"ban 1", "index.html": b"2"}


def test_unchanged_files_of_the_spare_are_kept_as_they_are(tmp_path):
    out, spare = tmp_path / "output", tmp_path / "spare"
    photo = tmp_path / "anh.webp"
    photo.write_bytes(b"RIFF anh")
    for number in range(3):
        build(out, spare, {"index.html": b"x", f"so-{number}.html": b"n"},
              copies=[("media/anh.webp", photo)])
    # The third build kept the spare's own files where they held what it wanted.
    kept = os.stat(spare / "index.html").st_ino  # the second site's, now the spare
    staging = build(out, spare, {"index.html": b"x"}, copies=[("media/anh.webp", photo)])
    assert staging.from_spare
    assert os.stat(out / "index.html").st_ino == kept
    assert tree(out) == {"index.html": b"x", "media/anh.webp": b"RIFF anh"}


def test_a_spare_holding_a_link_is_not_used(tmp_path):
    out, spare = tmp_path / "output", tmp_path / "spare"
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"ngoai")
    build(out, spare, {"index.html": b"1"})
    build(out, spare, {"index.html": b"2"})
    (spare / "la.html").symlink_to(outside)
    staging = build(out, spare, {"index.html": b"3", "la.html": b"trong"})
    assert not staging.from_spare
    assert tree(out) == {"index.html": b"3", "la.html": b"trong"}
    assert not (out / "la.html").is_symlink()
    assert outside.read_bytes() == b"ngoai"


def test_a_spare_file_where_this_build_needs_a_folder_makes_way(tmp_path):
    out, spare = tmp_path / "output", tmp_path / "spare"
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(b"anh")
    build(out, spare, {"index.html": b"1", "anh": b"a file named like a folder"})
    build(out, spare, {"index.html": b"2"})
    staging = build(out, spare, {"index.html": b"3"}, copies=[("anh/anh.jpg", photo)])
    assert staging.from_spare
    assert tree(out) == {"index.html": b"3", "anh/anh.jpg": b"anh"}


def test_a_spare_file_is_taken_for_the_live_one_only_when_it_surely_is_that_file(tmp_path):
    """Same file number and disk alone do not do: a file system without real file numbers
    (FAT, some network shares) may give two files one, and it has no links."""
    live, spare = tmp_path / "live.html", tmp_path / "spare.html"
    live.write_bytes("Dân vận khéo".encode())
    os.link(live, spare)
    linked = os.lstat(spare)
    assert output._is_file(str(live), linked)

    def forged(**change):
        """The spare's file as such a file system might describe it."""
        fields = {"st_mode": linked.st_mode, "st_ino": linked.st_ino, "st_dev": linked.st_dev,
                  "st_nlink": linked.st_nlink, "st_size": linked.st_size}
        fields.update(change)
        values = [fields["st_mode"], fields["st_ino"], fields["st_dev"], fields["st_nlink"],
                  linked.st_uid, linked.st_gid, fields["st_size"], int(linked.st_atime),
                  int(linked.st_mtime), int(linked.st_ctime)]
        return os.stat_result(values + [linked.st_atime, linked.st_mtime, linked.st_ctime,
                                        linked.st_atime_ns, change.get("st_mtime_ns",
                                                                       linked.st_mtime_ns),
                                        linked.st_ctime_ns])

    assert output._is_file(str(live), forged())
    assert not output._is_file(str(live), forged(st_nlink=1))
    assert not output._is_file(str(live), forged(st_size=linked.st_size + 1))
    assert not output._is_file(str(live), forged(st_mtime_ns=linked.st_mtime_ns - 1))
    assert not output._is_file(str(tmp_path / "gone.html"), linked)


def quick(out: Path, spare: Path, pages: dict[str, bytes]) -> Staging:
    """A build that writes `pages` and keeps every other file of the live site."""
    with Staging(out, spare) as staging:
        assert not staging.keep_old_files(set(pages))
        for path, data in pages.items():
            staging.write(path, data)
        staging.commit(changed=set(pages))
    return staging


def journal(spare: Path) -> list[str] | None:
    """The paths the journal beside the spare names, None if there is none."""
    path = spare.parent / output.SPARE_JOURNAL
    return json.loads(path.read_bytes())["differs"] if path.exists() else None


def test_a_build_that_knows_what_it_changed_leaves_a_journal_the_next_one_follows(
        tmp_path, monkeypatch):
    """After the first build the spare is its copy (the journal names nothing); each quick
    build names its pages, and the next brings the spare up to date at those paths
    alone, without looking at any other file, its result the site it means."""
    out, spare = tmp_path / "output", tmp_path / ".cache" / "spare-site"
    one = {"index.html": b"Trang chu", "bai/a.html": "Bài A 1".encode(),
           "bai/b.html": "Bài B 1".encode(), "the/duc-hue.html": "Đức Huệ".encode()}
    build(out, spare, one)
    assert journal(spare) == []
    looked_at = []
    real_lstat = os.lstat
    monkeypatch.setattr(output.os, "lstat",
                        lambda path, *args, **kw: looked_at.append(str(path)) or
                        real_lstat(path, *args, **kw))
    staging = quick(out, spare, {"bai/a.html": "Bài A 2".encode()})
    assert staging.differs == set()
    assert tree(out) == {**one, "bai/a.html": "Bài A 2".encode()}
    assert journal(spare) == ["bai/a.html"] and tree(spare) == one
    looked_at.clear()
    staging = quick(out, spare, {"bai/b.html": "Bài B 2".encode()})
    assert staging.differs == {"bai/a.html"}
    assert tree(out) == {**one, "bai/a.html": "Bài A 2".encode(),
                         "bai/b.html": "Bài B 2".encode()}
    assert tree(spare) == {**one, "bai/a.html": "Bài A 2".encode()}
    assert journal(spare) == ["bai/b.html"]
    assert not [path for path in looked_at if "duc-hue" in path or "index" in path]


def test_a_path_the_journal_names_is_made_as_the_output_has_it_even_gone(tmp_path):
    """The spare holds a file the output no longer has (and a folder left empty by it):
    both go; a file the spare lacks comes from the output."""
    out, spare = tmp_path / "output", tmp_path / ".cache" / "spare-site"
    build(out, spare, {"index.html": b"1", "cu/bai.html": b"cu"})
    build(out, spare, {"index.html": b"2", "moi.html": b"moi"})  # a full build: no journal
    assert journal(spare) is None
    quick(out, spare, {"index.html": b"3"})  # checks every file: its journal names index
    assert journal(spare) == ["index.html"]
    # What the spare lacks or holds apart from the output: as a journal would name them.
    path = spare.parent / output.SPARE_JOURNAL
    kept = json.loads(path.read_bytes())
    (spare / "moi.html").unlink()
    (spare / "cu").mkdir()
    (spare / "cu" / "bai.html").write_bytes(b"cu")
    kept["differs"] = ["index.html", "moi.html", "cu/bai.html"]
    path.write_text(json.dumps(kept), "ascii")
    quick(out, spare, {"the.html": b"the"})
    assert tree(out) == {"index.html": b"3", "moi.html": b"moi", "the.html": b"the"}
    assert not (out / "cu").exists()


@pytest.mark.parametrize("change", ["a file deleted by hand", "the folder made again"])
def test_a_journal_that_does_not_hold_for_the_spare_is_not_followed(tmp_path, change):
    """A file deleted from the spare (the journal counts its files) or the spare made
    again as another folder (its file number): the next build checks it file by file."""
    out, spare = tmp_path / "output", tmp_path / ".cache" / "spare-site"
    build(out, spare, {"index.html": b"1", "bai.html": b"bai 1"})
    quick(out, spare, {"bai.html": b"bai 2"})
    (spare / "index.html").unlink()
    if change == "the folder made again":
        (spare / "index.html").write_bytes(b"1")
        os.rename(spare, spare.with_name("tam"))
        os.makedirs(spare)
        for path in spare.with_name("tam").iterdir():
            os.rename(path, spare / path.name)
        os.rmdir(spare.with_name("tam"))
    staging = quick(out, spare, {"moi.html": b"moi"})
    assert staging.from_spare and staging.differs is None  # checked file by file
    assert tree(out) == {"index.html": b"1", "bai.html": b"bai 2", "moi.html": b"moi"}


def test_a_spare_with_a_journal_but_a_link_is_not_used_either(tmp_path):
    """A folder of the spare replaced by a link leading out: the spare is not taken, its
    journal notwithstanding, and nothing is written through the link."""
    out, spare = tmp_path / "output", tmp_path / ".cache" / "spare-site"
    outside = tmp_path / "ngoai"
    outside.mkdir()
    build(out, spare, {"index.html": b"1", "bai/a.html": b"a 1"})
    quick(out, spare, {"bai/a.html": b"a 2"})
    assert journal(spare) == ["bai/a.html"]
    for path in (spare / "bai").iterdir():
        path.unlink()
    (spare / "bai").rmdir()
    (spare / "bai").symlink_to(outside)
    staging = quick(out, spare, {"index.html": b"2"})
    assert not staging.from_spare and staging.differs is None
    assert list(outside.iterdir()) == []
    assert tree(out) == {"index.html": b"2", "bai/a.html": b"a 2"}


def test_a_file_that_cannot_take_one_more_link_is_copied_into_the_first_spare(
        tmp_path, monkeypatch):
    """A file at its file system's most links (a photo shared by tens of thousands of
    pages) cannot be linked into the first build's spare: it is copied, and the spare and
    its journal are kept all the same."""
    out, spare = tmp_path / "output", tmp_path / ".cache" / "spare-site"
    real_link = os.link

    def link(source, target, *args, **kwargs):
        if str(target).startswith(str(spare)) and str(source).endswith("anh.jpg"):
            raise OSError(errno.EMLINK, "Too many links")
        return real_link(source, target, *args, **kwargs)

    monkeypatch.setattr(output.os, "link", link)
    build(out, spare, {"index.html": b"1", "media/anh.jpg": b"\xff\xd8 anh"})
    assert tree(spare) == tree(out) and journal(spare) == []
    inode = {folder: (folder / "media" / "anh.jpg").stat().st_ino for folder in (out, spare)}
    assert inode[spare] != inode[out]
    assert (spare / "index.html").stat().st_ino == (out / "index.html").stat().st_ino
