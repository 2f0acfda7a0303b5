"""Search folding: the Vietnamese way, one table, NFC/NFD-insensitive."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.core.search_folding import (
    TABLE_END,
    accent_key,
    fold,
    fold_char,
    fold_table,
    js_table,
    words,
)

# Vietnamese letters in both cases, with every tone, plus spaces and punctuation.
VIETNAMESE = ("aăâbcdđeêghiklmnoôơpqrstuưvxy" "àằầèềìòồờùừỳ" "áắấéếíóốớúứý" "ảẳẩẻểỉỏổởủửỷ"
              "ãẵẫẽễĩõỗỡũữỹ" "ạặậẹệịọộợụựỵ")
vietnamese_text = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " -,.:“”0123456789",
                          max_size=40)


@pytest.mark.parametrize("written", ["Đức Huệ", "ĐỨC HUỆ", "Duc Hue", "duc hue", "đức huệ",
                                     unicodedata.normalize("NFD", "Đức Huệ"),
                                     unicodedata.normalize("NFD", "ĐỨC HUỆ")])
def test_every_spelling_of_duc_hue_folds_the_same(written):
    assert fold(written) == "duc hue"


@pytest.mark.parametrize("written, folded", [
    ("Dân vận khéo", "dan van kheo"), ("dân văn", "dan van"), ("Long An", "long an"),
    ("Thạnh Hóa", "thanh hoa"), ("Thanh Hoá", "thanh hoa"), ("Ưu tiên", "uu tien"),
    ("Ở ĐÂY", "o day"), ("Nguyễn Thị Định", "nguyen thi dinh"),
    ("19/19 tiêu chí", "19/19 tieu chi"),
])
def test_tones_vowel_marks_and_case_go(written, folded):
    assert fold(written) == folded


def test_look_alikes_of_d_with_stroke_fold_to_d():
    # Legacy converters put the Icelandic eth (Ð, same glyph) or African D in place of Đ.
    assert fold("ÐỨC HUỆ") == fold("ƉỨC HUỆ") == "duc hue"


def test_other_scripts_keep_their_letters():
    assert fold("Москва́") == "москва"
    assert fold("東京 2020") == "東京 2020"
    assert fold("한국어") == fold(unicodedata.normalize("NFD", "한국어")) == "한국어"  # no jamo


@given(vietnamese_text)
def test_fold_ignores_normalization_form(value):
    assert fold(unicodedata.normalize("NFD", value)) == fold(unicodedata.normalize("NFC", value))


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " 0123456789", max_size=40))
def test_fold_of_vietnamese_is_lower_ascii_and_keeps_length(value):
    folded = fold(value)
    assert folded == fold(folded)
    assert folded.isascii()
    assert folded == folded.lower()
    assert len(folded) == len(unicodedata.normalize("NFC", value))


@given(st.text(max_size=30))
def test_fold_is_idempotent_on_any_text(value):
    assert fold(fold(value)) == fold(value)


def test_table_holds_every_character_the_rule_changes():
    brute = {code: fold_char(chr(code)) for code in range(TABLE_END)
             if not 0xD800 <= code <= 0xDFFF and fold_char(chr(code)) != chr(code)}
    assert fold_table() == brute


def test_rule_changes_nothing_beyond_the_table():
    changed = [hex(code) for code in range(TABLE_END, 0x110000)
               if unicodedata.category(chr(code)) != "Cn" and fold_char(chr(code)) != chr(code)]
    assert changed == []


def test_js_table_lists_sources_and_targets_in_step():
    sources, targets = js_table()
    assert len(sources) == len(fold_table())  # every source is one code point
    assert len(targets.split(" ")) == len(sources)
    assert dict(zip(map(ord, sources), targets.split(" "))) == fold_table()


def test_words_keep_short_words_and_split_at_punctuation():
    assert words("Đức Huệ: “Dân vận khéo” – an ninh, 19/19") == [
        "Đức", "Huệ", "Dân", "vận", "khéo", "an", "ninh", "19", "19"]
    assert words(unicodedata.normalize("NFD", "Huệ")) == ["Huệ"]


@pytest.mark.parametrize("a, b, same", [
    ("hoà", "hòa", True), ("thuỷ", "thủy", True), ("vận", "vận", True),
    ("vận", "văn", False), ("thạnh", "thanh", False), ("dân", "dẫn", False),
])
def test_accent_key_ignores_only_where_the_tone_sits(a, b, same):
    assert (accent_key(a) == accent_key(b)) is same
