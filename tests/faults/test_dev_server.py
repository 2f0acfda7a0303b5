"""Rows 35-36: the preview server. Its own suite covers the rows (tests/devserver:
test_serve_live.py for broken saves and recovery, test_serve_safety.py and
test_serve_guard.py for binding, traversal, symlinks, Origin and Host, test_lock.py here
for rebuilds meeting a running build). Here, saves that once brought down the whole
process rather than the build: front matter nested deep enough to overflow libyaml's C
stack (a segmentation fault kills a server too), and Markdown that recursed without end.
"""
from __future__ import annotations

import pytest

from tests.devserver.serve_process import project, serve  # noqa: F401 (fixtures)

NEW = "content/2025/bai-moi.md"


@pytest.mark.parametrize("head, body, message", [
    ("x: " + "[" * 200_000 + "]" * 200_000, "Thân bài.",
     r"^content/2025/bai-moi\.md:4:53: phần thông tin đầu bài lồng nhau quá 50 cấp"),
    ("", "*" * 5000 + "chữ" + "*" * 5000,
     r"^content/2025/bai-moi\.md:5: nội dung lồng nhau quá sâu, không chuyển được"),
], ids=["deep-front-matter", "deep-emphasis"])
def test_a_save_that_used_to_crash_the_process_is_only_a_build_error(serve, project, head,
                                                                      body, message):
    server = serve()
    page = "/index.html"
    (project / NEW).parent.mkdir(parents=True, exist_ok=True)
    head_lines = head + "\n" if head else ""
    (project / NEW).write_text(f"---\ntitle: Bài mới\ndate: 2025-01-01\n{head_lines}---\n"
                               f"{body}\n", encoding="utf-8")
    server.wait_for_line(message, timeout=60)
    text = server.wait_for_page(page, lambda t: 'id="dev-build-error"' in t)
    assert "bai-moi.md" in text and server.alive()
    (project / NEW).write_text("---\ntitle: Bài mới đã sửa\ndate: 2025-01-01\n---\nĐã sửa.\n",
                               encoding="utf-8")
    server.wait_for_page(page, lambda t: "Bài mới đã sửa" in t and 'id="dev-build-error"' not in t,
                         timeout=60)
    assert server.alive()
