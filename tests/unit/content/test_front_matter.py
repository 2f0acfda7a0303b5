"""Front matter: fences, safe YAML with file positions, duplicate keys, aliases, tags."""
import time

import pytest

from builder.content import front_matter
from builder.core.errors import ContentError


def parse(text: str):
    return front_matter.parse_yaml(front_matter.split(text, "x.md"), "x.md")


def problems_of(text: str, language: str = "en") -> list[str]:
    with pytest.raises(ContentError) as caught:
        parse(text)
    return [p.render(language) for p in caught.value.problems]


def test_split_finds_yaml_and_body_lines():
    split = front_matter.split("---\ntitle: a\n---\nbody\n", "x.md")
    assert split.yaml_text == "title: a"
    assert (split.yaml_line, split.body, split.body_line) == (2, "body\n", 4)


def test_missing_and_unclosed_front_matter():
    assert problems_of("title: a\n") == [
        "x.md:1: missing front matter: the file must start with a line '---', then 'title:' "
        "and 'date:', then another '---'"]
    assert problems_of("---\ntitle: a\nbody\n") == [
        "x.md:1: front matter not closed: add a line '---' after the last field"]
    assert problems_of("---\ntitle: Tin mới\nThân bài\n", "vi") == [
        "x.md:1: phần thông tin đầu bài chưa được đóng: thêm một dòng '---' sau trường cuối cùng"]


def test_unclosed_flow_list_points_at_its_opening_bracket():
    assert problems_of("---\ntitle: x\ntags: [a, b\n---\n")[0].startswith("x.md:3:7: ")


def test_unquoted_colon_is_located_and_explained():
    message = problems_of("---\ntitle: Bầu cử: kết quả\n---\n")[0]
    assert message.startswith("x.md:2:14: ") and "put text containing ': ' in quotes" in message


def test_every_scalar_stays_text():
    data = parse("---\ntitle: no\nslug: 0123\nv: 1.10\ntags: [yes, NO, on]\n---\n")
    assert data["title"][1].value == "no"
    assert data["slug"][1].value == "0123"
    assert data["v"][1].value == "1.10"
    assert [n.value for n in data["tags"][1].value] == ["yes", "NO", "on"]


def test_plain_null_is_absent_but_quoted_null_is_text():
    data = parse('---\na: null\nb: "null"\nc:\n---\n')
    assert data["a"][1].value is None and data["c"][1].value is None
    assert data["b"][1].value == "null"


def test_duplicate_key_names_the_second_line():
    assert problems_of("---\ntitle: a\ndate: 2020-01-01\ntitle: b\n---\n") == [
        "x.md:4:1: title: duplicate field (first given on line 2)"]


def test_python_tags_are_refused(tmp_path):
    marker = tmp_path / "pwned"
    message = problems_of(f"---\nx: !!python/object/apply:os.system ['touch {marker}']\n---\n")
    assert "YAML tags such as '!!python/object/apply:os.system' are not allowed" in message[0]
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    message = problems_of("---\n" + "\n".join(lines) + "\n---\n")
    assert time.perf_counter() - started < 1
    assert any("aliases" in m for m in message)


def test_front_matter_must_be_a_mapping():
    assert problems_of("---\n- a\n- b\n---\n") == [
        "x.md:2:1: front matter must be a mapping of 'field: value' lines"]
    assert problems_of("---\njust text\n---\n") == [
        "x.md:2:1: front matter must be a mapping of 'field: value' lines"]


def test_empty_front_matter_gives_an_empty_mapping():
    assert parse("---\n---\nbody") == {}


def test_a_tab_before_a_field_points_at_the_tab():
    """Issue 15: reported at the end of the line before (5:11)."""
    text = "---\ntitle: Bài\ndate: 2020-01-01\ntags: [a]\ncategory: Dân vận\n\tauthor: Kim Tiến\n---\n"
    assert problems_of(text) == [
        "x.md:6:1: front matter is not valid YAML: found a tab character that violates "
        "indentation; indent with spaces, not tabs"]


@pytest.mark.parametrize("title", ['"Đức Huệ: tổng kết', "'Lời ''Ban'' chưa đóng"])
def test_an_unclosed_quote_points_at_the_quote_not_a_later_line(title):
    """Issue 15: libyaml read on to the next quote and blamed line 8, column 17."""
    text = (f"---\ntitle: {title}\ndate: 2020-01-01\ntags: [a]\nauthor: X\nsummary: y\n"
            'image: z\nimage_caption: "Lễ tổng kết"\n---\n')
    assert problems_of(text) == [
        "x.md:2:8: front matter is not valid YAML: the quote opened here is not closed; "
        "close it at the end of the value"]


def test_closed_quotes_with_escapes_are_not_taken_for_unclosed_ones():
    text = '---\ntitle: "Đúng \\"trích\\" đủ"\nsummary: \'Của ''Ban'' tốt\'\ntags: [a\n---\n'
    assert problems_of(text)[0].startswith("x.md:4:7: ")
