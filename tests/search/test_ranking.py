"""Ranking rules (tests/search/search_query.py) on the fixture site, whose answers are known."""
from __future__ import annotations

import unicodedata

import pytest

from tests.search.search_query import IndexFiles, QueryWord, parse_query, search

DUC_HUE_TITLE = "Đức Huệ: Tổng kết 05 năm phong trào thi đua “Dân vận khéo”"
DUC_HUE_TAG = "Xã Mỹ Quý Đông đạt chuẩn nông thôn mới"
DUC_HUE_SUMMARY = "Hội nghị sơ kết phong trào thi đua 6 tháng"
DUC_HUE_TEXT = "Trao tặng nhà đại đoàn kết cho hộ nghèo"
DAN_VAN_MINH = "Người dân văn minh, phố phường sạch đẹp"
VAN_DONG = "Cuộc vận động toàn dân chung tay vì người nghèo"
HOC_DAN_VAN = "Người dân Cần Đước học “Dân vận khéo”"
LONG_AN = "Long An phát động thi đua yêu nước năm 2023"
AN_NINH = "An ninh trật tự ở Cần Giuộc được giữ vững"
AN_TUONG = "Ấn tượng ngày hội đại đoàn kết ở Thủ Thừa"
ANH_HUNG = "Anh hùng lao động được tôn vinh ở Bến Lức"
THANH_HOA_HUYEN = "Thạnh Hóa hoàn thành kế hoạch trồng rừng"
THANH_HOA_TINH = "Thanh Hóa trao đổi kinh nghiệm trồng rừng"


@pytest.fixture(scope="module")
def titles(search_site):
    """Search the fixture site; the titles of the results, best first."""
    index = IndexFiles(search_site)
    return lambda query: [index.post(n)[0] for n in search(index, query)]


@pytest.mark.parametrize("query", ["duc hue", "Đức Huệ", "ĐỨC HUỆ", "Duc Hue", "đức huệ",
                                   unicodedata.normalize("NFD", "Đức Huệ"), "  duc   hue  "])
def test_all_spellings_find_the_same_articles_in_field_order(titles, query):
    # Title above tag above summary above text, though newest first would reverse them.
    assert titles(query) == [DUC_HUE_TITLE, DUC_HUE_TAG, DUC_HUE_SUMMARY, DUC_HUE_TEXT]


def test_exact_accents_rank_above_folded_matches(titles):
    assert titles("Dân vận") == [DUC_HUE_TITLE, HOC_DAN_VAN, VAN_DONG, DAN_VAN_MINH]
    assert titles("dân văn") == [DAN_VAN_MINH, DUC_HUE_TITLE, HOC_DAN_VAN, VAN_DONG]


def test_words_side_by_side_in_the_title_rank_first_then_newest(titles):
    # No accents typed: "dân văn" and "Dân vận" are phrases; "vận động toàn dân" is newer.
    # A word may stand twice in a title ("Người dân … “Dân vận khéo”"): either place counts.
    assert titles("dan van") == [DAN_VAN_MINH, DUC_HUE_TITLE, HOC_DAN_VAN, VAN_DONG]
    assert titles("van dan") == [VAN_DONG, DAN_VAN_MINH, DUC_HUE_TITLE, HOC_DAN_VAN]


def test_accents_rank_for_place_names_that_differ_only_by_them(titles):
    assert titles("Thạnh Hóa")[:2] == [THANH_HOA_HUYEN, THANH_HOA_TINH]
    assert titles("Thanh Hóa")[:2] == [THANH_HOA_TINH, THANH_HOA_HUYEN]
    assert titles("thanh hoa")[:2] == [THANH_HOA_TINH, THANH_HOA_HUYEN]  # newer first


def test_where_the_tone_mark_sits_does_not_matter(titles):
    both = ["Đức Hoà đẩy mạnh phong trào khuyến học",
            "Đức Hòa tổ chức hội thi tuyên truyền viên giỏi"]
    assert titles("Đức Hòa")[:2] == titles("Đức Hoà")[:2] == both


def test_short_words_are_not_stop_words(titles):
    found = titles("an")
    assert LONG_AN in found and AN_NINH in found
    assert titles("Long An")[0] == LONG_AN
    assert titles("An ninh")[0] == AN_NINH


def test_a_whole_word_ranks_above_a_word_that_only_begins_with_it(titles):
    found = titles("an")
    # "Ấn", "An" match whole (no accents typed, so no accent preference); "Anh" only begins so.
    assert found.index(ANH_HUNG) > max(found.index(AN_TUONG), found.index(LONG_AN),
                                       found.index(AN_NINH))
    assert found[:3] == [AN_TUONG, LONG_AN, AN_NINH]  # equal rank: newest first


def test_every_word_must_match(titles):
    assert titles("long an ninh") == []
    assert titles("đức huệ nông thôn") == [DUC_HUE_TAG]


def test_the_last_word_matches_as_a_beginning_while_typing(titles):
    assert titles("Đức Hu")[0] == DUC_HUE_TITLE
    assert titles("thạn")[0] == THANH_HOA_HUYEN
    assert titles("anh h") == [ANH_HUNG]
    assert titles("duc hu ") == []  # a finished word must match whole


def test_words_only_in_the_article_text_are_found_last(titles):
    assert titles("biên giới") == [DUC_HUE_TAG, DUC_HUE_TEXT]  # summary, then text only
    assert titles("hiến đất") == [DUC_HUE_TAG]


def test_nothing_to_search_finds_nothing(titles):
    assert titles("") == titles("   ") == titles("“”!?") == []
    assert titles("xyzzy") == []


def test_query_words_fold_and_know_whether_they_carry_accents():
    words = parse_query("Đức  huệ, dan")
    assert words == (QueryWord("duc", "đức", False), QueryWord("hue", "huệ", False),
                     QueryWord("dan", "dan", True))
    assert [w.accented for w in words] == [True, True, False]
    assert parse_query("an ")[0].prefix is False
