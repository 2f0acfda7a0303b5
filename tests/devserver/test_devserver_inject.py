"""What the dev server adds to HTML responses: the live script, and the overlay on errors."""
from __future__ import annotations


from builder.preview.server import Preview, error_page, inject, live_script, overlay_html
from builder.preview.rebuild import BuildOutcome

PAGE = b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Tin</p></body></html>"


def test_script_goes_at_the_end_of_head():
    page = inject(PAGE, live_script(8000))
    assert page.count(b"livereload.js") == 1
    assert page.index(b"/livereload.js?port=8000") < page.index(b"</head>")


def test_pages_without_head_still_get_the_script():
    assert inject(b"<p>x</p>", b"<script></script>").startswith(b"<script></script>")


def test_overlay_goes_before_the_last_body_end():
    page = inject(PAGE, b"", b"<div id=o></div>")
    assert page.endswith(b"<div id=o></div></body></html>")


def test_overlay_escapes_every_problem():
    overlay = overlay_html(('content/<a>.md:1:1: title: "<script>alert(1)</script>"',), "vi")
    assert b"<script>" not in overlay
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in overlay
    assert b"content/&lt;a&gt;.md:1:1" in overlay
    assert "Không tạo được trang: 1 lỗi".encode() in overlay
    assert b"Build failed" in overlay_html(("x",), "en")


def test_preview_shows_the_overlay_only_while_broken(tmp_path):
    preview = Preview(tmp_path, "127.0.0.1")
    preview.script = live_script(8000)
    assert b"dev-build-error" not in preview.dress(PAGE)
    preview.record(BuildOutcome(False, ("content/a.md:4:7: front matter is not valid YAML",)))
    dressed = preview.dress(PAGE)
    assert b"dev-build-error" in dressed and b"content/a.md:4:7" in dressed
    preview.record(BuildOutcome(True))
    assert b"dev-build-error" not in preview.dress(PAGE)


def test_error_page_is_a_page():
    page = error_page(("x",), "en")
    assert page.startswith(b"<!DOCTYPE html>") and b"</head>" in page and b"</body>" in page
