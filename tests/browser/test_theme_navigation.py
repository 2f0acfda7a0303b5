"""A reader's walk through the built sample site from file://, in Chromium: links work, nothing
fails to load, nothing scrolls sideways on a phone, and screenshots are kept for people."""
from __future__ import annotations

import re

import pytest

from .conftest import load_lazy_images

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def settle(page) -> None:
    """Let the page's photos finish loading: leaving earlier would abort them, and an aborted
    load would count as a failed request."""
    page.wait_for_load_state("networkidle")


def follow(page, link) -> None:
    """Click a link and wait for the new page's document: the URL changes as soon as the
    navigation commits, before the page's elements are there to be counted."""
    link.click()
    page.wait_for_load_state("load")


def test_walk_home_tag_article_month_and_back(page, site_pages):
    """Home → a topic → an article → its month archive, then back, with no errors."""
    page.goto(site_pages["home"].as_uri())
    settle(page)
    assert page.locator(".site-name").inner_text().strip()
    home_url = page.url

    follow(page, page.locator(".topics a").first)
    assert re.search(r"/tags/[^/]+\.html$", page.url), page.url
    tag_url, tag_name = page.url, page.locator("h1").inner_text()
    assert page.locator(".card").count() >= 1
    settle(page)

    follow(page, page.locator(".card-title a").first)
    assert re.search(r"/\d{4}/\d{2}/[^/]+\.html$", page.url), page.url
    article_url = page.url
    assert page.locator("h1.article-title").inner_text().strip()
    assert re.search(r"\d{2}/\d{2}/\d{4} \| \d{2}:\d{2} \(GMT[+-]\d", page.locator(".dateline").inner_text())
    assert tag_name in page.locator(".tag-list").inner_text()
    settle(page)

    follow(page, page.locator(".article-archive a"))
    assert re.search(r"/archive/\d{4}/\d{2}\.html$", page.url), page.url
    article_file = article_url.rsplit("/", 1)[1]
    assert page.locator(f".card-title a[href$='{article_file}']").count() == 1
    settle(page)

    for expected in (article_url, tag_url, home_url):
        page.go_back()
        assert page.url == expected
        settle(page)
    assert page.log.errors == [] and page.log.failed == []


def test_every_kind_of_page_loads_cleanly(page, site_pages):
    """Each kind of page loads its stylesheet, script and photos without an error."""
    for kind, path in site_pages.items():
        page.goto(path.as_uri())
        load_lazy_images(page)
        background = page.eval_on_selector(".main-nav", "e => getComputedStyle(e).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), f"{kind}: no stylesheet"
        broken = page.eval_on_selector_all(
            "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        assert broken == [], f"{kind}: {broken}"
    assert page.log.errors == [] and page.log.failed == []


@pytest.mark.parametrize("width", [320, 375, 768, 1280, 1920])
def test_no_horizontal_scrolling(browser, site_pages, width):
    """From a 320 px phone to a wide screen the page never scrolls sideways and photos fit."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for kind, path in site_pages.items():
            page.goto(path.as_uri())
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{kind} at {width}px scrolls sideways by {overflow}px"
            too_wide = page.eval_on_selector_all(
                "main img", "imgs => imgs.filter(i => i.getBoundingClientRect().right > "
                "window.innerWidth + 0.5).map(i => i.src)")
            assert too_wide == [], f"{kind} at {width}px: {too_wide}"
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_screenshots_for_people(browser, site_pages, artifacts_dir, viewport):
    """Full-page screenshots of home and an article, to look at (test-artifacts/)."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        for kind in ("home", "article"):
            page.goto(site_pages[kind].as_uri())
            load_lazy_images(page)
            shot = artifacts_dir / f"{kind}-{viewport['width']}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
    finally:
        context.close()


TOUCH_TARGETS = (".main-nav a", ".section-nav a", ".breadcrumbs a", ".reader-controls button",
                 ".tag-list a", ".prev-next a", ".pagination a", ".site-footer a",
                 ".term-list a", ".month-list a", ".article-archive a", ".kicker a")


def test_touch_targets_are_at_least_44px(browser, site_pages):
    """On a phone every control and navigation link is at least 44 × 44 px."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        small = []
        for kind in ("home", "article", "tag", "archive", "tags"):
            page.goto(site_pages[kind].as_uri())
            for selector in TOUCH_TARGETS:
                for box in page.eval_on_selector_all(selector, """els => els
                        .filter(e => e.getClientRects().length)
                        .map(e => { const r = e.getBoundingClientRect();
                                    return [e.textContent.trim(), r.width, r.height]; })"""):
                    if box[1] < 44 or box[2] < 44:
                        small.append((kind, selector, *box))
        assert small == []
        # a card is one big target: a tap anywhere on it lands on its title link
        page.goto(site_pages["home"].as_uri())
        assert page.evaluate("""() => {
            const card = document.querySelector('.cards .card');
            card.scrollIntoView({block: 'center'});
            const r = card.getBoundingClientRect();
            const hit = document.elementFromPoint(r.right - 4, r.bottom - 4);
            return hit !== null && hit.closest('a') === card.querySelector('.card-title a');
        }""")
    finally:
        context.close()


def test_everything_but_reader_controls_works_without_javascript(browser, site_pages):
    """With JavaScript off, pages read and navigate; only the text-size buttons stay hidden."""
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    try:
        page.goto(site_pages["home"].as_uri())
        assert not page.locator(".reader-controls").is_visible()
        assert page.locator(".lead-story, .card").first.is_visible()
        page.locator(".main-nav a[href$='archive/index.html']").click()
        assert page.url.endswith("archive/index.html")
        page.locator(".month-list a").first.click()
        page.locator(".card-title a").first.click()
        assert page.locator(".article-body").is_visible()
        assert page.locator(".article-body img, .lead-image img").count() >= 1
        assert errors == []
    finally:
        context.close()
