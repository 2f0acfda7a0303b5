"""Vietnamese typography in Chromium: one font draws every letter of a text style (no letters
patched in from another font), stacked tone marks have room, and body text reads comfortably."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ensure_debian_package

# DejaVu draws every Vietnamese letter (fc-list :charset= finds all of them in it).
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

LOWER = ("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợ"
         "pqrstuùủũúụưừửữứựvxyỳỷỹýỵ")
VIETNAMESE = LOWER + " " + LOWER.upper()

# (page kind, element whose text style is checked)
TEXT_STYLES = [("article", "h1.article-title"), ("article", ".article-body p"),
               ("article", ".dateline"), ("article", ".article-body h2"),
               ("home", ".site-name a"), ("home", ".main-nav a"), ("home", ".section-nav a"),
               ("home", ".lead-story-title a"), ("home", ".card-title a"),
               ("home", ".card-summary"), ("home", ".section-label")]


def vietnamese_font_installed() -> bool:
    """Whether any installed font has every Vietnamese letter (asked of fontconfig)."""
    if shutil.which("fc-list") is None:
        return True  # cannot tell: let the test judge
    charset = " ".join(f"{ord(ch):x}" for ch in sorted(set(VIETNAMESE) - {" "}))
    found = subprocess.run(["fc-list", f":charset={charset}", "family"], capture_output=True,
                           text=True).stdout
    return bool(found.strip())


def fonts_drawing(page, selector: str) -> list[str]:
    """Families Chromium used to draw the text of the first element matching `selector`."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    cdp.send("CSS.enable")
    for _ in range(20):  # under load the answer can come before the new text is laid out
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        if fonts:
            break
        page.wait_for_timeout(100)
    cdp.detach()
    return sorted({font["familyName"] for font in fonts})


@pytest.mark.parametrize("kind,selector", TEXT_STYLES, ids=[s for _, s in TEXT_STYLES])
def test_one_font_draws_every_vietnamese_letter(page, site_pages, kind, selector):
    """The font stack lands on a font with all Vietnamese letters, so "ự" or "Ỗ" never comes
    from a different font than its neighbours."""
    if not vietnamese_font_installed() and shutil.which("apt-get"):
        ensure_debian_package(DEJAVU, "fonts-dejavu-core")  # CI machines start without fonts
        subprocess.run(["fc-cache", "-f"], check=False, capture_output=True)
    if not vietnamese_font_installed():
        pytest.skip("no installed font has all Vietnamese letters: nothing to choose from")
    page.goto(site_pages[kind].as_uri())
    # lay the page out again before asking which fonts drew the new text
    page.eval_on_selector(selector, """async (e, text) => { e.textContent = text;
        e.getBoundingClientRect(); await document.fonts.ready; }""", VIETNAMESE)
    used = fonts_drawing(page, selector)
    assert len(used) == 1, f"{selector} mixes fonts: {used}"


MEASURE_JS = """(selector) => {
    const canvas = document.createElement('canvas').getContext('2d');
    return [...document.querySelectorAll(selector)].filter(e => e.getClientRects().length).map(e => {
        const style = getComputedStyle(e);
        canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const up = canvas.measureText('ẤỖỆỂẪỲ'), down = canvas.measureText('ỵgỹjỷq');
        const clipped = [];
        for (let n = e; n && n !== document.body; n = n.parentElement) {
            const s = getComputedStyle(n);
            if (s.overflowY !== 'visible' || s.webkitLineClamp !== 'none') clipped.push(n.className || n.tagName);
        }
        return {text: e.textContent.trim().slice(0, 30), lineHeight: parseFloat(style.lineHeight),
                ink: up.actualBoundingBoxAscent + down.actualBoundingBoxDescent, clipped};
    });
}"""

HEADINGS = ("h1", "h2", "h3", ".card-title", ".lead-story-title", ".site-name",
            ".prev-next-title", ".headline-list a", ".month-list a")


@pytest.mark.parametrize("kind", ["home", "article", "tag", "archive", "year"])
def test_headings_leave_room_for_stacked_tone_marks(browser, site_pages, kind):
    """In every heading the tallest stacked mark plus the deepest descender fit in one line
    height (lines never collide), and nothing around a heading clips its marks."""
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(site_pages[kind].as_uri())
        for selector in HEADINGS:
            for found in page.evaluate(MEASURE_JS, selector):
                # canvas metrics come rounded up to whole pixels: allow one
                assert found["ink"] <= found["lineHeight"] + 1, (width, selector, found)
                assert found["clipped"] == [], (width, selector, found)
        context.close()


@pytest.mark.parametrize("width,low,high", [(375, 30, 60), (1280, 55, 85)])
def test_article_text_has_a_comfortable_measure(browser, site_pages, width, low, high):
    """Article paragraphs: 55–85 characters a line on a desktop, and a line height of 1.5–1.9."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_pages["article"].as_uri())
    found = page.evaluate("""() => {
        const p = [...document.querySelectorAll('.article-body p')]
            .sort((a, b) => b.textContent.length - a.textContent.length)[0];
        const style = getComputedStyle(p);
        const canvas = document.createElement('canvas').getContext('2d');
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const perChar = canvas.measureText(p.textContent).width / p.textContent.length;
        return {perLine: p.clientWidth / perChar,
                leading: parseFloat(style.lineHeight) / parseFloat(style.fontSize),
                size: parseFloat(style.fontSize)};
    }""")
    context.close()
    assert low <= found["perLine"] <= high, found
    assert 1.5 <= found["leading"] <= 1.9, found
    assert found["size"] >= 16, found
