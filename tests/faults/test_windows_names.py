"""Issue 17, item 4: no generated path segment is a name Windows reserves (CON, NUL, AUX,
PRN, COM1-9, LPT1-9, whatever the extension) or ends in a dot or space: tags, categories,
titles, feeds and the offline zip must all unpack on a Windows PC."""
from __future__ import annotations

import zipfile

import pytest

from builder.core.errors import BuildError
from builder.core.text import WINDOWS_RESERVED, slugify
from builder.publish.output import windows_unusable
from tests.conftest import run_build_py
from tests.faults.helpers import article, build_site

NAMES = ["Con", "nul", "AUX", "Prn", "com1", "LPT9", "Côn", "Con.", "con "]


def unusable(paths) -> list[str]:
    """The paths with a segment Windows cannot make."""
    return [p for p in paths if windows_unusable(p)]


def test_slugs_never_give_a_reserved_name():
    for name in NAMES + [n.upper() for n in WINDOWS_RESERVED]:
        slug = slugify(name)
        assert slug not in WINDOWS_RESERVED and not windows_unusable(slug + ".html"), name
    assert slugify("Con") == "con-0" and slugify("Con đường") == "con-duong"


def test_tags_categories_titles_and_feeds_avoid_reserved_names(tmp_path):
    files = {f"bai-{n}.md": article(f'"{name}"', f"2020-01-{n + 1:02d} 08:00",
                                    tags=f'["{name}", "Con mèo"]', category=f'"{name}"')
             for n, name in enumerate(NAMES)}
    out = build_site(tmp_path, files)
    paths = [p.relative_to(out).as_posix() for p in out.rglob("*")]
    assert "tags/con-0.html" in paths and "feeds/tags/nul-0.xml" in paths
    assert "categories/com1-0.html" in paths
    assert unusable(paths) == []


def test_the_offline_zip_holds_no_reserved_name(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "con.md").write_text(article("Con", tags='["Con", "nul"]'),
                                                  "utf-8")
    result = run_build_py("bundle", "--output", "tin.zip", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = zipfile.ZipFile(tmp_path / "tin.zip").namelist()
    assert any(name.endswith("tags/con-0.html") for name in names)
    assert unusable(names) == []


def test_a_content_file_with_a_reserved_name_is_refused_naming_it(tmp_path):
    (tmp_path / "content" / "files").mkdir(parents=True)
    (tmp_path / "content" / "files" / "aux.pdf").write_bytes(b"%PDF-1.4\n")
    with pytest.raises(BuildError) as caught:
        build_site(tmp_path, {"a.md": article("A", body="[Tờ trình](files/aux.pdf)")})
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path}/content/files/aux.pdf: đường dẫn xuất media/files/aux.pdf: 'aux.pdf' là "
        "tên Windows không dùng được (tên dành riêng, hoặc kết thúc bằng dấu chấm hay dấu "
        "cách); hãy đổi tên tệp"]


def test_explicit_reserved_slugs_in_site_toml_are_refused(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "site.toml").write_text('[slugs.tags]\n"Con" = "con"\n', "utf-8")
    result = run_build_py("build", cwd=tmp_path)
    assert result.returncode == 1
    assert ("site.toml:2: slugs.tags: 'Con': 'con' là tên Windows dành riêng cho thiết bị"
            in result.stderr)
