"""Tag proposals: places in Long An, quoted campaign names, declared tags."""

from __future__ import annotations

import pytest

from builder.importing import tags
from builder.importing.article import Paragraph
from builder.importing.tags import modern_tones, propose_tags


def test_the_issue_example():
    title = "Đức Huệ: Tổng kết 05 năm thực hiện phong trào thi đua “Dân vận khéo”, giai đoạn 2016 – 2020"
    assert propose_tags(title, "") == ("Dân vận khéo", "Đức Huệ")


def test_district_names_in_either_tone_style_give_one_tag():
    assert propose_tags("Đức Hoà và Thạnh Hoá", "huyện Đức Hòa") == ("Đức Hòa", "Thạnh Hóa")


def test_names_match_whole_words_only():
    assert propose_tags("Ông Tân Anh nhận Long Angelo", "") == ()


def test_province_name():
    assert propose_tags("Tin tỉnh", "tỉnh Long An phát động") == ("Long An",)


def test_a_commune_named_with_its_prefix_proposes_its_district():
    assert propose_tags("Ra mắt mô hình mới", "tại xã Mỹ Quý Tây") == ("Đức Huệ",)
    assert propose_tags("Ra mắt mô hình mới", "ông Mỹ Quý Tây") == ()
    assert propose_tags("Ra mắt", "thị trấn Hậu Nghĩa và phường Khánh Hậu") == ("Đức Hòa", "Tân An")


def test_a_commune_name_under_two_districts_proposes_nothing(monkeypatch):
    monkeypatch.setattr(tags, "COMMUNES", {"Đức Huệ": ("Bình Thành",), "Thủ Thừa": ("Bình Thành", "Mỹ An")})
    assert propose_tags("Ra mắt", "xã Bình Thành, xã Mỹ An") == ("Thủ Thừa",)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("hưởng ứng cuộc vận động “Ngày vì người nghèo”", ("Ngày vì người nghèo",)),
        ('mô hình "Tuyến đường nở hoa" ở ấp 3', ("Tuyến đường nở hoa",)),
        (
            "phong trào «Toàn dân đoàn kết xây dựng đời sống văn hóa»",
            ("Toàn dân đoàn kết xây dựng đời sống văn hóa",),
        ),
        ("Ông nói: “Chúng tôi sẽ tiếp tục cố gắng”", ()),
        ("phong trào “xanh”", ()),
        ("phong trào “ba sạch”", ()),
        ("danh hiệu “Gia đình văn hóa. Ấp văn hóa”", ()),
        ("con đường được gọi là “Đường hoa”", ()),
    ],
)
def test_campaign_names_need_quotes_a_capital_and_a_campaign_word(text, found):
    assert propose_tags("Tin", text) == found


def test_declared_tags_are_added_without_duplicates():
    assert propose_tags("phong trào “Dân vận khéo”", "", ("dân vận  khéo", "Tổng kết", "Đức Hoà")) == (
        "Dân vận khéo",
        "Đức Hòa",
        "Tổng kết",
    )


def test_declared_tags_come_in_dictionary_order():
    declared = ("Đức Huệ", "Dân vận", "Ăn", "An", "Âm", "Bến Lức", "ơn", "Ông", "Ở", "Cần Giuộc")
    assert propose_tags("", "", declared) == (
        "An", "Ăn", "Âm", "Bến Lức", "Cần Giuộc", "Dân vận", "Đức Huệ", "Ông", "Ở", "ơn")


def test_tones_spaces_and_digits_order_as_in_dictionaries():
    # Tones ngang, huyền, hỏi, ngã, sắc, nặng (not code-point order); a space before any
    # letter ("An ninh" before "Anh hùng"); digits before letters; case only breaks ties.
    declared = ("mạ", "mả", "mã", "má", "mà", "ma", "Anh hùng", "An ninh", "Ấp 3", "Ấp Bắc")
    assert propose_tags("", "", declared) == (
        "An ninh", "Anh hùng", "Ấp 3", "Ấp Bắc", "ma", "mà", "mả", "mã", "má", "mạ")


def test_hyphen_joined_names_keep_their_tones_apart():
    assert propose_tags("", "", ("Thanh-Hóa", "Thạnh-Hóa", "Ðức Hòa", "Đức Hoà")) == (
        "Đức Hòa", "Thanh-Hóa", "Thạnh-Hóa")


def test_modern_tones_moves_old_style_marks_only_at_syllable_end():
    assert modern_tones("Hoà, hoàng, Thuý, Quý, khoẻ") == "Hòa, hoàng, Thúy, Quý, khỏe"


def test_tag_lines_in_the_body_are_declared_tags():
    body = (
        Paragraph("Nội dung.", "Nội dung."),
        Paragraph("Từ khóa: Dân vận khéo; Tổng kết", "Từ khóa: Dân vận khéo; Tổng kết"),
    )
    assert tags.split_tag_lines(body) == (("Dân vận khéo", "Tổng kết"), body[:1])


def test_proposed_tags_come_in_the_order_the_site_lists_tags():
    from builder.core.text import collation_key

    declared = ("Anh hùng lao động", "An ninh trật tự", "Thủy Tây", "Thủ Thừa", "2024")
    proposed = propose_tags("", "", declared)
    # "An ninh" before "Anh hùng": a word ends before a longer one, as the tag pages sort.
    assert proposed == ("2024", "An ninh trật tự", "Anh hùng lao động", "Thủ Thừa", "Thủy Tây")
    assert list(proposed) == sorted(proposed, key=collation_key)
