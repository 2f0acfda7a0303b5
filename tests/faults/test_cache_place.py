"""Issue 17, item 3: where the cache may live. Inside the content, template or output
folder (or around them) its writes would be read back as content, rebuild the preview on
its own writes forever, or be published; in a system folder they would litter it."""
from __future__ import annotations

import pytest

from builder.core.config import BuildOptions, SiteConfig
from builder.core.errors import OutputError
from builder.pipeline import build
from builder.preview.rebuild import SiteBuilder
from builder.preview.server import DevServer
from tests.conftest import run_build_py


@pytest.fixture
def project(tmp_path):
    """A one-article project with templates of its own."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "tin.md").write_text("---\ntitle: Tin\ndate: 2020-01-01\n---\nA\n")
    (tmp_path / "templates").mkdir()
    return tmp_path


@pytest.mark.parametrize("cache, reason", [
    ("content/cache", "không được nằm trong thư mục nội dung"),
    ("output/.c", "không được nằm trong thư mục xuất trang"),
    ("templates/c", "không được nằm trong một thư mục mẫu giao diện"),
    (".", "không được chứa thư mục nội dung"),
    ("/", "thư mục hệ thống"),
    ("/usr", "thư mục hệ thống"),
])
def test_a_cache_in_a_dangerous_place_is_refused_before_anything_is_written(project, cache,
                                                                             reason):
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = run_build_py("build", "--cache", cache, cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{cache}: --cache: ") and reason in first, first
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_cache_beside_the_content_is_fine(project):
    assert run_build_py("build", "--cache", "build-cache", cwd=project).returncode == 0
    assert (project / "build-cache" / "stamp.json").is_file()


def test_the_preview_ignores_what_the_build_writes(project):
    options = BuildOptions(content_dir=project / "content", output_dir=project / "output",
                           cache_dir=project / "c")
    server = DevServer(SiteBuilder(lambda: (SiteConfig(), options)), project / "output",
                       "127.0.0.1", 0, ignored=(project / "c",))
    try:
        assert server._ignored(str(project / "c" / "articles" / "ab" / "x"))
        assert server._ignored(str(project / "output" / "index.html"))
        assert not server._ignored(str(project / "content" / "tin.md"))
    finally:
        for sock in server.sockets:
            sock.close()


def test_the_pipeline_refuses_it_too(project):
    options = BuildOptions(content_dir=project / "content", output_dir=project / "output",
                           cache_dir=project / "content" / ".cache")
    with pytest.raises(OutputError, match="nằm trong thư mục nội dung"):
        build(SiteConfig(), options)
