"""Rows 1-12: front matter. Exact messages for each broken input are fixtures in
tests/broken (01-10, 23, 24); here, what a fixture cannot show: what a file that *does*
build looks like (BOM, YAML 1.1 words), that `!!` tags never run, that an alias bomb costs
neither time nor memory.
"""
from __future__ import annotations

import re
import time
import tracemalloc
import uuid
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.core.config import SiteConfig
from builder.content.loading import process_file
from builder.content.markdown_convert import Converter
from tests.faults.helpers import build_site


def dom(path: Path) -> BeautifulSoup:
    """A built page, parsed."""
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_row5_bom_and_crlf_are_read_and_leave_no_trace(tmp_path):
    files = {
        "bom.md": "\ufeff---\ntitle: Có BOM\ndate: 2020-01-01\ntags: [Đức Huệ]\n---\nThân.\n",
        "bom-crlf.md": "\ufeff---\r\ntitle: Có BOM và CRLF\r\ndate: 2020-01-02\r\n"
                       "tags: [Đức Hòa]\r\ncategory: Dân vận\r\n---\r\nThân bài\r\n",
    }
    out = build_site(tmp_path, files)
    titles = {dom(p).h1.get_text(strip=True) for p in out.glob("2020/01/*.html")}
    assert titles == {"Có BOM", "Có BOM và CRLF"}
    assert (out / "tags" / "duc-hue.html").exists() and (out / "tags" / "duc-hoa.html").exists()
    assert (out / "categories" / "dan-van.html").exists()
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"\xef\xbb\xbf" not in data and b"\r" not in data, path


def test_row8_yaml_11_words_stay_the_text_written(tmp_path):
    files = {
        "a.md": "---\ntitle: no\ndate: 2020-01-01\ntags: [yes, NO, on]\nslug: 0123\n"
                "author: null\n---\nThân.\n",
        "b.md": "---\ntitle: 1.10\ndate: 2020-01-02\nauthor: off\n---\nThân.\n",
    }
    out = build_site(tmp_path, files)
    a = dom(out / "2020" / "01" / "0123.html")  # `0123`, not 83
    assert a.h1.get_text(strip=True) == "no"
    assert a.title.get_text().startswith("no | ")
    b = dom(next(out.glob("2020/01/1-10*.html")))
    assert b.h1.get_text(strip=True) == "1.10"
    assert "off" in b.get_text()
    tags = dom(out / "tags" / "index.html").get_text(" ")
    for word in ("yes", "NO", "on"):
        assert f" {word} " in f" {tags} "
    for page in out.rglob("*.html"):
        text = dom(page).get_text(" ")
        for python_word in ("False", "True", "None"):
            assert python_word not in text.split(), (page, python_word)


@pytest.mark.parametrize("value", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/name:os.system",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    "!!binary dG91Y2g=", "!!timestamp 2020-01-01", "!!int 1", "!!bool yes", "!!set {a}",
    "!!omap [a: 1]", "!!float 1.5", "!!null ''", "!custom x", "!<tag:example.org,2000:x> y",
])
def test_row9_yaml_tags_are_refused_and_never_run(tmp_path, value):
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    value = value.replace("{marker}", str(marker))
    text = f"---\ntitle: Tin\ndate: 2020-01-01\nx: {value}\n---\nThân.\n"
    (tmp_path / "tin.md").write_text(text, encoding="utf-8")
    result = process_file(tmp_path, "tin.md", SiteConfig(), "content", Converter())
    assert result.article is None
    (problem,) = result.problems
    assert re.fullmatch(r"content/tin\.md:4:4: YAML tags such as '\S+' are not allowed",
                        problem.render("en")), problem
    assert re.fullmatch(r"content/tin\.md:4:4: không được dùng thẻ YAML như '\S+'",
                        str(problem)), problem
    assert not marker.exists()


def test_row10_alias_bomb_costs_neither_time_nor_memory(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    (tmp_path / "bom.md").write_text("---\ntitle: Bom\ndate: 2020-01-01\n" + "\n".join(lines)
                                     + "\n---\nThân.\n")
    converter = Converter()
    tracemalloc.start()
    started = time.perf_counter()
    result = process_file(tmp_path, "bom.md", SiteConfig(), "content", converter)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [str(p) for p in result.problems] == [
        "content/bom.md:4:4: không được dùng bí danh YAML (&tên / *tên) trong phần thông tin "
        "đầu bài"]
    assert peak < 2_000_000  # 9⁹ expanded strings would be gigabytes
    assert seconds < 1.0  # the table's figure; in practice a few milliseconds
