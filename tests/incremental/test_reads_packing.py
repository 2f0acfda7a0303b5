"""incremental/reads: a page's reads packed as 32-bit numbers, and reads of another form
refused instead of misread."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from builder.incremental.reads import PageReads, ReadsWriter, pack, unpack


@given(st.lists(st.integers(0, 2**32 - 1), max_size=200))
def test_indexes_come_back_as_they_were_packed(indexes):
    data = pack(indexes)
    assert len(data) == 4 * len(indexes)
    assert list(unpack(data)) == indexes


def test_packed_indexes_are_little_endian_whatever_the_machine():
    assert pack([1, 256]) == b"\x01\x00\x00\x00\x00\x01\x00\x00"


def test_the_writer_keeps_adds_and_renumbers_the_reads_of_pages():
    old = PageReads(["thẻ|Đức Hòa", "thẻ|Bến Lức", "ảnh|k1"],
                    {"a.html": pack([0, 2]), "b.html": pack([1])})
    writer = ReadsWriter(old)
    writer.keep("a.html")
    writer.add("c.html", ("ảnh|k1", "thẻ|Cần Giuộc"))
    reads = writer.result(live=0)  # 4 keys, under 2 * 0 + 1024: the table is kept
    assert reads.keys("a.html") == ("thẻ|Đức Hòa", "ảnh|k1")
    assert reads.keys("c.html") == ("ảnh|k1", "thẻ|Cần Giuộc")
    assert reads.keys("b.html") == ()  # not kept: not in the new record
    assert reads.readers({2}) == {"a.html", "c.html"}
    assert reads.read_any("c.html", {3}) and not reads.read_any("a.html", {1, 3})


def test_a_page_added_after_the_writer_let_go_of_its_index_reuses_the_known_keys():
    writer = ReadsWriter(PageReads(["thẻ|Đức Hòa"], {}))
    writer.add("a.html", ("thẻ|Đức Hòa", "ảnh|k1"))
    writer.done()
    assert writer._index is None  # what done() is for: the index is not held on
    writer.add("b.html", ("ảnh|k1", "thẻ|Cần Giuộc"))
    reads = writer.result(live=0)
    assert reads.table == ["thẻ|Đức Hòa", "ảnh|k1", "thẻ|Cần Giuộc"]
    assert reads.keys("b.html") == ("ảnh|k1", "thẻ|Cần Giuộc")


def test_a_table_grown_stale_is_made_afresh_with_the_same_keys_per_page():
    table = [f"thẻ|{n}" for n in range(3000)]
    old = PageReads(table, {"a.html": pack([5, 2999]), "b.html": pack([7])})
    writer = ReadsWriter(old)
    writer.keep("a.html")
    writer.keep("b.html")
    reads = writer.result(live=2)
    assert reads.table == ["thẻ|5", "thẻ|7", "thẻ|2999"]
    assert reads.keys("a.html") == ("thẻ|5", "thẻ|2999")
    assert reads.keys("b.html") == ("thẻ|7",)


def test_reads_as_lists_or_cut_short_are_not_well_formed():
    assert PageReads(["k"], {"a.html": pack([0])}).well_formed()
    assert not PageReads(["k"], {"a.html": [0]}).well_formed()
    assert not PageReads(["k"], {"a.html": pack([0])[:3]}).well_formed()
