"""`deploy [TARGET]`: build the site (or take a built `--site`), then send only what changed.

The target comes from the command line or `[deploy] target` in site.toml; credentials
never come from either (see builder/publish/deploy/credentials.py and each transport).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HELP = "build and publish the site to a host, sending only what changed"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `deploy`: the target, what to deploy, and the build's own options."""
    parser.add_argument("target", nargs="?", default=None,
                        help="sftp://user@host[:port]/path, ftp://…, ftps://…, s3://bucket/prefix, "
                             "git+file:///repo.git#branch or git+ssh://…#branch "
                             "(default: [deploy] target in site.toml)")
    parser.add_argument("--site", default=None,
                        help="deploy this already built folder (it must carry the generator's "
                             "marker) instead of building")
    parser.add_argument("--dry-run", action="store_true",
                        help="list what would be uploaded and deleted; change nothing")
    parser.add_argument("--endpoint-url", default=None,
                        help="address of an S3-compatible store (s3:// targets)")
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    parser.add_argument("--output", default="output",
                        help="where the build writes the site (default: output)")
    parser.add_argument("--config", default="site.toml", help="settings file (default: site.toml)")
    parser.add_argument("--base-url", default=None, help="public URL of the site")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    parser.add_argument("--cache", default=".cache", help="cache folder (default: .cache)")
    parser.add_argument("--no-cache", action="store_true", help="build without the cache")
    # Never drafts or future articles: what is deployed is what readers may see.
    parser.set_defaults(drafts=False, future=False, timings=False)


def make_transport(target, endpoint_url: str | None, language: str = "vi"):
    """The transport for the target's kind of address (a git commit's message in `language`)."""
    if target.scheme == "sftp":
        from ..publish.deploy.sftp import SftpTransport
        return SftpTransport(target)
    if target.scheme in ("ftp", "ftps"):
        from ..publish.deploy.ftp import FtpTransport
        return FtpTransport(target)
    if target.scheme == "s3":
        from ..publish.deploy.s3 import S3Transport
        return S3Transport(target, endpoint_url or None)
    from ..core.i18n import catalogue
    from ..publish.deploy.git_branch import GitTransport
    return GitTransport(target, catalogue(language).text("deploy", "commit_message"))


def built_site(args: argparse.Namespace, config, language: str) -> Path | None:
    """The folder to deploy: `--site` if it carries the marker, else a fresh build's output
    (None after printing why not)."""
    from ..cli import run_build
    from ..core.i18n import message
    from ..publish.output import MARKER

    if args.site:
        site = Path(args.site)
        if not (site / MARKER).is_file():
            print(message(language, "deploy_not_site", path=site, marker=MARKER),
                  file=sys.stderr)
            return None
        return site
    # The same build as `build` (cache, atomic swap); a failed build stops here.
    return Path(args.output) if run_build(args) == 0 else None


def checkpoint_files(value: str | None) -> int | None:
    """How many uploads between manifest checkpoints: CAMPAIGN_NEWS_DEPLOY_CHECKPOINT (for slow
    links; a whole number from 1), else the engine's default; None when the value is unusable."""
    from ..publish.deploy.engine import CHECKPOINT_FILES

    if value is None or not value.strip():
        return CHECKPOINT_FILES
    return int(value) if value.strip().isdigit() and int(value) >= 1 else None


def print_plan(plan, language: str) -> None:
    """`--dry-run`: every upload in order, then every deletion."""
    from ..core.i18n import message

    for path in plan.uploads:
        print(message(language, "deploy_plan_upload", path=path))
    for path in plan.deletions:
        print(message(language, "deploy_plan_delete", path=path))


def summary(report, language: str, dry_run: bool, site: Path) -> str:
    """"12 tệp tải lên, 1 tệp xoá, 3,4 MB, 2,1 s" (what would happen, for a dry run)."""
    from ..core.i18n import message
    from ..core.text import format_number

    uploaded = len(report.plan.uploads) if dry_run else report.uploaded
    deleted = len(report.plan.deletions) if dry_run else report.deleted
    size = sum((site / p).stat().st_size for p in report.plan.uploads) if dry_run \
        else report.bytes_sent
    line = message(language, "deploy_summary", uploaded=format_number(uploaded, language),
                   deleted=format_number(deleted, language),
                   size=format_number(size / 1e6, language, 1),
                   seconds=format_number(report.seconds, language, 1))
    return f"{line} {message(language, 'deploy_dry_run')}" if dry_run else line


def run(args: argparse.Namespace) -> int:
    """Build (or check `--site`), then deploy; 1 with a clear message on any failure."""
    from ..core.config import load_config
    from ..core.errors import render
    from ..core.i18n import message
    from ..progress import make_progress
    from ..publish.deploy.engine import deploy
    from ..publish.deploy.plan import ManifestError
    from ..core.i18n import catalogue
    from ..publish.deploy.target import TargetError, parse_target
    from ..publish.deploy.transport import DeployFailure

    config = load_config(Path(args.config), base_url=args.base_url)
    language = args.lang
    address = args.target or config.deploy_target
    if not address:
        print(message(language, "deploy_no_target"), file=sys.stderr)
        return 1
    try:
        target = parse_target(address)
    except TargetError as exc:
        shown = address.split("@")[-1] if "@" in address else address
        reason = catalogue(language).text("deploy_target", exc.key, **exc.values)
        print(message(language, "deploy_bad_target", target=shown, reason=reason),
              file=sys.stderr)
        return 1
    checkpoint = checkpoint_files(os.environ.get("CAMPAIGN_NEWS_DEPLOY_CHECKPOINT"))
    if checkpoint is None:
        print(message(language, "deploy_bad_checkpoint"), file=sys.stderr)
        return 1
    site = built_site(args, config, language)
    if site is None:
        return 1
    try:
        transport = make_transport(target, args.endpoint_url or config.deploy_endpoint_url,
                                   language)
        report = deploy(site, transport, make_progress(language), dry_run=args.dry_run,
                        checkpoint=checkpoint)
    except ManifestError:
        print(message(language, "deploy_foreign_manifest", target=target.shown), file=sys.stderr)
        return 1
    except DeployFailure as exc:
        print(message(language, exc.kind, target=target.shown,
                      reason=render(exc.reason, language)),
              file=sys.stderr)
        return 1
    except ModuleNotFoundError as exc:
        print(message(language, "deploy_missing", target=target.shown, package=exc.name),
              file=sys.stderr)
        return 1
    if args.dry_run:
        print_plan(report.plan, language)
    print(summary(report, language, args.dry_run, site))
    return 0
