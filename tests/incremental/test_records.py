"""incremental/records: the record of the last build is used only for its own folder and
salt, and a stale one is recognised by its head, without decoding the whole file."""
from __future__ import annotations

import json

import pytest

from builder.incremental import records as records_module
from builder.incremental.reads import PageReads, pack
from builder.incremental.records import EMPTY, DiskRecords, Record


def saved(tmp_path, folder: str = "đầu ra") -> DiskRecords:
    """Records of an output folder with a Vietnamese name, one record saved."""
    output = tmp_path / folder
    output.mkdir()
    records = DiskRecords(tmp_path / "cache", output)
    records.save(Record("muối-1", {"2024/05/duc-hoa.html": "d1"},
                        reads=PageReads(["thẻ|Đức Hòa"], {"2024/05/duc-hoa.html": pack([0])})))
    return records


def test_the_record_comes_back_for_its_salt_and_folder(tmp_path):
    records = saved(tmp_path)
    record = records.load("muối-1")
    assert record.pages == {"2024/05/duc-hoa.html": "d1"}
    assert record.reads.keys("2024/05/duc-hoa.html") == ("thẻ|Đức Hòa",)


@pytest.mark.parametrize("other", ["salt", "folder"])
def test_a_record_of_another_salt_or_folder_is_not_decoded(tmp_path, monkeypatch, other):
    records = saved(tmp_path)
    if other == "folder":
        elsewhere = tmp_path / "nơi khác"
        elsewhere.mkdir()
        records = DiskRecords(tmp_path / "cache", elsewhere)

    def no_decoding(*args, **kwargs):
        raise AssertionError("the whole record was decoded")

    monkeypatch.setattr(records_module, "_read_stored", no_decoding)
    assert records.load("muối-2" if other == "salt" else "muối-1") is EMPTY


def test_a_record_cut_short_is_not_used(tmp_path):
    records = saved(tmp_path)
    data = records.path.read_bytes()
    records.path.write_bytes(data[:len(data) // 2])
    assert records.load("muối-1") is EMPTY


def test_every_part_of_a_record_comes_back_as_it_was_saved(tmp_path):
    """Pages, groups, articles, related posts, reads, articles' links, feeds and other
    files' keys, with Vietnamese and undecodable names, and more entries than one part of
    the file holds."""
    output = tmp_path / "output"
    output.mkdir()
    records = DiskRecords(tmp_path / "cache", output)
    odd = "2024/tin-\udcff.html"  # a file name that is not UTF-8, as os.listdir gives it
    pages = {f"2024/{n:05d}/bài-{n}.html": f"d{n}" for n in range(9000)}
    pages[odd] = "d-odd"
    reads = PageReads(["thẻ|Đức Hòa", "ảnh|a.jpg", "thẻ|Dân vận khéo"],
                      {path: pack([n % 3, (n + 1) % 3][: n % 3]) for n, path in enumerate(pages)})
    record = Record("muối", pages,
                    {"sitemap": ("s1", ["sitemap.xml"]), "feed feeds/đức-hòa.xml": ("f1", [])},
                    "cấu trúc", {path: f"k{n}" for n, path in enumerate(list(pages)[:5000])},
                    ("liên quan", tuple((n, n + 1) for n in range(50)) + ((),)), reads,
                    {f"2024/bài-{n}.md": [f"2024/{n:05d}/bài-{n}.html", "media/ảnh.jpg", ""]
                     for n in range(5000)},
                    {"feeds/tags/đức-hòa.xml": ["Tin thi đua – Thẻ: Đức Hòa", "tags/duc-hoa.html",
                                               "2024/00001/bài-1.html"]},
                    {"pages/gioi-thieu.md": "k-gt", "2024/nhap.md": "k-nhap"})
    records.save(record)
    assert records.load("muối") == record


@pytest.mark.parametrize("damage", [
    ("pages", {"a.html": 1}), ("groups", {"g": ["d", [1]]}), ("related", [[1, "2"]]),
    ("reads_counts", [2]), ("reads", "không phải base64"), ("format", 1), ("articles", []),
    ("links", {"a.md": "a.html"}), ("links", {"a.md": []}), ("feeds", {"f.xml": ["tên"]}),
    ("others", {"a.md": 1})])
def test_a_record_with_a_value_of_the_wrong_kind_is_not_used(tmp_path, damage):
    records = saved(tmp_path)
    stored = json.loads(records.path.read_bytes())
    stored[damage[0]] = damage[1]
    records.path.write_text(json.dumps(stored), encoding="ascii")
    assert records.load("muối-1") is EMPTY


def test_the_record_of_the_older_format_is_left_unread_and_then_deleted(tmp_path):
    """Versions before this one kept the record in the general format (pages.json): it is
    not read, and the first save takes it away."""
    records = saved(tmp_path)
    older = tmp_path / "cache" / records_module.OLDER_RECORD_FILE
    older.write_bytes(records.path.read_bytes())
    records.path.unlink()
    assert records.load("muối-1") is EMPTY
    records.save(Record("muối-1"))
    assert not older.exists() and records.load("muối-1") == Record("muối-1")


def test_a_large_record_is_written_a_few_thousand_entries_at_a_time():
    """The whole text of a large record is never held at once (at 100,000 articles the
    copies of it took a build's memory 130 MB over all it held before)."""
    pages = {f"{n}/đức-hòa.html": f"d{n}" for n in range(5 * records_module._PART_ITEMS)}
    parts = list(records_module._record_parts(Record("muối", pages, articles=pages),
                                              "/tmp/đầu ra", 12))
    whole = b"".join(parts)
    assert json.loads(whole)["pages"] == pages
    assert max(len(part) for part in parts) < len(whole) / 8


def test_a_record_json_cannot_hold_leaves_the_last_one_in_place(tmp_path):
    """A failed save is no error: the site is built, and the record on disk stays whole."""
    records = saved(tmp_path)
    before = records.path.read_bytes()
    records.save(Record("muối-2", {"a.html": object()}))
    assert records.path.read_bytes() == before
    assert [p.name for p in records.path.parent.iterdir()] == [records.path.name]
