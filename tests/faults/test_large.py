"""Row 34 (item 6): very large inputs are built with bounded memory or refused by name.

- a 20 MB article and a 5 MB single line: refused with the size limit (4 MB by default),
  and built when the limit is raised;
- 10,000 lines of front matter: built;
- small files that used to crash or hang the build (nesting, quadratic Markdown):
  errors naming the file, or for quadratic Markdown a conversion in time;
- 10,000 articles: built with bounded memory, listings paginated.
Time is not asserted here (speed is bench/'s business); the test prints it.
"""
from __future__ import annotations

import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builder.content import markdown_convert
from builder.core.config import SiteConfig
from builder.content.loading import process_file
from builder.content.markdown_convert import Converter
from tests.conftest import ROOT
from tests.faults.corpus import WORDS, write_corpus
from tests.faults.helpers import old_site, tree_hash

MEASURE = """
import resource, sys, time
from builder.cli import main
started = time.perf_counter()
code = main(sys.argv[1:])
print(f"seconds={time.perf_counter() - started:.1f} "
      f"peak_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} "
      f"workers_peak_kb={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}",
      file=sys.stderr)
sys.exit(code)
"""
FAILED = "Không tạo được trang: {n} lỗi; thư mục output vẫn giữ nguyên như trước."


def measured_build(folder: Path, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    """`build.py build ARGS` with its time and peak memory (its own and its workers')."""
    result = subprocess.run([sys.executable, "-c", MEASURE, "build", *args], cwd=folder,
                            capture_output=True, text=True, timeout=900,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    figures = dict(re.findall(r"(\w+)=([\d.]+)", result.stderr.splitlines()[-1]))
    return result, {key: float(value) for key, value in figures.items()}


def prose(size: int, line_length: int | None = None) -> str:
    """About `size` bytes of Vietnamese-looking prose (one line if `line_length` is None)."""
    rng = random.Random(size)
    words, total = [], 0
    while total < size:
        word = rng.choice(WORDS)
        words.append(word)
        total += len(word.encode()) + 1
    text = " ".join(words)
    if line_length:
        text = re.sub(rf"(.{{{line_length}}}) ", r"\1\n\n", text)
    return text


@pytest.fixture(scope="module")
def big_files(tmp_path_factory):
    """A 20 MB article, a 5 MB single line and 10,000 lines of front matter."""
    folder = tmp_path_factory.mktemp("large")
    content = folder / "content"
    content.mkdir()
    (content / "bai-lon.md").write_text(
        "---\ntitle: Bài 20 MB\ndate: 2020-01-01\n---\n" + prose(20_000_000, 600) + "\n")
    (content / "mot-dong.md").write_text(
        "---\ntitle: Một dòng 5 MB\ndate: 2020-01-02\n---\n" + prose(5_000_000) + "\n")
    fields = "\n".join(f"truong_{i:05d}: giá trị {i}" for i in range(10_000))
    (content / "dau-bai-dai.md").write_text(
        f"---\ntitle: Đầu bài 10.000 dòng\ndate: 2020-01-03\n{fields}\n---\nThân bài.\n")
    return folder


def test_big_files_are_refused_by_name_under_the_default_limit(big_files):
    old = old_site(big_files / "output")
    result, _ = measured_build(big_files, "--no-cache")
    assert result.returncode == 1
    lines = result.stderr.splitlines()[:-1]
    assert lines == [
        "content/bai-lon.md: tệp nặng 19,1 MB, vượt giới hạn 4096 KB "
        "(max_article_kb trong site.toml)",
        "content/mot-dong.md: tệp nặng 4,8 MB, vượt giới hạn 4096 KB "
        "(max_article_kb trong site.toml)",
        FAILED.format(n=2)]
    assert tree_hash(big_files / "output") == old


def test_big_files_build_with_bounded_memory_when_allowed(big_files, tmp_path):
    (big_files / "site.toml").write_text("max_article_kb = 30000\n")
    try:
        result, figures = measured_build(big_files, "--no-cache", "--output",
                                         str(tmp_path / "output"))
    finally:
        (big_files / "site.toml").unlink()
    assert result.returncode == 0, result.stderr
    print(f"\n20 MB + 5 MB + 10,000-line front matter: {figures}")
    assert figures["peak_kb"] < 1_000_000 and figures["workers_peak_kb"] < 1_000_000
    page = next((tmp_path / "output").glob("2020/01/mot-dong-5-mb.html")).read_bytes()
    assert len(page) > 5_000_000


@pytest.mark.parametrize("head, body, message", [
    ("x: " + "[" * 5000 + "]" * 5000, "Thân.",
     r"content/bai\.md:4:53: phần thông tin đầu bài lồng nhau quá 50 cấp"),
    ("x: " + "{a: " * 5000 + "1" + "}" * 5000, "Thân.",
     r"content/bai\.md:4:\d+: phần thông tin đầu bài lồng nhau quá 50 cấp"),
    ("", "*" * 5000 + "chữ" + "*" * 5000,
     r"content/bai\.md:5: nội dung lồng nhau quá sâu, không chuyển được .*"),
], ids=["deep-flow-list", "deep-flow-map", "deep-emphasis"])
def test_small_hostile_files_are_errors_not_crashes_or_hangs(tmp_path, head, body, message):
    """A few kB that crashed the process (stack overflow in libyaml or in Markdown)."""
    result = convert_one(tmp_path, head, body)
    assert [str(p) for p in result.problems] and re.fullmatch(message, str(result.problems[0]))


@pytest.mark.parametrize("body", ["[" * 12000, "[^1]" * 6000 + "\n\n[^1]: chú thích"],
                         ids=["brackets", "footnote-marks"])
def test_quadratic_markdown_ends_in_time_or_as_an_error_naming_the_file(tmp_path, monkeypatch,
                                                                        body):
    """A few kB that took Python-Markdown hours (before 3.11.4, which made them quick):
    converted within the limit, or stopped there with an error naming the file."""
    monkeypatch.setattr(markdown_convert, "CONVERT_SECONDS", 0.5)
    started = time.perf_counter()
    result = convert_one(tmp_path, "", body)
    assert time.perf_counter() - started < 30
    if result.problems:
        assert re.fullmatch(r"content/bai\.md:5: chuyển nội dung mất hơn 0\.5 giây; .*",
                            str(result.problems[0]))
    else:
        assert result.article is not None and result.body is not None


def test_a_conversion_past_its_time_limit_is_an_error_naming_the_file(tmp_path, monkeypatch):
    """The limit itself, on plain prose that takes longer than it (300 kB: a tenth of a
    second or more, against a limit of 10 ms), whatever Markdown's version."""
    monkeypatch.setattr(markdown_convert, "CONVERT_SECONDS", 0.01)
    prose = "\n\n".join(" ".join(random.Random(n).choices(WORDS, k=120)) for n in range(400))
    started = time.perf_counter()
    result = convert_one(tmp_path, "", prose)
    assert time.perf_counter() - started < 30
    assert [str(p) for p in result.problems] == [
        "content/bai.md:5: chuyển nội dung mất hơn 0.01 giây; hãy tìm những chuỗi dài dấu '[', "
        "'*' hay dấu chú thích và viết đơn giản lại"]


def convert_one(folder: Path, head: str, body: str):
    """Read and convert content/bai.md with the given front matter lines and body."""
    (folder / "bai.md").write_text(
        f"---\ntitle: Tin\ndate: 2020-01-01\n{head + chr(10) if head else ''}---\n{body}\n",
        "utf-8")
    return process_file(folder, "bai.md", SiteConfig(), "content", Converter())


def test_ten_thousand_articles(tmp_path):
    write_corpus(tmp_path / "content", 10_000)
    result, figures = measured_build(tmp_path, "--no-cache")
    assert result.returncode == 0, result.stderr
    print(f"\n10,000 articles: {result.stdout.strip()} {figures}")
    assert figures["peak_kb"] < 1_000_000 and figures["workers_peak_kb"] < 1_000_000
    out = tmp_path / "output"
    assert len(list(out.glob("20*/*/*.html"))) == 10_000
    # Listings are paginated: a page links a few articles (per_page is 10; the theme may
    # add a handful elsewhere), not thousands, and the biggest tag, category and the
    # home listing run over many pages.
    for listing in ("index.html", "page/500.html", "tags/duc-hue.html",
                    "tags/duc-hue/40.html", "categories/dan-van/100.html"):
        html = (out / listing).read_text("utf-8")
        articles = set(re.findall(r'href="[^"]*?(\d{4}/\d{2}/[^"/]+\.html)"', html))
        assert 1 <= len(articles) <= 20, listing
    assert max(p.stat().st_size for p in out.rglob("*.html")) < 300_000
