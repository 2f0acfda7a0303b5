"""Row 28: a build that fails halfway (a page, the feeds, the theme files, a dead worker)
leaves `output/` byte for byte as it was and nothing beside it; the next build succeeds.

Faults are injected in-process by monkeypatching (forked workers inherit the patches), so
the generator carries no test hooks. `test_cli_*` do the same in a real `build.py` process
through tests/faults/inject/sitecustomize.py (see there).
"""
from __future__ import annotations

import errno
import multiprocessing
import os
import re
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.publish import feeds

from builder.publish import output

from builder import pipeline
from builder.core.config import BuildOptions, SiteConfig
from builder.core.errors import BuildError, OutputError, TemplateError, WorkerError
from builder.site.plan import PageSpec
from builder.site.render import PageTemplates, SiteRenderer
from tests.conftest import ROOT, run_build_py
from tests.faults.corpus import write_corpus
from tests.faults.helpers import leftovers, tree_hash

ARTICLES = 620  # a little over 1,000 pages
INJECT = Path(__file__).parent / "inject"


def build(site: Path, content: str, out: str = "output", cache: str | None = None,
          config: SiteConfig | None = None):
    """One in-process build of `site/content` into `site/out`, on two workers."""
    options = BuildOptions(content_dir=site / content, output_dir=site / out, jobs=2,
                           cache_dir=site / cache if cache else None)
    return pipeline.build(config or SiteConfig(), options)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two editions and their reference trees, built once."""
    site = tmp_path_factory.mktemp("faults")
    write_corpus(site / "a", ARTICLES)
    write_corpus(site / "b", ARTICLES, edition=1)
    refs = {}
    for edition in ("a", "b"):
        build(site, edition, out=f"ref-{edition}")
        refs[edition] = tree_hash(site / f"ref-{edition}")
    return site, refs


@pytest.fixture
def site(corpus, tmp_path):
    """A project whose output/ holds the site of edition A."""
    base, refs = corpus
    for edition in ("a", "b"):
        (tmp_path / edition).symlink_to(base / edition)
    shutil.copytree(base / "ref-a", tmp_path / "output")
    assert tree_hash(tmp_path / "output") == refs["a"]
    return tmp_path, refs


@dataclass(frozen=True, slots=True)
class FailingSpec(PageSpec):
    """The page whose rendering meets the fault: it travels to whichever process renders
    it (the page workers fork before the site's pages are known)."""


def nth_page_fails(monkeypatch, number: int, fault) -> list:
    """Make rendering the `number`-th page of the build call `fault()`; returns the pages."""
    pages_of, render = SiteRenderer.pages, PageTemplates.render
    specs: list = []

    def recording_pages(self):
        specs[:] = pages_of(self)
        spec = specs[number - 1]
        specs[number - 1] = FailingSpec(spec.path, spec.kind, spec.key, spec.number,
                                        spec.source)
        return specs

    def failing_render(self, spec, context):
        if isinstance(spec, FailingSpec):
            fault()
        return render(self, spec, context)

    monkeypatch.setattr(SiteRenderer, "pages", recording_pages)
    monkeypatch.setattr(PageTemplates, "render", failing_render)
    return specs


def template_fault():
    raise TemplateError("templates/article.html:3: fault injected")


def bug_fault():
    raise RuntimeError("a bug in the generator (fault injected)")


PARENT = os.getpid()


def worker_death():
    """A worker dies as if the out-of-memory killer took it: this one, or (when the
    parent, which renders its share of the pages too, meets the page) one of the parent's."""
    if os.getpid() != PARENT:
        os._exit(137)
    os.kill(multiprocessing.active_children()[0].pid, signal.SIGKILL)


def assert_untouched_and_recovers(site: Path, refs: dict) -> None:
    """The old site is intact, nothing is left beside it, and the next build works."""
    assert tree_hash(site / "output") == refs["a"]
    assert leftovers(site) == []
    build(site, "b")
    assert tree_hash(site / "output") == refs["b"]
    assert leftovers(site) == []


@pytest.mark.parametrize("fault, error", [(template_fault, TemplateError),
                                          (bug_fault, RuntimeError),
                                          (worker_death, WorkerError)],
                         ids=["template-error", "generator-bug", "worker-killed"])
def test_failure_on_the_500th_page(site, monkeypatch, fault, error):
    site, refs = site
    specs = nth_page_fails(monkeypatch, 500, fault)
    with pytest.raises(error):
        build(site, "b")
    assert len(specs) >= 1000
    monkeypatch.undo()
    assert_untouched_and_recovers(site, refs)


def test_failure_in_the_feed_step(site, monkeypatch):
    site, refs = site
    render = feeds.FeedWriter.render
    calls = []

    def failing_render(writer, feed):
        calls.append(feed.path)
        if len(calls) == 4:
            raise TemplateError("templates/feed.xml:1: fault injected")
        return render(writer, feed)

    monkeypatch.setattr(feeds.FeedWriter, "render", failing_render)
    with pytest.raises(TemplateError):
        build(site, "b")
    monkeypatch.undo()
    assert_untouched_and_recovers(site, refs)


def test_failure_while_copying_the_theme_files(site, monkeypatch):
    site, refs = site
    copy2 = shutil.copy2

    def failing_copy(source, target, **kwargs):
        if "/assets/" in str(source):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return copy2(source, target, **kwargs)

    monkeypatch.setattr(output, "same_size_and_time", lambda old, source: False)  # copy, not reuse
    monkeypatch.setattr(shutil, "copy2", failing_copy)
    with pytest.raises(OutputError) as caught:
        build(site, "b")
    (problem,) = caught.value.problems
    assert re.fullmatch(r".*/\.output\.staging-\d+/assets/\S+: không ghi được: ổ đĩa đã đầy",
                        str(problem)), problem
    monkeypatch.undo()
    assert_untouched_and_recovers(site, refs)


def test_killed_right_after_the_swap_then_back_to_the_old_content(site, monkeypatch):
    """The swap happened but the page digests were not saved: they describe the site
    before, and must not be trusted (an unchanged-looking page would be the wrong one)."""
    site, refs = site
    shutil.rmtree(site / "output")
    build(site, "a", cache=".cache")
    commit = output.Staging.commit

    def commit_then_die(self):
        commit(self)
        raise KeyboardInterrupt  # stands for a kill between the swap and the cache save

    monkeypatch.setattr(output.Staging, "commit", commit_then_die)
    with pytest.raises(KeyboardInterrupt):
        build(site, "b", cache=".cache")
    monkeypatch.undo()
    assert tree_hash(site / "output") == refs["b"]
    build(site, "a", cache=".cache")
    assert tree_hash(site / "output") == refs["a"]
    assert leftovers(site) == []


@pytest.mark.parametrize("fault, message", [
    ("page-write:500", r"\.output\.staging-\d+/\S+\.html: không ghi được: Input/output error"),
    ("worker-exit:500", r"build: một tiến trình con đã dừng đột ngột \(bị tắt, hoặc hết bộ "
                        r"nhớ\?\); chưa có gì bị thay đổi: hãy tạo trang lại, hoặc chạy với "
                        r"--jobs 1"),
])
def test_cli_reports_a_fault_in_plain_words(site, fault, message):
    site, refs = site
    result = run_build_py("build", "--content", "b", "--no-cache", "--jobs", "2", cwd=site,
                          env={"PYTHONPATH": f"{INJECT}:{ROOT}", "CAMPAIGN_NEWS_FAULT": fault})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert re.fullmatch(message, lines[0]), result.stderr
    assert lines[1] == "Không tạo được trang: 1 lỗi; thư mục output vẫn giữ nguyên như trước."
    assert_untouched_and_recovers(site, refs)


def test_build_errors_are_the_only_kind_a_user_sees():
    """The fault errors above are part of the family the command line prints plainly."""
    assert issubclass(WorkerError, BuildError) and issubclass(OutputError, BuildError)
