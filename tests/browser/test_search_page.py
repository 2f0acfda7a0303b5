"""The search page as a reader uses it: from file://, typing, the address bar, the keyboard."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
import unicodedata
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.conftest import run_build_py

DUC_HUE = ["Đức Huệ: Tổng kết 05 năm phong trào thi đua “Dân vận khéo”",
           "Xã Mỹ Quý Đông đạt chuẩn nông thôn mới",
           "Hội nghị sơ kết phong trào thi đua 6 tháng",
           "Trao tặng nhà đại đoàn kết cho hộ nghèo"]
DAN_VAN_KHEO = DUC_HUE[0]
DAN_VAN_MINH = "Người dân văn minh, phố phường sạch đẹp"
VAN_DONG = "Cuộc vận động toàn dân chung tay vì người nghèo"
HOC_DAN_VAN = "Người dân Cần Đước học “Dân vận khéo”"


def shown(page, query: str) -> None:
    """Wait until the page shows the results for `query`."""
    # Null-safe: right after Enter in the masthead box the old page may still be current.
    page.wait_for_function("q => { const box = document.querySelector('[data-search]');"
                           " return box !== null && box.getAttribute('data-shown') === q; }",
                           arg=query)


def titles(page) -> list[str]:
    """Result titles on screen, in order."""
    return page.locator(".search-result-title").all_inner_texts()


def typed(page, text: str) -> None:
    """Type into the search box key by key, as a reader does, and wait for the results."""
    page.fill("#search-q", "")
    page.locator("#search-q").press_sequentially(text, delay=15)
    shown(page, text)


def url_query(page) -> str:
    """The q= of the address bar."""
    return parse_qs(urlsplit(page.url).query).get("q", [""])[0]


@pytest.fixture
def search_url(search_site) -> str:
    return (search_site / "search.html").as_uri()


@pytest.mark.parametrize("query", ["duc hue", "Đức Huệ", "ĐỨC HUỆ", "Duc Hue",
                                   unicodedata.normalize("NFD", "Đức Huệ")])
def test_typed_spellings_find_the_same_articles_in_rank_order(page, search_url, query):
    page.goto(search_url)
    typed(page, query)
    assert titles(page) == DUC_HUE
    status = page.inner_text(".search-status")
    assert status.startswith("4 bài viết có") and query.strip() in status
    assert page.log.errors == [] and page.log.failed == []


def test_once_open_the_page_searches_from_memory(page, search_site, tmp_path):
    """A moment after opening, the page holds all its index files: later keystrokes never
    wait for a file to load (shown by taking the files away)."""
    site = tmp_path / "site"
    shutil.copytree(search_site, site)
    page.goto((site / "search.html").as_uri())
    page.wait_for_function("self.cnSearch !== undefined && self.cnSearch.prefetched === true")
    shutil.rmtree(site / "search")
    typed(page, "duc hue")
    assert titles(page) == DUC_HUE
    typed(page, "an ninh")
    assert "An ninh trật tự ở Cần Giuộc được giữ vững" in titles(page)
    assert page.log.errors == [] and page.log.failed == []


def test_exact_accents_come_first(page, search_url):
    page.goto(search_url)
    typed(page, "Dân vận")
    assert titles(page) == [DAN_VAN_KHEO, HOC_DAN_VAN, VAN_DONG, DAN_VAN_MINH]
    typed(page, "dan van")
    assert titles(page) == [DAN_VAN_MINH, DAN_VAN_KHEO, HOC_DAN_VAN, VAN_DONG]


def test_an_finds_long_an_and_an_ninh(page, search_url):
    page.goto(f"{search_url}?q=an")
    shown(page, "an")
    found = titles(page)
    assert "Long An phát động thi đua yêu nước năm 2023" in found
    assert "An ninh trật tự ở Cần Giuộc được giữ vững" in found


def test_matched_words_are_highlighted(page, search_url):
    page.goto(f"{search_url}?q={quote('duc hue')}")
    shown(page, "duc hue")
    first = page.locator(".search-result").first
    assert first.locator(".search-result-title mark").all_inner_texts() == ["Đức", "Huệ"]
    assert first.locator("time").get_attribute("datetime") == "2020-09-15"
    assert first.locator(".search-meta").inner_text() == "15/09/2020 · Dân vận"
    # Found by a tag: the tags are shown with the match marked.
    second = page.locator(".search-result").nth(1)
    assert second.locator(".search-tags mark").all_inner_texts() == ["Đức", "Huệ"]
    # Found only in the article text: said so.
    assert page.locator(".search-result").nth(3).locator(".search-tags").inner_text() == (
        "Có trong nội dung bài viết")


def test_results_link_to_the_articles(page, search_url):
    page.goto(f"{search_url}?q={quote('An ninh')}")
    shown(page, "An ninh")
    page.click(".search-result-title a")
    page.wait_for_load_state()
    assert page.url.endswith(".html") and "/2022/07/" in page.url
    assert page.inner_text("h1") == "An ninh trật tự ở Cần Giuộc được giữ vững"


def test_the_query_is_kept_in_the_address_and_back_returns_to_the_previous_search(
        page, search_url):
    page.goto(f"{search_url}?q={quote('Long An')}")
    shown(page, "Long An")
    assert page.input_value("#search-q") == "Long An"
    typed(page, "Đức Huệ")
    assert url_query(page) == "Đức Huệ"
    page.go_back()
    shown(page, "Long An")
    assert page.input_value("#search-q") == "Long An"
    assert titles(page) == ["Long An phát động thi đua yêu nước năm 2023"]
    page.go_forward()
    shown(page, "Đức Huệ")
    assert titles(page) == DUC_HUE
    # A bookmark of the address opens the same search.
    bookmark = page.url
    page.goto(search_url)
    page.goto(bookmark)
    shown(page, "Đức Huệ")
    assert titles(page) == DUC_HUE


def test_no_results_says_so(page, search_url):
    page.goto(search_url)
    typed(page, "xyzzy")
    assert titles(page) == []
    assert "Không tìm thấy bài viết nào có “xyzzy”" in page.inner_text(".search-status")
    assert page.locator(".search-more").is_hidden()


def test_masthead_box_on_an_article_leads_to_the_results(page, search_site):
    article = next((search_site / "2024" / "01").glob("*.html"))
    page.goto(article.as_uri())
    page.fill("#site-search-q", "Đức Huệ")
    with page.expect_navigation():
        page.press("#site-search-q", "Enter")
    shown(page, "Đức Huệ")
    assert page.url.startswith((search_site / "search.html").as_uri() + "?q=")
    assert titles(page) == DUC_HUE
    assert page.evaluate("document.activeElement.id") == "search-q"


def test_keyboard_moves_from_the_box_through_the_results(page, search_url):
    page.goto(search_url)
    assert page.evaluate("document.activeElement.id") == "search-q"
    typed(page, "duc hue")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == DUC_HUE[0]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == DUC_HUE[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.inner_text("h1") == DUC_HUE[0]


def test_more_results_load_on_demand(page, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for n in range(1, 26):
        (content / f"bai-{n}.md").write_text(
            f"---\ntitle: Bài số {n} về Đức Huệ\ndate: 2024-01-{n % 28 + 1:02d} {n % 24:02d}:00\n"
            "---\n\nNội dung.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_build_py("build", "--content", str(content), "--output", str(out))
    assert result.returncode == 0, result.stderr
    page.goto((out / "search.html").as_uri() + "?q=duc+hue")
    shown(page, "duc hue")
    assert len(titles(page)) == 10
    assert page.inner_text(".search-status").startswith("25 bài viết")
    page.click(".search-more")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 20")
    # The first new result takes the focus, so keyboard readers go on from there.
    assert page.evaluate("document.activeElement.textContent") == titles(page)[10]
    page.click(".search-more")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 25")
    assert page.locator(".search-more").is_hidden()
    assert len(set(titles(page))) == 25


def test_works_under_a_sub_path_over_http(page, search_site, tmp_path):
    # The same files served from /tin/luu-tru/ on another host name than file://.
    shutil.copytree(search_site, tmp_path / "tin" / "luu-tru")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            """No request log in the test output."""

    handler = functools.partial(Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    missing = []
    page.on("response", lambda r: r.status >= 400 and missing.append(urlsplit(r.url).path))
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/tin/luu-tru/search.html?q=duc+hue")
        shown(page, "duc hue")
        assert titles(page) == DUC_HUE
        assert set(missing) <= {"/favicon.ico"}  # the browser asks the host root for it
        assert page.log.failed == []
    finally:
        server.shutdown()
        server.server_close()


def test_sample_site_search_finds_an_article_by_its_title(page, sample_site):
    page.goto((sample_site / "index.html").as_uri())
    title = page.locator(".card-title").first.inner_text()
    page.goto((sample_site / "search.html").as_uri() + "?q=" + quote(title))
    shown(page, title)
    assert titles(page)[0] == title
    assert page.log.errors == [] and page.log.failed == []
