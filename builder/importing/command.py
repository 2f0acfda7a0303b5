"""The `import` command: `build.py import SOURCE... [--into content/] [--dry-run]`.

Report on stdout: one line per article written (with its text under it on a dry run),
then the remote photos kept as links, then a summary. Skips and warnings go to stderr
as `path: message` lines.

Exit status: 0 when every article found was imported (or was already there and left
untouched); 1 when at least one source or feed item was skipped (the others are still
imported); 2 for a command-line mistake.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from builder.importing.article import Article, Skipped
from builder.importing.reading import read_source
from builder.importing.sources import find_sources
from builder.importing.writer import Plan, plan_article, write_plan

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2


@dataclass
class _Tally:
    """Running counts for the summary, and the remote photos to list at the end."""

    written: int = 0
    images: int = 0
    existing: int = 0
    skipped: int = 0
    remote: list[tuple[Path, str]] = field(default_factory=list)


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the import command; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # argparse has printed the usage or the help
        return EXIT_USAGE if stop.code else EXIT_OK
    into = Path(args.into)
    tally = _Tally()
    sources, unusable = find_sources(args.sources)
    for skipped in unusable:
        _report_skip(skipped, tally, err)
    planned: set[Path] = set()
    for source in sources:
        for result in _read_safely(source):
            if isinstance(result, Skipped):
                _report_skip(result, tally, err)
            else:
                _import(result, into, args.dry_run, planned, tally, out, err)
    _report_end(tally, args.dry_run, out)
    return EXIT_SKIPPED if tally.skipped else EXIT_OK


def _parser() -> argparse.ArgumentParser:
    """The command line: sources, --into and --dry-run."""
    parser = argparse.ArgumentParser(
        prog="build.py import",
        description=(
            "Import old articles: saved HTML pages, folders of them, RSS/Atom feed files, "
            "or plain-text copies of pages. Each article becomes INTO/YYYY/slug.md."
        ),
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="a page, folder, feed or text file")
    parser.add_argument("--into", default="content", metavar="DIR", help="content folder (default: content)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    return parser


def _read_safely(source) -> list[Article | Skipped]:
    """The source's articles; an unexpected failure skips this source, not the whole import."""
    try:
        return read_source(source)
    except Exception as error:  # noqa: BLE001 - one odd page must not stop an archive import
        return [Skipped(str(source.path), f"could not be imported ({type(error).__name__}: {error})")]


def _import(
    article: Article,
    into: Path,
    dry_run: bool,
    planned: set[Path],
    tally: _Tally,
    out: TextIO,
    err: TextIO,
) -> None:
    """Write one article (or show it, on a dry run) unless its file already exists."""
    try:
        plan = plan_article(article, into)
    except Exception as error:  # noqa: BLE001 - as in _read_safely
        _report_skip(
            Skipped(article.label, f"could not be written ({type(error).__name__}: {error})"), tally, err
        )
        return
    if plan.path in planned or plan.path.exists():
        print(f"{article.label}: {plan.path} already exists, left untouched", file=err)
        tally.existing += 1
        return
    planned.add(plan.path)
    if not dry_run:
        try:
            write_plan(plan)
        except FileExistsError:
            print(f"{article.label}: {plan.path} already exists, left untouched", file=err)
            tally.existing += 1
            return
        except OSError as error:
            _report_skip(
                Skipped(article.label, f"could not be written ({error.strerror or error})"), tally, err
            )
            return
    _report_written(plan, dry_run, tally, out, err)


def _report_written(plan: Plan, dry_run: bool, tally: _Tally, out: TextIO, err: TextIO) -> None:
    """The line for a written article, its warnings, and (dry run) its text."""
    images = f" (+{len(plan.images)} image{'s' if len(plan.images) != 1 else ''})" if plan.images else ""
    print(f"{'would write' if dry_run else 'wrote'} {plan.path}{images}", file=out)
    if dry_run:
        for image in plan.images:
            print(f"  would copy {image.origin} to {image.path}", file=out)
        print(plan.text, file=out)
    for missing in plan.missing_images:
        print(f"{plan.label}: photo {missing} was not saved with the page, left out", file=err)
    tally.written += 1
    tally.images += len(plan.images)
    tally.remote.extend((plan.path, url) for url in plan.remote_images)


def _report_skip(skipped: Skipped, tally: _Tally, err: TextIO) -> None:
    """A skipped source, with its reason, on stderr."""
    print(f"{skipped.label}: skipped: {skipped.reason}", file=err)
    tally.skipped += 1


def _report_end(tally: _Tally, dry_run: bool, out: TextIO) -> None:
    """Remote photos kept as links, then the summary line."""
    if tally.remote:
        print("remote images kept as links (not downloaded):", file=out)
        for path, url in tally.remote:
            print(f"  {path}: {url}", file=out)
    verb = "would import" if dry_run else "imported"
    noun = "article" if tally.written == 1 else "articles"
    parts = [
        f"{verb} {tally.written} {noun}",
        f"{tally.images} images copied" if not dry_run else f"{tally.images} images to copy",
        f"{len(tally.remote)} remote images",
        f"{tally.existing} already there",
        f"{tally.skipped} skipped",
    ]
    print(", ".join(parts) + (" (dry run: nothing written)" if dry_run else ""), file=out)
