"""`sitemap.xml` and `robots.txt` for search engines; written only when a base URL is known.

Search engines want absolute URLs, so without `base_url` there is nothing to write.
A sitemap holds at most 50,000 URLs; a bigger site gets `sitemap.xml` as an index of
`sitemaps/1.xml`, `sitemaps/2.xml`, … (the sitemaps.org limits).
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable, Iterator
from html import escape

from ..site.model import Site
from ..site.plan import PageKind, PageSpec
from ..core.text import iso_datetime
from ..core.urls import NOT_FOUND, ROBOTS, SITEMAP, absolute_url

MAX_URLS = 50_000
HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def page_urls(site: Site, specs: Iterable[PageSpec]) -> list[tuple[str, str | None]]:
    """(absolute URL, last change or None) of every page worth indexing, in page order."""
    base, tz = site.config.base_url, site.config.tz
    urls = []
    for spec in specs:
        if spec.path == NOT_FOUND or spec.kind is PageKind.REDIRECT:
            continue  # shown for any missing address, or an old address: not pages of their own
        lastmod = None
        if spec.kind is PageKind.ARTICLE:
            article = site.posts[spec.key].article
            lastmod = _w3c_date(article.updated or article.date, tz)
        urls.append((absolute_url(base, spec.path), lastmod))
    return urls


def _w3c_date(when: datetime, tz) -> str:
    """`2020-09-15T15:44:00+07:00`, the W3C datetime form sitemaps use."""
    return iso_datetime(when.astimezone(tz))


def urlset(urls: list[tuple[str, str | None]]) -> bytes:
    """One `<urlset>` document."""
    lines = [HEADER, f'<urlset xmlns="{NAMESPACE}">\n']
    for loc, lastmod in urls:
        modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(loc, quote=False)}</loc>{modified}</url>\n")
    lines.append("</urlset>\n")
    return "".join(lines).encode("utf-8")


def sitemap_index(locations: list[str]) -> bytes:
    """A `<sitemapindex>` naming the parts of a big sitemap."""
    lines = [HEADER, f'<sitemapindex xmlns="{NAMESPACE}">\n']
    lines += [f"<sitemap><loc>{escape(loc, quote=False)}</loc></sitemap>\n" for loc in locations]
    lines.append("</sitemapindex>\n")
    return "".join(lines).encode("utf-8")


def robots(base_url: str) -> bytes:
    """Allow everything and name the sitemap."""
    return (f"User-agent: *\nDisallow:\n\nSitemap: {absolute_url(base_url, SITEMAP)}\n"
            .encode("utf-8"))


def files(site: Site, specs: Iterable[PageSpec]) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of sitemap.xml (and its parts) and robots.txt; nothing without base_url."""
    base = site.config.base_url
    if not base:
        return
    urls = page_urls(site, specs)
    if len(urls) <= MAX_URLS:
        yield SITEMAP, urlset(urls)
    else:
        parts = [urls[i:i + MAX_URLS] for i in range(0, len(urls), MAX_URLS)]
        names = [f"sitemaps/{n}.xml" for n in range(1, len(parts) + 1)]
        for name, part in zip(names, parts):
            yield name, urlset(part)
        yield SITEMAP, sitemap_index([absolute_url(base, name) for name in names])
    yield ROBOTS, robots(base)
