"""Accessibility in Chromium: axe-core finds no serious or critical problem in either theme, and
the keyboard and screen-reader basics (language, landmarks, skip link, focus, alt text) hold."""
from __future__ import annotations

import re

import pytest

from builder.core.config import load_config

from tests.conftest import ROOT, PageLog

AXE_KINDS = ("home", "article", "tag", "category", "archive", "month", "tags", "404", "search")


def axe_violations(page, axe_script) -> list[str]:
    """Serious and critical axe-core violations on the open page, one line each."""
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']} {v['id']}: {node['target']} {node['failureSummary']}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")
            for node in v["nodes"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_serious_problem(browser, site_pages, axe_script, scheme, width):
    """Home, article, tag, category, archives, 404 (and search once built) in both themes."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        problems = []
        for kind in AXE_KINDS:
            if kind in site_pages:
                page.goto(site_pages[kind].as_uri())
                problems += [f"{kind}: {line}" for line in axe_violations(page, axe_script)]
        assert problems == []
    finally:
        context.close()


def test_axe_checks_contrast_with_larger_text(page, site_pages, axe_script):
    """The largest reader text size keeps the page free of serious problems."""
    page.goto(site_pages["article"].as_uri())
    page.evaluate("localStorage.setItem('campaign-news.text-size', '4')")
    page.reload()
    assert axe_violations(page, axe_script) == []


def test_language_and_landmarks(page, site_pages):
    """The page language is the site's, and banner, navigation, main and footer are there."""
    language = load_config(ROOT / "site.toml").language
    for kind in ("home", "article", "archive"):
        page.goto(site_pages[kind].as_uri())
        assert page.get_attribute("html", "lang") == language
        assert page.locator("body > header.masthead").count() == 1
        assert page.locator("body > main#_main").count() == 1
        assert page.locator("body > footer.site-footer").count() == 1
        labels = page.eval_on_selector_all("nav", "navs => navs.map(n => n.getAttribute('aria-label'))")
        assert labels and all(labels), labels
        assert page.locator("h1").count() == 1


def test_skip_link_is_first_and_leads_to_the_content(page, site_pages):
    """The first Tab shows the skip link; following it puts the focus on the main content."""
    page.goto(site_pages["article"].as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement; const r = e.getBoundingClientRect();
        return [e.className, e.getAttribute('href'), r.top >= 0 && r.bottom <= innerHeight && r.width > 0]; }""")
    assert focused == ["skip-link", "#_main", True]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "_main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_focus_is_visible(page, site_pages):
    """Keyboard focus on links and buttons draws a clear outline (on the card for card links)."""
    page.goto(site_pages["home"].as_uri())
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        found = page.evaluate("""() => {
            const e = document.activeElement;
            const ring = e.closest('.card-title') ? e.closest('.card')
                : e.closest('.lead-story-title') ? e.closest('.lead-story') : e;
            const s = getComputedStyle(ring);
            return [e.tagName + '.' + (e.closest('[class]')?.className ?? ''), s.outlineStyle, parseFloat(s.outlineWidth)];
        }""")
        name, style, outline = found
        assert style != "none" and outline >= 2, found
        seen.add(name.split(".")[0])
    assert {"A", "BUTTON"} <= seen


def test_every_image_has_alt_text(site_pages, sample_site):
    """Every <img> in the built site carries a non-empty alt text."""
    missing = []
    for path in sample_site.rglob("*.html"):
        for tag in re.findall(r"<img\b[^>]*>", path.read_text(encoding="utf-8")):
            alt = re.search(r'\balt="([^"]*)"', tag)
            if not alt or not alt.group(1).strip():
                missing.append(f"{path.relative_to(sample_site)}: {tag}")
    assert missing == []


def test_a_bare_site_is_clean_too(browser, tmp_path, axe_script):
    """One article with only a title, a date and a line of text, and no settings: no photo,
    category, tags, authors or description; the pages still load cleanly and pass axe."""
    from tests.conftest import run_build_py

    content = tmp_path / "content"
    content.mkdir()
    (content / "bai.md").write_text("---\ntitle: Bài trơn\ndate: 2024-01-02\n---\n\nChỉ có nội dung.\n",
                                    encoding="utf-8")
    result = run_build_py("build", "--content", str(content), "--output", str(tmp_path / "out"),
                          cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        for path in ("index.html", "2024/01/bai-tron.html", "tags/index.html", "archive/index.html"):
            # A page of its own for each: axe's stylesheet fetches, which fail from file://,
            # are reported a moment after it ends, and must not land in the next page's log.
            page = context.new_page()
            log = PageLog(page)
            page.goto((tmp_path / "out" / path).as_uri())
            assert log.errors == [] and log.failed == [], path  # before axe
            assert axe_violations(page, axe_script) == [], path
            page.close()
    finally:
        context.close()


def test_no_inline_script_or_style_needs_an_unsafe_policy(sample_site):
    """Pages run only script files (plus JSON-LD data) and carry no style or on* attributes,
    so a strict Content-Security-Policy (no 'unsafe-inline') can be used."""
    found = []
    for path in sample_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/ld+json"' not in tag:
                found.append(f"{path.name}: {tag}")
        found += [f"{path.name}: {m}" for m in re.findall(r"<[a-z]+\b[^>]*\s(?:style|on[a-z]+)=[^>]*>", text)]
    assert found == []
