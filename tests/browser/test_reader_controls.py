"""Reader controls in Chromium from file://: the remembered text size, light and dark themes
following the system, and the print style."""
from __future__ import annotations

import re


def root_px(page) -> float:
    """The root font size in CSS pixels."""
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def body_text_px(page) -> float:
    """The font size of the first paragraph of the main content."""
    return page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")


def settle(page) -> None:
    """Let photos finish loading before leaving (an aborted load counts as a failed request)."""
    page.wait_for_load_state("networkidle")


def press(page, step: str) -> None:
    """Click the A− (-1), A (0) or A+ (1) button."""
    page.locator(f".reader-controls button[data-text-step='{step}']").click()


def test_text_size_is_remembered_across_pages(page, site_pages):
    """A+ enlarges the text; the next page and a reload keep the size; A resets it."""
    page.goto(site_pages["home"].as_uri())
    settle(page)
    assert page.locator(".reader-controls").is_visible()
    normal_root, normal_text = root_px(page), body_text_px(page)

    press(page, "1")
    press(page, "1")
    assert root_px(page) == normal_root * 1.25
    assert body_text_px(page) > normal_text

    page.locator(".card-title a").first.click()
    settle(page)
    assert re.search(r"/\d{4}/\d{2}/[^/]+\.html$", page.url), page.url
    assert root_px(page) == normal_root * 1.25, "the size was not carried to the next page"

    press(page, "-1")
    page.reload()
    settle(page)
    assert root_px(page) == normal_root * 1.125

    page.goto(site_pages["archive"].as_uri())
    settle(page)
    assert root_px(page) == normal_root * 1.125
    press(page, "0")
    assert root_px(page) == normal_root
    page.goto(site_pages["tag"].as_uri())
    assert root_px(page) == normal_root
    assert page.evaluate("Object.keys(localStorage).length") == 0
    assert page.log.errors == [] and page.log.failed == []


def test_text_size_stops_at_its_limits_and_keeps_focus(page, site_pages):
    """Past the largest size A+ is marked unavailable, does nothing and keeps the focus."""
    page.goto(site_pages["article"].as_uri())
    normal = root_px(page)
    larger = page.locator(".reader-controls button[data-text-step='1']")
    larger.focus()
    for _ in range(10):
        page.keyboard.press("Enter")
    assert root_px(page) == normal * 1.5
    assert larger.get_attribute("aria-disabled") == "true"
    assert page.evaluate("document.activeElement.dataset.textStep") == "1"
    smaller = page.locator(".reader-controls button[data-text-step='-1']")
    smaller.focus()
    for _ in range(10):
        page.keyboard.press("Enter")
    assert root_px(page) == normal * 0.875
    assert smaller.get_attribute("aria-disabled") == "true"
    assert larger.get_attribute("aria-disabled") == "false"


def test_a_nonsense_stored_size_is_ignored(page, site_pages):
    """A hand-edited or foreign value in storage does not break the page."""
    page.goto(site_pages["home"].as_uri())
    normal = root_px(page)
    page.evaluate("localStorage.setItem('campaign-news.text-size', 'huge')")
    page.reload()
    assert root_px(page) == normal
    page.evaluate("localStorage.setItem('campaign-news.text-size', '99')")
    page.reload()
    assert root_px(page) == normal * 1.5
    assert page.log.errors == []


def luminance(css_color: str) -> float:
    """Relative luminance (WCAG) of an `rgb(...)` colour."""
    channels = [int(part) / 255 for part in css_color[css_color.index("(") + 1:-1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_light_and_dark_follow_the_system(browser, site_pages):
    """The system's colour scheme picks the theme: dark text on light, light text on dark."""
    seen = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(site_pages["article"].as_uri())
        seen[scheme] = page.evaluate("""() => {
            const body = getComputedStyle(document.body);
            const text = getComputedStyle(document.querySelector('.article-body p'));
            return [body.backgroundColor, text.color]; }""")
        context.close()
    light_bg, light_fg = (luminance(c) for c in seen["light"])
    dark_bg, dark_fg = (luminance(c) for c in seen["dark"])
    assert light_bg > 0.8 and light_fg < 0.1
    assert dark_bg < 0.05 and dark_fg > 0.6


def test_print_style_drops_navigation_and_shows_link_targets(page, site_pages):
    """Printed, an article has no navigation or controls, and the links of its text show where
    they lead."""
    page.goto(site_pages["article"].as_uri())
    # the sample's article may have no link in its text: add one of each kind
    page.eval_on_selector(".article-body", """body => body.insertAdjacentHTML('beforeend',
        '<p><a href="https://example.org/van-ban.pdf">văn bản</a> <a href="../../index.html">trang chủ</a></p>')""")
    page.emulate_media(media="print", color_scheme="dark")
    hidden = page.evaluate("""() => ['.main-nav', '.section-nav', '.topbar', '.breadcrumbs',
            '.site-footer', '.prev-next', '.related', '.reader-controls']
        .filter(s => document.querySelector(s))
        .map(s => [s, getComputedStyle(document.querySelector(s)).display])""")
    assert hidden and all(display == "none" for _, display in hidden), hidden
    shown = page.evaluate("""() => [...document.querySelectorAll('.article-body a[href]:not([href^="#"])')]
        .filter(a => a.getClientRects().length)
        .map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])""")
    assert len(shown) >= 2
    for href, content in shown:
        assert href in content, (href, content)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert luminance(background) > 0.9, "print on white even when the screen is dark"
