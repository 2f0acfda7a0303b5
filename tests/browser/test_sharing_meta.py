"""Sharing cards and structured data, read back by Chromium: Open Graph and JSON-LD NewsArticle
per article, absolute URLs only with a base URL, and hostile text escaped everywhere."""
from __future__ import annotations

import json
import shutil

import pytest
import yaml

from tests.conftest import run_build_py

from .conftest import ROOT

BASE = "https://example.org/tin-tuc/"

READ_META_JS = """() => {
    const meta = {};
    for (const m of document.querySelectorAll('meta[property], meta[name]')) {
        const key = m.getAttribute('property') || m.getAttribute('name');
        (meta[key] = meta[key] || []).push(m.content);
    }
    const ld = [...document.querySelectorAll('script[type="application/ld+json"]')]
        .map(s => JSON.parse(s.textContent));
    const canonical = document.querySelector('link[rel=canonical]');
    return {meta, ld, canonical: canonical && canonical.href, title: document.title,
            h1: document.querySelector('h1').textContent.trim(),
            dateline: document.querySelector('.dateline time')?.getAttribute('datetime'),
            scripts: document.querySelectorAll('script').length};
}"""


@pytest.fixture(scope="session")
def site_with_base_url(tmp_path_factory):
    """The sample built with a public base URL."""
    out = tmp_path_factory.mktemp("shared") / "output"
    result = run_build_py("build", "--content", str(ROOT / "content"), "--output", str(out),
                          "--config", str(ROOT / "site.toml"), "--base-url", BASE)
    assert result.returncode == 0, result.stderr
    return out


def read_page(page, path):
    """Open a page and return its sharing metadata as the browser sees it."""
    page.goto(path.as_uri())
    return page.evaluate(READ_META_JS)


def test_article_has_open_graph_and_news_article(page, site_pages, site_with_base_url):
    """With a base URL an article carries a full card: title, description, absolute URL and
    photo; and a NewsArticle matching the page."""
    relative = site_pages["article"].relative_to(site_pages["home"].parent).as_posix()
    found = read_page(page, site_with_base_url / relative)
    meta = found["meta"]
    assert meta["og:type"] == ["article"]
    assert meta["og:title"] == [found["h1"]]
    assert meta["og:description"][0].strip()
    assert meta["og:url"] == [BASE + relative] and found["canonical"] == BASE + relative
    image = meta["og:image"][0]
    assert image.startswith(BASE + "media/")
    assert (site_with_base_url / image[len(BASE):]).is_file()
    assert meta["og:image:alt"][0].strip()
    assert meta["og:locale"] == ["vi_VN"] and meta["og:site_name"][0]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["article:published_time"] == [found["dateline"]]

    [record] = found["ld"]
    assert record["@context"] == "https://schema.org" and record["@type"] == "NewsArticle"
    assert record["headline"] == found["h1"]
    assert record["datePublished"] == found["dateline"]
    assert record["image"] == [image] and record["url"] == BASE + relative
    assert record["mainEntityOfPage"]["@id"] == BASE + relative
    assert record["publisher"]["name"] == meta["og:site_name"][0]
    assert record["description"] == meta["og:description"][0]
    assert all(author["@type"] == "Person" and author["name"] for author in record["author"])
    assert page.log.errors == [] and page.log.failed == []


def test_without_base_url_no_relative_urls_pose_as_absolute(page, site_pages):
    """Without a base URL the card keeps title, description and type, and leaves out the URL
    and photo, which Open Graph requires to be absolute."""
    for kind in ("article", "home", "tag"):
        meta = read_page(page, site_pages[kind])
        assert meta["meta"]["og:title"][0] and meta["meta"]["og:description"][0]
        assert meta["meta"]["og:type"] == ["article" if kind == "article" else "website"]
        assert "og:url" not in meta["meta"] and "og:image" not in meta["meta"]
        assert meta["canonical"] is None
        for record in meta["ld"]:
            assert "url" not in record and "image" not in record


def test_listing_pages_have_website_cards(page, site_with_base_url):
    """Listings share as a website with their own absolute URL."""
    meta = read_page(page, site_with_base_url / "tags" / "index.html")
    assert meta["meta"]["og:type"] == ["website"]
    assert meta["meta"]["og:url"] == [BASE + "tags/index.html"]
    assert meta["ld"] == []


HOSTILE = ("Đức Huệ </script><script>window.pwned = 1</script> \"nháy\" 'đơn' & <b>đậm</b> "
           "<!-- -->")


def test_hostile_text_is_escaped_in_meta_and_json_ld(page, tmp_path, sample_site):
    """Titles, summaries, tags and captions with markup stay text in every meta and the JSON-LD."""
    content = tmp_path / "content" / "2024"
    content.mkdir(parents=True)
    photo = next(sample_site.glob("media/**/*.jpg"))
    shutil.copy(photo, content / "anh.jpg")
    front = {"title": HOSTILE, "date": "2024-05-01 08:00", "summary": HOSTILE + " tóm tắt",
             "tags": [HOSTILE], "category": "</title><script>window.pwned = 2</script>",
             "author": "A </script> B", "image": "anh.jpg", "image_caption": HOSTILE}
    (content / "bai.md").write_text("---\n" + yaml.safe_dump(front, allow_unicode=True)
                                    + "---\n\nNội dung.\n", encoding="utf-8")
    out = tmp_path / "output"
    result = run_build_py("build", "--content", str(tmp_path / "content"), "--output", str(out),
                          "--base-url", BASE)
    assert result.returncode == 0, result.stderr
    [article] = out.glob("2024/05/*.html")

    found = read_page(page, article)
    assert page.evaluate("window.pwned") is None
    assert found["scripts"] == 3  # reader.js, embeds.js and the JSON-LD, nothing injected
    assert found["h1"] == HOSTILE
    assert found["meta"]["og:title"] == [HOSTILE]
    assert found["meta"]["og:description"] == [HOSTILE + " tóm tắt"]
    assert found["meta"]["og:image:alt"] == [HOSTILE]
    assert found["meta"]["article:tag"] == [HOSTILE]
    [record] = found["ld"]
    assert record["headline"] == HOSTILE and record["keywords"] == [HOSTILE]
    assert record["articleSection"] == front["category"]
    raw = article.read_text(encoding="utf-8")
    ld_text = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(ld_text)["headline"] == HOSTILE
    assert "<" not in ld_text and ">" not in ld_text
    assert page.log.errors == []
