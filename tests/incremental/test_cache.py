"""The build cache: a cached build's output equals a clean build's, byte for byte, after
every kind of change; unchanged files keep their mtime; worker count changes nothing."""
import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from builder.core.code_digest import PACKAGE_DIR, stage_files
from builder.core.config import BuildOptions, SiteConfig
from builder.incremental import cache as cache_module
from builder.incremental.cache import CONTENT_STAGE, STORE_NAME, input_state
from builder.workers import parallel_map
from tests.conftest import ROOT, run_build_py


SAMPLE = ROOT / "content"


@pytest.fixture
def site(tmp_path) -> Path:
    """A copy of the sample site (content, settings, theme) to change freely."""
    shutil.copytree(SAMPLE, tmp_path / "content")
    shutil.copy(ROOT / "site.toml", tmp_path / "site.toml")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def build(site: Path, out: str, *extra: str) -> dict[str, bytes]:
    result = run_build_py("build", "--output", out, *extra, cwd=site)
    assert result.returncode == 0, result.stderr
    return full_tree(site / out)


def full_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def assert_cached_equals_clean(site: Path) -> None:
    cached = build(site, "output")
    clean = build(site, "clean", "--no-cache")
    assert sorted(cached) == sorted(clean)
    assert [p for p in clean if cached[p] != clean[p]] == []


def first_article(site: Path) -> Path:
    return sorted((site / "content").rglob("*.md"))[0]


def test_cached_build_equals_clean_build_after_every_kind_of_change(site):
    build(site, "output")
    # An article's text and title.
    article = first_article(site)
    text = article.read_text(encoding="utf-8")
    edited = re.sub(r'^title: ("?)', r'title: \1Sửa lại ', text, count=1, flags=re.M)
    article.write_text(edited + "\nĐoạn thêm.\n", encoding="utf-8")
    assert_cached_equals_clean(site)
    # Only a field that no listing shows: when the article was updated.
    dated = sorted((site / "content").rglob("*.md"))[3]
    dated.write_text(dated.read_text(encoding="utf-8").replace(
        "---\n", "---\nupdated: 2025-01-02 08:00\n", 1), encoding="utf-8")
    assert_cached_equals_clean(site)
    assert any("02/01/2025" in page.decode() for page in full_tree(site / "output").values()
               if page.startswith(b"<!DOCTYPE"))
    # An article's tags: related posts are ranked from them.
    tagged = sorted((site / "content").rglob("*.md"))[5]
    tagged.write_text(re.sub(r"^tags: .*$", "tags: [Cần Giuộc, Nông thôn mới]",
                             tagged.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    assert_cached_equals_clean(site)
    # A template.
    base = site / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<p>Chân trang mới</p>\n</footer>"),
                    encoding="utf-8")
    assert_cached_equals_clean(site)
    # site.toml.
    config = site / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("per_page = 10", "per_page = 4"),
                      encoding="utf-8")
    assert_cached_equals_clean(site)
    # A deleted article, and a photo swapped for another.
    victim = sorted((site / "content").rglob("*.md"))[-1]
    victim.unlink()
    photo = sorted((site / "content").rglob("*.jpg"))[0]
    photo.write_bytes(sorted((site / "content").rglob("*.jpg"))[1].read_bytes())
    assert_cached_equals_clean(site)


def test_nothing_changed_leaves_every_file_alone(site):
    build(site, "output")
    before = {p: os.stat(p).st_mtime_ns for p in (site / "output").rglob("*") if p.is_file()}
    result = run_build_py("build", "--output", "output", cwd=site)
    assert "không có gì thay đổi" in result.stdout
    after = {p: os.stat(p).st_mtime_ns for p in (site / "output").rglob("*") if p.is_file()}
    assert after == before


def test_unchanged_pages_keep_their_mtime_when_one_article_changes(site):
    build(site, "output")
    out = site / "output"
    stamps = {p.relative_to(out).as_posix(): os.stat(p).st_mtime_ns
              for p in out.rglob("*.html")}
    article = first_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    build(site, "output")
    changed = [p for p, stamp in stamps.items() if os.stat(out / p).st_mtime_ns != stamp]
    assert 1 <= len(changed) < len(stamps) / 4, changed


def test_an_edit_rewrites_only_the_feeds_that_list_the_article(site):
    """The edited article's tag feeds are made anew; a feed it is not in is left alone."""
    build(site, "output")
    feeds = site / "output" / "feeds"
    stamps = {p: os.stat(p).st_mtime_ns for p in feeds.rglob("*.xml")}
    article = first_article(site)  # tagged Cần Giuộc, not Đức Huệ
    article.write_text(article.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    build(site, "output")
    rewritten = {p.relative_to(feeds).as_posix() for p, stamp in stamps.items()
                 if os.stat(p).st_mtime_ns != stamp}
    assert "tags/can-giuoc.xml" in rewritten and "tags/duc-hue.xml" not in rewritten
    assert "Một câu mới" in (feeds / "tags" / "can-giuoc.xml").read_text(encoding="utf-8")
    assert_cached_equals_clean(site)


def test_output_is_the_same_whatever_the_worker_count(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus / "content", copies=8)
    one = build_corpus(corpus, tmp_path / "one", "1")
    two = build_corpus(corpus, tmp_path / "two", "2")
    assert len(one) > 300 and one == two


def test_entries_looked_up_on_two_processes_are_kept_and_reused(tmp_path):
    """A new build process reads the cache on all cores: the entries a worker read count
    as used (an edit's clean-up must not delete them) and the site equals a clean build."""
    corpus = tmp_path / "corpus"
    make_corpus(corpus / "content", copies=8)
    cache = tmp_path / "cache"
    cached_build(corpus, tmp_path / "out", cache)
    before = cache_entries(cache)
    article = sorted((corpus / "content").rglob("*.md"))[5]
    article.write_text(article.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")
    result = cached_build(corpus, tmp_path / "out", cache, "--timings")
    after = cache_entries(cache)
    assert len(before) > 150 and len(after) == len(before)
    assert len(set(before) - set(after)) == 1  # only the edited article's old entry went
    assert "đã tạo lại 1 trên" in result.stderr  # the edited article's page alone
    assert full_tree(tmp_path / "out") == build_corpus(corpus, tmp_path / "clean", "2")


def cache_entries(cache: Path) -> list[str]:
    """The keys of the converted articles a cache folder holds."""
    with contextlib.closing(sqlite3.connect(cache / STORE_NAME)) as store:
        return sorted(key for (key,) in store.execute("SELECT key FROM entries"))


def cached_build(corpus: Path, out: Path, cache: Path, *extra: str):
    """A build of the corpus on two processes, with a cache."""
    result = run_build_py("build", "--content", str(corpus / "content"), "--output", str(out),
                          "--jobs", "2", "--cache", str(cache), *extra)
    assert result.returncode == 0, result.stderr
    return result


def make_corpus(content: Path, copies: int) -> None:
    """The sample articles `copies` times over, each copy with its own title and month: a
    new site, so without the sample's record of published addresses."""
    shutil.copytree(SAMPLE, content, ignore=shutil.ignore_patterns(".addresses.toml"))
    for number in range(2, copies + 1):
        for article in sorted(SAMPLE.rglob("*.md")):
            text = article.read_text(encoding="utf-8")
            text = re.sub(r'^title: ("?)', rf'title: \1Bản {number}: ', text, count=1, flags=re.M)
            text = re.sub(r"^slug: (.*)$", rf"slug: \1-{number}", text, flags=re.M)
            target = content / article.relative_to(SAMPLE).with_name(f"{article.stem}-{number}.md")
            target.write_text(text, encoding="utf-8")


def build_corpus(corpus: Path, out: Path, jobs: str) -> dict[str, bytes]:
    result = run_build_py("build", "--content", str(corpus / "content"), "--output", str(out),
                          "--jobs", jobs, "--no-cache")
    assert result.returncode == 0, result.stderr
    return full_tree(out)


def test_content_cache_depends_on_the_content_code_only():
    names = {p.relative_to(PACKAGE_DIR).as_posix() for p in stage_files(CONTENT_STAGE)}
    assert {"content/articles.py", "content/front_matter.py", "content/markdown_convert.py",
            "core/text.py", "core/urls.py", "core/config.py",
            "incremental/typed_data.py", "incremental/plain_data.py"} <= names
    assert "site/render.py" not in names and "pipeline.py" not in names
    assert "incremental/cache.py" not in names


def test_compiled_templates_are_kept_and_a_damaged_copy_is_compiled_again(site):
    """The theme's compiled code is cached beside the content; garbage there is ignored."""
    build(site, "output")
    compiled = [p for p in (site / ".cache" / "templates").rglob("*") if p.is_file()]
    assert len(compiled) >= 3  # base, article, listing at least
    for path in compiled:
        path.write_bytes(b"j2\x00garbage")
    shutil.rmtree(site / "output")  # every page rendered again, with the damaged cache
    assert_cached_equals_clean(site)


def _move_function(source: Path, target: Path, name: str) -> None:
    """Move a top-level function from one module of a package to a sibling module, and
    import it back where it was (a refactoring that changes no behaviour)."""
    text = source.read_text("utf-8")
    found = re.search(rf"^def {name}\(.*?(?=^\S|\Z)", text, re.M | re.S)
    assert found, name
    source.write_text(text[:found.start()] + text[found.end():] + "\n"
                      f"from .{target.stem} import {name}  # noqa: E402\n", "utf-8")
    target.write_text(target.read_text("utf-8") + "\n\n" + found.group(0), "utf-8")


def test_moving_a_function_between_content_modules_invalidates_the_cache(site, tmp_path):
    # A copy of the generator whose code can be changed, run as a user runs build.py.
    copy = tmp_path / "generator"
    shutil.copytree(ROOT / "builder", copy / "builder",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "build.py", copy / "build.py")

    def build_with_copy() -> tuple[dict[str, bytes], set[str]]:
        result = subprocess.run([sys.executable, str(copy / "build.py"), "build"], cwd=site,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        entries = set(cache_entries(site / ".cache"))
        return full_tree(site / "output"), entries

    before, old_entries = build_with_copy()
    assert old_entries
    _move_function(copy / "builder/content/front_matter.py",
                   copy / "builder/content/time_limit.py", "_short_tag")
    after, new_entries = build_with_copy()
    # Every converted article was made again under the new code, with the same result.
    assert new_entries.isdisjoint(old_entries)
    assert after == before



def test_a_build_with_nothing_to_do_repeats_its_warnings_in_the_runs_language(site):
    """The warnings are kept in the stamp as problems, not as words of the first run."""
    with open(site / "site.toml", "a", encoding="utf-8") as settings:
        settings.write('\n[[menu]]\nname = "Hỏi đáp"\npage = "hoi-dap"\n')

    def menu_warnings(result) -> list[str]:
        assert result.returncode == 0, result.stderr
        return [line.split(" menu.page: ")[-1] for line in result.stderr.splitlines()
                if "menu.page" in line]

    first = run_build_py("build", cwd=site)
    assert menu_warnings(first) == [
        "không có trang 'hoi-dap' (các trang: gioi-thieu, lien-he); mục này bị bỏ khỏi menu"]
    again = run_build_py("build", "--lang", "en", cwd=site)
    assert "(nothing changed)" in again.stdout.splitlines()[0]  # the stamp's warnings
    assert menu_warnings(again) == [
        "no page 'hoi-dap' (pages: gioi-thieu, lien-he); left out of the menu"]
    assert again.stderr.startswith("warning: site.toml:")


def test_the_inputs_stamp_is_the_same_on_two_processes_and_sees_each_file(tmp_path,
                                                                          monkeypatch):
    """The content folder's files are stated in parts over the cores: the stamp does not
    depend on how many, and a change to a file in any part (the parent's or a worker's)
    changes it."""
    monkeypatch.setattr(cache_module, "_STATE_PART", 4)  # 75 parts: enough for a pool
    content = tmp_path / "content"
    for folder in ("bai", "anh"):
        (content / folder).mkdir(parents=True)
        for number in range(150):
            (content / folder / f"{number:03}.md").write_text(f"Bài {number}", encoding="utf-8")
    config = SiteConfig()

    def stamp(jobs: int) -> str:
        options = BuildOptions(content_dir=content, output_dir=tmp_path / "output")
        return input_state(config, options,
                           lambda function, parts: parallel_map(function, parts, jobs)).digest

    first = stamp(1)
    assert stamp(2) == first
    seen = {first}
    # Eight files in a row take every place in a part; the last file ends the last part.
    touched = [content / "anh" / f"{number:03}.md" for number in range(8)]
    for path in touched + [content / "bai" / "149.md"]:
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
        one, two = stamp(1), stamp(2)
        assert one == two and one not in seen, path.name
        seen.add(one)


def test_the_inputs_shape_sees_every_change_but_inside_markdown_files(tmp_path, monkeypatch):
    """The shape of the inputs is the same after Markdown files are written again (new
    bytes, times, file numbers: a save by rename), however many parts and workers; a new,
    deleted or renamed file, a photo changed or a folder added changes it. It lists the
    content's Markdown files."""
    monkeypatch.setattr(cache_module, "_STATE_PART", 4)
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    for number in range(30):
        (content / "2024" / f"bài-{number:02}.md").write_text(f"Bài {number}", "utf-8")
    (content / "ảnh.jpg").write_bytes(b"\xff\xd8 Dan van kheo")
    config = SiteConfig()

    def state(jobs: int = 1):
        options = BuildOptions(content_dir=content, output_dir=tmp_path / "output")
        return input_state(config, options,
                           lambda function, parts: parallel_map(function, parts, jobs))

    first = state()
    assert state(2) == first
    assert sorted(Path(path).name for path in first.markdown) == [
        f"bài-{number:02}.md" for number in range(30)]
    saved = content / "2024" / "bài-07.md"
    fresh = saved.with_name(".bài-07.md.tmp")
    fresh.write_text("Bài 7, thêm một câu: các tổ dân vận đến từng nhà.", "utf-8")
    os.replace(fresh, saved)  # a new inode and a new folder time, as editors save
    second = state(2)
    assert second.digest != first.digest and second.shape == first.shape
    shapes = {first.shape}
    for change in ("photo", "new", "deleted", "renamed", "folder"):
        if change == "photo":
            (content / "ảnh.jpg").write_bytes(b"\xff\xd8 Dan van kheo, anh moi")
        elif change == "new":
            (content / "2024" / "bài-30.md").write_text("Bài 30", "utf-8")
        elif change == "deleted":
            (content / "2024" / "bài-03.md").unlink()
        elif change == "renamed":
            (content / "2024" / "bài-04.md").rename(content / "2024" / "bai-04.md")
        else:
            (content / "2025").mkdir()
        shape = state(2).shape
        assert shape not in shapes, change
        shapes.add(shape)


def test_pages_and_photos_deleted_from_the_output_by_hand_come_back(site):
    """Unchanged files are linked from the old output in bulk: one that is gone from it
    is made anew, not left out."""
    build(site, "output")
    pages = sorted(p for p in (site / "output").rglob("*.html") if "tags" in p.parts)[:3]
    photo = sorted((site / "output" / "media").rglob("*.jpg"))[0]
    for path in pages + [photo]:
        path.unlink()
    article = sorted((site / "content").rglob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nMột câu mới.\n",
                       encoding="utf-8")
    assert_cached_equals_clean(site)
    assert all(path.is_file() for path in pages + [photo])


def test_a_build_starts_from_the_site_the_last_one_replaced(site):
    """The replaced site is kept in the cache, and the next build's staging folder starts
    from it: an untouched page stays the very same file through every build, a page
    deleted from the output by hand comes back, and the output equals a clean build."""
    build(site, "output")
    out, spare = site / "output", site / ".cache" / "spare-site"
    article = first_article(site)
    article.write_text(article.read_text(encoding="utf-8") + "\nCâu thứ nhất.\n",
                       encoding="utf-8")
    build(site, "output")
    assert (spare / ".campaign-news-site").is_file()
    untouched = sorted(p for p in out.rglob("*.html") if "tags" in p.parts)
    kept = {p: os.stat(p).st_ino for p in untouched[1:4]}
    untouched[0].unlink()
    article.write_text(article.read_text(encoding="utf-8") + "\nCâu thứ hai.\n",
                       encoding="utf-8")
    assert_cached_equals_clean(site)
    assert {p: os.stat(p).st_ino for p in kept} == kept
    assert untouched[0].is_file()
    assert "Câu thứ hai" in "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    # The spare is now the second site, as it was published.
    replaced = "".join(p.read_text(encoding="utf-8") for p in spare.rglob("*.html"))
    assert "Câu thứ nhất" in replaced and "Câu thứ hai" not in replaced
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".output")) == []


def test_entries_read_ahead_are_taken_from_what_was_read(tmp_path, monkeypatch):
    """The content stage reads a batch's entries in one query: `get` then asks the store
    for none of them, found or not, and a reader without bodies gets b"" for the HTML."""
    from builder.content.loading import CACHED_KINDS, process_file
    from builder.content.markdown_convert import Converter
    from builder.core.memo import BuildMemo
    from builder.incremental.cache import ContentCache
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "bai.md").write_text(
        "---\ntitle: Đức Hòa ra quân\ndate: 2024-05-01\n---\n\nĐoạn đầu.\n", encoding="utf-8")
    result = process_file(tmp_path / "content", "bai.md", SiteConfig(), "content", Converter())
    cache = ContentCache(tmp_path / "cache", "muối", CACHED_KINDS, BuildMemo())
    key = cache.key("bai.md", b"x")
    cache.put(key, result)
    cache.close()
    cache = ContentCache(tmp_path / "cache", "muối", CACHED_KINDS, BuildMemo())
    cache.fetch([key, "không-có"])
    monkeypatch.setattr(cache.store, "get", lambda key: pytest.fail(f"{key} read again"))
    found = cache.get(key, bodies=False)
    assert cache.get("không-có") is None
    assert found.article == result.article and found.body.packed == b""
    assert found.body.digest == result.body.digest and result.body.packed != b""
    cache.close()
