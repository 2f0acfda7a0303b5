"""Fuzzing the content pipeline (item 7): any bytes as a content file give an article or
our own error naming the file, never an unhandled exception, a crash or a hang.

Bounded runs with Hypothesis (derandomized, so the suite is repeatable): raw bytes; text
shaped like front matter and Markdown, built from pieces that have broken generators
before; and whole builds of small sites made of such files. FAULTS_FUZZ_SCALE multiplies
the example counts for a longer campaign by hand.
"""
from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import pipeline
from builder.core.config import BuildOptions, SiteConfig
from builder.core.errors import BuildError
from builder.content.loading import process_file
from builder.content.markdown_convert import Converter
from builder.core.text import _ILLEGAL
from tests.faults.helpers import env_int

SCALE = env_int("FAULTS_FUZZ_SCALE", 1)
CONFIG = SiteConfig(base_url="https://example.org/tin/")
CONVERTER = Converter(CONFIG.raw_html, CONFIG.language)
COUNTS: dict[str, int] = {}
OUTCOMES: dict[str, int] = {}

FIELDS = ["title", "date", "updated", "tags", "category", "author", "authors", "summary",
          "image", "image_caption", "slug", "draft", "layout", "tittle", "x", "? a", "- a"]
def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's form; non-ASCII kept, as libyaml refuses the
    surrogate-pair escapes JSON writes for emoji)."""
    return json.dumps(text, ensure_ascii=False)


GENTLE = ["tags", "category", "author", "authors", "summary", "image_caption", "x"]
VALUES = ["2024-02-30", "2024-02-29", "0999-05-04", "9999-12-31T23:00:00-05:00",
          "2024-03-01T23:30:00+07:00", "2024-01-01T00:00+99:00", "15/09/2020 15:44",
          "[a, b", "{a: 1}", "&a x", "*a", "!!python/object/apply:os.system ['true']",
          "!!binary aGk=", "|\n  dòng một\n  dòng hai", ">-\n  gấp", "'quoted'", '"\\ud800"',
          '"\\x00"', "~", "null", "no", "0123", "1.10", "---", "...", "[[[[[[[[[[]]]]]]]]]]",
          "../../etc/passwd", "/etc/passwd", "C:\\x", "con", "a\\x00b", "x" * 300,
          "</title><script>alert(1)</script>", "\" onmouseover=\"x", "Đà Nẵng", "\u202e",
          "\ufeff", "ｔｉｔｌｅ", "\t", ""]
BODY_PIECES = ["[", "]", "(", ")", "*", "_", "`", "```", ">", "#", "- ", "1. ", "|", "\n",
               "\n\n", "    ", "<script>alert(1)</script>", "<svg onload=x>", "[x](javascript:a)",
               "![](data:image/png;base64,AA==)", "![ảnh](anh.jpg)", "[bài](khac.md)",
               "[^1]", "[^1]: chú thích", "{: .x onclick=y}", "&amp;", "&#0;", "\x00",
               "\ufffe", "\ud800", "Đức Huệ", "<!--", "-->", "<div>", "</div>", "\\"]

value = st.one_of(st.sampled_from(VALUES), st.text(max_size=20),
                 st.text(max_size=20).map(quoted))
fields = st.lists(st.tuples(st.sampled_from(FIELDS), value), max_size=8)
valid_start = st.tuples(st.one_of(st.sampled_from(VALUES[-12:]), st.text(min_size=1)),
                        st.sampled_from(VALUES[1:7] + ["2020-09-15", "2020-09-15 15:44"]))
# Most heads start with a usable title and date, so that the body is converted too.
anything = fields.map(lambda pairs: "\n".join(f"{k}: {v}" for k, v in pairs))
usable = (
    st.tuples(valid_start, st.lists(st.tuples(st.sampled_from(GENTLE), value), max_size=3))
    .map(lambda both: "\n".join(
        [f"title: {quoted(both[0][0])}", f"date: {both[0][1]}"]
        + [f"{k}: {v}" for k, v in both[1] if k not in ("title", "date")])))
front = st.integers(0, 3).flatmap(lambda i: anything if i == 3 else usable)
body = st.lists(st.one_of(st.sampled_from(BODY_PIECES), st.text(max_size=10)),
                max_size=40).map("".join)
shaped = st.builds(lambda head, fence, text, bom, crlf: (
    (b"\xef\xbb\xbf" if bom else b"")
    + ("---\n" + head + fence + text).replace("\n", "\r\n" if crlf else "\n")
    .encode("utf-8", "surrogatepass")),
    front, st.sampled_from(["\n---\n"] * 4 + ["\n...\n", "\n", "\n--- \n"]), body,
    st.booleans(), st.booleans())


def check_one(data: bytes, kind: str) -> None:
    """Process one file; the outcome must be an article or problems naming the file."""
    COUNTS[kind] = COUNTS.get(kind, 0) + 1
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "bai.md").write_bytes(data)
        result = process_file(Path(folder), "bai.md", CONFIG, "content", CONVERTER)
    assert result.article is not None or result.problems
    for problem in result.problems:
        assert problem.path == "content/bai.md" and problem.message, problem
    outcome = "articles" if result.article is not None and not result.problems else "errors"
    OUTCOMES[outcome] = OUTCOMES.get(outcome, 0) + 1
    if outcome == "articles":
        article = result.article
        assert article.title and not _ILLEGAL.search(article.title)
        assert article.date.utcoffset() is not None


ANY_BYTES, ANY_TEXT, SHAPED, BUILDS = 1000, 1000, 2000, 150  # examples per target


def fuzz(examples: int):
    """Bounded, repeatable Hypothesis settings for `examples` examples."""
    return settings(max_examples=examples * SCALE, deadline=None, derandomize=True,
                    database=None, suppress_health_check=list(HealthCheck))


@fuzz(ANY_BYTES)
@given(st.binary(max_size=400))
def _any_bytes(data):
    check_one(data, "bytes")


@fuzz(ANY_TEXT)
@given(st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def _any_text(data):
    check_one(data, "text")


@fuzz(SHAPED)
@given(shaped)
def _front_matter_and_markdown_shaped(data):
    check_one(data, "shaped")


GOOD = "---\ntitle: Bài tốt\ndate: 2020-09-15 15:44\ntags: [a]\n---\nNội dung.\n".encode()


@fuzz(BUILDS)
@given(st.lists(shaped, min_size=1, max_size=3))
def _whole_builds(files):
    """A site of fuzzed files and one good article builds, or fails with problems that
    name content files; a built site's feeds and sitemap are well-formed XML."""
    COUNTS["builds"] = COUNTS.get("builds", 0) + 1
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        content.mkdir()
        (content / "tot.md").write_bytes(GOOD)
        for number, data in enumerate(files):
            (content / f"bai-{number}.md").write_bytes(data)
        options = BuildOptions(content_dir=content, output_dir=Path(folder) / "output")
        try:
            pipeline.build(CONFIG, options)
        except BuildError as exc:
            for problem in exc.problems:
                assert str(problem).startswith(f"{content}/"), problem
            return
        for xml in (Path(folder) / "output").rglob("*.xml"):
            ET.parse(xml)


def ran(kind: str, fuzz_target, examples: int) -> int:
    """Run one fuzz target; the number of examples it ran (counted by the target itself)."""
    before = COUNTS.get(kind, 0)
    fuzz_target()
    count = COUNTS.get(kind, 0) - before
    print(f"\nfuzz {kind}: {count} examples; single files so far gave {OUTCOMES}")
    return count


# Each test checks its own count (Hypothesis may skip a few invalid draws): no test leans
# on another having run first, so the module passes alone and in any order.
def test_any_bytes():
    assert ran("bytes", _any_bytes, ANY_BYTES) >= 0.9 * ANY_BYTES * SCALE


def test_any_text():
    assert ran("text", _any_text, ANY_TEXT) >= 0.9 * ANY_TEXT * SCALE


def test_front_matter_and_markdown_shaped():
    assert ran("shaped", _front_matter_and_markdown_shaped, SHAPED) >= 0.9 * SHAPED * SCALE


def test_whole_builds():
    """A site of fuzzed files and one good article builds, or fails with problems that
    name content files; a built site's feeds and sitemap are well-formed XML."""
    assert ran("builds", _whole_builds, BUILDS) >= 0.9 * BUILDS * SCALE
