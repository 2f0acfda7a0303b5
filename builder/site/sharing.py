"""What chat apps, social networks and search engines read from a page: the Open Graph locale
and the schema.org `NewsArticle` record (as plain data; the template serializes it with Jinja's
`tojson`, which escapes `<`, `>`, `&` and `'`)."""
from __future__ import annotations

OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def og_locale(language: str) -> str:
    """`vi_VN` for "vi": the form Open Graph expects."""
    return OG_LOCALES.get(language, language)


def news_article(article: dict, site_title: str, language: str, url: str | None,
                 image_url: str | None) -> dict:
    """A schema.org NewsArticle for one article view; keys without a value are left out."""
    record = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article["title"],
        "description": article["summary"] or None,
        "datePublished": article["date_iso"],
        "dateModified": article["updated_iso"] or article["date_iso"],
        "inLanguage": language,
        "author": [{"@type": "Person", "name": name} for name in article["authors"]] or None,
        "publisher": {"@type": "Organization", "name": site_title} if site_title else None,
        "articleSection": article["category"]["name"] if article["category"] else None,
        "keywords": [tag["name"] for tag in article["tags"]] or None,
        "image": [image_url] if image_url else None,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url} if url else None,
    }
    return {key: value for key, value in record.items() if value is not None}
