"""`campaign-news init DIR`: a new, empty site (settings, one article, one page, CI)."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HELP = "start a new, empty site in a folder"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `init`."""
    parser.add_argument("folder", help="folder of the new site (new or empty)")


def installed_version() -> str:
    """This generator's version, for the site's requirements.txt."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("campaign-news")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "0.1.0"


def refusal(folder: Path) -> str | None:
    """The message key why `folder` cannot take a new site, or None when it can."""
    if folder.exists() and not folder.is_dir():
        return "init_not_folder"
    if folder.is_dir() and any(folder.iterdir()):
        return "init_not_empty"
    return None


def write_site(folder: Path, files: dict[str, str]) -> None:
    """Write every file; "x" mode so nothing that appeared meanwhile is overwritten."""
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as file:
            file.write(text)


def run(args: argparse.Namespace) -> int:
    """Refuse a non-empty folder (exit 1), else write the new site and say what next."""
    from ..core.i18n import message
    from .init_scaffold import scaffold_files

    language = args.lang
    folder = Path(args.folder)
    reason = refusal(folder)
    if reason:
        print(message(language, reason, path=folder), file=sys.stderr)
        return 1
    # In the zone the new site.toml names, so the example article is never in the future.
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    files = scaffold_files(installed_version(), now.strftime("%Y-%m-%d %H:%M"),
                           f"{now.year:04d}")
    try:
        write_site(folder, files)
    except OSError as exc:
        print(message(language, "init_cannot", path=exc.filename or folder,
                      reason=exc.strerror or exc), file=sys.stderr)
        return 1
    print(message(language, "init_done", path=folder))
    return 0
