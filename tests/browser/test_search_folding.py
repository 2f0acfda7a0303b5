"""The page's folding, word splitting and ranking against the Python ones, in Chromium."""
from __future__ import annotations

import random
import unicodedata

import pytest

from builder.core.search_folding import TABLE_END, fold, words
from tests.search.search_query import IndexFiles, search
from tests.conftest import ROOT

FIXTURE_CONTENT = ROOT / "tests" / "search" / "fixtures" / "site" / "content"
WORDS = ("Đức Huệ Hòa Hoà Thạnh Thanh Hóa Hoá Bến Lức Cần Giuộc Đước Tân Trụ "
         "Thủ Thừa Mộc Hóa Kiến Tường Vĩnh Hưng Châu Thành Long An dân vận khéo "
         "thi đua yêu nước nông thôn mới đền ơn đáp nghĩa Ấp văn hóa gia đình "
         "ĐỨC HUỆ ỦY BAN MTTQ Nguyễn Thị Út Phạm Văn Ngọc Tổng kết giai đoạn "
         "2016 – 2020 “Dân vận khéo” quỹ khuyến học thủy lợi thuỷ lợi ưu tiên "
         "ở đây những người")
SYLLABLES = WORDS.split()


def vietnamese_strings(count: int = 400) -> list[str]:
    """Titles, tags and summaries of the fixture site, and random phrases from its words,
    in NFC and NFD, in lower, upper and title case."""
    texts = []
    for path in sorted(FIXTURE_CONTENT.glob("*.md")):
        lines = path.read_text("utf-8").splitlines()
        texts += [line.split(":", 1)[1].strip(' "') for line in lines
                  if line.startswith(("title:", "summary:", "tags:", "category:"))]
    # Other scripts, composed and not (NFD Hangul folds to the same syllables only after NFC).
    texts += ["한국어", unicodedata.normalize("NFD", "한국어"), "Москва́", "東京 2020",
              "Ǆemal İstanbul"]
    rng = random.Random(4)
    while len(texts) < count:
        phrase = " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 6)))
        phrase = rng.choice([str.lower, str.upper, str.title, str])(phrase)
        texts.append(unicodedata.normalize(rng.choice(["NFC", "NFD"]), phrase))
    return texts


@pytest.fixture
def search_page(page, search_site):
    """The fixture site's search page, opened from file:// with its script ready."""
    page.goto((search_site / "search.html").as_uri())
    page.wait_for_function("self.cnSearch !== undefined")
    return page


def test_js_folds_and_splits_vietnamese_like_python(search_page):
    texts = vietnamese_strings()
    assert len(texts) >= 400
    folded = search_page.evaluate("t => t.map(s => cnSearch.fold(s))", texts)
    split = search_page.evaluate("t => t.map(s => cnSearch.words(s))", texts)
    assert folded == [fold(t) for t in texts]
    assert split == [words(t) for t in texts]
    assert search_page.log.errors == []


def test_js_folds_every_character_like_python(search_page):
    # Every code point Python's Unicode version knows; newer ones may differ by design.
    codes = [c for c in range(TABLE_END) if not 0xD800 <= c <= 0xDFFF
             and unicodedata.category(chr(c)) != "Cn"]
    mismatches = []
    for start in range(0, len(codes), 20_000):
        chunk = codes[start:start + 20_000]
        folded = search_page.evaluate(
            "codes => codes.map(c => cnSearch.fold(String.fromCodePoint(c)))", chunk)
        mismatches += [hex(c) for c, js in zip(chunk, folded) if js != fold(chr(c))]
    assert mismatches == []


QUERIES = ["duc hue", "Đức Huệ", "ĐỨC HUỆ", "Duc Hue", "Dân vận", "dân văn", "dan van",
           "an", "An ninh", "Long An", "Thạnh Hóa", "thanh hoa", "Đức Hòa", "Đức Hoà",
           "biên giới", "hiến đất", "phong trào", "thi đua 6", "xyzzy", "anh h", "duc hu ",
           "t", "2016 – 2020", "van dan", "vận động toàn dân", "constructor",
           unicodedata.normalize("NFD", "Đức Huệ")]


def test_js_ranks_like_python_at_every_key_stroke(search_page, search_site):
    index = IndexFiles(search_site)
    typed = [q[:i] for q in QUERIES for i in range(1, len(q) + 1)]
    ranked = search_page.evaluate(
        "async qs => { const out = []; for (const q of qs) out.push((await cnSearch.search(q))"
        ".posts); return out; }", typed)
    assert {q: r for q, r in zip(typed, ranked)} == {q: search(index, q) for q in typed}
    assert search_page.log.errors == [] and search_page.log.failed == []
