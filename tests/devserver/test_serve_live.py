"""`build.py serve` as an editor uses it: save, look, make mistakes, recover."""
from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import time
from pathlib import Path

from tests.devserver.serve_process import article_page, project, run_async, serve  # noqa: F401 (fixtures)

ARTICLE = "content/2024/dan-van-kheo-duc-hue.md"
BODY_TEXT = "Có 333 mô hình được công nhận."


def edit(project: Path, rel: str, old: str, new: str) -> None:
    """Replace text in a project file, as an editor's save does (write in place)."""
    path = project / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def count_lines(server, pattern: str) -> int:
    """How many printed lines match."""
    return sum(1 for line in server.lines if re.search(pattern, line))


def test_save_shows_up_on_the_served_page(serve, project):
    server = serve()
    page = article_page(server.site, BODY_TEXT)
    assert BODY_TEXT in server.text(page)
    edit(project, ARTICLE, BODY_TEXT, "Có 444 mô hình mới được công nhận.")
    text = server.wait_for_page(page, lambda t: "444 mô hình mới" in t, timeout=20)
    assert "333 mô hình" not in text
    server.wait_for_line(r"Đã cập nhật: 3 bài")
    # The live-reload script is in the response, never in the file on disk.
    assert '<script src="/livereload.js' in text
    assert "livereload" not in (server.site / page.lstrip("/")).read_text("utf-8")


def test_new_title_reaches_the_home_and_tag_pages(serve, project):
    server = serve()
    edit(project, ARTICLE, "Tổng kết phong trào", "Sơ kết phong trào")
    server.wait_for_page("/index.html", lambda t: "Sơ kết phong trào" in t)
    tags = server.text("/tags/index.html")
    tag_link = re.search(r'href="([^"]*dan-van-kheo[^"]*)"', tags).group(1)
    assert "Sơ kết phong trào" in server.text("/tags/" + tag_link.split("/")[-1])


def test_a_burst_of_saves_triggers_one_rebuild(serve, project):
    server = serve()
    start = len(server.lines)
    folder = project / "content" / "2025"
    for n in range(10):  # hidden names while writing: editor junk, not watched
        (folder / f".loat-{n}.tmp").write_text(
            f'---\ntitle: "Bài loạt {n}"\ndate: 2025-03-0{n % 9 + 1} 10:00\n---\n\nNội dung {n}.\n',
            "utf-8")
    for n in range(10):  # ten saves within a millisecond or so, as editors save by rename
        os.rename(folder / f".loat-{n}.tmp", folder / f"loat-{n}.md")
    server.wait_for_line(r"Đã cập nhật: 13 bài", start=start)
    time.sleep(1.5)  # a second rebuild, if the burst had caused one, would be done by now
    assert count_lines(server, r"^Đã cập nhật") == 1, server.output


def test_the_browser_is_told_to_reload(serve, project):
    server = serve()

    async def scenario():
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        origin = f"http://127.0.0.1:{server.port}"
        request = HTTPRequest(f"ws://127.0.0.1:{server.port}/livereload",
                              headers={"Origin": origin})
        socket = await websocket_connect(request)
        await socket.write_message(json.dumps({"command": "hello", "protocols": [
            "http://livereload.com/protocols/official-7"]}))
        hello = json.loads(await socket.read_message())
        assert hello["command"] == "hello"
        await socket.write_message(json.dumps({"command": "info", "url": origin + "/"}))
        await asyncio.sleep(0.3)
        edit(project, ARTICLE, BODY_TEXT, "Có 555 mô hình.")
        message = json.loads(await asyncio.wait_for(socket.read_message(), 20))
        socket.close()
        return message

    message = run_async(scenario)
    assert message["command"] == "reload"


def break_yaml(server, project, problem: str, failed: str) -> tuple[str, str]:
    """Break the article's front matter; (its page, the page as served with the overlay)
    once the terminal said `problem` and `failed` (patterns)."""
    page = article_page(server.site, BODY_TEXT)
    edit(project, ARTICLE, "tags: [Dân vận khéo, Đức Huệ]", "tags: [Dân vận khéo, Đức Huệ")
    server.wait_for_line(r"^content/2024/dan-van-kheo-duc-hue\.md:4:7: " + problem)
    server.wait_for_line(failed)
    return page, server.wait_for_page(page, lambda t: 'id="dev-build-error"' in t)


def test_broken_yaml_keeps_the_last_good_site_and_recovers(serve, project):
    server = serve()
    page, text = break_yaml(server, project, r"phần thông tin đầu bài không phải YAML hợp lệ",
                            r"vẫn đang phục vụ bản tốt gần nhất")
    assert BODY_TEXT in text  # the last good page, with the overlay over it
    assert "dan-van-kheo-duc-hue.md:4:7: phần thông tin đầu bài không phải YAML hợp lệ" in text
    assert 'id="dev-build-error"' in server.text("/index.html")
    # The next good save clears the error and shows the change.
    edit(project, ARTICLE, "tags: [Dân vận khéo, Đức Huệ", "tags: [Dân vận khéo, Đức Huệ]")
    edit(project, ARTICLE, BODY_TEXT, "Đã sửa xong.")
    # (The new files land a moment before the overlay is cleared and browsers are told
    # to reload; polling may see the two states in between.)
    server.wait_for_page(page, lambda t: "Đã sửa xong." in t
                         and 'id="dev-build-error"' not in t)
    assert server.alive()


def test_bad_date_shows_file_line_and_field(serve, project):
    server = serve()
    edit(project, ARTICLE, "date: 2024-09-15 15:44", "date: 2024-02-30")
    server.wait_for_line(r"^content/2024/dan-van-kheo-duc-hue\.md:3:7: date: .*không có thật")
    text = server.wait_for_page("/index.html", lambda t: 'id="dev-build-error"' in t)
    assert "date: &#x27;2024-02-30&#x27; là ngày không có thật" in text
    edit(project, ARTICLE, "date: 2024-02-30", "date: 2024-09-16 15:44")
    server.wait_for_page("/index.html", lambda t: 'id="dev-build-error"' not in t)


def test_template_syntax_error_then_fix(serve, project):
    server = serve()
    edit(project, "templates/article.html", "{% block main %}", "{% block main %}{% if %}")
    found = server.wait_for_line(r"templates/article\.html:(\d+)")
    assert server.alive()
    server.wait_for_page("/index.html", lambda t: 'id="dev-build-error"' in t
                         and "article.html" in t)
    edit(project, "templates/article.html", "{% block main %}{% if %}", "{% block main %}")
    server.wait_for_page("/index.html", lambda t: 'id="dev-build-error"' not in t)
    assert found


def test_site_toml_change_is_picked_up_and_its_errors_shown(serve, project):
    server = serve()
    edit(project, "site.toml", 'title = "Thử xem trước"', 'title = "Tên mới của trang"')
    server.wait_for_page("/index.html", lambda t: "Tên mới của trang" in t)
    edit(project, "site.toml", "per_page = 10", 'per_page = "mười"')
    server.wait_for_line(r"^site\.toml:5: per_page: phải là một số nguyên")
    server.wait_for_page("/index.html", lambda t: 'id="dev-build-error"' in t)
    edit(project, "site.toml", 'per_page = "mười"', "per_page = 2")
    text = server.wait_for_page("/index.html", lambda t: 'id="dev-build-error"' not in t)
    assert "Tên mới của trang" in text


def test_first_build_failing_still_serves_and_recovers(project, serve):
    edit(project, ARTICLE, "tags: [Dân vận khéo, Đức Huệ]", "tags: [Dân vận khéo, Đức Huệ")
    server = serve()  # no output folder yet: every page is the error page
    status, headers, body = server.request("/index.html")
    assert status == 503
    assert "phần thông tin đầu bài không phải YAML hợp lệ".encode() in body
    assert b"/livereload.js" in body
    edit(project, ARTICLE, "tags: [Dân vận khéo, Đức Huệ", "tags: [Dân vận khéo, Đức Huệ]")
    server.wait_for_page("/index.html", lambda t: "Đức Huệ: Tổng kết" in t)


def test_drafts_only_when_asked(serve, project):
    server = serve()
    assert "Bài nháp chưa đăng" not in server.text("/index.html")
    server.stop()
    with_drafts = serve("--drafts")
    assert "Bài nháp chưa đăng" in with_drafts.text("/index.html")
    assert not (project / "output").exists()


def test_theme_files_are_watched(serve, project):
    server = serve()
    css = project / "templates" / "assets" / "style.css"
    css.write_text(css.read_text("utf-8") + "\n/* dấu-hiệu-mới */\n", "utf-8")
    server.wait_for_page("/assets/style.css", lambda t: "dấu-hiệu-mới" in t)


def test_a_site_without_its_own_templates(serve, project):
    shutil.rmtree(project / "templates")  # the built-in theme, as most sites use it
    server = serve()
    edit(project, ARTICLE, "Tổng kết phong trào", "Sơ kết phong trào")
    server.wait_for_page("/index.html", lambda t: "Sơ kết phong trào" in t)


def test_the_preview_speaks_the_language_of_lang_on_a_vietnamese_site(serve, project):
    # The site is Vietnamese; `--lang en` makes the terminal and the overlay English.
    server = serve("--lang", "en")
    server.wait_for_line(r"^Preview at http://")
    _, text = break_yaml(server, project, r"front matter is not valid YAML",
                         r"^Build failed: 1 problem\(s\); still serving the last good version")
    assert "dan-van-kheo-duc-hue.md:4:7: front matter is not valid YAML" in text
    assert "Build failed: 1 problem(s)" in text
    assert "phần thông tin đầu bài" not in server.output + text
    # The site itself stays Vietnamese: only the messages follow --lang.
    assert 'lang="vi"' in text
