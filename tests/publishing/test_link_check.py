"""The link checker on small hand-made output folders: each kind of fault, exactly."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.publish.link_check import check_site, scan_html

EXTERNAL = "(needs the internet; copy the file into the site)"


def make_site(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (path -> text) under `root`; index.html links every page unless given."""
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, "utf-8")
    return root


def findings(root: Path, files: dict[str, str], base_path: str = "/",
             language: str = "en") -> list[str]:
    """The checker's findings on a hand-made site, as printed in `language` (English here:
    the test below checks the Vietnamese words of every kind)."""
    make_site(root, files)
    return [f.render(language) for f in check_site(root, base_path)]


def home(*links: str) -> str:
    """An index.html linking to `links`."""
    return "<!DOCTYPE html>\n<p>\n" + "\n".join(f'<a href="{h}">x</a>' for h in links) + "\n"


def test_a_clean_site_has_no_findings(tmp_path):
    assert findings(tmp_path, {
        "index.html": home("a/b.html", "a/b.html#muc", "#top", "", "?x=1",
                           "https://example.com/", "mailto:a@b.vn", "tel:123", "a/b%20c.html",
                           "a/x&amp;y.html"),
        "a/b.html": '<h2 id="muc">M</h2><img src="../img/a.png" srcset="../img/a.png 2x">\n'
                    '<a name="cu"></a><a href="#cu">back</a><a href="../index.html">h</a>'
                    '<img src="data:image/png;base64,AAAA">',
        "a/b c.html": '<a href="../index.html">h</a>',
        "a/x&y.html": "<p>ok</p>",
        "img/a.png": "png",
    }) == []


def test_broken_link_with_its_line(tmp_path):
    assert findings(tmp_path, {
        "index.html": home("a.html"),
        "a.html": "<p>\n\n<a href=\"../b.html\">ra ngoài</a>\n<a class='x' href=nope.html>x</a>",
    }) == ["a.html:3: broken link to ../b.html", "a.html:4: broken link to nope.html"]


def test_missing_anchor_here_and_on_another_page(tmp_path):
    assert findings(tmp_path, {
        "index.html": home("a.html#co", "a.html#khong-co", "#cung-khong"),
        "a.html": '<h2 id="co">x</h2>',
    }) == ["index.html:4: missing anchor a.html#khong-co",
           "index.html:5: missing anchor #cung-khong"]


def test_missing_images_and_files(tmp_path):
    assert findings(tmp_path, {
        "index.html": '<link rel="stylesheet" href="s.css">\n<img src="a.jpg">\n'
                      '<picture><source srcset="b.webp 1x, c.webp 2x"></picture>\n'
                      '<script src="app.js"></script>\n<video poster="p.jpg"></video>',
        "s.css": "body {\n  background: url('bg.png');\n}\n"
                 "@font-face { src: url(fonts/x.woff2) format('woff2'); }",
    }) == [
        "index.html:2: missing image a.jpg", "index.html:3: missing image b.webp",
        "index.html:3: missing image c.webp", "index.html:4: missing file app.js",
        "index.html:5: missing image p.jpg", "s.css:2: missing file bg.png",
        "s.css:4: missing file fonts/x.woff2"]


def test_external_resources_but_not_external_links(tmp_path):
    assert findings(tmp_path, {
        "index.html": '<link rel="stylesheet" href="https://cdn.example.com/a.css">\n'
                      '<link rel="canonical" href="https://example.org/">\n'
                      '<link rel="alternate" type="application/atom+xml" '
                      'href="https://example.org/feed.xml">\n'
                      '<script src="//cdn.example.com/x.js"></script>\n'
                      '<img src="HTTP://example.com/a.png">\n'
                      '<p style="background:url(https://example.com/bg.png)">\n'
                      '<style>\n@import "https://fonts.example.com/css";\n</style>\n'
                      '<a href="https://example.com/">ok</a> <iframe src="https://maps.example/">',
    }) == [f"index.html:1: external resource https://cdn.example.com/a.css {EXTERNAL}",
           f"index.html:4: external resource //cdn.example.com/x.js {EXTERNAL}",
           f"index.html:5: external resource HTTP://example.com/a.png {EXTERNAL}",
           f"index.html:6: external resource https://example.com/bg.png {EXTERNAL}",
           f"index.html:8: external resource https://fonts.example.com/css {EXTERNAL}",
           f"index.html:10: external resource https://maps.example/ {EXTERNAL}"]


def test_unreachable_pages_but_not_the_404_page(tmp_path):
    assert findings(tmp_path, {
        "index.html": home("a.html"),
        "a.html": '<link rel="next" href="b.html"><img src="c.html">',
        "b.html": "<p>only named by a link rel=next</p>",
        "c.html": "<p>only shown as an image</p>",
        "d/e.html": '<a href="../index.html">links out, nothing links in</a>',
        "404.html": "<p>not found</p>",
    }) == ["b.html:1: page unreachable from index.html",
           "c.html:1: page unreachable from index.html",
           "d/e.html:1: page unreachable from index.html"]


def test_a_meta_refresh_counts_as_a_link(tmp_path):
    assert findings(tmp_path, {
        "index.html": '<meta http-equiv="refresh" content="0; url=site/index.html">',
        "site/index.html": "<p>home</p>",
    }) == []


def test_a_form_action_counts_as_a_link(tmp_path):
    assert findings(tmp_path, {
        "index.html": '<form action="search.html" role="search"><input name="q"></form>',
        "search.html": "<p>results</p>",
    }) == []
    assert findings(tmp_path / "broken", {
        "index.html": '<form action="tim.html"><input name="q"></form>',
    }) == ["index.html:1: broken link to tim.html"]


def test_links_to_folders_and_absolute_paths(tmp_path):
    assert findings(tmp_path, {
        "index.html": home("tags/", "tags", "/tags/index.html", "./"),
        "tags/index.html": "<p>tags</p>",
    }) == ["index.html:3: link to a folder tags/ (name the file, e.g. index.html, so it "
           "works from file://)",
           "index.html:4: link to a folder tags (name the file, e.g. index.html, so it works "
           "from file://)",
           "index.html:5: absolute link /tags/index.html (breaks from file:// and under a "
           "sub-path; write it relative)",
           "index.html:6: link to a folder ./ (name the file, e.g. index.html, so it works "
           "from file://)",
           "tags/index.html:1: page unreachable from index.html"]


def test_the_404_page_may_use_absolute_links_under_the_base_path(tmp_path):
    assert findings(tmp_path, {
        "index.html": home("tags/index.html"),
        "tags/index.html": "<p>tags</p>",
        "404.html": '<a href="/tin-tuc/index.html">h</a>\n<a href="/tin-tuc/nope.html">x</a>\n'
                    '<a href="/other/index.html">y</a>',
    }, base_path="/tin-tuc/") == [
        "404.html:2: broken link to /tin-tuc/nope.html",
        "404.html:3: absolute link /other/index.html (breaks from file:// and under a "
        "sub-path; write it relative)"]


def test_names_that_clash_on_case_insensitive_disks(tmp_path):
    assert findings(tmp_path, {
        "index.html": home("tags/Duc-Hue.html", "tags/duc-hue.html"),
        "tags/Duc-Hue.html": "<p>a</p>",
        "tags/duc-hue.html": "<p>b</p>",
    }) == ["tags/duc-hue.html:1: output-path collision with tags/Duc-Hue.html (the same name "
           "on case-insensitive disks)"]


def test_feeds_and_sitemaps_must_be_well_formed_xml(tmp_path):
    result = findings(tmp_path, {
        "index.html": home(),
        "feeds/atom.xml": "<feed>\n<title>A & B</title>\n</feed>",
        "sitemap.xml": "<urlset></urlset>",
    })
    assert result == ["feeds/atom.xml:2: not well-formed XML: not well-formed (invalid token): "
                      "line 2, column 10"]


def test_a_missing_home_page(tmp_path):
    # Every page would be unreachable: one finding says why.
    assert findings(tmp_path, {"a.html": "<p>x</p>"}) == ["index.html:1: missing home page"]
    assert [str(f) for f in check_site(tmp_path)] == ["index.html:1: thiếu trang chủ"]


def test_every_kind_of_finding_in_vietnamese(tmp_path):
    assert findings(tmp_path, {
        "index.html": home("b.html", "tags/", "/tags/index.html", "a.html#khong-co",
                           "tags/Duc-Hue.html", "tags/duc-hue.html", "cu.html")
        + '<img src="anh.jpg"><script src="app.js"></script>'
          '<script src="https://cdn.example.com/x.js"></script>',
        "a.html": "<p>a</p>",
        "tags/index.html": "<p>t</p>",
        "tags/Duc-Hue.html": "<p>a</p>",
        "tags/duc-hue.html": "<p>b</p>",
        "lac.html": "<p>lạc</p>",
        "cu.html": '<meta http-equiv="refresh" content="0; url=mat.html">',
        "feeds/atom.xml": "<feed>\n<title>A & B</title>\n</feed>",
    }, language="vi") == [
        "cu.html:1: liên kết hỏng tới mat.html",
        "cu.html:1: địa chỉ cũ không dẫn tới đâu: mat.html không phải là một trang",
        "feeds/atom.xml:2: XML không hợp lệ: not well-formed (invalid token): line 2, column 10",
        "index.html:3: liên kết hỏng tới b.html",
        "index.html:4: liên kết tới thư mục tags/ (hãy ghi rõ tên tệp, ví dụ index.html, để "
        "mở được bằng file://)",
        "index.html:5: liên kết tuyệt đối /tags/index.html (hỏng khi mở bằng file:// và khi "
        "trang nằm trong thư mục con; hãy viết đường dẫn tương đối)",
        "index.html:6: thiếu mục neo a.html#khong-co",
        "index.html:10: thiếu tệp app.js",
        "index.html:10: thiếu ảnh anh.jpg",
        "index.html:10: tài nguyên bên ngoài https://cdn.example.com/x.js (cần có Internet; "
        "hãy chép tệp đó vào trang)",
        "lac.html:1: không có liên kết nào từ index.html dẫn tới trang này",
        "tags/duc-hue.html:1: đường dẫn xuất trùng với tags/Duc-Hue.html (là cùng một tên trên "
        "ổ đĩa không phân biệt chữ hoa, chữ thường)",
        "tags/index.html:1: không có liên kết nào từ index.html dẫn tới trang này"]


def test_comments_and_script_bodies_are_not_links(tmp_path):
    assert findings(tmp_path, {
        "index.html": '<!-- <a href="nope.html"> -->\n<script>var s = \'<a href="no.html">\';'
                      '</script>\n<a title="a > b" href="ok.html">x</a>',
        "ok.html": "<p>ok</p>",
    }) == []


# ------------------------------------------------------------------------------------
# The checker's tokenizer against html.parser, the reference, on real and tricky pages.

class _Reference(HTMLParser):
    """ids and (line, url) pairs of the URL attributes the checker reads, by html.parser."""

    URL_ATTRS = {("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"),
                 ("script", "src"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
                 ("audio", "src"), ("video", "src"), ("track", "src"), ("source", "src"),
                 ("video", "poster"), ("input", "src"), ("form", "action")}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.urls = set(), set()

    def handle_starttag(self, tag, attrs):
        seen = set()
        line = self.getpos()[0]
        for name, value in attrs:
            if name in seen:
                continue  # the first of a repeated attribute wins
            seen.add(name)
            value = value or ""
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag, name) in self.URL_ATTRS:
                self.urls.add((line, value.strip()))
            elif name == "srcset":
                self.urls |= {(line, part.split()[0]) for part in value.split(",")
                              if part.strip()}


def _compare(text: str) -> None:
    """The checker's scan finds the same ids and URLs as html.parser (no CSS in these)."""
    reference = _Reference()
    reference.feed(text)
    reference.close()
    scan = scan_html(text)
    assert scan.ids == reference.ids
    assert {(r.line, r.url) for r in scan.refs} == reference.urls


TRICKY = """<!DOCTYPE html>
<HTML><A HREF="Upper.html" ID=Top>x</A>
<a href = 'single.html' title="1 > 0">y</a><img src=bare.png alt=x/>
<a href="a&amp;b.html" id="i&#7879;">z</a><a href="dup.html" href="second.html">d</a>
<!-- <a href="commented.html"> -->
<script>document.write('<a href="inscript.html">')</script>
<p
  id="multi-line"><a
  href="wrapped.html">w</a></p>
<img srcset="s1.png 1x,
  s2.png 2x">
"""


def test_tokenizer_agrees_with_html_parser_on_tricky_markup():
    _compare(TRICKY)


def test_tokenizer_agrees_with_html_parser_on_built_pages(good_site_base):
    pages = sorted(good_site_base.rglob("*.html"))
    assert pages
    for page in pages:
        _compare(page.read_text("utf-8"))


@pytest.mark.parametrize("text", ["<a href=", "<a href='x.html", "<p id=\"open", "<!-- open",
                                  "<script>never closed <a href='x.html'>"])
def test_tokenizer_survives_truncated_markup(text):
    # An unfinished tag, comment or script holds no id and no reference (as in a browser).
    scan = scan_html(text)
    assert scan.ids == set() and scan.refs == []
    # What stands complete before the cut is still found.
    before = scan_html('<p id="ok"><a href="b.html">b</a>' + text)
    assert before.ids == {"ok"} and [(r.line, r.url) for r in before.refs] == [(1, "b.html")]
