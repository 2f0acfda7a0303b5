"""The preview's search index update: new cards put into a kept index give the very files
a fresh index of the new cards gives."""
from __future__ import annotations

import unicodedata
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.publish.search import BLOCK, SearchIndex

WORDS = ["Dân", "vận", "khéo", "Đức", "Huệ", "thi", "đua", "nông", "thôn", "mới", "Bến", "Lức",
         "hộ", "nghèo", "xã", "Mỹ", "Quý", "Tây", "khen", "thưởng", "2024", "05"]
TAGS = [{"name": "Đức Huệ", "url": "tags/duc-hue.html"},
        {"name": "Thi đua", "url": "tags/thi-dua.html"}]
CATEGORY = {"name": "Dân vận khéo", "url": "categories/dan-van-kheo.html"}

text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


def card(number: int, title: str, summary: str) -> dict:
    """A post card as listings and the index read it."""
    return {"title": title, "url": f"2024/01/bai-{number}.html", "date_iso": "2024-01-02T08:00",
            "date": "02/01/2024", "summary": summary, "category": CATEGORY,
            "tags": TAGS[:1 + number % 2]}


def site_of(cards: list[dict]):
    """The parts of the site and views the index reads."""
    site = SimpleNamespace(config=SimpleNamespace(search_full_text=False), posts=(), pages=())
    return site, SimpleNamespace(cards=tuple(cards), page_cards=(), bodies={})


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(text, text), min_size=1, max_size=BLOCK * 2 + 5), st.data())
def test_replaced_cards_give_the_files_of_a_fresh_index(texts, data):
    cards = [card(n, title, summary) for n, (title, summary) in enumerate(texts)]
    kept = SearchIndex(*site_of(cards))
    numbers = data.draw(st.sets(st.integers(0, len(cards) - 1), min_size=1, max_size=4))
    new = list(cards)
    for number in numbers:
        title = unicodedata.normalize("NFC", data.draw(text))
        new[number] = card(number, title, data.draw(text))
    assert kept.replace_cards(*site_of(new), numbers)
    assert dict(kept.files()) == dict(SearchIndex(*site_of(new)).files())


def test_a_word_no_card_holds_any_more_leaves_the_index():
    cards = [card(0, "Mỹ Quý Tây khen thưởng", "hộ nghèo"), card(1, "Bến Lức", "thi đua")]
    kept = SearchIndex(*site_of(cards))
    assert "thưởng" in kept.encoded
    new = [card(0, "Mỹ Quý Tây", "hộ nghèo"), cards[1]]
    assert kept.replace_cards(*site_of(new), [0])
    assert "thưởng" not in kept.encoded and "thưởng" not in kept.postings


def test_new_tags_are_not_put_in_but_refused():
    cards = [card(0, "Bến Lức", "thi đua")]
    kept = SearchIndex(*site_of(cards))
    before = dict(kept.files())
    moved = dict(cards[0], tags=[{"name": "Tân Trụ", "url": "tags/tan-tru.html"}])
    assert not kept.replace_cards(*site_of([moved]), [0])
    assert dict(kept.files()) == before


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(text, text), min_size=1, max_size=BLOCK * 2 + 5))
def test_an_index_made_once_gives_the_files_of_an_updatable_one(texts):
    """A build's index (encoded once from runs, no postings kept) writes the very files the
    preview's updatable index writes, and refuses to be updated in place."""
    cards = [card(n, title, summary) for n, (title, summary) in enumerate(texts)]
    once = SearchIndex(*site_of(cards), updatable=False)
    assert once.postings is None
    assert dict(once.files()) == dict(SearchIndex(*site_of(cards)).files())
    assert not once.replace_cards(*site_of(cards), [0])
