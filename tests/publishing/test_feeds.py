"""Atom feeds: strict XML, feedparser-clean, escaped, dated in +07:00, linked from pages."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import feedparser
import pytest

from tests.conftest import run_build_py

from .conftest import BASE_URL, SITES, build_fixture, html_pages

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339_VN = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
HOSTILE_TITLE = ("Tin <b>nóng</b> & “lạ”: ]]> \u202eĐảo chiều\u202c, 1 < 2 && 3 > 2")


def feed_files(site: Path) -> list[Path]:
    """Every feed file of a built site."""
    return sorted((site / "feeds").rglob("*.xml"))


def parse_feed(site: Path, feed: Path, host: str = "https://mirror.example/a/b/"):
    """feedparser's reading of a feed as if fetched from `host` + its path."""
    return feedparser.parse(feed.read_bytes(), response_headers={
        "content-location": host + feed.relative_to(site).as_posix(),
        "content-type": "application/atom+xml; charset=utf-8"})


def entries_by_title(site: Path, feed: str = "feeds/atom.xml") -> dict:
    """The entries of one feed, by title (feedparser's reading)."""
    parsed = parse_feed(site, site / feed)
    return {entry.title: entry for entry in parsed.entries}


@pytest.fixture(params=["relative", "base_url"])
def either_site(request, good_site, good_site_base) -> Path:
    """The good fixture built without and with a base URL."""
    return good_site if request.param == "relative" else good_site_base


def test_every_feed_is_strict_xml_and_read_by_feedparser_without_errors(either_site):
    feeds = feed_files(either_site)
    # the site; tags; categories; authors (Kim Tiến, Hoàng Anh, Minh Tâm, the group)
    assert len(feeds) == 1 + 5 + 3 + 4
    for feed in feeds:
        root = ElementTree.parse(feed).getroot()  # raises on anything not well-formed
        assert root.tag == f"{ATOM}feed"
        parsed = parse_feed(either_site, feed)
        assert parsed.bozo == 0, (feed, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.entries, feed


def test_one_feed_per_tag_and_per_category_page(good_site):
    pages = html_pages(good_site)
    tags = {p[len("tags/"):-5] for p in pages if p.startswith("tags/") and p.count("/") == 1}
    categories = {p[len("categories/"):-5] for p in pages
                  if p.startswith("categories/") and p.count("/") == 1}
    tags.discard("index")
    categories.discard("index")
    assert {p.stem for p in (good_site / "feeds/tags").iterdir()} == tags
    assert {p.stem for p in (good_site / "feeds/categories").iterdir()} == categories
    assert "huyen-thanh-hoa" in tags  # the slug chosen in site.toml names the feed too


def test_hostile_text_survives_escaping_exactly(either_site):
    entry = entries_by_title(either_site)[HOSTILE_TITLE]  # the \v control character is gone
    assert entry.author == "Nhóm phóng viên & <cộng tác viên>"
    assert {t.term for t in entry.tags} == {"A & B <script>", "Đức Huệ", "Tin <mới>"}
    assert entry.summary == "Tóm tắt có ký tự & và <thẻ> và  điều khiển."
    raw = (either_site / "feeds/atom.xml").read_text("utf-8")
    assert "\x0b" not in raw and "\x01" not in raw
    assert "<script>" not in raw and "]]>" not in raw
    tag_feed = ElementTree.parse(either_site / "feeds/tags/a-b-script.xml").getroot()
    assert tag_feed.findtext(f"{ATOM}title").endswith(": A & B <script>")


def test_dates_are_rfc3339_with_the_vietnam_offset(good_site):
    root = ElementTree.parse(good_site / "feeds/atom.xml").getroot()
    stamps = [e.text for e in root.iter() if e.tag in (f"{ATOM}updated", f"{ATOM}published")]
    assert stamps and all(RFC3339_VN.match(s) for s in stamps), stamps
    entries = {e.findtext(f"{ATOM}title"): e for e in root.iter(f"{ATOM}entry")}
    tong_ket = entries["Đức Huệ: Tổng kết 05 năm phong trào thi đua “Dân vận khéo”"]
    assert tong_ket.findtext(f"{ATOM}published") == "2020-09-15T15:44:00+07:00"
    so_ket = entries["Đức Huệ sơ kết một năm thực hiện phong trào “Dân vận khéo”"]
    assert so_ket.findtext(f"{ATOM}published") == "2021-03-15T08:30:00+07:00"
    assert so_ket.findtext(f"{ATOM}updated") == "2021-03-16T10:00:00+07:00"
    # The feed's own `updated` is its newest entry's, never the build time.
    assert root.findtext(f"{ATOM}updated") == "2021-03-16T10:00:00+07:00"
    titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    assert titles[0] == so_ket.findtext(f"{ATOM}title")  # newest first


def _output_path(url: str) -> str:
    """Output path of an absolute URL under the base URL."""
    assert url.startswith(BASE_URL), url
    return url[len(BASE_URL):] or "index.html"


def test_with_a_sub_path_base_url_every_link_is_absolute_and_exists(good_site_base):
    site = good_site_base
    for feed in feed_files(site):
        parsed = parse_feed(site, feed, host="https://elsewhere.example/")
        path = feed.relative_to(site).as_posix()
        assert parsed.feed.id == BASE_URL + path
        links = {link.rel: link.href for link in parsed.feed.links}
        assert links["self"] == BASE_URL + path
        assert (site / _output_path(links["alternate"])).is_file()
        for entry in parsed.entries:
            assert entry.id == entry.link
            assert (site / _output_path(entry.link)).is_file()
    entry = entries_by_title(site)["Đức Huệ: Tổng kết 05 năm phong trào thi đua “Dân vận khéo”"]
    html = entry.content[0].value
    images = re.findall(r'src="([^"]+)"', html)
    assert images and all((site / _output_path(src)).is_file() for src in images)
    links = re.findall(r'href="([^"#]+)(#[^"]*)?"', html)
    assert links and all((site / _output_path(href)).is_file() for href, _ in links)
    raw = (site / "feeds/atom.xml").read_text("utf-8")
    assert "../" not in raw  # nothing left relative


def test_without_base_url_links_resolve_against_the_feed_address(good_site):
    host = "https://mirror.example/a/b/"
    for feed in feed_files(good_site):
        parsed = parse_feed(good_site, feed, host)
        assert parsed.feed.id.startswith("tag:tin-thi-dua-duc-hue,")
        for entry in parsed.entries:
            assert entry.id.startswith("tag:tin-thi-dua-duc-hue,")
            assert entry.link.startswith(host)
            assert (good_site / entry.link[len(host):]).is_file()
            # Body links resolve through xml:base (the article page) to real files.
            for ref in re.findall(r'(?:src|href)="([^"#]+)', entry.get("content", [{}])[0]
                                  .get("value", "")):
                assert ref.startswith(host), ref
                assert (good_site / ref[len(host):]).is_file(), ref


def test_feed_items_and_summary_setting(tmp_path):
    config = tmp_path / "site.toml"
    config.write_text((SITES / "good/site.toml").read_text("utf-8")
                      + '\n[feeds]\nitems = 2\ncontent = "summary"\n', "utf-8")
    site = tmp_path / "output"
    result = run_build_py("build", "--content", str(SITES / "good/content"), "--config",
                          str(config), "--output", str(site))
    assert result.returncode == 0, result.stderr
    root = ElementTree.parse(site / "feeds/atom.xml").getroot()
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}published")[:10] for e in entries] == ["2021-03-15", "2020-09-20"]
    assert all(e.find(f"{ATOM}content") is None for e in entries)
    assert all(e.findtext(f"{ATOM}summary") for e in entries)


def test_default_is_full_content_with_the_lead_photo(good_site):
    entry = entries_by_title(good_site)["Đức Huệ: Tổng kết 05 năm phong trào thi đua “Dân vận khéo”"]
    html = entry.content[0].value
    assert "<figcaption>Quang cảnh hội nghị tổng kết</figcaption>" in html
    assert "333 mô hình" in html


def test_every_page_announces_the_site_feed_and_term_pages_their_own(good_site_base):
    site = good_site_base
    alternate = re.compile(r'<link rel="alternate" type="application/atom\+xml" '
                           r'title="([^"]*)" href="([^"]+)">')
    for page in html_pages(site):
        found = alternate.findall((site / page).read_text("utf-8"))
        hrefs = [href for _, href in found]
        if page == "404.html":  # shown at any depth: its links start from the base path
            assert hrefs[0] == "/tin-tuc/feeds/atom.xml"
            continue
        targets = [(site / page).parent.joinpath(h).resolve() for h in hrefs]
        assert targets[0] == (site / "feeds/atom.xml").resolve(), page
        assert all(t.is_file() for t in targets), page
        if page in ("tags/duc-hue.html", "categories/dan-van.html"):
            kind = page.split("/")[0]
            assert targets[1] == (site / f"feeds/{kind}" / Path(page).name).with_suffix(
                ".xml").resolve()


def test_feeds_are_byte_identical_across_builds(good_site, tmp_path):
    again = build_fixture("good", tmp_path / "again")
    for feed in feed_files(good_site):
        assert (again / feed.relative_to(good_site)).read_bytes() == feed.read_bytes()
