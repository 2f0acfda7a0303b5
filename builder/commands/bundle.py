"""`python build.py bundle`: build the site and pack it into one zip for offline reading.

The site is built into a temporary folder (the output folder is not touched), checked
(findings are printed as warnings: the zip is still made), and packed by bundle.py.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..cli import add_site_arguments
from ..core.i18n import catalogue



def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `bundle`."""
    add_site_arguments(parser, output=False)
    parser.add_argument("--output", default=None,
                        help="zip file to write (default: <site name>.zip)")


def zip_target(requested: str | None, name: str) -> Path:
    """Where the zip goes; refuses to replace a file that is not a zip."""
    import zipfile

    from ..core.errors import OutputError, Problem, Text

    path = Path(requested) if requested else Path(f"{name}.zip")
    if path.suffix.lower() != ".zip":
        raise OutputError(Problem(str(path), None, None, "--output",
                                  Text.of("bundle", "not_zip_name")))
    if path.is_dir() or (path.exists() and not zipfile.is_zipfile(path)):
        raise OutputError(Problem(str(path), None, None, "--output",
                                  Text.of("bundle", "not_a_zip")))
    if not path.parent.is_dir():
        raise OutputError(Problem(str(path), None, None, "--output",
                                  Text.of("bundle", "no_folder")))
    return path


def run(args: argparse.Namespace) -> int:
    """Run `bundle`; 0 when the zip was written."""
    import tempfile
    from urllib.parse import urlsplit

    from ..publish.bundle import pack, start_page
    from ..cli import print_problems, print_warnings, site_settings
    from ..core.config import load_config
    from ..core.errors import BuildError
    from ..core.i18n import strings
    from ..publish.link_check import check_site
    from ..pipeline import build
    from ..core.text import format_number, slugify

    config = load_config(Path(args.config), base_url=args.base_url)
    t = strings(config.language)
    # A short inner folder: Windows' own unzip fails on paths over 260 characters, and
    # it already puts everything in a folder named after the zip.
    folder = t["bundle_folder"]
    target = zip_target(args.output, slugify(config.title, max_length=60))
    with tempfile.TemporaryDirectory(prefix="campaign-news-bundle-") as scratch:
        site = Path(scratch) / "site"
        _, options = site_settings(args, output_dir=site)
        try:
            report = build(config, options)
        except BuildError as exc:
            print_problems(exc.problems, args.lang)
            return 1
        print_warnings(report.warnings, args.lang)
        for finding in check_site(site, urlsplit(config.base_url).path or "/"):
            print(catalogue(args.lang).text("build", "warning", warning=finding), file=sys.stderr)
        count = pack(site, target, folder, t["bundle_start_file"],
                     start_page(config.title, folder, t, config.language))
    size = format_number(target.stat().st_size / 1e6, args.lang, 1)
    files = format_number(count, args.lang)
    print(catalogue(args.lang).text("bundle", "summary", files=files, size=size, zip=target,
                                          start=t["bundle_start_file"]))
    return 0
