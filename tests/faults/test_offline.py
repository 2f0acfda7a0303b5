"""Row 37: the built site works from `file://` with nothing from the network.

One page of every kind of the sample site is opened in Chromium from disk: every request
is a `file://` one and succeeds, stylesheets and images load, and every link on the page
names an existing file. Every page and stylesheet is also read for references to other
hosts (see also tests/test_sample_site.py and tests/publishing/test_bundle.py).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

KINDS = ["index.html", "page/2.html", "tags/index.html", "categories/index.html",
         "archive/index.html", "404.html"]
GLOBS = ["20*/*/*.html", "tags/*.html", "categories/*.html", "archive/*.html",
         "archive/*/*.html"]
RESOURCE_ATTRIBUTES = {("link", "href"), ("script", "src"), ("img", "src"), ("img", "srcset"),
                       ("source", "src"), ("source", "srcset"), ("video", "src"),
                       ("audio", "src"), ("iframe", "src"), ("embed", "src"),
                       ("object", "data"), ("video", "poster")}


# Lazy images below the fold load only when scrolled to: ask for all of them now.
LOAD_EVERY_IMAGE = """async () => {
    for (const image of document.images) image.loading = "eager";
    await Promise.all([...document.images].map(image => image.complete ? null
        : new Promise(done => { image.onload = image.onerror = done; })));
    return [...document.images].every(image => image.naturalWidth > 0);
}"""


def one_of_each_kind(site: Path) -> list[Path]:
    """A page of every kind the sample site has."""
    found = [site / kind for kind in KINDS if (site / kind).exists()]
    for pattern in GLOBS:
        found.append(sorted(site.glob(pattern))[0])
    if (site / "search.html").exists():
        found.append(site / "search.html")
    return found


def test_every_page_kind_works_from_file_urls(sample_site, page):
    requests: list[str] = []
    page.route("**/*", lambda route: (requests.append(route.request.url),
                                      route.continue_() if route.request.url.startswith("file:")
                                      else route.abort()))
    for target in one_of_each_kind(sample_site):
        page.goto(target.as_uri())
        page.wait_for_load_state("load")
        # (A file:// page may not read its sheets' rules; a loaded sheet is enough here.)
        assert page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')]"
                             ".every(l => l.sheet !== null) && document.styleSheets.length > 0"),\
            target
        assert page.evaluate(LOAD_EVERY_IMAGE), target
        for href in page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)"):
            if href.startswith("file:"):
                path = Path(unquote(urlsplit(href).path))
                assert path.is_file() and path.suffix in (".html", ".xml", ".jpg", ".png",
                                                          ".pdf", ".webp", ".svg"), (target, href)
    assert requests and all(url.startswith("file:") for url in requests), \
        [url for url in requests if not url.startswith("file:")]
    assert page.log.failed == [] and page.log.errors == []


def test_no_page_or_stylesheet_refers_to_another_host(sample_site):
    for html in sample_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        for tag in soup.find_all(True):
            for attribute in ("href", "src", "srcset", "data", "poster"):
                if (tag.name, attribute) not in RESOURCE_ATTRIBUTES or not tag.get(attribute):
                    continue
                if tag.name == "link" and tag.get("rel") and not {"stylesheet", "icon",
                                                                   "preload", "modulepreload",
                                                                   "manifest"} & set(tag["rel"]):
                    continue  # alternate/canonical name pages, they load nothing
                value = tag[attribute]
                assert not re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", value, re.I), \
                    (html, tag.name, value)
        for style in soup.find_all(style=True):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", style["style"]), html
    for css in sample_site.rglob("*.css"):
        text = css.read_text("utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import\s+['\"]?(https?:)?//", text), css
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            if not url.startswith(("data:", "#")):
                assert (css.parent / unquote(url.split("#")[0])).is_file(), (css, url)
