"""Command line: `python build.py build|...`; turns errors into messages and exit codes."""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from .core.config import BuildOptions, SiteConfig, load_config
from .core.errors import BuildError, Problem
from .core.i18n import catalogue
from .core.portable import utf8_console
from .progress import make_progress
from .core.text import format_number
from .workers import default_jobs



def add_site_arguments(parser: argparse.ArgumentParser, output: bool = True) -> None:
    """Options shared by every command that builds the site (`output`: with --output DIR)."""
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    if output:
        parser.add_argument("--output", default="output", help="output folder (default: output)")
    parser.add_argument("--config", default="site.toml", help="settings file (default: site.toml)")
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument("--future", action="store_true", help="include future-dated articles")
    parser.add_argument("--base-url", default=None, help="public URL of the site (for feeds)")
    parser.add_argument("--jobs", type=int, default=0,
                        help="worker processes (default: all cores)")
    parser.add_argument("--cache", default=".cache",
                        help="cache folder, outside the output (default: .cache)")
    parser.add_argument("--no-cache", action="store_true",
                        help="build everything from scratch, without reading or writing a cache")
    parser.add_argument("--timings", action="store_true",
                        help="print how long each stage of the build took")


def site_settings(args: argparse.Namespace,
                  output_dir: Path | None = None) -> tuple[SiteConfig, BuildOptions]:
    """Config and options from parsed arguments (`output_dir` instead of --output);
    raises ConfigError."""
    config = load_config(Path(args.config), base_url=args.base_url)
    jobs = args.jobs if args.jobs > 0 else default_jobs()
    cache = None if args.no_cache else Path(args.cache)
    options = BuildOptions(content_dir=Path(args.content),
                           output_dir=output_dir or Path(args.output), drafts=args.drafts,
                           future=args.future, jobs=jobs, cache_dir=cache)
    return config, options


def print_problems(problems, stream=None) -> None:
    """One line per problem, as `path:line:col: field: message`."""
    stream = stream or sys.stderr
    for problem in problems:
        print(str(problem), file=stream)


def print_warnings(warnings: list[Problem]) -> None:
    """Warnings on stderr, marked as such."""
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def seconds_text(seconds: float, language: str) -> str:
    """`2,3` in Vietnamese, `2.3` in English."""
    return format_number(seconds, language, 1)


def left_out_line(drafts: int, future: int, language: str) -> str:
    """`2 bản nháp và 1 bài hẹn giờ không được đăng; dùng --drafts/--future để xem`, or ''."""
    words = catalogue(language).group("left_out")
    parts, options = [], []
    if drafts:
        parts.append(words["drafts"].format(n=format_number(drafts, language)))
        options.append("--drafts")
    if future:
        parts.append(words["future"].format(n=format_number(future, language)))
        options.append("--future")
    if not parts:
        return ""
    return words["left_out"].format(what=words["and"].join(parts), options="/".join(options))


def run_build(args: argparse.Namespace) -> int:
    """`build`: the whole site into the output folder."""
    from .pipeline import build

    language = "vi"
    try:
        config, options = site_settings(args)
        language = config.language
        report = build(config, options, progress=make_progress(language))
    except BuildError as exc:
        print_problems(exc.problems)
        print(catalogue(language).text("build", "failed", n=len(exc.problems), output=args.output),
              file=sys.stderr)
        return 1
    print_warnings(report.warnings)
    lang = config.language
    words = catalogue(lang).group("build")
    print(words["summary"].format(articles=format_number(report.articles, lang),
                                  pages=format_number(report.pages, lang),
                                  seconds=seconds_text(report.seconds, lang), output=args.output)
          + (words["unchanged"] if report.unchanged else ""))
    left_out = left_out_line(report.drafts, report.future, lang)
    if left_out:
        print(left_out)
    if getattr(args, "timings", False):
        print("  " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in report.stages.items())
              + f"; pages rendered {report.rendered} of {report.pages}", file=sys.stderr)
    return 0


BUILD_HELP = "build the site from content/ into output/"

# Command name -> (module with `add_arguments(parser)` and `run(args) -> int`, help text).
# A command lives in its own module, imported only when it is run.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("builder.cli", BUILD_HELP),
    "check": ("builder.commands.check", "check the site: links, anchors, images, reachability"),
    "bundle": ("builder.commands.bundle", "build and pack the site into one zip for offline "
                                         "reading"),
    "import": ("builder.importing.command", "import articles from saved news pages, feeds or text"),
    "serve": ("builder.commands.serve", "build, preview on 127.0.0.1 and rebuild on every save"),
    "new": ("builder.commands.new", "create content/YYYY/<slug>.md for a new article"),
    "init": ("builder.commands.init", "start a new, empty site in a folder"),
    "deploy": ("builder.commands.deploy", "build and publish the site to a host, sending only "
                                          "what changed"),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `build`."""
    add_site_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Run `build`."""
    return run_build(args)


def make_parser(chosen: str | None = None, prog: str = "build.py") -> argparse.ArgumentParser:
    """The argument parser; only the `chosen` command's module is imported for its options
    (the importer pulls in an HTML parser that a build has no use for)."""
    parser = argparse.ArgumentParser(prog=prog,
                                     description="Static site generator for campaign news.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            importlib.import_module(module).add_arguments(command)
    return parser


def main(argv: list[str] | None = None, prog: str = "build.py",
         default: str | None = "build") -> int:
    """Entry point: parse, run, and never show a traceback for a user mistake.

    `build.py` without a command builds (double-clicking it on Windows builds the site);
    `campaign-news` and `python -m builder` pass `default=None`: usage and exit 2."""
    utf8_console()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv and default:
        argv = [default]
    chosen = next((a for a in argv if not a.startswith("-")), None)
    args = make_parser(chosen if chosen in COMMANDS else None, prog).parse_args(argv)
    if args.command is None:
        make_parser(prog=prog).print_help(sys.stderr)
        return 2
    try:
        return importlib.import_module(COMMANDS[args.command][0]).run(args)
    except BuildError as exc:
        print_problems(exc.problems)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the output folder was left as it was", file=sys.stderr)
        return 130


def entry(prog: str = "campaign-news") -> int:
    """The `campaign-news` console command (and `python -m builder`): a command is required."""
    return main(prog=prog, default=None)


if __name__ == "__main__":  # `python -m builder.cli` behaves like `python -m builder`
    sys.exit(entry(prog="python -m builder.cli"))
