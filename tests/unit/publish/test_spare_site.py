"""The site a swap replaces is kept as a spare, and the next staging folder starts from it
(publish/output.py): files checked as they are claimed, the rest deleted, nothing ever
written into a file the live site may share."""
import os
from pathlib import Path

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
    assert not spare.exists()  # nothing was replaced yet
    two = {"index.html": "Trang chủ 2".encode(), "bai/moi.html": "Bài mới".encode()}
    assert build(out, spare, two, reused=["bai/dan-van-kheo.html"],
                 copies=[("media/anh.jpg", photo)]).from_spare is False  # no spare yet
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
