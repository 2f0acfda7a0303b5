"""In a real browser: the open page reloads by itself on save, shows errors, recovers."""
from __future__ import annotations

import re

from tests.devserver.serve_process import article_page, project, serve  # noqa: F401 (fixtures)

ARTICLE = "content/2024/dan-van-kheo-duc-hue.md"
BODY_TEXT = "Có 333 mô hình được công nhận."


def edit(project, old: str, new: str) -> None:
    """Save the article with one replacement."""
    path = project / ARTICLE
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")


def test_open_page_follows_saves_and_errors(serve, project, page, artifacts_dir):
    server = serve()
    url = f"http://127.0.0.1:{server.port}" + article_page(server.site, BODY_TEXT)
    page.goto(url)
    # livereload.js has connected once the server counts a waiter.
    server.wait_for_line(r"Browser Connected")
    marker = page.evaluate("() => { window.__notReloaded = true; return 1; }")
    assert marker == 1

    edit(project, BODY_TEXT, "Có 444 mô hình mới được công nhận.")
    page.wait_for_function("() => document.body.innerText.includes('444 mô hình mới')",
                           timeout=20000)
    assert page.evaluate("() => window.__notReloaded === undefined")  # it really reloaded

    edit(project, "tags: [Dân vận khéo, Đức Huệ]", "tags: [Dân vận khéo, Đức Huệ")
    overlay = page.locator("#dev-build-error")
    overlay.wait_for(state="visible", timeout=20000)
    assert "dan-van-kheo-duc-hue.md:4:7" in overlay.inner_text()
    assert "444 mô hình mới" in page.inner_text("main")  # the last good page underneath
    page.screenshot(path=str(artifacts_dir / "devserver-error-overlay.png"))

    edit(project, "tags: [Dân vận khéo, Đức Huệ", "tags: [Dân vận khéo, Đức Huệ]")
    overlay.wait_for(state="detached", timeout=20000)
    # Chromium asks for /favicon.ico by itself, and the theme ships none (not ours to
    # judge); any other failed request is a fault.
    failed = [line for line in server.lines if re.search(r"\b[45]\d\d (GET|HEAD) ", line)]
    assert all("/favicon.ico" in line for line in failed), failed
    assert len(page.log.errors) == len(failed), (page.log.errors, failed)
