"""Command line: `python build.py build|...`; turns errors into messages and exit codes."""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import signal
import sys
import tomllib
from pathlib import Path
from typing import Mapping

from .core.config import BuildOptions, SiteConfig, load_config
from .core.errors import BuildError, render
from .core.i18n import LANGUAGES, catalogue, language_from_environment
from .core.interrupt import forget_kept_interrupt, keep_interrupt
from .core.portable import utf8_console
from .progress import make_progress
from .usage_errors import parser_class
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
                        help="processes that build, this one included (default: all cores)")
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


def print_problems(problems, language: str, stream=None) -> None:
    """One line per problem, as `path:line:col: field: message`, in `language`."""
    stream = stream or sys.stderr
    for problem in problems:
        print(render(problem, language), file=stream)


def print_warnings(warnings: list, language: str) -> None:
    """Warnings on stderr, each marked as one in `language`."""
    for warning in warnings:
        print(catalogue(language).text("build", "warning", warning=render(warning, language)), file=sys.stderr)


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

    language = args.lang
    if getattr(args, "ending_process", False):
        # build() runs without the cyclic collector and turns it back on when done; the
        # first collection after that frees the site's model (300,000 objects at 10,000
        # articles, 0.18 s), and so would the interpreter's exit. A process that ends
        # after this build leaves them to the system: see leave_to_exit.
        gc.disable()
    try:
        config, options = site_settings(args)
        report = build(config, options, progress=make_progress(language))
    except BuildError as exc:
        print_problems(exc.problems, language)
        print(catalogue(language).text("build", "failed", n=len(exc.problems), output=args.output),
              file=sys.stderr)
        return 1
    print_warnings(report.warnings, language)
    lang = language
    words = catalogue(lang).group("build")
    print(words["summary"].format(articles=format_number(report.articles, lang),
                                  pages=format_number(report.pages, lang),
                                  seconds=seconds_text(report.seconds, lang), output=args.output)
          + (words["unchanged"] if report.unchanged else ""))
    left_out = left_out_line(report.drafts, report.future, lang)
    if left_out:
        print(left_out)
    if getattr(args, "timings", False):
        names = catalogue(lang).group("stage")
        stages = ", ".join(f"{names.get(name, name)} {format_number(seconds, lang, 2)} s"
                           for name, seconds in report.stages.items())
        print("  " + words["timings"].format(stages=stages, rendered=report.rendered,
                                             pages=report.pages), file=sys.stderr)
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


LANG_HELP = ("language of the messages: vi or en (default: the site's language, else "
             "CAMPAIGN_NEWS_LANG or LANG)")


def message_language(argv: list[str]) -> str:
    """The language of this run's messages and help: `--lang`, else the `language` of the
    site's settings (`--config`, default site.toml) when there is one, else the environment."""
    lang = _option_value(argv, "--lang")
    if lang in LANGUAGES:
        return lang
    settings = Path(_option_value(argv, "--config") or "site.toml")
    try:
        with open(settings, "rb") as file:
            language = tomllib.load(file).get("language")
    except (OSError, ValueError):
        language = None  # no site here, or settings that `build` reports properly later
    return language if language in LANGUAGES else language_from_environment()


def _option_value(argv: list[str], option: str) -> str | None:
    """The value given to `option` (as `--x V` or `--x=V`), before the parser runs; the last
    one when it is given twice, as argparse keeps."""
    found = None
    for index, argument in enumerate(argv):
        if argument == option and index + 1 < len(argv):
            found = argv[index + 1]
        elif argument.startswith(option + "="):
            found = argument.split("=", 1)[1]
    return found


def make_parser(chosen: str | None = None, prog: str = "build.py",
                language: str = "vi") -> argparse.ArgumentParser:
    """The argument parser, its help in `language`; only the `chosen` command's module is
    imported for its options (the importer pulls in an HTML parser a build has no use for)."""
    words = catalogue(language).group("cli")
    formatter = _formatter(words)
    parser = parser_class(language)(prog=prog, formatter_class=formatter,
                                    description="Static site generator for campaign news.")
    # Before the command too (`campaign-news --lang en` prints the usage in English).
    parser.add_argument("--lang", choices=LANGUAGES, default=language, help=LANG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text,
                                 formatter_class=formatter)
        command.add_argument("--lang", choices=LANGUAGES, default=language, help=LANG_HELP)
        if name == chosen:
            importlib.import_module(module).add_arguments(command)
    _translate(parser, words)
    return parser


def _formatter(words: Mapping[str, str]) -> type[argparse.HelpFormatter]:
    """A help formatter whose "usage: " is in the catalogue's language."""

    class Formatter(argparse.HelpFormatter):
        """argparse's formatter with a translated usage prefix."""

        def add_usage(self, usage, actions, groups, prefix=None):
            """Usage line, prefixed in the catalogue's language (argparse passes "" when it
            builds a command's name from its parent's usage: no prefix there)."""
            super().add_usage(usage, actions, groups, words["usage: "] if prefix is None else prefix)

    return Formatter


def _translate(parser: argparse.ArgumentParser, words: Mapping[str, str]) -> None:
    """Every help text, description and section title of `parser` and its commands, from the
    catalogue's "cli" group (whose keys are the English texts written in the code)."""
    parser.description = words[parser.description] if parser.description else None
    for group in parser._action_groups:  # noqa: SLF001 (argparse has no public setter)
        if group.title in words:
            group.title = words[group.title]
    for action in parser._actions:  # noqa: SLF001
        if action.help and action.help is not argparse.SUPPRESS:
            action.help = words[action.help]
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for choice in action._choices_actions:  # noqa: SLF001
                choice.help = words[choice.help]
            for command in action.choices.values():
                _translate(command, words)


def main(argv: list[str] | None = None, prog: str = "build.py",
         default: str | None = "build", ending_process: bool = False) -> int:
    """Entry point: parse, run, and never show a traceback for a user mistake.

    `build.py` without a command builds (double-clicking it on Windows builds the site);
    `campaign-news` and `python -m builder` pass `default=None`: usage and exit 2.
    `ending_process`: the caller exits right after (the scripts do; tests calling main
    in their own process do not)."""
    utf8_console()
    previous, sys.unraisablehook = sys.unraisablehook, keep_interrupt
    try:
        return _run(argv, prog, default, ending_process)
    finally:
        sys.unraisablehook = previous
        forget_kept_interrupt()
        if ending_process:
            leave_to_exit()


def leave_to_exit() -> None:
    """Let the process end without walking what the command left in memory; a Ctrl+C from
    now on ends it at once (`_end_now`) instead of breaking into Python's exit handlers,
    where it printed a traceback (the kill test saw it)."""
    try:
        signal.signal(signal.SIGINT, _end_now)
    except ValueError:  # not the main thread: Python sends it no signals anyway
        pass
    if not gc.isenabled():
        # Python collects once more as it exits, even with the collector off; frozen
        # objects are left out of it and go back to the system with the process.
        gc.freeze()


def _end_now(signum, frame) -> None:
    """Ctrl+C after the command: end with an interrupted command's code, its output
    written out first; nothing is left to stop (workers die with their parent)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, RuntimeError):
            pass
    os._exit(130)


def _run(argv: list[str] | None, prog: str, default: str | None,
         ending_process: bool = False) -> int:
    """Parse the command line and run the command; BuildError and Ctrl+C become messages."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv and default:
        argv = [default]
    # The command is the first word that names one (not the value of a `--lang` before it).
    chosen = next((a for a in argv if a in COMMANDS), None)
    language = message_language(argv)
    args = make_parser(chosen if chosen in COMMANDS else None, prog, language).parse_args(argv)
    if args.command is None:
        make_parser(prog=prog, language=language).print_help(sys.stderr)
        return 2
    args.ending_process = ending_process
    try:
        return importlib.import_module(COMMANDS[args.command][0]).run(args)
    except BuildError as exc:
        print_problems(exc.problems, args.lang)
        return 1
    except KeyboardInterrupt:
        print(catalogue(args.lang).text("build", "interrupted"), file=sys.stderr)
        return 130


def entry(prog: str = "campaign-news") -> int:
    """The `campaign-news` console command (and `python -m builder`): a command is required."""
    return main(prog=prog, default=None, ending_process=True)


if __name__ == "__main__":  # `python -m builder.cli` behaves like `python -m builder`
    sys.exit(entry(prog="python -m builder.cli"))
