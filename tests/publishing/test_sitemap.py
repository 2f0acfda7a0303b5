"""sitemap.xml, robots.txt and canonical links: present exactly when a base URL is known."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from builder.publish import sitemap
from builder.core.config import BuildOptions, load_config
from builder.pipeline import build

from .conftest import BASE_URL, SITES, build_fixture, html_pages

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')


def expected_url(page: str, base: str = BASE_URL) -> str:
    """The public URL of a page: the home page is the base URL itself."""
    return base if page == "index.html" else base + page


def sitemap_locs(site: Path, name: str = "sitemap.xml") -> dict[str, str | None]:
    """loc -> lastmod of one (strictly parsed) sitemap file."""
    root = ElementTree.parse(site / name).getroot()
    assert root.tag == f"{SM}urlset"
    return {url.findtext(f"{SM}loc"): url.findtext(f"{SM}lastmod")
            for url in root.findall(f"{SM}url")}


def test_sitemap_lists_every_page_but_404_under_the_sub_path(good_site_base):
    locs = sitemap_locs(good_site_base)
    pages = [p for p in html_pages(good_site_base) if p != "404.html"]
    assert set(locs) == {expected_url(p) for p in pages}
    assert len(locs) == len(pages)
    article = BASE_URL + "2021/03/duc-hue-so-ket-mot-nam-thuc-hien-phong-trao-dan-van-kheo.html"
    assert locs[article] == "2021-03-16T10:00:00+07:00"  # the `updated` date


def test_robots_names_the_sitemap(good_site_base):
    assert (good_site_base / "robots.txt").read_text("utf-8") == (
        "User-agent: *\nDisallow:\n\nSitemap: https://example.org/tin-tuc/sitemap.xml\n")


def test_every_page_has_one_canonical_link_with_a_base_url(good_site_base):
    for page in html_pages(good_site_base):
        found = CANONICAL.findall((good_site_base / page).read_text("utf-8"))
        if page == "404.html":
            assert found == []  # shown at every missing address: no address of its own
        else:
            assert found == [expected_url(page)], page


def test_without_base_url_no_sitemap_robots_or_canonical(good_site):
    assert not (good_site / "sitemap.xml").exists()
    assert not (good_site / "robots.txt").exists()
    for page in html_pages(good_site):
        assert not CANONICAL.search((good_site / page).read_text("utf-8")), page


def test_base_url_at_the_domain_root_without_trailing_slash(tmp_path):
    site = build_fixture("good", tmp_path / "output", "--base-url", "https://tin.example.vn")
    locs = sitemap_locs(site)
    assert "https://tin.example.vn/" in locs
    assert "https://tin.example.vn/tags/duc-hue.html" in locs
    assert CANONICAL.findall((site / "tags/duc-hue.html").read_text("utf-8")) == [
        "https://tin.example.vn/tags/duc-hue.html"]


def test_a_big_sitemap_is_split_into_parts_named_by_an_index(tmp_path, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS", 5)
    config = load_config(SITES / "good/site.toml", base_url=BASE_URL)
    output = tmp_path / "output"
    build(config, BuildOptions(content_dir=SITES / "good/content", output_dir=output))
    root = ElementTree.parse(output / "sitemap.xml").getroot()
    assert root.tag == f"{SM}sitemapindex"
    parts = [loc.text for loc in root.iter(f"{SM}loc")]
    pages = [p for p in html_pages(output) if p != "404.html"]
    assert len(parts) == -(-len(pages) // 5)
    seen: dict[str, str | None] = {}
    for part in parts:
        assert part.startswith(BASE_URL + "sitemaps/")
        part_locs = sitemap_locs(output, part[len(BASE_URL):])
        assert len(part_locs) <= 5
        seen.update(part_locs)
    assert set(seen) == {expected_url(p) for p in pages}
