"""incremental/typed_data: the content cache's entries, laid out by the dataclasses'
annotations, come back equal and of the same types, and nothing else comes out."""
import dataclasses
import json
import pickle
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from builder.content.articles import Article
from builder.content.loading import CACHED_KINDS, FileResult, process_file
from builder.content.markdown_convert import Converted, Converter
from builder.core.config import SiteConfig
from builder.core.errors import Problem, Text
from builder.core.frozen import FrozenMap
from builder.incremental import plain_data
from builder.incremental.typed_data import TypedCodec

CODEC = TypedCodec(FileResult, CACHED_KINDS)
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def rich_result() -> FileResult:
    """An entry using every kind of field the format has, with awkward values in each."""
    reason = Text.of("content", "not_utf8", byte="0xC3")
    warning = Problem("content/bai.md", 7, None, "tags",
                      Text.of("content", "lookalike_tag", typed="Ðức Hòa", letters="Ð",
                              name=reason))
    article = Article(
        source="thời-sự/bài\udcff.md", title="Đức Hòa ra quân “Dân vận khéo”",
        date=datetime(2024, 10, 27, 1, 30, fold=1, tzinfo=HCM), body="", body_line=9,
        date_has_time=False, updated=datetime(2024, 11, 2, 8, 0,
                                              tzinfo=timezone(timedelta(hours=7))),
        tags=("Dân vận", "Đức Hòa", ""), category=None, authors=("Kim Ngân",),
        summary="Tóm tắt " * 20, image="anh/le-ra-quan.jpg", image_caption=None,
        slug="ra-quan", aliases=("tin-cu/ra-quan.html",), title_slug="duc-hoa-ra-quan",
        draft=True, is_page=False,
        extra=FrozenMap({"nguon": ["Báo Long An", ("a", 1)], "so": 3, "ty_le": 0.5,
                         "bang": FrozenMap({"k": None}), "ngay": datetime(2024, 1, 1)}),
        lines=FrozenMap({"title": 2, "date": 3, "tags": 4}))
    body = Converted.of('<p>Đoạn <a href="cnref:0">đầu</a>.</p>', ("anh/le-ra-quan.jpg",),
                        "Đoạn đầu.", warnings=(warning,), ref_places=((3, None), (None, None)))
    return FileResult(article.source, article, body, (), (warning,))


def test_every_kind_of_field_comes_back_equal_and_of_its_type():
    result = rich_result()
    back = CODEC.loads(CODEC.dumps(result))
    assert back == result
    assert repr(back) == repr(result)  # page digests read the repr
    assert back.article.date.tzinfo is HCM and back.article.date.fold == 1
    assert type(back.article.extra["nguon"]) is list and type(back.article.tags) is tuple
    assert type(back.article.extra["nguon"][1]) is tuple
    assert back.body.html == result.body.html and back.body.ref_places == ((3, None), (None, None))
    assert back.warnings[0].message.values == result.warnings[0].message.values
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.article.title = "khác"


def test_a_reader_without_bodies_gets_every_field_but_the_bodies_html():
    """A one-shot build reads a body's HTML back only when a page shows it: decoded
    without it, the entry is the same but for b"" in its place, and a body that is not
    text is refused all the same."""
    result = rich_result()
    data = CODEC.dumps(result)
    without = TypedCodec(FileResult, CACHED_KINDS, bytes_left_out=True)
    back = without.loads(data)
    assert back.body.packed == b"" and result.body.packed != b""
    assert back == dataclasses.replace(result, body=dataclasses.replace(result.body, packed=b""))
    entry = json.loads(data)
    entry[2][0] = 12  # the body's packed HTML, as a number
    with pytest.raises(plain_data.NotPlainData):
        without.loads(json.dumps(entry).encode())


def test_a_converted_article_round_trips_and_shares_its_names(tmp_path):
    (tmp_path / "anh.jpg").write_bytes(b"\xff\xd8")
    for name in ("mot.md", "hai.md"):
        (tmp_path / name).write_text(
            "---\ntitle: Đức Hòa ra quân\ndate: 2024-05-01 07:30\ntags: [Dân vận, Đức Hòa]\n"
            "category: Dân vận khéo\nauthor: Kim Ngân\n---\n\nĐoạn **đầu** [ảnh](anh.jpg).\n", encoding="utf-8")
    first, second = (CODEC.loads(CODEC.dumps(
        process_file(tmp_path, name, SiteConfig(), "content", Converter())))
        for name in ("mot.md", "hai.md"))
    assert first.article.title == "Đức Hòa ra quân" and first.body.refs == ("anh.jpg",)
    # What articles have in common is held once per process, as plain_data does.
    assert first.article.tags[1] is second.article.tags[1]
    assert first.article.category is second.article.category
    assert first.article.lines is second.article.lines
    # No extra fields: both hold the one empty map, not one each.
    assert first.article.extra == {} and first.article.extra is second.article.extra


def test_the_entry_is_smaller_than_in_the_general_format():
    result = rich_result()
    assert len(CODEC.dumps(result)) < len(plain_data.dumps(result, CACHED_KINDS))


@pytest.mark.parametrize("change", [
    lambda data: data[:-1],  # a field missing
    lambda data: data + [None],  # a field too many
    lambda data: [data[0], data[1][:4] + [True] + data[1][5:]] + data[2:],  # True for a line
    lambda data: [data[0], data[1][:1] + [["not", "text"]] + data[1][2:]] + data[2:],
    lambda data: [7] + data[1:],  # a number for the source
    lambda data: [data[0], data[1][:7] + [[1, 2]] + data[1][8:]] + data[2:],  # numbers as tags
    lambda data: [data[0], data[1][:18] + [[["k", {"C": "Planted", "f": []}]]]
                  + data[1][19:]] + data[2:],  # an unknown class in the open part
    lambda data: [data[0], data[1][:19] + [[["title", "2"]]] + data[1][20:]] + data[2:],
    lambda data: {"C": "FileResult", "f": []},  # the general format
])
def test_a_value_of_the_wrong_kind_anywhere_rejects_the_entry(change):
    data = json.loads(CODEC.dumps(rich_result()))
    with pytest.raises(plain_data.NotPlainData):
        CODEC.loads(json.dumps(change(data)).encode())


@pytest.mark.parametrize("data", [b"", b"\x80\x04K\x01.", b"[", b"null", b'"x"',
                                  pickle.dumps(rich_result())])
def test_what_is_not_an_entry_is_rejected(data):
    with pytest.raises(plain_data.NotPlainData):
        CODEC.loads(data)


@pytest.mark.parametrize("change", [
    {"tags": ["Dân vận"]},  # a list where the annotation says tuple
    {"lines": {"title": 2}},  # a dict where a FrozenMap belongs
    {"body_line": True},
    {"lines": FrozenMap({"title": "2"})},
])
def test_a_value_the_annotations_do_not_allow_is_not_stored(change):
    result = rich_result()
    odd = dataclasses.replace(result, article=dataclasses.replace(result.article, **change))
    with pytest.raises(plain_data.NotPlainData):
        CODEC.dumps(odd)


def test_only_the_named_kinds_are_encoded():
    with pytest.raises(plain_data.NotPlainData):
        TypedCodec(FileResult, (FileResult, Article, Problem, Text))  # Converted missing
    with pytest.raises(plain_data.NotPlainData):
        CODEC.dumps(rich_result().article)


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)


@settings(max_examples=200, deadline=None)
@given(title=names, tags=st.lists(names, max_size=5).map(tuple),
       line=st.integers(min_value=1, max_value=10**9), moment=st.datetimes(
           min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1),
           timezones=st.sampled_from([HCM, timezone.utc, timezone(timedelta(hours=-3))])),
       extra=st.dictionaries(names, st.one_of(names, st.integers(), st.none(), st.booleans()),
                             max_size=4))
def test_any_text_and_date_round_trip(title, tags, line, moment, extra):
    result = rich_result()
    article = dataclasses.replace(result.article, title=title, tags=tags, date=moment,
                                  body_line=line, extra=FrozenMap(extra),
                                  lines=FrozenMap({k: line for k in extra}))
    again = CODEC.loads(CODEC.dumps(dataclasses.replace(result, article=article)))
    assert again.article == article and repr(again.article) == repr(article)


def test_some_fields_of_an_entry_come_back_as_the_whole_entry_has_them():
    result = rich_result()
    data = CODEC.dumps(result)
    source, packed, title = CODEC.loads_fields(data, ("source",), ("body", "packed"),
                                               ("article", "title"))
    assert (source, packed, title) == (result.source, result.body.packed, result.article.title)
    assert type(packed) is bytes


def test_a_field_through_a_missing_body_is_none_and_a_wrong_path_is_refused():
    broken = FileResult("hong.md", None, None, (Problem("content/hong.md", 2, 8, None,
                                                        Text.of("content", "field_empty")),))
    data = CODEC.dumps(broken)
    assert CODEC.loads_fields(data, ("body", "packed")) == [None]
    with pytest.raises(plain_data.NotPlainData):
        CODEC.loads_fields(data, ("nothing",))
    with pytest.raises(plain_data.NotPlainData):
        CODEC.loads_fields(b'["hong.md", null]', ("source",))  # not a whole entry
