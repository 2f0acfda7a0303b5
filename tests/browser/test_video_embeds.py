"""Video in Chromium from file://: a YouTube card fetches nothing from the internet until the
reader clicks it, and the site's own video file plays offline (issue 15)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_build_py

# Chromium records a real WebM from a canvas, so the test needs no video tools installed.
RECORD_WEBM = """async () => {
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 48;
  const context = canvas.getContext('2d');
  const recorder = new MediaRecorder(canvas.captureStream(10), {mimeType: 'video/webm'});
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  let frame = 0;
  const timer = setInterval(() => {
    context.fillStyle = frame++ % 2 ? '#c00' : '#fc0';
    context.fillRect(0, 0, 64, 48);
  }, 50);
  recorder.start(100);
  await new Promise((done) => setTimeout(done, 1200));
  const stopped = new Promise((done) => { recorder.onstop = done; });
  recorder.stop();
  await stopped;
  clearInterval(timer);
  const buffer = await new Blob(chunks).arrayBuffer();
  return Array.from(new Uint8Array(buffer));
}"""

ARTICLE = """---
title: Lễ phát động phong trào thi đua năm 2024
date: 2024-05-01 08:00
---

Sáng 1/5, Ủy ban MTTQ xã Mỹ Quý Đông tổ chức lễ phát động phong trào thi đua.

<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ"
title="Toàn cảnh lễ phát động" allowfullscreen></iframe>

Đoạn phim do phóng viên ghi lại:

<video src="video/le-phat-dong.webm" controls></video>
"""


@pytest.fixture(scope="module")
def video_site(browser, tmp_path_factory) -> Path:
    """A one-article site with a YouTube embed and a WebM recorded by Chromium; built."""
    page = browser.new_page()
    try:
        webm = bytes(page.evaluate(RECORD_WEBM))
    finally:
        page.close()
    assert webm[:4] == b"\x1a\x45\xdf\xa3"  # an EBML (WebM) file
    root = tmp_path_factory.mktemp("video")
    content = root / "content" / "2024"
    (content / "video").mkdir(parents=True)
    (content / "video" / "le-phat-dong.webm").write_bytes(webm)
    (content / "le-phat-dong.md").write_text(ARTICLE, encoding="utf-8")
    result = run_build_py("build", "--content", "content", "--output", "output", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "output"


def test_the_card_fetches_nothing_until_clicked_then_loads_the_player(browser, video_site):
    article = next((video_site / "2024").rglob("*.html"))
    page = browser.new_page()
    requested: list[str] = []

    def offline(route):
        """Record and refuse every request that would leave this machine."""
        requested.append(route.request.url)
        route.abort()

    page.route("http*://**/*", offline)
    try:
        page.goto(article.as_uri())
        page.wait_for_load_state("networkidle")
        card = page.locator(".embed[data-embed='youtube']")
        assert card.locator(".embed-title").inner_text() == "Toàn cảnh lễ phát động"
        assert page.locator("iframe").count() == 0
        assert requested == []  # nothing from the internet before the click
        card.locator("button.embed-play").click()
        player = page.locator("iframe.embed-player")
        assert player.get_attribute("src") == (
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")
        page.wait_for_timeout(300)
        assert any(url.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
                   for url in requested)
    finally:
        page.close()


def test_the_sites_own_video_plays_from_file_url(browser, video_site):
    article = next((video_site / "2024").rglob("*.html"))
    page = browser.new_page()
    try:
        page.goto(article.as_uri())
        state = page.evaluate("""async () => {
          const video = document.querySelector('video');
          video.muted = true;
          await video.play();
          await new Promise((done) => setTimeout(done, 400));
          return {src: video.currentSrc, ready: video.readyState, time: video.currentTime,
                  error: video.error && video.error.code};
        }""")
    finally:
        page.close()
    assert state["src"].startswith("file://") and state["src"].endswith(
        "/media/2024/video/le-phat-dong.webm")
    assert state["error"] is None and state["ready"] >= 2 and state["time"] > 0
