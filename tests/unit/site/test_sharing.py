"""Sharing data (Open Graph locale, NewsArticle) and the byline check, without a browser."""
from __future__ import annotations

from builder.site.render import signed_in_body
from builder.site.sharing import news_article, og_locale

ARTICLE = {"title": "Đức Huệ: Tổng kết", "summary": "Tóm tắt.", "date_iso": "2020-09-15T15:44:00+07:00",
           "updated_iso": None, "authors": ["Kim Tiến", "Hoàng Anh"],
           "category": {"name": "Dân vận"}, "tags": [{"name": "Dân vận khéo"}, {"name": "Đức Huệ"}]}


def test_og_locale():
    """Open Graph wants language_TERRITORY."""
    assert og_locale("vi") == "vi_VN" and og_locale("en") == "en_US"


def test_news_article_with_base_url():
    """A full record: authors as people, the section, keywords, the photo and the page URL."""
    record = news_article(ARTICLE, "Tin Long An", "vi", "https://x.org/a.html", "https://x.org/p.jpg")
    assert record["@type"] == "NewsArticle" and record["headline"] == "Đức Huệ: Tổng kết"
    assert record["dateModified"] == record["datePublished"] == "2020-09-15T15:44:00+07:00"
    assert record["author"] == [{"@type": "Person", "name": "Kim Tiến"},
                                {"@type": "Person", "name": "Hoàng Anh"}]
    assert record["publisher"] == {"@type": "Organization", "name": "Tin Long An"}
    assert record["articleSection"] == "Dân vận"
    assert record["keywords"] == ["Dân vận khéo", "Đức Huệ"]
    assert record["image"] == ["https://x.org/p.jpg"]
    assert record["mainEntityOfPage"] == {"@type": "WebPage", "@id": "https://x.org/a.html"}


def test_news_article_leaves_out_what_it_does_not_know():
    """No base URL, authors, category, tags or site title: those keys are absent, not null."""
    bare = {**ARTICLE, "authors": [], "category": None, "tags": [], "summary": "",
            "updated_iso": "2020-09-16T08:00:00+07:00"}
    record = news_article(bare, "", "vi", None, None)
    assert set(record) == {"@context", "@type", "headline", "datePublished", "dateModified",
                           "inLanguage"}
    assert record["dateModified"] == "2020-09-16T08:00:00+07:00"


def test_signed_in_body_recognises_the_closing_bold_byline():
    """The body's last paragraph in bold naming the authors is the byline (footnotes may follow)."""
    body = "<p>Nội dung.</p>\n<p><strong>Kim Tiến - Hoàng Anh</strong></p>"
    assert signed_in_body(body, ("Kim Tiến - Hoàng Anh",))
    assert signed_in_body(body, ("Kim Tiến", "Hoàng Anh"))
    assert signed_in_body(body + '\n<div class="footnote">\n<hr>\n<ol><li>x</li></ol>\n</div>',
                          ("KIM TIẾN", "HOÀNG ANH"))
    assert not signed_in_body(body, ("Ngọc Hân",))
    assert not signed_in_body(body, ())
    assert not signed_in_body(body + "\n<p>Đoạn sau.</p>", ("Kim Tiến - Hoàng Anh",))
    assert not signed_in_body("<p>Theo <strong>Kim Tiến</strong> cho biết.</p>", ("Kim Tiến",))
