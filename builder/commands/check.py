"""`python build.py check`: build into a temporary folder (or take a built one) and check it.

Prints every finding as `path:line: message` on stdout (paths relative to the checked
site folder; content errors that stop the build as the build prints them), a one-line
summary on stderr, and exits 1 when anything is wrong.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..cli import add_site_arguments
from ..core.i18n import catalogue

HELP = "check the site: broken links and anchors, missing images, unreachable pages, " \
       "external resources"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `check`."""
    add_site_arguments(parser, output=False)
    parser.add_argument("--site", default=None,
                        help="check this already built folder instead of building content")


def run(args: argparse.Namespace) -> int:
    """Run `check`; 0 when the site is clean, 1 otherwise."""
    from urllib.parse import urlsplit

    from ..core.config import load_config

    from ..publish.link_check import published_base_path

    config = load_config(Path(args.config), base_url=args.base_url)
    base_path = urlsplit(config.base_url).path or "/"
    if args.site:
        site = Path(args.site)
        if not site.is_dir():
            print(catalogue(args.lang).text("check", "site_not_found", site=args.site),
                  file=sys.stderr)
            return 1
        if not config.base_url:
            # A folder built for a base URL says so in its robots.txt.
            base_path = published_base_path(site) or base_path
        return _check_folder(site, base_path, args.lang)
    return _build_and_check(args, config, base_path)


def _build_and_check(args: argparse.Namespace, config, base_path: str) -> int:
    """Build the content into a temporary folder, check it, and throw it away."""
    import tempfile

    from ..cli import print_warnings, site_settings
    from ..core.errors import BuildError, render
    from ..pipeline import build

    with tempfile.TemporaryDirectory(prefix="campaign-news-check-") as scratch:
        output = Path(scratch) / "site"
        _, options = site_settings(args, output_dir=output)
        try:
            report = build(config, options)
        except BuildError as exc:
            for problem in exc.problems:
                print(render(problem, args.lang))
            print(catalogue(args.lang).group("check")["failed"].format(n=len(exc.problems)),
                  file=sys.stderr)
            return 1
        # Heavy originals and photos without alt text: worth fixing, not wrong.
        print_warnings(report.warnings + report.advice, args.lang)
        return _check_folder(output, base_path, args.lang)


def _check_folder(site: Path, base_path: str, language: str) -> int:
    """Check one built folder and print what is wrong."""
    from ..publish.link_check import SiteChecker

    checker = SiteChecker(site, base_path)
    findings = checker.run()
    for finding in findings:
        print(finding.render(language))
    pages = sum(1 for path in checker.scans if path.endswith((".html", ".htm")))
    key = "bad" if findings else "ok"
    print(catalogue(language).group("check")[key].format(pages=pages, n=len(findings)),
          file=sys.stderr)
    return 1 if findings else 0
