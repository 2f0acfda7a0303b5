"""The one front-matter writer (`new` and every importer): whatever it writes, the
generator's own reader reads back as the same values."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.content.articles import parse_article
from builder.content.front_matter_writer import front_matter
from builder.core.config import SiteConfig
from builder.core.text import clean_text, fold_lookalikes, term_key

CONFIG = SiteConfig()
# Vietnamese letters (composed and decomposed), YAML's special signs, quotes, spaces and
# the characters YAML reads as line breaks.
TEXT = st.text(alphabet=st.sampled_from(list(
    "aăâđêôơưĐỨỄỘệỳ\u0301\u0323 :#-[]{}'\"\\,&*!|>%@`\u2028\u0085\t\u00a0yesNo0123.~")) |
    st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


def read_back(text: str):
    """The article the generator reads from a file holding this text."""
    parsed = parse_article("2020/a.md", text, CONFIG, Path("/nonexistent"), "content/2020/a.md")
    # The only warning allowed: a tag or category typed with a look-alike letter (Ð for Đ).
    assert parsed.problems == (), parsed.problems
    assert all("trông giống chữ tiếng Việt" in str(w.message) for w in parsed.warnings)
    return parsed.article


def shown(text: str) -> str:
    """What the reader makes of a text value: NFC, control characters gone, trimmed."""
    return clean_text(text).strip()


def shown_term(text: str) -> str:
    """What the reader makes of a tag or category: also look-alike letters replaced."""
    return fold_lookalikes(shown(text)).strip()


@settings(deadline=None, max_examples=300)
@given(title=TEXT, tags=st.lists(TEXT, max_size=4), category=TEXT, author=TEXT,
       summary=TEXT, source=TEXT, draft=st.booleans(),
       minutes=st.integers(min_value=-12 * 60, max_value=14 * 60))
def test_every_value_reads_back_as_written(title, tags, category, author, summary, source,
                                           draft, minutes):
    when = datetime(2020, 9, 15, 15, 44, tzinfo=timezone(timedelta(minutes=minutes)))
    fields = {"title": title, "date": when, "tags": tags, "category": category,
              "author": author, "summary": summary, "draft": draft, "source": source}
    if not shown(title):
        return  # the reader refuses an empty title, as it should
    article = read_back(front_matter(fields) + "\nThân bài.\n")
    assert article.title == shown(title)
    assert article.date == when
    wanted_tags = [shown_term(t) for t in tags if t and shown(t)]
    assert len(article.tags) <= len(wanted_tags)  # repeats of one tag are merged
    assert set(article.tags) <= set(wanted_tags)
    assert article.category == (shown_term(category) or None)
    # A byline names its writers apart with " - ", "," or ";" ("Kim Tiến - Hoàng Anh").
    names = [p.strip() for p in re.split(r"\s+[-–—]\s+|\s*[,;]\s*", shown(author)) if p.strip()]
    assert article.authors == tuple({term_key(n): n for n in reversed(names)}[k]
                                    for k in dict.fromkeys(term_key(n) for n in names))
    assert article.summary == (shown(summary) or None)
    assert article.draft is draft
    assert article.extra.get("source") == source


def test_keys_come_in_the_readme_order_and_empty_values_are_left_out():
    when = datetime(2020, 9, 15, 15, 44, 30, 123, tzinfo=timezone(timedelta(hours=7)))
    text = front_matter({"source": "a.html", "aliases": ["tin/1.html"], "draft": False,
                         "tags": [], "title": "Đức Huệ: “Dân vận khéo”", "date": when,
                         "category": None, "summary": ""})
    assert text == ('---\ntitle: "Đức Huệ: “Dân vận khéo”"\ndate: 2020-09-15T15:44:30+07:00\n'
                    'aliases: ["tin/1.html"]\nsource: "a.html"\n---\n')


def test_a_date_without_its_zone_or_a_strange_key_is_refused():
    with pytest.raises(ValueError):
        front_matter({"date": datetime(2020, 1, 1)})
    with pytest.raises(ValueError):
        front_matter({"a: b": "x"})
