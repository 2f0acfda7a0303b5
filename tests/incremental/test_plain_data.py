"""incremental/plain_data: dataclasses come back equal, frozen, and checked as before."""
import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from builder.content.loading import CACHED_KINDS, process_file
from builder.content.markdown_convert import Converter
from builder.core.config import SiteConfig
from builder.core.frozen import FrozenMap
from builder.incremental import plain_data


@dataclasses.dataclass(frozen=True)
class Checked:
    """A dataclass whose __post_init__ must run on decoding too."""

    text: str
    size: int = 0

    def __post_init__(self):
        if self.size != len(self.text):
            raise ValueError("size does not match")


def test_a_converted_article_comes_back_equal_and_frozen(tmp_path):
    (tmp_path / "bai.md").write_text(
        "---\ntitle: Đức Hòa ra quân “Dân vận khéo”\ndate: 2024-05-01 07:30\n"
        "tags: [Dân vận, Đức Hòa]\nauthor: Kim Ngân\n---\n\nĐoạn **đầu**.\n", encoding="utf-8")
    result = process_file(tmp_path, "bai.md", SiteConfig(), "content", Converter())
    back = plain_data.loads(plain_data.dumps(result, CACHED_KINDS), CACHED_KINDS)
    assert back == result and hash(back.article) == hash(result.article)
    assert repr(back.article) == repr(result.article)  # page digests read the repr
    assert back.article.date == datetime(2024, 5, 1, 7, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.article.title = "khác"
    assert dataclasses.replace(back.article, title="khác").title == "khác"


def test_a_dataclass_with_checks_is_built_through_them():
    data = plain_data.dumps(Checked("abc", 3), (Checked,))
    assert plain_data.loads(data, (Checked,)) == Checked("abc", 3)
    with pytest.raises(plain_data.NotPlainData):
        plain_data.loads(data.replace(b"3", b"4"), (Checked,))


def test_missing_or_unknown_fields_are_refused_or_defaulted():
    assert plain_data.loads(b'{"C":"Checked","f":[["text",""]]}', (Checked,)) == Checked("")
    with pytest.raises(plain_data.NotPlainData):
        plain_data.loads(b'{"C":"Checked","f":[["text",""],["other",1]]}', (Checked,))


def _article(folder, name, title, lines_before=""):
    (folder / name).write_text(
        f"---\n{lines_before}title: {title}\ndate: 2024-05-01 07:30\n"
        "tags: [Dân vận khéo, Đức Hòa]\ncategory: Xây dựng Đảng\nauthor: Kim Ngân\n---\n\n"
        "Đoạn đầu.\n", encoding="utf-8")
    result = process_file(folder, name, SiteConfig(), "content", Converter())
    return plain_data.loads(plain_data.dumps(result, CACHED_KINDS), CACHED_KINDS)


def test_articles_decoded_apart_share_their_names_and_equal_line_maps(tmp_path):
    one = _article(tmp_path, "mot.md", "Ra quân tháng Năm").article
    two = _article(tmp_path, "hai.md", "Tổng kết quý II").article
    assert one.tags == ("Dân vận khéo", "Đức Hòa") and one.category == "Xây dựng Đảng"
    assert all(a is b for a, b in zip(one.tags, two.tags))
    assert one.category is two.category and one.authors[0] is two.authors[0]
    assert one.lines is two.lines and one.extra is two.extra  # same template, one map
    other = _article(tmp_path, "ba.md", "Khác dòng", lines_before="slug: khac-dong\n").article
    assert other.lines is not one.lines and other.line_of("title") == 3


def test_maps_are_shared_only_with_maps_of_the_same_values_and_kinds():
    kinds = (FrozenMapHolder,)
    decoded = [plain_data.loads(plain_data.dumps(FrozenMapHolder(FrozenMap(pairs)), kinds),
                                kinds).map
               for pairs in ({"x": 1}, {"x": True}, {"x": "1"}, {1: "x"}, {True: "x"},
                             {"x": (1, 2)}, {"x": 1})]
    assert [type(v) for m in decoded for v in m.values()] == [int, bool, str, str, str, tuple,
                                                             int]
    assert [type(k) for m in decoded for k in m] == [str, str, str, int, bool, str, str]
    assert decoded[0] is decoded[-1]
    assert len({id(m) for m in decoded[:-1]}) == 6


@dataclasses.dataclass(frozen=True)
class FrozenMapHolder:
    """A dataclass holding one map, as Article holds its line map."""

    map: FrozenMap


def test_maps_decoded_together_hold_each_text_key_once():
    """The record keys three maps by the same page paths: decoded, each path is one text."""
    path = "2024/05/duc-hoa-ra-quan-dan-van-kheo-tai-xa-my-hanh-nam-va-my-hanh-bac.html"
    first, second = plain_data.loads(plain_data.dumps([{path: "d1"}, {path: [0]}]))
    assert first == {path: "d1"} and second == {path: [0]}
    assert next(iter(first)) is next(iter(second))
