"""The built sample site under file:// rules: every link resolves, every article reachable."""
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.conftest import ROOT, run_build_py

ARTICLE = re.compile(r"^\d{4}/\d{2}/[a-z0-9-]+\.html$")


class Links(HTMLParser):
    """Collects href/src values and element ids of one page."""

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.refs.append((tag, value))
            if name == "id":
                self.ids.add(value)


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def internal_target(page: Path, url: str) -> Path | None:
    """The file a relative URL names, or None for external and same-page links."""
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//") or not parts.path:
        return None
    return (page.parent / unquote(parts.path)).resolve()


def test_every_internal_link_is_relative_and_names_an_existing_file(sample_site):
    problems = []
    for page in sorted(sample_site.rglob("*.html")):
        rel = page.relative_to(sample_site).as_posix()
        for tag, url in parse(page).refs:
            if rel == "404.html":
                continue
            if url.startswith("/") or (not urlsplit(url).scheme and urlsplit(url).path.endswith("/")):
                problems.append(f"{rel}: not a relative file link: {url}")
                continue
            target = internal_target(page, url)
            if target is None:
                if tag in ("img", "script", "link") and urlsplit(url).scheme in ("http", "https"):
                    problems.append(f"{rel}: external resource {url}")
                continue
            if not target.is_file():
                problems.append(f"{rel}: broken link {url}")
            elif not target.is_relative_to(sample_site.resolve()):
                problems.append(f"{rel}: leaves the site: {url}")
    assert problems == []


def test_every_article_is_reachable_from_home_through_tag_category_and_date_pages(sample_site):
    def crawl(start: Path, allowed) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            page = todo.pop()
            rel = page.relative_to(sample_site).as_posix()
            if rel in seen:
                continue
            seen.add(rel)
            if not allowed(rel) and page != start:
                continue  # reached, but don't walk further from here
            for _, url in parse(page).refs:
                target = internal_target(page, url)
                if target and target.suffix == ".html" and target.is_file():
                    todo.append(target)
        return seen

    articles = {p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*.html")
                if ARTICLE.match(p.relative_to(sample_site).as_posix())}
    assert len(articles) >= 15
    # Walk only listing pages (no article-to-article hops): tags, categories, archive.
    for section in ("tags/", "categories/", "archive/"):
        reached = crawl(sample_site / "index.html",
                        lambda rel, s=section: rel == "index.html" or rel.startswith(s))
        assert articles <= reached, f"not reachable via {section}: {articles - reached}"


def test_sample_has_the_duc_hue_summary_with_its_figures(sample_site):
    page = sample_site / "2020/09/duc-hue-tong-ket-05-nam-thuc-hien-phong-trao-thi-dua-dan-van-kheo-giai-doan-2016-2020.html"
    html = page.read_text(encoding="utf-8")
    for figure in ("333", "63", "220", "Kim Tiến - Hoàng Anh", "Thứ Ba, 15/09/2020 | 15:44 (GMT+7)"):
        assert figure in html


def test_tone_variants_share_one_tag_page_and_look_alike_places_do_not(sample_site):
    tags = (sample_site / "tags" / "index.html").read_text(encoding="utf-8")
    assert "Đức Hoà" not in tags and tags.count(">Đức Hòa<") == 1
    assert ">Thanh Hóa<" in tags and ">Thạnh Hóa<" in tags
    assert (sample_site / "tags" / "huyen-thanh-hoa.html").is_file()
    assert (sample_site / "tags" / "tinh-thanh-hoa.html").is_file()


def test_drafts_stay_out_unless_asked(sample_site, tmp_path):
    drafts = [p for p in (ROOT / "content").rglob("*.md") if "draft: true" in p.read_text()]
    assert drafts, "the sample should hold a draft"
    published = {p.name for p in sample_site.rglob("*.html")}
    with_drafts = tmp_path / "out"
    result = run_build_py("build", "--drafts", "--output", str(with_drafts))
    assert result.returncode == 0, result.stderr
    assert len(list(with_drafts.rglob("*.html"))) > len(published)


def test_no_bom_or_unnormalized_text_in_the_output(sample_site):
    import unicodedata
    for page in sample_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "\ufeff" not in text
        assert unicodedata.is_normalized("NFC", text), page
