"""incremental/records: the record of the last build is used only for its own folder and
salt, and a stale one is recognised by its head, without decoding the whole file."""
from __future__ import annotations

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

    monkeypatch.setattr(records_module, "read_data", no_decoding)
    assert records.load("muối-2" if other == "salt" else "muối-1") is EMPTY


def test_a_record_cut_short_is_not_used(tmp_path):
    records = saved(tmp_path)
    data = records.path.read_bytes()
    records.path.write_bytes(data[:len(data) // 2])
    assert records.load("muối-1") is EMPTY
