"""`python build.py serve`: build, then preview on 127.0.0.1 with live reload.

The preview builds into its own folder inside the cache folder, never into `output/`, so
drafts and future articles it shows can never be published by mistake.
"""
from __future__ import annotations

import argparse
import errno
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

from ..cli import add_site_arguments
from ..core.i18n import catalogue

HELP = "build the site and preview it in a browser, rebuilding on every save"


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 (any free port) to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (0-65535)")
    return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `serve`: those of `build` but --output (the preview writes none), plus
    where to listen."""
    add_site_arguments(parser, output=False)
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=port_number, default=8000,
                        help="port to listen on (default: 8000; 0 picks a free one)")
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="also answer requests addressed to this host name (with --host "
                             "0.0.0.0, e.g. the name other machines use; repeatable)")


def run(args: argparse.Namespace) -> int:
    """Build once, then serve and rebuild on changes until Ctrl+C."""
    from ..preview.folder import discard, preview_folder

    folder = preview_folder(None if args.no_cache else Path(args.cache))
    try:
        return _serve(args, folder)
    finally:
        discard(folder)


def _serve(args: argparse.Namespace, folder: Path) -> int:
    """Build into the preview folder, then serve it until Ctrl+C."""
    from ..core.config import BUILTIN_TEMPLATES
    from ..incremental.session import Session
    from ..preview.folder import PreviewFolder
    from ..preview.guard import is_loopback
    from ..preview.rebuild import SiteBuilder
    from ..preview.server import DevServer

    present: set[str] = set()  # the files the preview folder holds, kept between builds
    session = Session(lambda out: PreviewFolder(out, present))
    builder = SiteBuilder(lambda: _preview_settings(args, folder), session, language=args.lang)
    first = builder.build()
    words = catalogue(first.language).group("serve")
    _report_first(first, words)
    if not is_loopback(args.host):
        print(words["exposed"].format(host=args.host), file=sys.stderr)
    try:
        server = DevServer(builder, folder, args.host, args.port,
                           ignored=() if args.no_cache else (Path(args.cache),),
                           allow_hosts=tuple(args.allow_host))
    except OSError as exc:
        key = "port_busy" if exc.errno == errno.EADDRINUSE else "no_bind"
        print(words[key].format(host=args.host, port=args.port, next=args.port + 1,
                                reason=exc.strerror or exc), file=sys.stderr)
        return 1
    server.record(first)
    if not args.no_cache:
        server.preview.photo_copy = partial(_photo_copy, builder, Path(args.cache))
    config_path = Path(args.config)
    own_templates = config_path.parent / "templates"
    server.watch_paths([Path(args.content), config_path, BUILTIN_TEMPLATES]
                       + ([own_templates] if own_templates.is_dir() else [])
                       + (list(builder.config.template_dirs) if builder.config else [])
                       + (list(builder.config.identity_files) if builder.config else []))
    print(words["open"].format(url=server.url), flush=True)
    server.serve_forever()
    return 0


def _preview_settings(args: argparse.Namespace, folder: Path):
    """The build settings, with photo copies left to be made as the browser asks for them
    (which needs the cache folder they are kept in)."""
    from ..cli import site_settings

    config, options = site_settings(args, folder)
    return config, replace(options, encode_photos=options.cache_dir is None)


def _photo_copy(builder, cache: Path, path: str) -> Path | None:
    """The file of one photo copy of the last build, made now if not made yet."""
    from ..core.config import ImageSettings
    from ..photos.store import produce

    settings = builder.config.images if builder.config else ImageSettings()
    return produce(cache, path, settings.quality)


def _report_first(outcome, words: dict) -> None:
    """Print the first build's summary or its problems."""
    from ..core.text import format_number

    if outcome.ok:
        for warning in outcome.warnings:
            print(catalogue(outcome.language).text("build", "warning", warning=warning),
                  file=sys.stderr)
        lang = outcome.language
        print(words["built"].format(articles=format_number(outcome.articles, lang),
                                    pages=format_number(outcome.pages, lang),
                                    seconds=format_number(outcome.seconds, lang, 1)), flush=True)
        return
    for problem in outcome.problems:
        print(problem, file=sys.stderr)
    print(words["first_failed"].format(n=len(outcome.problems)), file=sys.stderr, flush=True)
