"""The theme's site-wide parts that depend on the content stay right across cached builds."""
from __future__ import annotations

from tests.conftest import run_build_py


def write_article(folder, name: str, title: str, date: str, category: str) -> None:
    """One small article file."""
    (folder / f"{name}.md").write_text(
        f"---\ntitle: {title}\ndate: {date}\ncategory: {category}\ntags: [{category}]\n---\n\n"
        f"Nội dung {title}.\n", encoding="utf-8")


def test_masthead_sections_follow_new_content_on_cached_pages(tmp_path):
    """A section that appears later shows in the masthead even of pages whose own content did
    not change (the 2023 archive page, when a 2024 article brings a new section)."""
    content, out = tmp_path / "content", tmp_path / "output"
    content.mkdir()
    write_article(content, "mot", "Bài một", "2023-01-02", "Dân vận")
    build = ("build", "--content", str(content), "--output", str(out),
             "--cache", str(tmp_path / "cache"))
    assert run_build_py(*build, cwd=tmp_path).returncode == 0
    year_page = out / "archive" / "2023.html"
    assert "categories/nong-thon-moi.html" not in year_page.read_text(encoding="utf-8")

    write_article(content, "hai", "Bài hai", "2024-03-02", "Nông thôn mới")
    result = run_build_py(*build, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert 'href="../categories/nong-thon-moi.html"' in year_page.read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="tags/nong-thon-moi.html"' in home  # the front page's topics too
