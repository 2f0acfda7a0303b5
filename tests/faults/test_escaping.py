"""Rows 22-25 (item 4): hostile text reaches every page kind, feed, sitemap, search index
and JSON-LD only as text.

Non-UTF-8 files are fixtures (tests/broken/15, 16, 31). Here a site whose every front
matter field and Markdown body carries hostile strings is built once, and every output
file is parsed: no `script` element, `on*` attribute or `javascript:`-like URL came from
content (the theme's own are those of the same site built with harmless text); XML stays
well-formed; the hostile strings come back exactly, as text.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from io import BytesIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from builder.content.articles import split_byline
from builder.core.text import _ILLEGAL, clean_text
from tests.faults.helpers import build_site

HOSTILE = ["</title><script>alert(1)</script>", "\" onmouseover=\"alert(2)",
           "' onfocus='alert(3)' autofocus='", "<img src=x onerror=alert(4)>",
           "javascript:alert(5)", "</script><script>alert(6)</script>",
           "]]></content><script>alert(7)</script>", "{{ 7*7 }}{% raw %}", "&amp; &lt;b&gt;",
           "<!--", "\u2028 \u2029"]
BODY = """Đoạn mở đầu với <b>chữ đậm</b>.

<script>alert(10)</script>
<svg onload=alert(11)><circle r="1"/></svg>
<iframe src="javascript:alert(12)"></iframe>
<style>body {{ background: url(javascript:alert(13)) }}</style>

[a](javascript:alert(14)) [b](JaVaScRiPt:alert(15)) [c]( javascript:alert(16))
[d](vbscript:msgbox(17)) [e](data:text/html;base64,PHNjcmlwdD4=) [f](file:///etc/passwd)
![g](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTgpPg==)
<a href="vbscript:alert(19)">h</a> <a href="&#106;avascript:alert(20)">i</a>
<a href="java&#x09;script:alert(29)">j</a>
<img src=anh.png onerror=alert(21)> <div onclick="alert(22)">k</div>
<object data="x.swf"></object><embed src="x.swf">
<form action="javascript:alert(23)"><button formaction="javascript:alert(24)">l</button></form>
<math><a xlink:href="javascript:alert(25)">m</a></math>
<base href="javascript:alert(27)//">
<meta http-equiv="refresh" content="0;url=javascript:alert(28)">
{{: onclick="alert(30)" }}

[ref link][ref]

[ref]: javascript:alert(26)
"""
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data",
                  "cite", "background", "srcset", "content")
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.I)
MARKERS = re.compile(r"alert\(|msgbox\(")
TOML = 'title = "Trang thử"\nbase_url = "https://example.org/tin/"\n'


def shown(text: str) -> str:
    """How a front matter text is shown: NFC, junk characters dropped, spaces trimmed."""
    return clean_text(text).strip()


def quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text)


def tiny_png() -> bytes:
    """A real 8x8 PNG: the build re-encodes photos, so the bytes must be an image."""
    out = BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def site_files(texts: list[str], body: str) -> dict[str, str | bytes]:
    """One article per text, the text in every field (and in tags, category, author)."""
    files: dict[str, str | bytes] = {"anh.png": tiny_png()}
    for number, text in enumerate(texts):
        fields = {
            "title": quoted(f"{text} {number}"), "date": f"2020-0{1 + number % 3}-15 08:00",
            "summary": quoted(f"Tóm tắt {text}"), "author": quoted(f"Tác giả {text}"),
            "tags": f"[{quoted('Thẻ ' + text)}, {quoted(text + ' thẻ hai')}]",
            "category": quoted(f"Mục {text}"), "image": "anh.png",
            "image_caption": quoted(f"Chú thích {text}"), "ghi_chu": quoted(text),
        }
        head = "".join(f"{key}: {value}\n" for key, value in fields.items())
        files[f"bai-{number}.md"] = f"---\n{head}---\n\n{body}\n"
    return files


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The hostile site and the same site with harmless text, built once."""
    folder = tmp_path_factory.mktemp("escaping")
    hostile = build_site(folder / "hostile", site_files(HOSTILE, BODY), TOML)
    harmless = build_site(folder / "harmless",
                          site_files([f"chữ thường {n}" for n in range(len(HOSTILE))],
                                     "Đoạn văn bình thường."), TOML)
    return hostile, harmless


def soup_of(path: Path) -> BeautifulSoup:
    """A page parsed the way browsers parse HTML."""
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def theme_parts(out: Path) -> tuple[set, set]:
    """Inline scripts and on* attributes a site has (those of the theme, when harmless)."""
    scripts, handlers = set(), set()
    for page in out.rglob("*.html"):
        soup = soup_of(page)
        scripts |= {s.string or "" for s in soup.find_all("script")
                    if not s.get("src") and s.get("type") != "application/ld+json"}
        handlers |= {(tag.name, name, value) for tag in soup.find_all(True)
                     for name, value in tag.attrs.items() if name.lower().startswith("on")}
    return scripts, handlers


def check_dom(soup: BeautifulSoup, where: str, out: Path, theme: tuple[set, set]) -> None:
    """No script, handler or dangerous URL from content in one parsed document."""
    scripts, handlers = theme
    for script in soup.find_all("script"):
        if script.get("src"):
            src = script["src"]
            assert not re.match(r"^[a-z]+:|^//", src, re.I), (where, src)
        elif script.get("type") == "application/ld+json":
            json.loads(script.string)  # data, and still whole
            assert "</" not in script.string, where
        else:
            assert (script.string or "") in scripts, (where, str(script)[:200])
    for tag in soup.find_all(True):
        assert tag.name not in ("iframe", "object", "embed", "base", "frame", "applet"), where
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                assert (tag.name, name, value) in handlers, (where, tag.name, name, value)
            if name.lower() in URL_ATTRIBUTES and not (tag.name == "meta" and name == "content"
                                                       and not tag.get("http-equiv")):
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                assert not BAD_SCHEME.match(cleaned), (where, tag.name, name, value)
        if tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh":
            raise AssertionError(f"{where}: meta refresh from content")
    for style in soup.find_all("style"):
        assert not MARKERS.search(style.get_text()), where


def test_rows24_25_no_markup_from_content_in_any_page(sites):
    hostile, harmless = sites
    theme = theme_parts(harmless)
    kinds = set()
    for page in hostile.rglob("*.html"):
        rel = page.relative_to(hostile).as_posix()
        kinds.add(re.sub(r"\d+", "N", rel.split("/")[0]))
        check_dom(soup_of(page), rel, hostile, theme)
    # Article (2020/…), home and its pages, tags, categories, archive (years, months), 404.
    assert {"N", "index.html", "page", "tags", "categories", "archive", "N.html"} <= kinds


def test_row24_hostile_text_comes_back_exactly_as_text(sites):
    hostile, _ = sites
    articles = {soup_of(p).h1.get_text(): soup_of(p) for p in hostile.glob("2020/*/*.html")}
    for number, text in enumerate(HOSTILE):
        title = shown(f"{text} {number}")
        soup = articles[title]
        assert soup.title.get_text().startswith(title + " | ")
        meta = {m.get("name") or m.get("property"): m.get("content")
                for m in soup.find_all("meta")}
        assert meta["description"] == shown(f"Tóm tắt {text}")
        assert meta["og:title"] == title
        text_of_page = soup.get_text()
        # The byline is split into authors (at "-", "," and ";"): each name comes back whole.
        names = split_byline(shown(f"Tác giả {text}"))
        for field in (*names, shown(f"Mục {text}"), shown(f"Thẻ {text}"),
                      shown(f"Chú thích {text}")):
            assert field in text_of_page, field
        (record,) = [json.loads(s.string) for s in soup.find_all("script")
                     if s.get("type") == "application/ld+json"]
        assert record["headline"] == title
        assert shown(f"Thẻ {text}") in record["keywords"]
        assert [author["name"] for author in record["author"]] == list(names)
    listing = soup_of(hostile / "index.html").get_text()
    assert all(shown(f"{text} {n}") in listing for n, text in enumerate(HOSTILE[:5]))
    assert "49" not in " ".join(articles)  # {{ 7*7 }} was never evaluated


def test_feeds_and_sitemap_are_well_formed_with_the_text_intact(sites):
    hostile, harmless = sites
    atom = "{http://www.w3.org/2005/Atom}"
    theme = theme_parts(harmless)
    titles = set()
    feeds = list(hostile.rglob("*.xml"))
    assert len(feeds) > 5
    for feed in feeds:
        root = ET.parse(feed).getroot()  # strict XML
        if root.tag != f"{atom}feed":
            continue
        for element in root.iter():
            assert element.tag.startswith(atom), (feed, element.tag)  # nothing injected
        for entry in root.iter(f"{atom}entry"):
            titles.add(entry.find(f"{atom}title").text)
            content = entry.find(f"{atom}content")
            if content is not None and content.text:
                check_dom(BeautifulSoup(content.text, "html.parser"), feed.name, hostile, theme)
    assert {shown(f"{t} {n}") for n, t in enumerate(HOSTILE)} <= titles
    sitemap = ET.parse(hostile / "sitemap.xml").getroot()
    for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        assert re.fullmatch(r"https://example\.org/tin/[a-z0-9/._-]*", loc.text), loc.text


def test_search_index_holds_the_text_as_data(sites):
    """Skip-free: when the site has a search page, its index must exist, parse as data and
    hold the hostile titles exactly; without a search page there is nothing to check."""
    hostile, _ = sites
    if not (hostile / "search.html").exists():
        assert not (hostile / "search").exists()  # no index without its page
        return
    scripts = sorted((hostile / "search").glob("*.js"))
    assert scripts, "search.html exists but no search index was written"
    strings: set[str] = set()
    for script in scripts:
        text = script.read_text("utf-8")
        match = re.fullmatch(r'\(self\.\w+\|\|\(self\.\w+=\{\}\)\)\["[^"\\]+"\]=(.*?);?\s*',
                             text, re.S)
        assert match, f"{script.name} is not a plain data assignment"
        strings |= set(_strings(json.loads(match[1])))
    for number, text in enumerate(HOSTILE):
        assert shown(f"{text} {number}") in strings


def _strings(value):
    """Every string in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


CONTROL = "Ký tự lạ: \v dọc \x1f đơn vị \ufffe không \u202e đảo \u200d nối \x7f xóa \x85 NEL"


def test_row23_control_and_odd_characters(tmp_path):
    body = "Thân bài: \v dọc \x1f \ufffe \u202e \u200d \x00 \x08 hết.\n"
    files = {"bai.md": "---\ntitle: " + quoted(CONTROL) + "\ndate: 2020-01-01\ntags: ["
                       + quoted("thẻ \x1f lạ") + "]\n---\n" + body}
    out = build_site(tmp_path, files, TOML)
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt"):
            text = path.read_text("utf-8")
            assert not _ILLEGAL.search(text), (path, _ILLEGAL.search(text))
            if path.suffix == ".xml":
                ET.parse(path)
    (page,) = out.glob("2020/01/*.html")
    assert soup_of(page).h1.get_text() == clean_text(CONTROL).strip()
    assert "\u202e" in soup_of(page).h1.get_text()  # legal text stays, as text


def test_row23_a_lone_surrogate_escape_is_an_error_with_its_place(tmp_path):
    """YAML cannot hold half a character: `"\\ud800"` is refused where it is written
    (tests/broken/30 has the exact message)."""
    from builder.core.errors import BuildError
    with pytest.raises(BuildError) as caught:
        build_site(tmp_path, {"bai.md": '---\ntitle: "a \\ud800 b"\ndate: 2020-01-01\n---\nx\n'})
    assert str(caught.value.problems[0]).startswith(f"{tmp_path}/content/bai.md:2:8: ")


TITLE_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                     max_size=40).filter(lambda t: clean_text(t).strip())


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(TITLE_TEXT)
def test_any_title_comes_back_exactly_in_title_and_h1(title):
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        text = ("---\ntitle: " + json.dumps(title, ensure_ascii=False)
                + "\ndate: 2020-01-01\n---\nx\n")
        out = build_site(Path(folder), {"bai.md": text}, 'title = "Trang"\n')
        (page,) = out.glob("2020/01/*.html")
        soup = soup_of(page)
        expected = clean_text(title).strip()
        assert soup.h1.get_text() == expected
        assert soup.title.get_text() == f"{expected} | Trang"


def test_no_content_script_runs_in_a_browser(sites, page):
    """Chromium opens every page kind of the hostile site (and its search page, if any,
    searching for the hostile words): no dialog opens, no script from content runs."""
    hostile, _ = sites
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    targets = [hostile / "index.html", hostile / "tags" / "index.html",
               hostile / "archive" / "2020" / "01.html", hostile / "404.html",
               *sorted(hostile.glob("2020/*/*.html"))[:6],
               *sorted(hostile.glob("tags/*.html"))[:4],
               *sorted(hostile.glob("categories/*.html"))[:3]]
    urls = [t.as_uri() for t in targets]
    if (hostile / "search.html").exists():
        urls += [(hostile / "search.html").as_uri() + "?q=" + word
                 for word in ("alert", "script", "onerror", "javascript")]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("load")
        page.wait_for_timeout(100)
    assert dialogs == []
    assert not [e for e in page.log.errors if "alert" in e]
