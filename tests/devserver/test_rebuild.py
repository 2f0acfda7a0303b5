"""Debounced rebuilds: one build per burst, one at a time, never an exception."""
from __future__ import annotations

import asyncio
import threading
import time

from tornado.ioloop import IOLoop

from builder.core.config import BuildOptions, SiteConfig
from builder.core.errors import ContentError, Problem
from builder.preview.rebuild import BuildOutcome, RebuildScheduler, SiteBuilder
from tests.devserver.serve_process import run_async


class FakeBuild:
    """A build that takes `seconds` and counts its runs."""

    def __init__(self, seconds: float = 0.0):
        self.seconds = seconds
        self.runs = 0
        self.threads: set[str] = set()

    def __call__(self, paths=()) -> BuildOutcome:
        self.runs += 1
        self.threads.add(threading.current_thread().name)
        time.sleep(self.seconds)
        return BuildOutcome(True)


def run_loop(schedule, seconds: float) -> None:
    """Run an event loop for `seconds`, calling `schedule()` on it first."""
    async def main():
        schedule()
        await asyncio.sleep(seconds)

    run_async(main)


def test_a_burst_gives_one_build_with_every_path():
    build, done = FakeBuild(), []

    def schedule():
        scheduler = RebuildScheduler(build, lambda o, p, t: done.append(p), quiet=0.1)
        for n in range(20):
            scheduler.changed([f"content/{n}.md"])

    run_loop(schedule, 0.6)
    assert build.runs == 1
    assert len(done) == 1 and len(done[0]) == 20
    assert build.threads == {"rebuild"}  # not on the loop: pages keep being served


def test_saves_during_a_build_give_exactly_one_more_build():
    build, done = FakeBuild(0.3), []

    def schedule():
        scheduler = RebuildScheduler(build, lambda o, p, t: done.append(p), quiet=0.05)
        loop = IOLoop.current()
        scheduler.changed(["a.md"])
        for n in range(5):  # while the first build runs
            loop.call_later(0.1 + n * 0.02, scheduler.changed, [f"b{n}.md"])

    run_loop(schedule, 1.2)
    assert build.runs == 2
    assert done[0] == ("a.md",)
    assert done[1] == tuple(f"b{n}.md" for n in range(5))


def test_quiet_period_restarts_on_each_event():
    build, done = FakeBuild(), []
    stamps = []

    def schedule():
        scheduler = RebuildScheduler(build, lambda o, p, t: stamps.append(time.perf_counter()),
                                     quiet=0.2)
        loop = IOLoop.current()
        stamps.append(time.perf_counter())
        for n in range(4):  # events 0.1 s apart: never quiet for 0.2 s until the last
            loop.call_later(n * 0.1, scheduler.changed, [f"{n}.md"])

    run_loop(schedule, 1.0)
    assert build.runs == 1
    assert stamps[1] - stamps[0] >= 0.5


def test_a_build_that_raises_after_all_is_reported_in_the_scheduler_s_language():
    done = []

    def broken(paths):
        raise ZeroDivisionError("boom")

    def schedule():
        scheduler = RebuildScheduler(broken, lambda o, p, t: done.append(o), quiet=0.05,
                                     language="en")
        scheduler.changed(["a.md"])

    run_loop(schedule, 0.5)
    assert [(o.ok, o.problems, o.language) for o in done] == [
        (False, ("internal error: ZeroDivisionError('boom')",), "en")]


def settings_raising(exc):
    """A settings function that fails like load_config or worse."""
    def settings():
        raise exc
    return settings


def test_build_problems_become_the_outcome():
    problem = Problem("content/a.md", 4, 7, None, "front matter is not valid YAML")
    outcome = SiteBuilder(settings_raising(ContentError(problem))).build()
    assert not outcome.ok
    assert outcome.problems == ("content/a.md:4:7: front matter is not valid YAML",)


def test_a_bug_in_the_generator_does_not_escape():
    outcome = SiteBuilder(settings_raising(ZeroDivisionError("boom"))).build()
    assert not outcome.ok
    assert "lỗi bên trong chương trình: ZeroDivisionError: boom" in outcome.problems[0]
    english = SiteBuilder(settings_raising(ZeroDivisionError("boom")), language="en").build()
    assert "internal error: ZeroDivisionError: boom" in english.problems[0]


def test_the_outcome_reads_in_the_language_given_not_the_site_s(tmp_path):
    # `serve --lang en` on a Vietnamese site: problems and warnings in English.
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text('---\ntitle: "A"\ndate: 2024-01-02\n---\n\n'
                                  "[Bản nháp](nhap.md)\n", "utf-8")
    (content / "nhap.md").write_text('---\ntitle: "N"\ndate: 2024-01-02\ndraft: true\n---\n',
                                     "utf-8")
    options = BuildOptions(content_dir=content, output_dir=tmp_path / "output")
    site = SiteConfig(language="vi")
    english = SiteBuilder(lambda: (site, options), language="en").build()
    assert english.ok and english.language == "en"
    assert english.warnings == (f"{content}/a.md:6:12: link: links to {content}/nhap.md, which "
                                "is not published (draft or future date); the link is left out",)
    vietnamese = SiteBuilder(lambda: (site, options)).build()
    assert vietnamese.language == "vi"
    assert vietnamese.warnings == (f"{content}/a.md:6:12: link: liên kết tới {content}/nhap.md, "
                                   "bài này chưa được đăng (bản nháp hoặc ngày đăng còn ở tương "
                                   "lai); đã bỏ liên kết này",)
    missing = BuildOptions(content_dir=tmp_path / "none", output_dir=tmp_path / "output")
    failed = SiteBuilder(lambda: (site, missing), language="en").build()
    assert failed.problems == (f"{tmp_path / 'none'}: --content: content folder not found",)


def test_a_good_build_reports_counts(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text('---\ntitle: "A"\ndate: 2024-01-02\n---\n\nBody.\n', "utf-8")
    options = BuildOptions(content_dir=content, output_dir=tmp_path / "output")
    builder = SiteBuilder(lambda: (SiteConfig(language="en"), options))
    outcome = builder.build()
    assert outcome.ok, outcome.problems
    assert (outcome.articles, outcome.language) == (1, "en")
    assert (tmp_path / "output" / "index.html").is_file()
    assert builder.config.language == "en"
