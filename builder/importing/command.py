"""The `import` command: `build.py import SOURCE... [--into content/] [--dry-run]`.

Report on stdout: one line per article written (with its text under it on a dry run),
then the remote photos kept as links, then a summary. Skips and warnings go to stderr
as `path: message` lines. Every line comes from the catalogue (group "import"), in the
run's message language (`--lang`, else the site's `language`, else the environment).

Exit status: 0 when every article found was imported (or was already there and left
untouched); 1 when at least one source or feed item was skipped (the others are still
imported); 2 for a command-line mistake.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import TextIO

from builder.core.config import MAX_ARTICLE_KB, load_config
from builder.core.errors import BuildError, Text, render
from builder.core.i18n import DEFAULT_LANGUAGE, catalogue
from builder.core.text import format_number
from builder.importing.article import Article, Message, Skipped
from builder.importing.dates import VIETNAM
from builder.importing.reading import read_source
from builder.importing.sources import Source, find_sources
from builder.importing.writer import Plan, plan_article, write_plan

_SOURCE_LINE = re.compile(r"^source:\s*(.+?)\s*$", re.MULTILINE)
EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class Options:
    """What the command line asked for."""

    sources: tuple[str, ...]
    into: Path
    dry_run: bool
    max_article_bytes: int = MAX_ARTICLE_KB * 1024  # what `build` accepts
    uploads: Path | None = None  # a WordPress site's wp-content/uploads, copied locally
    zone: tzinfo = VIETNAM  # the site's time zone: dates are written on its clock
    language: str = DEFAULT_LANGUAGE  # of the report's messages


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of `import`: sources, --into and --dry-run (also for build.py's command list)."""
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="a page, folder, feed or text file")
    parser.add_argument("--into", default="content", metavar="DIR", help="content folder (default: content)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    parser.add_argument("--uploads", default=None, metavar="DIR",
                        help="a local copy of a WordPress site's wp-content/uploads folder")
    parser.add_argument("--config", default=None, metavar="FILE",
                        help="the site's settings, for the article size limit and the time zone "
                             "(default: the site.toml beside the --into folder, else ./site.toml)")


def run(args: argparse.Namespace) -> int:
    """Run `import` from arguments parsed by build.py's command list."""
    return run_parsed(args, sys.stdout, sys.stderr)


def run_parsed(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Import with the options given, reporting to `out` and `err`; a broken settings file
    is a command-line mistake."""
    try:
        options = _options(args)
    except BuildError as error:
        for problem in error.problems:
            print(render(problem, getattr(args, "lang", None) or DEFAULT_LANGUAGE), file=err)
        return EXIT_USAGE
    return import_sources(options, out, err)


def import_sources(options: Options, out: TextIO, err: TextIO) -> int:
    """Import every source, reporting as it goes; returns the exit status."""
    report = _Report(out, err, options.dry_run, options.language)
    sources, unusable = find_sources(list(options.sources))
    for skipped in unusable:
        report.skipped(skipped)
    planned: dict[Path, str] = {}  # article files of this run -> the source they hold
    numbers: dict[Path, int] = {}  # a title's first file -> the last number given to it
    for source in sources:
        for result in _read_safely(source, options.uploads, options.zone):
            if isinstance(result, Skipped):
                report.skipped(result)
            else:
                _import(result, options, planned, numbers, report)
    report.finish()
    return EXIT_SKIPPED if report.skip_count else EXIT_OK


def _options(args: argparse.Namespace) -> Options:
    """Options from parsed arguments."""
    config = load_config(_settings_file(getattr(args, "config", None), Path(args.into)))
    uploads = getattr(args, "uploads", None)
    return Options(tuple(args.sources), Path(args.into), args.dry_run, config.max_article_kb * 1024,
                   Path(uploads) if uploads else None, config.tz,
                   getattr(args, "lang", None) or DEFAULT_LANGUAGE)


def _settings_file(named: str | None, into: Path) -> Path:
    """The settings of the site the import writes into: the file named, else the site.toml
    beside the content folder, else the one in the current folder."""
    if named:
        return Path(named)
    beside = into.absolute().parent / "site.toml"
    return beside if beside.is_file() else Path("site.toml")


def _read_safely(source: Source, uploads: Path | None, zone: tzinfo) -> list[Article | Skipped]:
    """The source's articles; an unexpected failure skips this source, not the whole import."""
    try:
        return read_source(source, uploads, zone)
    except Exception as error:  # noqa: BLE001 - one odd page must not stop an archive import
        return [Skipped(str(source.path), Text.of("import", "could_not_import",
                                                  error=f"{type(error).__name__}: {error}"))]


def _import(article: Article, options: Options, planned: dict[Path, str], numbers: dict[Path, int],
            report: _Report) -> None:
    """Write one article (or show it, on a dry run) unless it was imported already.

    Another article with the same title in the same year gets the next free number; the
    same article again (the same source) is left as it is.
    """
    number = 1
    first = None
    while True:
        try:
            plan = plan_article(article, options.into, number)
        except Exception as error:  # noqa: BLE001 - as in _read_safely
            report.skipped(Skipped(article.label, Text.of("import", "could_not_write",
                                                          error=f"{type(error).__name__}: {error}")))
            return
        if first is None:
            first = plan.path
            if planned.get(first, article.source) != article.source:
                # Many articles of one title: go on from the last number this run gave.
                number = max(number, numbers.get(first, 1))
                continue
        holder = planned.get(plan.path) or _source_of(plan.path)
        if holder is None:
            break
        if holder in (article.source, ""):  # the same article, or a file that does not say
            report.existing(plan)
            return
        number += 1
    if len(plan.text.encode("utf-8")) > options.max_article_bytes:
        size = round(len(plan.text.encode("utf-8")) / 1048576, 1)  # a float: shown as `0,1` in Vietnamese
        limit = options.max_article_bytes // 1024
        report.skipped(Skipped(article.label, Text.of("import", "too_big", size=size, limit=limit)))
        return
    planned[plan.path] = article.source
    numbers[first] = number
    if not options.dry_run:
        try:
            write_plan(plan)
        except FileExistsError:
            report.existing(plan)
            return
        except OSError as error:
            report.skipped(Skipped(article.label, Text.of("import", "could_not_write",
                                                          error=error.strerror or str(error))))
            return
    report.written(plan)


def _source_of(path: Path) -> str | None:
    """The `source:` of an article file already on disk ("" if it has none), None if no file."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(65536)
    except FileNotFoundError:
        return None
    except OSError:
        return ""
    found = _SOURCE_LINE.search(head.split("\n---", 1)[0])
    if not found:
        return ""
    try:
        return json.loads(found.group(1))
    except ValueError:
        return found.group(1).strip("'\"")


def _short(reference: str) -> str:
    """A reference as reports show it: inline data is cut after its type."""
    return reference.split(",", 1)[0] + ",…" if reference.startswith("data:") else reference


class _Report:
    """Prints the report as the import goes, and keeps the counts for the summary."""

    def __init__(self, out: TextIO, err: TextIO, dry_run: bool, language: str = DEFAULT_LANGUAGE) -> None:
        """A report to these streams in `language`; a dry run says "would"."""
        self.out, self.err, self.dry_run, self.language = out, err, dry_run, language
        self.words = catalogue(language)
        self.written_count = self.image_count = self.existing_count = self.skip_count = 0
        self.remote: list[tuple[Path, str]] = []

    def note(self, label: Message, message: Message) -> None:
        """A `label: message` line on stderr, both in the report's language."""
        print(f"{render(label, self.language)}: {render(message, self.language)}", file=self.err)

    def written(self, plan: Plan) -> None:
        """The line for a written article, its warnings, and (dry run) its text."""
        count = len(plan.images)
        images = self.words.plural("import", "with_images", count, number=self.number(count)) if count else ""
        key = "would_write" if self.dry_run else "wrote"
        print(self.words.text("import", key, path=plan.path, images=images), file=self.out)
        if self.dry_run:
            for image in plan.images:
                print("  " + self.words.text("import", "would_copy", origin=image.origin, path=image.path),
                      file=self.out)
            print(plan.text, file=self.out)
        for warning in plan.warnings:
            self.note(plan.label, warning)
        for missing in plan.missing_images:
            self.note(plan.label, Text.of("import", "photo_not_saved", photo=missing))
        for reference, reason in plan.refused_images:
            self.note(plan.label, Text.of("import", "photo_refused", photo=_short(reference), reason=reason))
        self.written_count += 1
        self.image_count += count
        self.remote.extend((plan.path, url) for url in plan.remote_images)

    def existing(self, plan: Plan) -> None:
        """An article whose file is already there: it is left as it is."""
        self.note(plan.label, Text.of("import", "exists", path=str(plan.path)))
        self.existing_count += 1

    def skipped(self, skipped: Skipped) -> None:
        """A source or item not imported, with the reason."""
        self.note(skipped.label, Text.of("import", "skipped", reason=skipped.reason))
        self.skip_count += 1

    def number(self, count: int) -> str:
        """A count the language's way (`1.234` in Vietnamese)."""
        return format_number(count, self.language)

    def finish(self) -> None:
        """Remote photos kept as links, then the summary line."""
        if self.remote:
            print(self.words.text("import", "remote_heading"), file=self.out)
            for path, url in self.remote:
                print(f"  {path}: {url}", file=self.out)
        articles = self.words.plural("import", "articles", self.written_count,
                                     number=self.number(self.written_count))
        print(self.words.text("import", "summary_dry_run" if self.dry_run else "summary",
                              articles=articles, images=self.number(self.image_count),
                              remote=self.number(len(self.remote)),
                              existing=self.number(self.existing_count),
                              skipped=self.number(self.skip_count)), file=self.out)
